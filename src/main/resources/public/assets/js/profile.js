// @ts-check
// Column profiles of a stored file (GET .../files/id/{id}/profile) with the top values as facets, and the review of
// near-duplicate clusters (POST .../files/id/{id}/clusters). Both feed the workflow builder: a facet adds a search
// step for its value, accepted clusters add one normalization/apply step with a categorical_mapping.

import { api } from './api.js';
import { h, clear, formatCount, uid } from './dom.js';

export const CLUSTER_METHODS = ['fingerprint', 'ngram', 'metaphone', 'levenshtein'];

function filePath(chatId, fileId, rest) {
  return `/api/v1/chat/workflows/${encodeURIComponent(chatId)}/files/id/${encodeURIComponent(fileId)}${rest}`;
}

function extension(name) {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The search step a facet click adds: rows whose column equals the value. */
export function facetSearchStep(filename, column, value) {
  return {
    operation: extension(filename) === 'csv' ? 'csv/search' : 'excel/search',
    arguments: { conditions: [{ column, operator: 'equals', value }] },
  };
}

/**
 * The normalization/apply step for reviewed clusters: each accepted cluster maps every one of its values other
 * than the canonical value (as renamed) to the canonical value. Null when nothing would change.
 */
export function mergeStep(column, reviewed, sheetName) {
  const mapping = {};
  for (const cluster of reviewed) {
    if (!cluster.accepted) continue;
    const canonical = cluster.canonical;
    for (const value of cluster.values) {
      if (value !== canonical) mapping[value] = canonical;
    }
  }
  if (Object.keys(mapping).length === 0) return null;
  const args = { normalizations: [{ column_name: column, normalization_type: 'categorical_mapping', parameters: { mapping } }] };
  if (sheetName) args.sheet_name = sheetName;
  return { operation: 'normalization/apply', arguments: args };
}

/** A read-only "form" for a step whose arguments were built elsewhere (facets, clusters). */
export function presetForm(args) {
  return {
    el: h('pre', { class: 'preset-arguments', 'aria-label': 'Step arguments' }, JSON.stringify(args, null, 2)),
    value: () => args,
  };
}

function display(value) {
  return value === null || value === undefined ? 'empty' : String(value);
}

/** The profile panel of one file; {@code addStep(operation, args)} puts a prepared step into the builder. */
export class ProfilePanel {
  constructor({ chatId, addStep }) {
    this.chatId = chatId;
    this.addStep = addStep;
  }

  /** Renders the profile of {@code file} into {@code body}. */
  async show(file, body, sheetName) {
    clear(body).append(h('p', { class: 'muted', role: 'status' }, 'Profiling…'));
    try {
      const query = sheetName ? `?sheet_name=${encodeURIComponent(sheetName)}` : '';
      const profile = await api(filePath(this.chatId, file.file_id, `/profile${query}`));
      clear(body).append(this.render(file, profile, body));
    } catch (e) {
      clear(body).append(h('p', { class: 'error-text', role: 'alert' }, e.message));
    }
  }

  render(file, profile, body) {
    const sheets = profile.sheet_names && profile.sheet_names.length > 1
      ? h('label', { class: 'field-inline' }, 'Sheet ', h('select', { id: 'profile-sheet', onchange: (e) => this.show(file, body, e.target.value) },
        profile.sheet_names.map((s) => h('option', { value: s, selected: s === profile.sheet_name }, s))))
      : null;
    const summary = h('p', { class: 'muted', id: 'profile-summary' },
      `${formatCount(profile.rows)} rows, ${profile.columns.length} columns${profile.cached ? ' (cached)' : ''}.`);
    const columns = profile.columns.map((c) => this.columnCard(file, profile, c));
    return h('div', { class: 'profile' }, sheets, summary, h('div', { class: 'profile-columns', id: 'profile-columns' }, columns));
  }

  columnCard(file, profile, c) {
    const figures = [
      ['Type', c.type], ['Values', formatCount(c.count)], ['Blank', formatCount(c.blank)],
      ['Mismatched', formatCount(c.mismatched)], ['Distinct', (c.distinct_exact ? '' : '≈') + formatCount(c.distinct)],
    ];
    if (c.min !== null && c.min !== undefined) figures.push(['Min', String(c.min)], ['Max', String(c.max)]);
    const facets = c.top.map((t) => h('button', {
      type: 'button', class: 'btn btn-small facet', dataset: { column: c.name },
      'aria-label': `Add a search step for ${c.name} equal to ${display(t.value)}`,
      onclick: () => { const step = facetSearchStep(file.filename, c.name, t.value); this.addStep(step.operation, step.arguments); },
    }, `${display(t.value)} `, h('span', { class: 'facet-count' }, formatCount(t.count))));
    const clusterBox = h('div', { class: 'cluster-review' });
    const clusterButton = c.type === 'text' ? h('button', { type: 'button', class: 'btn btn-small find-clusters',
      'aria-label': `Find near-duplicate values in ${c.name}`, onclick: () => this.clusterForm(file, profile, c.name, clusterBox) },
    'Find near-duplicates') : null;
    return h('section', { class: 'profile-column', dataset: { column: c.name }, 'aria-label': `Column ${c.name}` },
      h('h3', {}, c.name),
      h('dl', { class: 'profile-figures' }, figures.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      c.top.length ? h('div', { class: 'facets', role: 'group', 'aria-label': `Most frequent values of ${c.name}${c.top_exact ? '' : ' (approximate counts)'}` }, facets) : null,
      clusterButton, clusterBox);
  }

  clusterForm(file, profile, column, box) {
    const id = uid('method');
    const method = h('select', { id, class: 'cluster-method' }, CLUSTER_METHODS.map((m) => h('option', { value: m }, m)));
    const results = h('div', { class: 'cluster-results', 'aria-live': 'polite' });
    const find = h('button', { type: 'button', class: 'btn btn-small cluster-find', onclick: () => this.findClusters(file, profile, column, method.value, results) }, 'Find');
    clear(box).append(h('div', { class: 'btn-row' }, h('label', { for: id }, 'Method'), method, find), results);
    method.focus();
  }

  async findClusters(file, profile, column, method, results) {
    clear(results).append(h('p', { class: 'muted', role: 'status' }, 'Clustering…'));
    try {
      const body = { column, method };
      if (profile.sheet_name) body.sheet_name = profile.sheet_name;
      const found = await api(filePath(this.chatId, file.file_id, '/clusters'), { method: 'POST', body });
      clear(results).append(this.reviewList(column, profile.sheet_name, found));
    } catch (e) {
      clear(results).append(h('p', { class: 'error-text', role: 'alert' }, e.message));
    }
  }

  reviewList(column, sheetName, found) {
    if (found.clusters.length === 0) return h('p', { class: 'muted' }, `No near-duplicates among ${formatCount(found.distinct_values)} distinct values.`);
    const reviewed = found.clusters.map((cluster) => ({ accepted: true, canonical: cluster.canonical, values: cluster.values.map((v) => v.value) }));
    const status = h('p', { class: 'muted', role: 'status' });
    const items = found.clusters.map((cluster, i) => {
      const tickId = uid('cluster');
      const nameId = uid('canonical');
      const tick = h('input', { type: 'checkbox', id: tickId, class: 'cluster-accept', checked: true, onchange: (e) => { reviewed[i].accepted = e.target.checked; } });
      const name = h('input', { type: 'text', id: nameId, class: 'cluster-canonical', value: cluster.canonical, oninput: (e) => { reviewed[i].canonical = e.target.value; } });
      return h('li', { class: 'cluster', dataset: { canonical: cluster.canonical } },
        h('div', { class: 'btn-row' }, tick, h('label', { for: tickId }, `Merge ${cluster.size} values (${formatCount(cluster.rows)} rows)`),
          h('label', { for: nameId, class: 'sr-only' }, 'Canonical value'), name),
        h('ul', { class: 'cluster-values' }, cluster.values.map((v) => h('li', {}, `${v.value} `, h('span', { class: 'facet-count' }, formatCount(v.count))))));
    });
    const add = h('button', { type: 'button', class: 'btn btn-primary btn-small cluster-add-step', onclick: () => {
      const step = mergeStep(column, reviewed, sheetName);
      if (!step) { status.textContent = 'Tick at least one cluster.'; return; }
      this.addStep(step.operation, step.arguments);
      status.textContent = 'Merge step added to the workflow.';
    } }, 'Add merge step');
    const more = found.truncated ? h('p', { class: 'muted' }, `Showing ${found.clusters.length} of ${formatCount(found.clusters_found)} clusters.`) : null;
    return h('div', {}, more, h('ol', { class: 'clusters' }, items), h('div', { class: 'btn-row' }, add), status);
  }
}
