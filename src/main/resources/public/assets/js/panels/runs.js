// @ts-check
// Runs: one card per run with its status, queue position, per-step progress bars, outputs and a cancel button;
// REST snapshots and live events merged by the rules of logic/runs.js.

import { api } from '../api.js';
import { h, clear, timeEl, formatBytes, formatCount, badge, toast } from '../dom.js';
import { saveRecipeButton } from '../recipes.js';
import { TERMINAL, mergeRun, runFromEvent, applyRunEvent } from '../logic/runs.js';
import { fileButtons } from './files.js';

/** @typedef {import('../logic/runs.js').Run} Run */
/** @typedef {import('../logic/runs.js').Step} Step */
/**
 * @typedef {object} StepEls
 * @property {HTMLElement} el
 * @property {HTMLElement} bar
 * @property {HTMLElement} percent
 * @property {HTMLElement} status
 * @property {HTMLElement} detail
 * @property {HTMLElement} outputs
 * @property {string} outputKey
 */
/**
 * @typedef {object} RunCard
 * @property {HTMLElement} el
 * @property {HTMLElement} status
 * @property {HTMLElement} queue
 * @property {HTMLElement} cancel
 * @property {HTMLElement} error
 * @property {HTMLElement} steps
 * @property {Map<number, StepEls>} stepEls
 */

