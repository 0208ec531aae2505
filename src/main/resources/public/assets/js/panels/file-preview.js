// @ts-check
// The preview section under the grid: a table's first rows or a text file's beginning, a table's column profile
// (whose facets and clusters add prepared steps to the builder), and "Apply recipe".

import { api } from '../api.js';
import { h, clear, formatBytes, formatCount } from '../dom.js';
import { ProfilePanel } from '../profile.js';
import { RecipePanel } from '../recipes.js';
import { TABLES, extension } from './context.js';

const PREVIEW_ROWS = 100;

/**
 * @typedef {object} RowsPage
 * @property {string[]} columns
 * @property {Record<string, string>} [column_types]
 * @property {unknown[][]} rows
 * @property {number} offset
 * @property {number} rows_returned
 * @property {number | null} [total_rows]
 * @property {number | null} [estimated_total_rows]
 * @property {string | null} [sheet_name]
 */

/** @param {RowsPage} page */
export function previewTable(page) {
  /** @param {unknown} n */
  const known = (n) => n !== null && n !== undefined;
  const total = known(page.total_rows) ? ` of ${formatCount(Number(page.total_rows))}`
    : known(page.estimated_total_rows) ? ` of about ${formatCount(Number(page.estimated_total_rows))}` : '';
  const caption = `Rows ${formatCount(page.offset + 1)}–${formatCount(page.offset + page.rows_returned)}${total}`
    + (page.sheet_name ? ` (sheet ${page.sheet_name})` : '');
  const types = page.column_types || {};
  const head = h('tr', {}, h('th', { scope: 'col', class: 'rownum' }, '#'),
    page.columns.map((c) => h('th', { scope: 'col', title: types[c] || '' }, c)));
  const rows = page.rows.map((row, i) => h('tr', {}, h('td', { class: 'rownum' }, String(page.offset + i + 1)),
    row.map((cell) => {
      if (cell === null) return h('td', { class: 'null' }, 'empty');
      const kind = typeof cell;
      return h('td', { class: kind === 'number' ? 'num' : kind }, String(cell));
    })));
  return h('div', {}, h('p', { class: 'muted', id: 'preview-caption' }, caption),
    h('div', { class: 'preview-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'preview-caption' },
      h('table', { class: 'preview-table', id: 'preview-table' }, h('thead', {}, head), h('tbody', {}, rows))));
}

export class FilePreviewPanel {
  /**
   * @param {import('./context.js').PanelContext} ctx
   * @param {{ addStep: (name: string, args: Record<string, unknown>) => void,
   *           onRun: (run: import('../logic/runs.js').Run) => void }} hooks
   */
  constructor(ctx, hooks) {
    this.ctx = ctx;
    this.hooks = hooks;
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'preview-title', id: 'preview', hidden: true });
  }

  /** Opens the section with a heading and a close button; returns its body. @param {string} title @param {string} closeLabel */
  open(title, closeLabel) {
    const el = this.el;
    el.hidden = false;
    const heading = h('h2', { id: 'preview-title', tabindex: '-1' }, title);
    const body = h('div', { class: 'preview-body' });
    clear(el).append(h('div', { class: 'chat-header' }, heading,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => { el.hidden = true; } }, closeLabel)), body);
    heading.focus();
    el.scrollIntoView({ block: 'start' });
    return body;
  }

  /** @param {import('./context.js').StoredFile} f */
  async preview(f) {
    const ext = extension(f.filename);
    const body = this.open(`Preview: ${f.filename}`, 'Close preview');
    body.append(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
    try {
      if (TABLES.includes(ext)) {
        const page = await api(this.ctx.path(`/files/id/${f.file_id}/rows?offset=0&limit=${PREVIEW_ROWS}`));
        clear(body).append(previewTable(page));
      } else {
        const text = await api(this.ctx.path(`/files/id/${f.file_id}/text?max_bytes=65536`));
        clear(body).append(
          h('p', { class: 'muted' }, text.truncated
            ? `The first ${formatBytes(text.bytes_returned)} of ${formatBytes(text.size)}.` : `${formatBytes(text.size)}.`),
          h('pre', { class: 'preview-text', tabindex: '0', 'aria-label': `Content of ${f.filename}` }, text.text));
      }
    } catch (e) {
      clear(body).append(h('p', { class: 'error-text', role: 'alert' }, /** @type {Error} */ (e).message));
    }
  }

  /** The column profile; facets and accepted clusters add prepared steps. @param {import('./context.js').StoredFile} f */
  profile(f) {
    const body = this.open(`Profile: ${f.filename}`, 'Close profile');
    new ProfilePanel({ chatId: this.ctx.chatId, addStep: this.hooks.addStep }).show(f, body);
  }

  /** @param {import('./context.js').StoredFile} f */
  applyRecipe(f) {
    new RecipePanel({ chatId: this.ctx.chatId, onRun: this.hooks.onRun }).show(f, this.el);
  }
}
