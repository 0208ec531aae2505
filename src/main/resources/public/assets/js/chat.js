// One conversation: the assistant, history, files and uploads, the workflow builder, live runs and result previews.

import { api, uploadFile, downloadFile } from './api.js';
import { h, clear, uid, timeEl, formatBytes, formatCount, badge, toast, confirmDialog } from './dom.js';
import { ChatChannel } from './live.js';
import { objectForm } from './forms.js';
import { AssistantPanel } from './assistant.js';
import { ProfilePanel, presetForm } from './profile.js';
import { RecipePanel, saveRecipeButton } from './recipes.js';
import { WorkflowPreviewPanel } from './preview.js';

const ACCEPTED = ['xlsx', 'xls', 'csv', 'json'];
const TABLES = ['xlsx', 'xls', 'csv'];
const TEXTS = ['json', 'sql', 'txt'];
const TERMINAL = ['completed', 'failed', 'cancelled'];
const RUN_RANK = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2 };
const STEP_RANK = { pending: 0, running: 1, completed: 2, failed: 2, cancelled: 2, skipped: 2 };
const PREVIEW_ROWS = 100;

let operationsCache = null;
let normalizationTypesCache = null;

function extension(name) {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function chatPath(chatId, rest = '') {
  return `/api/v1/chat/workflows/${encodeURIComponent(chatId)}${rest}`;
}

export class ChatView {
  constructor(chatId, container, { liveIndicator, onChanged, onDeleted }) {
    this.chatId = chatId;
    this.container = container;
    this.liveIndicator = liveIndicator;
    this.onChanged = onChanged;
    this.onDeleted = onDeleted;
    this.runs = new Map();
    this.runCards = new Map();
    this.files = [];
    this.columns = new Map();
    this.steps = [];
    this.closed = false;
    this.channel = null;
    this.load();
  }

  close() {
    this.closed = true;
    if (this.channel) this.channel.close();
    this.liveIndicator.hidden = true;
    clearTimeout(this.messagesTimer);
  }

  async load() {
    clear(this.container).append(h('p', { class: 'muted', role: 'status' }, 'Loading conversation…'));
    let detail;
    try {
      [detail] = await Promise.all([
        api(chatPath(this.chatId)),
        this.loadCatalog(),
      ]);
    } catch (e) {
      if (this.closed || e.status === 401) return;
      clear(this.container).append(h('div', { class: 'empty', role: 'alert' },
        h('h1', {}, e.status === 404 ? 'Conversation not found' : 'Could not open the conversation'),
        h('p', {}, e.message), h('a', { href: '#/' }, 'Back to conversations')));
      return;
    }
    if (this.closed) return;
    this.detail = detail;
    this.files = detail.files || [];
    this.render();
    this.renderMessages(detail.messages || [], detail.has_more_messages);
    this.assistant.show(detail.messages || []);
    this.renderFiles();
    for (const run of detail.runs || []) this.runs.set(run.run_id, run);
    this.renderRuns();
    this.refreshBuilderInputs();
    this.channel = new ChatChannel(this.chatId, detail.last_event_seq, (e) => this.onEvent(e), (s) => this.onLiveState(s));
  }

  async loadCatalog() {
    if (!operationsCache) {
      operationsCache = (await api('/api/v1/operations')).operations;
    }
    if (!normalizationTypesCache) {
      try {
        normalizationTypesCache = Object.keys(await api('/api/v1/normalization/types'));
      } catch (e) {
        normalizationTypesCache = [];
      }
    }
  }

  // ---- layout --------------------------------------------------------------------------------------------

  render() {
    const d = this.detail;
    this.titleEl = h('h1', { id: 'chat-title', tabindex: '-1' }, d.title || d.participant_name);
    this.renameForm = this.buildRenameForm();
    const header = h('div', { class: 'chat-header' },
      h('div', {}, h('a', { class: 'back-link', href: '#/' }, '← Conversations'), this.titleEl,
        h('p', { class: 'muted' }, 'Created ', timeEl(d.created_at))),
      h('div', { class: 'btn-row' },
        h('button', { type: 'button', class: 'btn', id: 'rename-button', onclick: () => this.showRename() }, 'Rename'),
        h('button', { type: 'button', class: 'btn btn-danger', id: 'delete-button', onclick: () => this.deleteConversation() }, 'Delete')));

    this.messagesEl = h('ol', { class: 'messages', id: 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.olderButton = h('button', { type: 'button', class: 'btn btn-small', hidden: true, onclick: () => this.loadOlder() }, 'Load earlier messages');
    const messages = h('section', { class: 'panel', 'aria-labelledby': 'messages-title' },
      h('h2', { id: 'messages-title' }, 'History'), this.olderButton, this.messagesEl);

    const files = h('section', { class: 'panel', 'aria-labelledby': 'files-title' },
      h('h2', { id: 'files-title' }, 'Files'), this.buildDropzone(),
      this.uploadsEl = h('ul', { class: 'uploads', id: 'uploads', 'aria-label': 'Uploads' }),
      this.filesEl = h('div', { id: 'files' }));

    const builder = h('section', { class: 'panel', 'aria-labelledby': 'builder-title', id: 'builder' },
      h('h2', { id: 'builder-title' }, 'Workflow'), this.buildBuilder());

    this.runsEl = h('div', { id: 'runs' });
    const runs = h('section', { class: 'panel', 'aria-labelledby': 'runs-title' },
      h('h2', { id: 'runs-title' }, 'Runs'), this.runsEl);

    this.previewEl = h('section', { class: 'panel', 'aria-labelledby': 'preview-title', id: 'preview', hidden: true });

    this.assistant = new AssistantPanel(this.chatId, {
      onRunStarted: (run) => { this.mergeRun(run); this.onChanged(); this.scheduleMessagesRefresh(); },
    });

    clear(this.container).append(header, this.renameForm,
      h('div', { class: 'chat-grid' }, h('div', {}, this.assistant.el, files, messages), h('div', {}, builder, runs)),
      this.previewEl);
  }

  onLiveState(state) {
    const el = this.liveIndicator;
    el.hidden = false;
    el.classList.toggle('down', state === 'down');
    el.dataset.state = state;
    el.textContent = state === 'live' ? '● Live'
      : state === 'down' ? 'Live updates are down: reconnecting, checking for updates every few seconds'
        : 'Connecting…';
  }

  // ---- rename / delete -------------------------------------------------------------------------------------

  buildRenameForm() {
    const input = h('input', { type: 'text', id: 'rename-input', maxlength: '200' });
    const form = h('form', { class: 'panel', id: 'rename-form', hidden: true, 'aria-label': 'Rename conversation' },
      h('div', { class: 'field' }, h('label', { for: 'rename-input' }, 'New title'), input),
      h('div', { class: 'btn-row' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'rename-save' }, 'Save'),
        h('button', { type: 'button', class: 'btn', onclick: () => { form.hidden = true; } }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const renamed = await api(chatPath(this.chatId), { method: 'PATCH', body: { title: input.value } });
        this.detail.title = renamed.title;
        this.titleEl.textContent = renamed.title || renamed.participant_name;
        form.hidden = true;
        this.titleEl.focus();
        this.onChanged();
      } catch (err) {
        if (err.status !== 401) toast(err.message);
      }
    });
    form.input = input;
    return form;
  }

  showRename() {
    this.renameForm.hidden = false;
    this.renameForm.input.value = this.detail.title || '';
    this.renameForm.input.focus();
  }

  async deleteConversation() {
    const name = this.detail.title || this.detail.participant_name;
    const ok = await confirmDialog('Delete conversation?',
      `"${name}" will be deleted with its history, its runs${this.files.length
        ? ` and its ${this.files.length} stored file${this.files.length === 1 ? '' : 's'}` : ''}. This cannot be undone.`);
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
      if (e.status !== 401) toast(e.message);
    }
  }

  // ---- messages ------------------------------------------------------------------------------------------

  messageItem(m) {
    return h('li', { class: `msg msg-${m.type}`, dataset: { number: m.number } },
      timeEl(m.created_at), h('span', { class: 'msg-type' }, m.type.replace('_', ' ')), h('span', { class: 'msg-content' }, m.content));
  }

  renderMessages(messages, hasMore) {
    clear(this.messagesEl);
    this.oldestMessage = messages.length ? messages[0].number : null;
    this.newestMessage = messages.length ? messages[messages.length - 1].number : null;
    if (messages.length === 0) this.messagesEl.append(h('li', { class: 'muted empty-history' }, 'No messages yet: upload a file to begin.'));
    messages.forEach((m) => this.messagesEl.append(this.messageItem(m)));
    this.olderButton.hidden = !hasMore;
    this.messagesEl.scrollTop = this.messagesEl.scrollHeight;
  }

  async loadOlder() {
    if (this.oldestMessage === null) return;
    const page = await api(chatPath(this.chatId, `/messages?limit=100&before=${this.oldestMessage}`));
    const first = this.messagesEl.firstChild;
    page.messages.forEach((m) => this.messagesEl.insertBefore(this.messageItem(m), first));
    if (page.messages.length) this.oldestMessage = page.messages[0].number;
    this.olderButton.hidden = !page.next_before;
  }

  /** Messages are written next to events (sometimes just after them): reload the newest shortly after. */
  scheduleMessagesRefresh(delay = 600) {
    clearTimeout(this.messagesTimer);
    this.messagesTimer = setTimeout(async () => {
      try {
        const page = await api(chatPath(this.chatId, '/messages?limit=200'));
        if (this.closed) return;
        if (this.newestMessage === null) {
          this.renderMessages(page.messages, Boolean(page.next_before));
          return;
        }
        // Append only the new ones, so screen readers announce just those (the list is a live region).
        const fresh = page.messages.filter((m) => m.number > this.newestMessage);
        fresh.forEach((m) => this.messagesEl.append(this.messageItem(m)));
        if (fresh.length) {
          this.newestMessage = fresh[fresh.length - 1].number;
          this.messagesEl.scrollTop = this.messagesEl.scrollHeight;
        }
      } catch (e) { /* shown elsewhere */ }
    }, delay);
  }

  // ---- files and uploads -----------------------------------------------------------------------------------

  buildDropzone() {
    const input = h('input', { type: 'file', id: 'file-input', class: 'sr-only', multiple: true,
      accept: ACCEPTED.map((e) => `.${e}`).join(',') });
    input.addEventListener('change', () => {
      this.uploadAll([...input.files]);
      input.value = '';
    });
    const zone = h('div', { class: 'dropzone', id: 'dropzone' },
      h('p', {}, 'Drop .xlsx, .xls, .csv or .json files here, or '),
      h('label', { for: 'file-input', class: 'btn btn-primary', id: 'file-picker-label' }, 'Choose files…'),
      input);
    input.addEventListener('focus', () => zone.classList.add('dragging'));
    input.addEventListener('blur', () => zone.classList.remove('dragging'));
    const stop = (e) => { e.preventDefault(); e.stopPropagation(); };
    zone.addEventListener('dragenter', (e) => { stop(e); zone.classList.add('dragging'); });
    zone.addEventListener('dragover', (e) => { stop(e); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', (e) => { stop(e); zone.classList.remove('dragging'); });
    zone.addEventListener('drop', (e) => {
      stop(e);
      zone.classList.remove('dragging');
      this.uploadAll([...e.dataTransfer.files]);
    });
    return zone;
  }

  uploadAll(files) {
    files.forEach((file) => this.uploadOne(file));
  }

  async uploadOne(file) {
    const id = uid('upload');
    const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
      'aria-label': `Upload of ${file.name}` }, h('span', {}));
    const status = h('span', { class: 'upload-status', id: `${id}-status` }, 'Uploading…');
    const item = h('li', { class: 'upload', dataset: { filename: file.name } },
      h('div', { class: 'run-step-head' }, h('span', { class: 'fname' }, file.name), h('span', { class: 'muted' }, formatBytes(file.size))),
      bar, status);
    this.uploadsEl.prepend(item);
    const setProgress = (p) => {
      bar.setAttribute('aria-valuenow', String(p));
      bar.firstChild.style.width = `${p}%`;
      status.textContent = p < 100 ? `Uploading… ${p}%` : 'Checking the file…';
    };
    try {
      const stored = await uploadFile(this.chatId, file, setProgress);
      setProgress(100);
      bar.classList.add('done');
      status.textContent = 'Uploaded';
      status.className = 'upload-status ok-text';
      item.dataset.state = 'done';
      this.addFile(stored);
      this.scheduleMessagesRefresh();
      this.onChanged();
    } catch (e) {
      bar.classList.add('failed');
      item.dataset.state = 'failed';
      const prefix = e.status === 413 ? 'Too large: ' : e.status === 415 ? 'Wrong file type: ' : 'Upload failed: ';
      status.textContent = prefix + e.message;
      status.className = 'upload-status error-text';
      status.setAttribute('role', 'alert');
    }
  }

  addFile(file) {
    if (!file || this.files.some((f) => f.file_id === file.file_id)) return;
    this.files.push(file);
    this.renderFiles();
    this.refreshBuilderInputs();
  }

  async refreshFiles() {
    try {
      const list = await api(chatPath(this.chatId, '/files'));
      if (this.closed) return;
      this.files = list.files;
      this.renderFiles();
      this.refreshBuilderInputs();
    } catch (e) { /* transient */ }
  }

  renderFiles() {
    clear(this.filesEl);
    if (this.files.length === 0) {
      this.filesEl.append(h('p', { class: 'muted' }, 'No files yet.'));
      return;
    }
    const rows = [...this.files].reverse().map((f) => h('tr', { dataset: { fileId: f.file_id, filename: f.filename } },
      h('td', { class: 'fname' }, f.filename),
      h('td', { class: 'kind' }, f.kind),
      h('td', { class: 'size' }, formatBytes(f.size)),
      h('td', { class: 'actions' }, this.fileButtons(f))));
    this.filesEl.append(h('table', { class: 'files-table' },
      h('caption', { class: 'sr-only' }, 'Files of this conversation, newest first'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Kind'),
        h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rows)));
  }

  fileButtons(f) {
    const ext = extension(f.filename);
    const canPreview = TABLES.includes(ext) || TEXTS.includes(ext);
    return h('span', { class: 'btn-row' },
      h('button', { type: 'button', class: 'btn btn-small download-button', 'aria-label': `Download ${f.filename}`,
        onclick: () => this.download(f) }, 'Download'),
      canPreview ? h('button', { type: 'button', class: 'btn btn-small preview-button', 'aria-label': `Preview ${f.filename}`,
        onclick: () => this.preview(f) }, 'Preview') : null,
      TABLES.includes(ext) ? h('button', { type: 'button', class: 'btn btn-small profile-button', 'aria-label': `Profile ${f.filename}`,
        onclick: () => this.profile(f) }, 'Profile') : null,
      TABLES.includes(ext) ? h('button', { type: 'button', class: 'btn btn-small apply-recipe', 'aria-label': `Apply a recipe to ${f.filename}`,
        onclick: () => new RecipePanel({ chatId: this.chatId, onRun: (run) => { this.mergeRun(run); this.onChanged(); } }).show(f, this.previewEl) }, 'Apply recipe') : null);
  }

  async download(f) {
    try {
      await downloadFile(f.download_url || chatPath(this.chatId, `/files/id/${f.file_id}`), f.filename);
    } catch (e) {
      if (e.status !== 401) toast(`Download failed: ${e.message}`);
    }
  }

  // ---- preview ---------------------------------------------------------------------------------------------

  async preview(f) {
    const ext = extension(f.filename);
    const el = this.previewEl;
    el.hidden = false;
    const heading = h('h2', { id: 'preview-title', tabindex: '-1' }, `Preview: ${f.filename}`);
    const body = h('div', { class: 'preview-body' }, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
    clear(el).append(h('div', { class: 'chat-header' }, heading,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => { el.hidden = true; } }, 'Close preview')), body);
    heading.focus();
    el.scrollIntoView({ block: 'start' });
    try {
      if (TABLES.includes(ext)) {
        const page = await api(chatPath(this.chatId, `/files/id/${f.file_id}/rows?offset=0&limit=${PREVIEW_ROWS}`));
        clear(body).append(this.previewTable(page));
      } else {
        const text = await api(chatPath(this.chatId, `/files/id/${f.file_id}/text?max_bytes=65536`));
        clear(body).append(
          h('p', { class: 'muted' }, text.truncated
            ? `The first ${formatBytes(text.bytes_returned)} of ${formatBytes(text.size)}.` : `${formatBytes(text.size)}.`),
          h('pre', { class: 'preview-text', tabindex: '0', 'aria-label': `Content of ${f.filename}` }, text.text));
      }
    } catch (e) {
      clear(body).append(h('p', { class: 'error-text', role: 'alert' }, e.message));
    }
  }

  /** The column profile in the preview section; facets and accepted clusters add prepared steps. */
  profile(f) {
    const el = this.previewEl;
    el.hidden = false;
    const heading = h('h2', { id: 'preview-title', tabindex: '-1' }, `Profile: ${f.filename}`);
    const body = h('div', { class: 'preview-body' });
    clear(el).append(h('div', { class: 'chat-header' }, heading,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => { el.hidden = true; } }, 'Close profile')), body);
    heading.focus();
    el.scrollIntoView({ block: 'start' });
    new ProfilePanel({ chatId: this.chatId, addStep: (name, args) => this.addStep(name, args) }).show(f, body);
  }

  previewTable(page) {
    const known = (n) => n !== null && n !== undefined;
    const total = known(page.total_rows) ? ` of ${formatCount(page.total_rows)}`
      : known(page.estimated_total_rows) ? ` of about ${formatCount(page.estimated_total_rows)}` : '';
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

  // ---- workflow builder ------------------------------------------------------------------------------------

  buildBuilder() {
    this.inputSelect = h('select', { id: 'input-file' });
    this.inputSelect.addEventListener('change', () => this.onInputChanged());
    this.stepsEl = h('ol', { class: 'steps', id: 'steps', 'aria-label': 'Steps' });
    const opSelect = h('select', { id: 'operation-select' }, h('option', { value: '' }, '(choose an operation)'),
      (operationsCache || []).map((o) => h('option', { value: o.name, title: o.description }, o.name)));
    const addButton = h('button', { type: 'button', class: 'btn', id: 'add-step', onclick: () => {
      if (!opSelect.value) { opSelect.focus(); return; }
      this.addStep(opSelect.value);
    } }, 'Add step');
    this.runButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'run-workflow', onclick: () => this.run() }, 'Run workflow');
    this.builderError = h('p', { class: 'error-text', id: 'builder-error', role: 'alert' });
    this.columnsHint = h('p', { class: 'field-hint', id: 'columns-hint', 'aria-live': 'polite' });
    this.workflowPreview = new WorkflowPreviewPanel((rest) => chatPath(this.chatId, rest), () => ({
      steps: this.steps.map((s) => ({ operation: s.operation.name, arguments: s.form.value() })),
      ...(this.inputSelect.value ? { input_file: this.inputSelect.value } : {}) }));
    return h('div', {},
      h('div', { class: 'field' }, h('label', { for: 'input-file' }, 'Input file'), this.inputSelect, this.columnsHint),
      this.stepsEl,
      h('div', { class: 'field' }, h('label', { for: 'operation-select' }, 'Operation'), opSelect),
      h('div', { class: 'btn-row' }, addButton, this.runButton, this.workflowPreview.button),
      this.builderError, this.workflowPreview.el);
  }

  refreshBuilderInputs() {
    if (!this.inputSelect) return;
    const previous = this.inputSelect.value;
    const candidates = this.files.filter((f) => ['xlsx', 'xls', 'csv'].includes(extension(f.filename)));
    clear(this.inputSelect);
    if (candidates.length === 0) {
      this.inputSelect.append(h('option', { value: '' }, '(upload a file first)'));
    }
    const latestUpload = [...candidates].reverse().find((f) => f.kind === 'uploaded');
    [...candidates].reverse().forEach((f) => this.inputSelect.append(h('option', { value: f.file_id }, `${f.filename} (${f.kind})`)));
    if (previous && candidates.some((f) => f.file_id === previous)) this.inputSelect.value = previous;
    else if (latestUpload) this.inputSelect.value = latestUpload.file_id;
    if (this.inputSelect.value !== previous) this.onInputChanged();
  }

  /** Reads the chosen input's header (a zero-row page) to fill the column pickers. */
  async onInputChanged() {
    const fileId = this.inputSelect.value;
    if (!fileId) { this.currentColumns = null; this.rebuildSteps(); return; }
    if (!this.columns.has(fileId)) {
      this.columnsHint.textContent = 'Reading columns…';
      try {
        const page = await api(chatPath(this.chatId, `/files/id/${fileId}/rows?limit=1`));
        this.columns.set(fileId, page.columns);
      } catch (e) {
        this.columns.set(fileId, null);
        this.columnsHint.textContent = `Columns could not be read: ${e.message}`;
      }
    }
    if (this.inputSelect.value !== fileId) return;
    this.currentColumns = this.columns.get(fileId);
    if (this.currentColumns) this.columnsHint.textContent = `Columns: ${this.currentColumns.join(', ')}`;
    this.rebuildSteps();
  }

  formContext() {
    return { columns: this.currentColumns || null, files: this.files, normalizationTypes: normalizationTypesCache };
  }

  /** Adds a step; {@code preset} arguments (from the profile panel) are shown read-only instead of a form. */
  addStep(name, preset) {
    const operation = operationsCache.find((o) => o.name === name);
    if (!operation) return;
    const step = { operation, key: uid('step'), preset };
    this.steps.push(step);
    this.renderSteps();
    if (preset) toast(`Step ${this.steps.length} added: ${name}`);
    else step.card.querySelector('h3').focus();
  }

  /** Column pickers depend on the input: rebuild the forms (values reset) when it changes. */
  rebuildSteps() {
    this.steps.forEach((s) => { s.form = null; });
    this.renderSteps();
  }

  renderSteps() {
    clear(this.stepsEl);
    if (this.steps.length === 0) {
      this.stepsEl.append(h('li', { class: 'muted' }, 'No steps yet. Pick an operation and add it; each step\'s first output feeds the next step.'));
    }
    this.steps.forEach((step, i) => {
      if (!step.form) step.form = step.preset ? presetForm(step.preset) : objectForm(step.operation.arguments_schema, this.formContext(), `${step.key}`);
      const n = i + 1;
      const name = step.operation.name;
      step.card = h('li', { class: 'step-card', dataset: { operation: name, index: String(i) } },
        h('header', {},
          h('h3', { tabindex: '-1' }, `Step ${n}: ${name}`),
          h('span', { class: 'btn-row' },
            h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Move step ${n} up`, disabled: i === 0,
              onclick: () => this.moveStep(i, -1) }, '↑ Up'),
            h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Move step ${n} down`,
              disabled: i === this.steps.length - 1, onclick: () => this.moveStep(i, 1) }, '↓ Down'),
            h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Remove step ${n}`,
              onclick: () => this.removeStep(i) }, 'Remove'))),
        h('p', { class: 'step-desc' }, step.operation.description),
        step.form.el);
      this.stepsEl.append(step.card);
    });
    this.runButton.disabled = this.steps.length === 0;
  }

  moveStep(i, delta) {
    const j = i + delta;
    if (j < 0 || j >= this.steps.length) return;
    [this.steps[i], this.steps[j]] = [this.steps[j], this.steps[i]];
    this.renderSteps();
    const button = this.steps[j].card.querySelector(delta < 0 ? '[aria-label^="Move step"][aria-label$="up"]' : '[aria-label$="down"]');
    (button && !button.disabled ? button : this.steps[j].card.querySelector('h3')).focus();
  }

  removeStep(i) {
    this.steps.splice(i, 1);
    this.renderSteps();
    document.getElementById('operation-select').focus();
  }

  async run() {
    this.builderError.textContent = '';
    if (this.steps.length === 0) return;
    const body = {
      steps: this.steps.map((s) => ({ operation: s.operation.name, arguments: s.form.value() })),
    };
    if (this.inputSelect.value) body.input_file = this.inputSelect.value;
    this.runButton.disabled = true;
    try {
      const run = await api(chatPath(this.chatId, '/execute'), { method: 'POST', body });
      this.mergeRun(run);
      const card = this.runCards.get(run.run_id);
      if (card) card.el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      this.onChanged();
      this.scheduleMessagesRefresh();
    } catch (e) {
      if (e.status !== 401) {
        const field = e.body && e.body.data && e.body.data.details && e.body.data.details.field;
        this.builderError.textContent = field ? `${e.message} (${field})` : e.message;
      }
    } finally {
      this.runButton.disabled = this.steps.length === 0;
    }
  }

  // ---- runs ----------------------------------------------------------------------------------------------

  /** Merges a run snapshot (from REST) with what events already showed: the more advanced state wins. */
  mergeRun(snapshot) {
    const known = this.runs.get(snapshot.run_id);
    if (!known) {
      this.runs.set(snapshot.run_id, snapshot);
      this.renderRuns();
      return;
    }
    if ((RUN_RANK[snapshot.status] ?? 0) >= (RUN_RANK[known.status] ?? 0)) {
      known.status = snapshot.status;
      known.queue_position = snapshot.queue_position;
      known.error = snapshot.error;
    }
    known.links = snapshot.links || known.links;
    snapshot.steps.forEach((s) => {
      const mine = known.steps.find((x) => x.index === s.index);
      if (!mine) { known.steps.push(s); return; }
      const newer = (STEP_RANK[s.status] ?? 0) > (STEP_RANK[mine.status] ?? 0)
        || ((STEP_RANK[s.status] ?? 0) === (STEP_RANK[mine.status] ?? 0) && s.progress >= mine.progress);
      if (newer) Object.assign(mine, s);
      else {
        mine.step_id = mine.step_id || s.step_id;
        if (!mine.output_files || mine.output_files.length === 0) mine.output_files = s.output_files;
      }
    });
    known.steps.sort((a, b) => a.index - b.index);
    this.updateRunCard(known);
  }

  async fetchRun(runId) {
    try {
      const run = await api(chatPath(this.chatId, `/runs/${runId}`));
      if (!this.closed) this.mergeRun(run);
    } catch (e) { /* a later event or reload shows it */ }
  }

  runFor(event) {
    let run = this.runs.get(event.run_id);
    if (!run) {
      run = { run_id: event.run_id, status: 'queued', queue_position: null, steps: [], error: null, created_at: event.timestamp };
      this.runs.set(event.run_id, run);
      this.renderRuns();
      this.fetchRun(event.run_id);
    }
    return run;
  }

  stepFor(run, event) {
    let step = run.steps.find((s) => s.index === event.step_index);
    if (!step) {
      step = { index: event.step_index, step_id: event.step_id, operation: event.operation, status: 'pending', progress: 0,
        rows_done: null, rows_total: null, output_files: [] };
      run.steps.push(step);
      run.steps.sort((a, b) => a.index - b.index);
    }
    return step;
  }

  onEvent(event) {
    if (this.closed) return;
    if (event.type === 'conversation_gone') {
      toast('This conversation was deleted.');
      this.onDeleted();
      return;
    }
    if (event.type === 'file_uploaded') {
      this.refreshFiles();
      this.scheduleMessagesRefresh();
      return;
    }
    if (event.type.startsWith('assistant_')) {
      this.assistant.onEvent(event);
      if (event.type === 'assistant_message') this.scheduleMessagesRefresh();
      return;
    }
    if (!event.run_id) return;
    const run = this.runFor(event);
    switch (event.type) {
      case 'workflow_queued':
        if (RUN_RANK[run.status] === 0) run.queue_position = event.queue_position;
        break;
      case 'workflow_started':
        if (RUN_RANK[run.status] < 1) run.status = 'running';
        run.queue_position = null;
        this.scheduleMessagesRefresh();
        this.onChanged();
        break;
      case 'progress': {
        if (RUN_RANK[run.status] < 1) run.status = 'running';
        run.queue_position = null;
        const step = this.stepFor(run, event);
        if (event.progress >= 0) step.progress = event.progress;
        step.status = event.status || step.status;
        step.message = event.message;
        if (event.rows_done !== null && event.rows_done !== undefined) step.rows_done = event.rows_done;
        if (event.rows_total !== null && event.rows_total !== undefined) step.rows_total = event.rows_total;
        break;
      }
      case 'step_result': {
        const step = this.stepFor(run, event);
        step.output_files = event.output_files || [];
        step.result = event.result;
        step.output_files.forEach((f) => this.addFile(f));
        this.scheduleMessagesRefresh();
        break;
      }
      case 'workflow_completed':
      case 'workflow_failed':
      case 'workflow_cancelled':
        run.status = event.type.replace('workflow_', '');
        run.queue_position = null;
        if (event.error) run.error = event.error;
        this.scheduleMessagesRefresh();
        setTimeout(() => { if (!this.closed) this.scheduleMessagesRefresh(0); }, 2500);
        this.onChanged();
        this.refreshFiles();
        this.fetchRun(event.run_id);
        break;
      default:
        return;
    }
    this.updateRunCard(run);
  }

  renderRuns() {
    clear(this.runsEl);
    this.runCards.clear();
    const runs = [...this.runs.values()].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    if (runs.length === 0) {
      this.runsEl.append(h('p', { class: 'muted', id: 'no-runs' }, 'No runs yet.'));
      return;
    }
    runs.forEach((run) => {
      const card = this.buildRunCard(run);
      this.runCards.set(run.run_id, card);
      this.runsEl.append(card.el);
      this.updateRunCard(run);
    });
  }

  buildRunCard(run) {
    const status = h('span', { class: 'run-status', 'aria-live': 'polite' });
    const queue = h('span', { class: 'queue-position muted' });
    const cancel = h('button', { type: 'button', class: 'btn btn-small cancel-run', onclick: () => this.cancel(run) }, 'Cancel run');
    const error = h('p', { class: 'error-text run-error', role: 'alert', hidden: true });
    const steps = h('div', { class: 'run-steps' });
    const el = h('article', { class: 'run-card', dataset: { runId: run.run_id }, 'aria-label': 'Workflow run' },
      h('header', {}, h('span', { class: 'btn-row' }, h('strong', {}, 'Run'), timeEl(run.created_at), status, queue), cancel,
        saveRecipeButton(this.chatId, run)),
      steps, error);
    return { el, status, queue, cancel, error, steps, stepEls: new Map() };
  }

  updateRunCard(run) {
    let card = this.runCards.get(run.run_id);
    if (!card) { this.renderRuns(); return; }
    clear(card.status).append(badge(run.status));
    card.el.dataset.status = run.status;
    card.queue.textContent = run.status === 'queued'
      ? (run.queue_position ? `Waiting in queue: position ${run.queue_position}` : 'Waiting to start') : '';
    card.cancel.hidden = TERMINAL.includes(run.status);
    card.error.hidden = !run.error;
    card.error.textContent = run.error || '';
    run.steps.forEach((step) => this.updateStep(card, run, step));
  }

  updateStep(card, run, step) {
    let s = card.stepEls.get(step.index);
    const label = `Step ${step.index + 1}: ${step.operation}`;
    if (!s) {
      const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
        'aria-label': `${label} progress` }, h('span', {}));
      s = {
        bar,
        percent: h('span', { class: 'step-percent' }),
        status: h('span', { class: 'step-status' }),
        detail: h('div', { class: 'run-step-detail' }),
        outputs: h('ul', { class: 'outputs' }),
        outputKey: '',
      };
      s.el = h('div', { class: 'run-step', dataset: { stepIndex: String(step.index) } },
        h('div', { class: 'run-step-head' }, h('span', {}, label), h('span', {}, s.status, ' ', s.percent)),
        bar, s.detail, s.outputs);
      card.stepEls.set(step.index, s);
      const after = [...card.stepEls.entries()].filter(([i]) => i > step.index).sort((a, b) => a[0] - b[0])[0];
      if (after) card.steps.insertBefore(s.el, after[1].el);
      else card.steps.append(s.el);
    }
    const progress = Math.max(0, Math.min(100, step.status === 'completed' ? 100 : (step.progress || 0)));
    s.bar.setAttribute('aria-valuenow', String(progress));
    s.bar.setAttribute('aria-valuetext', `${progress}%, ${step.status}`);
    s.bar.firstChild.style.width = `${progress}%`;
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
      clear(s.outputs);
      files.forEach((f) => s.outputs.append(h('li', { dataset: { fileId: f.file_id, filename: f.filename } },
        h('span', { class: 'fname' }, f.filename), h('span', { class: 'muted' }, formatBytes(f.size)), this.fileButtons(f))));
    }
  }

  async cancel(run) {
    try {
      await api(chatPath(this.chatId, `/runs/${run.run_id}/cancel`), { method: 'POST' });
      toast('Cancelling the run…');
    } catch (e) {
      if (e.status !== 401) toast(`Could not cancel: ${e.message}`);
    }
  }
}
