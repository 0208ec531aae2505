// @ts-check
// The workflow builder's Preview: POST .../preview runs the steps on the input's first rows (nothing is recorded)
// and this panel shows, per step, its summary, and the final step's first rows.
import { api } from './api.js';
import { h, clear } from './dom.js';

const SHOWN_ROWS = 10;

function summaryText(s) {
  const parts = [`${s.rows_in} → ${s.rows_out == null ? '—' : s.rows_out} rows`];
  if (s.cells_changed != null) parts.push(`${s.cells_changed} cells changed`);
  if (s.columns_added && s.columns_added.length) parts.push(`added ${s.columns_added.join(', ')}`);
  if (s.columns_removed && s.columns_removed.length) parts.push(`removed ${s.columns_removed.join(', ')}`);
  const errors = Object.entries(s.errors_by_reason || {});
  if (errors.length) parts.push(errors.map(([reason, n]) => `${reason} (×${n})`).join('; '));
  return parts.join(', ');
}

function table(columns, rows) {
  return h('div', { class: 'preview-scroll' }, h('table', { class: 'preview-table' },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((cell) => h('td', {}, cell == null ? '' : String(cell))))))));
}

/** {@code path(rest)} makes a conversation path; {@code body()} the builder's {steps, input_file}. */
export class WorkflowPreviewPanel {
  constructor(path, body) {
    this.path = path;
    this.body = body;
    this.el = h('div', { id: 'workflow-preview', 'aria-live': 'polite' });
    this.button = h('button', { type: 'button', class: 'btn', id: 'preview-workflow', onclick: () => this.show() }, 'Preview');
  }

  async show() {
    const body = this.body();
    if (!body.steps.length) return;
    clear(this.el);
    this.el.append(h('p', { class: 'muted' }, 'Previewing on the first rows…'));
    this.button.disabled = true;
    try {
      const p = await api(this.path('/preview'), { method: 'POST', body: { ...body, rows: 20 } });
      clear(this.el);
      this.el.append(h('h3', {}, `Preview on the first ${p.rows_sampled} rows${p.input_has_more ? '' : ' (the whole file)'}`),
        h('ol', { class: 'preview-steps' }, p.steps.map((s) => h('li', { dataset: { operation: s.operation } },
          h('strong', {}, s.operation), ': ', summaryText(s.summary)))));
      const last = p.steps[p.steps.length - 1];
      if (last.output === 'table') this.el.append(table(last.columns, last.rows.slice(0, SHOWN_ROWS)));
      else if (last.output === 'text') this.el.append(h('pre', { class: 'preview-text' }, last.text));
    } catch (e) {
      clear(this.el);
      const field = e.body && e.body.data && e.body.data.details && e.body.data.details.field;
      if (e.status !== 401) this.el.append(h('p', { class: 'error-text', role: 'alert' }, field ? `${e.message} (${field})` : e.message));
    } finally {
      this.button.disabled = false;
    }
  }
}
