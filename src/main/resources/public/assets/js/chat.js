// @ts-check
// One conversation: the panels (assistant, files, history, builder, runs, preview) around one shared store, the
// live channel that feeds them events, and the header (rename, delete).

import { api } from './api.js';
import { h, clear, timeEl, toast, confirmDialog } from './dom.js';
import { ChatChannel } from './live.js';
import { createStore } from './store.js';
import { chatPath } from './panels/context.js';
import { AssistantPanel } from './panels/assistant.js';
import { HistoryPanel } from './panels/history.js';
import { FilesPanel, download } from './panels/files.js';
import { FilePreviewPanel } from './panels/file-preview.js';
import { BuilderPanel } from './panels/builder.js';
import { RunsPanel } from './panels/runs.js';

/** @type {import('./panels/builder.js').Catalog | null} */
let catalogCache = null;

/** @returns {Promise<import('./panels/builder.js').Catalog>} */
async function loadCatalog() {
  if (catalogCache) return catalogCache;
  const operations = (await api('/api/v1/operations')).operations;
  /** @type {string[]} */
  let normalizationTypes;
  try {
    normalizationTypes = Object.keys(await api('/api/v1/normalization/types'));
  } catch (e) {
    normalizationTypes = [];
  }
  catalogCache = { operations, normalizationTypes };
  return catalogCache;
}

/**
 * @typedef {object} ChatViewHooks
 * @property {HTMLElement} liveIndicator
 * @property {() => void} onChanged
 * @property {() => void} onDeleted
 */

export class ChatView {
  /**
   * @param {string} chatId
   * @param {HTMLElement} container
   * @param {ChatViewHooks} hooks
   */
  constructor(chatId, container, { liveIndicator, onChanged, onDeleted }) {
    this.chatId = chatId;
    this.container = container;
    this.liveIndicator = liveIndicator;
    this.onChanged = onChanged;
    this.onDeleted = onDeleted;
    this.store = createStore(/** @type {import('./panels/context.js').ChatState} */ ({ files: [], closed: false }));
    /** @type {ChatChannel | null} */
    this.channel = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.lateRefresh = undefined;
    /** @type {import('./panels/context.js').PanelContext} */
    this.ctx = {
      chatId,
      store: this.store,
      path: (rest) => chatPath(chatId, rest),
      changed: () => this.onChanged(),
      messagesChanged: (delay) => this.history?.scheduleRefresh(delay),
    };
    /** @type {HistoryPanel | undefined} */
    this.history = undefined;
    this.load();
  }

  close() {
    this.store.update({ closed: true });
    if (this.channel) this.channel.close();
    this.liveIndicator.hidden = true;
    this.history?.close();
    clearTimeout(this.lateRefresh);
  }

  async load() {
    clear(this.container).append(h('p', { class: 'muted', role: 'status' }, 'Loading conversation…'));
    let detail;
    let catalog;
    try {
      [detail, catalog] = await Promise.all([api(chatPath(this.chatId)), loadCatalog()]);
    } catch (e) {
      const err = /** @type {import('./api.js').ApiError} */ (e);
      if (this.store.get().closed || err.status === 401) return;
      clear(this.container).append(h('div', { class: 'empty', role: 'alert' },
        h('h1', {}, err.status === 404 ? 'Conversation not found' : 'Could not open the conversation'),
        h('p', {}, err.message), h('a', { href: '#/' }, 'Back to conversations')));
      return;
    }
    if (this.store.get().closed) return;
    this.detail = detail;
    this.render(catalog);
    this.history?.show(detail.messages || [], detail.has_more_messages);
    this.assistant?.show(detail.messages || []);
    this.store.update({ files: detail.files || [] });
    this.runs?.show(detail.runs || []);
    this.channel = new ChatChannel(this.chatId, detail.last_event_seq, (e) => this.onEvent(e), (s) => this.onLiveState(s));
  }