export class RunsPanel {
  /**
   * @param {import('./context.js').PanelContext} ctx
   * @param {import('./files.js').FileActions} actions
   */
  constructor(ctx, actions) {
    this.ctx = ctx;
    this.actions = actions;
    /** @type {Map<string, Run>} */
    this.runs = new Map();
    /** @type {Map<string, RunCard>} */
    this.cards = new Map();
    this.listEl = h('div', { id: 'runs' });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'runs-title' },
      h('h2', { id: 'runs-title' }, 'Runs'), this.listEl);
  }

  /** @param {Run[]} runs */
  show(runs) {
    for (const run of runs) this.runs.set(run.run_id, run);
    this.render();
  }

  /** Merges a run snapshot (from REST) with what events already showed. @param {Run} snapshot */
  merge(snapshot) {
    const known = this.runs.get(snapshot.run_id);
    if (!known) {
      this.runs.set(snapshot.run_id, snapshot);
      this.render();
      return;
    }
    this.update(mergeRun(known, snapshot));
  }

  /** @param {string} runId */
  scrollTo(runId) {
    const card = this.cards.get(runId);
    if (card) card.el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  /** @param {string} runId */
  async fetch(runId) {
    try {
      const run = await api(this.ctx.path(`/runs/${runId}`));
      if (!this.ctx.store.get().closed) this.merge(run);
    } catch (e) { /* a later event or reload shows it */ }
  }

  /**
   * Applies a run event; returns the run it changed (null for other events).
   * @param {import('../logic/runs.js').ChatEvent} event
   * @returns {Run | null}
   */
  onEvent(event) {
    if (!event.run_id) return null;
    let run = this.runs.get(event.run_id);
    if (!run) {
      run = runFromEvent(event);
      this.runs.set(run.run_id, run);
      this.render();
      this.fetch(run.run_id);
    }
    if (!applyRunEvent(run, event)) return null;
    this.update(run);
    return run;
  }

  render() {
    clear(this.listEl);
    this.cards.clear();
    const runs = [...this.runs.values()].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    if (runs.length === 0) {
      this.listEl.append(h('p', { class: 'muted', id: 'no-runs' }, 'No runs yet.'));
      return;
    }
    runs.forEach((run) => {
      const card = this.card(run);
      this.cards.set(run.run_id, card);
      this.listEl.append(card.el);
      this.update(run);
    });
  }

  /** @param {Run} run @returns {RunCard} */
  card(run) {
    const status = h('span', { class: 'run-status', 'aria-live': 'polite' });
    const queue = h('span', { class: 'queue-position muted' });
    const cancel = h('button', { type: 'button', class: 'btn btn-small cancel-run', onclick: () => this.cancel(run) }, 'Cancel run');
    const error = h('p', { class: 'error-text run-error', role: 'alert', hidden: true });
    const steps = h('div', { class: 'run-steps' });
    const el = h('article', { class: 'run-card', dataset: { runId: run.run_id }, 'aria-label': 'Workflow run' },
      h('header', {}, h('span', { class: 'btn-row' }, h('strong', {}, 'Run'), timeEl(run.created_at), status, queue), cancel,
        saveRecipeButton(this.ctx.chatId, run)),
      steps, error);
    return { el, status, queue, cancel, error, steps, stepEls: new Map() };
  }

  /** @param {Run} run */
  update(run) {
    const card = this.cards.get(run.run_id);
    if (!card) { this.render(); return; }
    const status = badge(run.status);
    clear(card.status);
    if (status) card.status.append(status);
    card.el.dataset.status = run.status;
    card.queue.textContent = run.status === 'queued'
      ? (run.queue_position ? `Waiting in queue: position ${run.queue_position}` : 'Waiting to start') : '';
    card.cancel.hidden = TERMINAL.includes(run.status);
    card.error.hidden = !run.error;
    card.error.textContent = run.error || '';
    run.steps.forEach((step) => this.updateStep(card, step));
  }

  /** @param {RunCard} card @param {Step} step */
  updateStep(card, step) {
    let s = card.stepEls.get(step.index);
    const label = `Step ${step.index + 1}: ${step.operation}`;
    if (!s) {
      const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
        'aria-label': `${label} progress` }, h('span', {}));
      const percent = h('span', { class: 'step-percent' });
      const status = h('span', { class: 'step-status' });
      const detail = h('div', { class: 'run-step-detail' });
      const outputs = h('ul', { class: 'outputs' });
      const el = h('div', { class: 'run-step', dataset: { stepIndex: String(step.index) } },
        h('div', { class: 'run-step-head' }, h('span', {}, label), h('span', {}, status, ' ', percent)),
        bar, detail, outputs);
      s = { el, bar, percent, status, detail, outputs, outputKey: '' };
      card.stepEls.set(step.index, s);
      const after = [...card.stepEls.entries()].filter(([i]) => i > step.index).sort((a, b) => a[0] - b[0])[0];
      if (after) card.steps.insertBefore(s.el, after[1].el);
      else card.steps.append(s.el);
    }
    const progress = Math.max(0, Math.min(100, step.status === 'completed' ? 100 : (step.progress || 0)));
    s.bar.setAttribute('aria-valuenow', String(progress));
    s.bar.setAttribute('aria-valuetext', `${progress}%, ${step.status}`);
    /** @type {HTMLElement} */ (s.bar.firstChild).style.width = `${progress}%`;
    s.bar.classList.toggle('done', step.status === 'completed');
    s.bar.classList.toggle('failed', step.status === 'failed');
    s.el.dataset.status = step.status;
    s.percent.textContent = `${progress}%`;
    s.status.textContent = step.status;
    const rows = step.rows_total ? `${formatCount(step.rows_done || 0)} / ${formatCount(step.rows_total)} rows`
      : step.rows_done ? `${formatCount(step.rows_done)} rows` : '';
    s.detail.textContent = [rows, step.status === 'failed' ? step.error : null].filter(Boolean).join(' · ');
    const files = step.output_files || [];
    const key = files.map((f) => f.file_id).join(',');
    if (key !== s.outputKey) {
      s.outputKey = key;
      const outputs = s.outputs;
      clear(outputs);
      files.forEach((f) => outputs.append(h('li', { dataset: { fileId: f.file_id, filename: f.filename } },
        h('span', { class: 'fname' }, f.filename), h('span', { class: 'muted' }, formatBytes(/** @type {number} */ (f.size))),
        fileButtons(/** @type {import('./context.js').StoredFile} */ (f), this.actions))));
    }
  }

  /** @param {Run} run */
  async cancel(run) {
    try {
      await api(this.ctx.path(`/runs/${run.run_id}/cancel`), { method: 'POST' });
      toast('Cancelling the run…');
    } catch (e) {
      const err = /** @type {import('../api.js').ApiError} */ (e);
      if (err.status !== 401) toast(`Could not cancel: ${err.message}`);
    }
  }
}
