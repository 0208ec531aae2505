// @ts-check
// Files and uploads: drag-and-drop or the picker, one progress bar per upload, the conversation's files with their
// buttons (download, preview, profile, apply a recipe). The file list lives in the store.

import { api, uploadFile, downloadFile } from '../api.js';
import { h, clear, uid, formatBytes, toast } from '../dom.js';
import { TABLES, TEXTS, extension } from './context.js';

const ACCEPTED = ['xlsx', 'xls', 'csv', 'json'];

/** @typedef {import('./context.js').StoredFile} StoredFile */
/**
 * What a file's buttons do (the preview panel and the view provide them).
 * @typedef {object} FileActions
 * @property {(f: StoredFile) => void} download
 * @property {(f: StoredFile) => void} preview
 * @property {(f: StoredFile) => void} profile
 * @property {(f: StoredFile) => void} applyRecipe
 */

/**
 * The buttons of one file (in the files table and under a run's step).
 * @param {StoredFile} f
 * @param {FileActions} actions
 */
export function fileButtons(f, actions) {
  const ext = extension(f.filename);
  const canPreview = TABLES.includes(ext) || TEXTS.includes(ext);
  return h('span', { class: 'btn-row' },
    h('button', { type: 'button', class: 'btn btn-small download-button', 'aria-label': `Download ${f.filename}`,
      onclick: () => actions.download(f) }, 'Download'),
    canPreview ? h('button', { type: 'button', class: 'btn btn-small preview-button', 'aria-label': `Preview ${f.filename}`,
      onclick: () => actions.preview(f) }, 'Preview') : null,
    TABLES.includes(ext) ? h('button', { type: 'button', class: 'btn btn-small profile-button', 'aria-label': `Profile ${f.filename}`,
      onclick: () => actions.profile(f) }, 'Profile') : null,
    TABLES.includes(ext) ? h('button', { type: 'button', class: 'btn btn-small apply-recipe', 'aria-label': `Apply a recipe to ${f.filename}`,
      onclick: () => actions.applyRecipe(f) }, 'Apply recipe') : null);
}

/**
 * @param {import('./context.js').PanelContext} ctx
 * @param {StoredFile} f
 */
export async function download(ctx, f) {
  try {
    // download_url names the API's public URL; behind CloudFront (AWS) the page's own origin serves the API.
    const sameOrigin = f.download_url && new URL(f.download_url, window.location.href).origin === window.location.origin;
    await downloadFile(sameOrigin && f.download_url ? f.download_url : ctx.path(`/files/id/${f.file_id}`), f.filename);
  } catch (e) {
    const err = /** @type {import('../api.js').ApiError} */ (e);
    if (err.status !== 401) toast(`Download failed: ${err.message}`);
  }
}

export class FilesPanel {
  /**
   * @param {import('./context.js').PanelContext} ctx
   * @param {FileActions} actions
   */
  constructor(ctx, actions) {
    this.ctx = ctx;
    this.actions = actions;
    this.uploadsEl = h('ul', { class: 'uploads', id: 'uploads', 'aria-label': 'Uploads' });
    this.filesEl = h('div', { id: 'files' });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'files-title' },
      h('h2', { id: 'files-title' }, 'Files'), this.dropzone(), this.uploadsEl, this.filesEl);
    ctx.store.subscribe((state, previous) => { if (state.files !== previous.files) this.render(); });
  }

  dropzone() {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'file', id: 'file-input', class: 'sr-only', multiple: true,
      accept: ACCEPTED.map((e) => `.${e}`).join(',') }));
    input.addEventListener('change', () => {
      this.uploadAll([...(input.files || [])]);
      input.value = '';
    });
    const zone = h('div', { class: 'dropzone', id: 'dropzone' },
      h('p', {}, 'Drop .xlsx, .xls, .csv or .json files here, or '),
      h('label', { for: 'file-input', class: 'btn btn-primary', id: 'file-picker-label' }, 'Choose files…'),
      input);
    input.addEventListener('focus', () => zone.classList.add('dragging'));
    input.addEventListener('blur', () => zone.classList.remove('dragging'));
    /** @param {Event} e */
    const stop = (e) => { e.preventDefault(); e.stopPropagation(); };
    zone.addEventListener('dragenter', (e) => { stop(e); zone.classList.add('dragging'); });
    zone.addEventListener('dragover', (e) => { stop(e); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', (e) => { stop(e); zone.classList.remove('dragging'); });
    zone.addEventListener('drop', (e) => {
      stop(e);
      zone.classList.remove('dragging');
      this.uploadAll([...(e.dataTransfer ? e.dataTransfer.files : [])]);
    });
    return zone;
  }

  /** @param {File[]} files */
  uploadAll(files) {
    files.forEach((file) => this.uploadOne(file));
  }

  /** @param {File} file */
  async uploadOne(file) {
    const id = uid('upload');
    const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
      'aria-label': `Upload of ${file.name}` }, h('span', {}));
    const status = h('span', { class: 'upload-status', id: `${id}-status` }, 'Uploading…');
    const item = h('li', { class: 'upload', dataset: { filename: file.name } },
      h('div', { class: 'run-step-head' }, h('span', { class: 'fname' }, file.name), h('span', { class: 'muted' }, formatBytes(file.size))),
      bar, status);
    this.uploadsEl.prepend(item);
    /** @param {number} p */
    const setProgress = (p) => {
      bar.setAttribute('aria-valuenow', String(p));
      /** @type {HTMLElement} */ (bar.firstChild).style.width = `${p}%`;
      status.textContent = p < 100 ? `Uploading… ${p}%` : 'Checking the file…';
    };
    try {
      const stored = await uploadFile(this.ctx.chatId, file, setProgress);
      setProgress(100);
      bar.classList.add('done');
      status.textContent = 'Uploaded';
      status.className = 'upload-status ok-text';
      item.dataset.state = 'done';
      this.add(stored);
      this.ctx.messagesChanged();
      this.ctx.changed();
    } catch (e) {
      const err = /** @type {import('../api.js').ApiError} */ (e);
      bar.classList.add('failed');
      item.dataset.state = 'failed';
      const prefix = err.status === 413 ? 'Too large: ' : err.status === 415 ? 'Wrong file type: ' : 'Upload failed: ';
      status.textContent = prefix + err.message;
      status.className = 'upload-status error-text';
      status.setAttribute('role', 'alert');
    }
  }

  /** @param {StoredFile | null | undefined} file */
  add(file) {
    const files = this.ctx.store.get().files;
    if (!file || files.some((f) => f.file_id === file.file_id)) return;
    this.ctx.store.update({ files: [...files, file] });
  }

  async refresh() {
    try {
      const list = await api(this.ctx.path('/files'));
      if (this.ctx.store.get().closed) return;
      this.ctx.store.update({ files: list.files });
    } catch (e) { /* transient */ }
  }

  render() {
    const files = this.ctx.store.get().files;
    clear(this.filesEl);
    if (files.length === 0) {
      this.filesEl.append(h('p', { class: 'muted' }, 'No files yet.'));
      return;
    }
    const rows = [...files].reverse().map((f) => h('tr', { dataset: { fileId: f.file_id, filename: f.filename } },
      h('td', { class: 'fname' }, f.filename),
      h('td', { class: 'kind' }, f.kind),
      h('td', { class: 'size' }, formatBytes(f.size)),
      h('td', { class: 'actions' }, fileButtons(f, this.actions))));
    this.filesEl.append(h('table', { class: 'files-table' },
      h('caption', { class: 'sr-only' }, 'Files of this conversation, newest first'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Kind'),
        h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rows)));
  }
}