  /** @param {import('./panels/builder.js').Catalog} catalog */
  render(catalog) {
    const ctx = this.ctx;
    const history = this.history = new HistoryPanel(ctx);
    /** @param {import('./logic/runs.js').Run} run */
    const runStarted = (run) => { runs.merge(run); this.onChanged(); history.scheduleRefresh(); };
    const preview = this.preview = new FilePreviewPanel(ctx, {
      addStep: (name, args) => builder.addStep(name, args),
      onRun: (run) => { runs.merge(run); this.onChanged(); },
    });
    /** @type {import('./panels/files.js').FileActions} */
    const actions = {
      download: (f) => download(ctx, f),
      preview: (f) => preview.preview(f),
      profile: (f) => preview.profile(f),
      applyRecipe: (f) => preview.applyRecipe(f),
    };
    const files = this.files = new FilesPanel(ctx, actions);
    const builder = this.builder = new BuilderPanel(ctx, catalog, {
      onRun: (run) => { runStarted(run); runs.scrollTo(run.run_id); },
    });
    const runs = this.runs = new RunsPanel(ctx, actions);
    this.assistant = new AssistantPanel(this.chatId, {
      onRunStarted: runStarted,
      onEdit: (suggestion, card) => builder.editSuggestion(suggestion, card),
    });

    const d = this.detail;
    this.titleEl = h('h1', { id: 'chat-title', tabindex: '-1' }, d.title || d.participant_name);
    this.renameForm = this.buildRenameForm();
    const header = h('div', { class: 'chat-header' },
      h('div', {}, h('a', { class: 'back-link', href: '#/' }, '← Conversations'), this.titleEl,
        h('p', { class: 'muted' }, 'Created ', timeEl(d.created_at))),
      h('div', { class: 'btn-row' },
        h('button', { type: 'button', class: 'btn', id: 'rename-button', onclick: () => this.showRename() }, 'Rename'),
        h('button', { type: 'button', class: 'btn btn-danger', id: 'delete-button', onclick: () => this.deleteConversation() }, 'Delete')));

    clear(this.container).append(header, this.renameForm.form,
      h('div', { class: 'chat-grid' }, h('div', {}, this.assistant.el, files.el, history.el), h('div', {}, builder.el, runs.el)),
      preview.el);
  }

  /** @param {string} state */
  onLiveState(state) {
    const el = this.liveIndicator;
    el.hidden = false;
    el.classList.toggle('down', state === 'down');
    el.dataset.state = state;
    el.textContent = state === 'live' ? '● Live'
      : state === 'down' ? 'Live updates are down: reconnecting, checking for updates every few seconds'
        : 'Connecting…';
  }

  /** @param {any} event */
  onEvent(event) {
    if (this.store.get().closed || !this.history || !this.files || !this.runs || !this.assistant) return;
    const history = this.history;
    if (event.type === 'conversation_gone') {
      toast('This conversation was deleted.');
      this.onDeleted();
      return;
    }
    if (event.type === 'file_uploaded') {
      this.files.refresh();
      history.scheduleRefresh();
      return;
    }
    if (event.type.startsWith('assistant_')) {
      this.assistant.onEvent(event);
      if (event.type === 'assistant_message') history.scheduleRefresh();
      return;
    }
    const run = this.runs.onEvent(event);
    if (!run) return;
    switch (event.type) {
      case 'workflow_started':
        history.scheduleRefresh();
        this.onChanged();
        break;
      case 'step_result':
        (event.output_files || []).forEach((/** @type {any} */ f) => this.files?.add(f));
        history.scheduleRefresh();
        break;
      case 'workflow_completed':
      case 'workflow_failed':
      case 'workflow_cancelled':
        history.scheduleRefresh();
        this.lateRefresh = setTimeout(() => { if (!this.store.get().closed) history.scheduleRefresh(0); }, 2500);
        this.onChanged();
        this.files.refresh();
        this.runs.fetch(run.run_id);
        break;
      default:
    }
  }

  // ---- rename / delete -------------------------------------------------------------------------------------

  buildRenameForm() {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'rename-input', maxlength: '200' }));
    const form = h('form', { class: 'panel', id: 'rename-form', hidden: true, 'aria-label': 'Rename conversation' },
      h('div', { class: 'field' }, h('label', { for: 'rename-input' }, 'New title'), input),
      h('div', { class: 'btn-row' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'rename-save' }, 'Save'),
        h('button', { type: 'button', class: 'btn', onclick: () => { form.hidden = true; } }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const renamed = await api(chatPath(this.chatId), { method: 'PATCH', body: { title: input.value } });
        this.detail.title = renamed.title;
        const title = /** @type {HTMLElement} */ (this.titleEl);
        title.textContent = renamed.title || renamed.participant_name;
        form.hidden = true;
        title.focus();
        this.onChanged();
      } catch (err) {
        const error = /** @type {import('./api.js').ApiError} */ (err);
        if (error.status !== 401) toast(error.message);
      }
    });
    return { form, input };
  }

  showRename() {
    if (!this.renameForm) return;
    this.renameForm.form.hidden = false;
    this.renameForm.input.value = this.detail.title || '';
    this.renameForm.input.focus();
  }

  async deleteConversation() {
    const name = this.detail.title || this.detail.participant_name;
    const count = this.store.get().files.length;
    const ok = await confirmDialog('Delete conversation?',
      `"${name}" will be deleted with its history, its runs${count
        ? ` and its ${count} stored file${count === 1 ? '' : 's'}` : ''}. This cannot be undone.`);
    if (!ok) {
      document.getElementById('delete-button')?.focus();
      return;
    }
    try {
      await api(chatPath(this.chatId), { method: 'DELETE' });
      this.close();
      toast(`Deleted "${name}"`);
      this.onDeleted();
    } catch (e) {
      const err = /** @type {import('./api.js').ApiError} */ (e);
      if (err.status !== 401) toast(err.message);
    }
  }
}
