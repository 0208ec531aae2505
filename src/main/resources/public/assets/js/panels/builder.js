// @ts-check
// The workflow builder: an input file, steps with forms generated from the operations' JSON Schemas (or prepared
// arguments from the profile panel), reorder and remove, preview, and run.

import { api } from '../api.js';
import { h, clear, uid, toast } from '../dom.js';
import { objectForm } from '../forms.js';
import { presetForm } from '../profile.js';
import { WorkflowPreviewPanel } from '../preview.js';
import { TABLES, extension } from './context.js';

/**
 * @typedef {object} Operation
 * @property {string} name
 * @property {string} description
 * @property {object} arguments_schema
 */
/** @typedef {{ el: HTMLElement, value: () => any }} StepForm */
/**
 * @typedef {object} BuilderStep
 * @property {Operation} operation
 * @property {string} key
 * @property {Record<string, unknown>} [preset]  arguments built elsewhere, shown read-only
 * @property {StepForm | null} [form]
 * @property {HTMLElement} [card]
 */
/** @typedef {{ operations: Operation[], normalizationTypes: string[] }} Catalog */

export class BuilderPanel {
  /**
   * @param {import('./context.js').PanelContext} ctx
   * @param {Catalog} catalog
   * @param {{ onRun: (run: import('../logic/runs.js').Run) => void }} hooks
   */
  constructor(ctx, catalog, hooks) {
    this.ctx = ctx;
    this.catalog = catalog;
    this.hooks = hooks;
    /** @type {BuilderStep[]} */
    this.steps = [];
    /** @type {Map<string, string[] | null>} */
    this.columns = new Map();
    /** @type {string[] | null} */
    this.currentColumns = null;
    this.inputSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'input-file' }));
    this.inputSelect.addEventListener('change', () => this.onInputChanged());
    this.stepsEl = h('ol', { class: 'steps', id: 'steps', 'aria-label': 'Steps' });
    this.opSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'operation-select' }, h('option', { value: '' }, '(choose an operation)'),
      catalog.operations.map((o) => h('option', { value: o.name, title: o.description }, o.name))));
    const addButton = h('button', { type: 'button', class: 'btn', id: 'add-step', onclick: () => {
      if (!this.opSelect.value) { this.opSelect.focus(); return; }
      this.addStep(this.opSelect.value);
    } }, 'Add step');
    this.runButton = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', class: 'btn btn-primary', id: 'run-workflow',
      onclick: () => this.run() }, 'Run workflow'));
    this.errorEl = h('p', { class: 'error-text', id: 'builder-error', role: 'alert' });
    this.columnsHint = h('p', { class: 'field-hint', id: 'columns-hint', 'aria-live': 'polite' });
    this.workflowPreview = new WorkflowPreviewPanel(this.ctx.path, () => this.body());
    /** A slot above the steps for whoever fills the builder (the assistant's "Edit in builder"). */
    this.bannerEl = h('div', { id: 'builder-banner' });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'builder-title', id: 'builder' },
      h('h2', { id: 'builder-title' }, 'Workflow'),
      h('div', {},
        this.bannerEl,
        h('div', { class: 'field' }, h('label', { for: 'input-file' }, 'Input file'), this.inputSelect, this.columnsHint),
        this.stepsEl,
        h('div', { class: 'field' }, h('label', { for: 'operation-select' }, 'Operation'), this.opSelect),
        h('div', { class: 'btn-row' }, addButton, this.runButton, this.workflowPreview.button),
        this.errorEl, this.workflowPreview.el));
    ctx.store.subscribe((state, previous) => { if (state.files !== previous.files) this.refreshInputs(); });
  }

  /** The steps as the API takes them. */
  stepsBody() {
    return this.steps.map((s) => ({ operation: s.operation.name, arguments: s.form ? s.form.value() : s.preset }));
  }

  /** @returns {{ steps: { operation: string, arguments: any }[], input_file?: string }} */
  body() {
    return { steps: this.stepsBody(), ...(this.inputSelect.value ? { input_file: this.inputSelect.value } : {}) };
  }

  refreshInputs() {
    const previous = this.inputSelect.value;
    const candidates = this.ctx.store.get().files.filter((f) => TABLES.includes(extension(f.filename)));
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
        const page = await api(this.ctx.path(`/files/id/${fileId}/rows?limit=1`));
        this.columns.set(fileId, page.columns);
      } catch (e) {
        this.columns.set(fileId, null);
        this.columnsHint.textContent = `Columns could not be read: ${/** @type {Error} */ (e).message}`;
      }
    }
    if (this.inputSelect.value !== fileId) return;
    this.currentColumns = this.columns.get(fileId) || null;
    if (this.currentColumns) this.columnsHint.textContent = `Columns: ${this.currentColumns.join(', ')}`;
    this.rebuildSteps();
  }

  formContext() {
    return { columns: this.currentColumns || null, files: this.ctx.store.get().files,
      normalizationTypes: this.catalog.normalizationTypes };
  }

  /**
   * Adds a step; {@code preset} arguments (from the profile panel) are shown read-only instead of a form.
   * @param {string} name
   * @param {Record<string, unknown>} [preset]
   */
  addStep(name, preset) {
    const operation = this.catalog.operations.find((o) => o.name === name);
    if (!operation) return;
    /** @type {BuilderStep} */
    const step = { operation, key: uid('step'), preset };
    this.steps.push(step);
    this.renderSteps();
    if (preset) toast(`Step ${this.steps.length} added: ${name}`);
    else step.card?.querySelector('h3')?.focus();
  }

  /**
   * Replaces the steps with given ones, each an editable JSON form of its arguments.
   * @param {{ operation: string, arguments?: Record<string, unknown> }[]} steps
   * @param {(args: Record<string, unknown> | undefined, id: string) => StepForm} editor
   * @returns {number} the steps whose operation is known (and that were put in)
   */
  loadSteps(steps, editor) {
    this.steps = [];
    for (const s of steps) {
      const operation = this.catalog.operations.find((o) => o.name === s.operation);
      if (!operation) continue;
      const key = uid('step');
      this.steps.push({ operation, key, preset: s.arguments, form: editor(s.arguments, key) });
    }
    this.renderSteps();
    return this.steps.length;
  }

  /**
   * Opens an assistant's suggestion for editing: its steps as JSON arguments, its input file fixed; "Confirm
   * suggestion" sends the edited steps to .../suggestions/{id}/confirm (validated again by the server).
   * @param {import('../logic/suggestion.js').Suggestion} suggestion
   * @param {import('./assistant.js').SuggestionCard} card
   */
  editSuggestion(suggestion, card) {
    this.errorEl.textContent = '';
    const loaded = this.loadSteps(suggestion.steps || [], jsonArgumentsForm);
    if (suggestion.input_file_id && [...this.inputSelect.options].some((o) => o.value === suggestion.input_file_id)) {
      this.inputSelect.value = suggestion.input_file_id;
    }
    this.inputSelect.disabled = true;
    const confirm = h('button', { type: 'button', class: 'btn btn-primary', id: 'confirm-suggestion' }, 'Confirm suggestion');
    const stop = h('button', { type: 'button', class: 'btn', id: 'stop-editing' }, 'Stop editing');
    const stopEditing = () => {
      clear(this.bannerEl);
      this.inputSelect.disabled = false;
    };
    confirm.addEventListener('click', async () => {
      this.errorEl.textContent = '';
      let steps;
      try {
        steps = this.stepsBody();
      } catch (e) {
        this.errorEl.textContent = e.message;
        return;
      }
      confirm.disabled = true;
      try {
        const path = this.ctx.path(`/suggestions/${encodeURIComponent(suggestion.suggestion_id)}/confirm`);
        const confirmed = await api(path, { method: 'POST', body: { steps } });
        card.decide('confirmed', 'Confirmed with edited steps: follow it under Runs.');
        stopEditing();
        this.steps = [];
        this.renderSteps();
        this.hooks.onRun(confirmed.run);
      } catch (e) {
        if (e.status === 409) { card.decide('superseded', e.message); stopEditing(); }
        if (e.status !== 401) this.errorEl.textContent = errorText(e);
      } finally {
        confirm.disabled = false;
      }
    });
    stop.addEventListener('click', () => stopEditing());
    clear(this.bannerEl).append(h('div', { class: 'suggestion-editing', role: 'status', dataset: { suggestionId: suggestion.suggestion_id } },
      h('p', {}, `Editing the assistant's suggestion (${loaded} step${loaded === 1 ? '' : 's'}): change the arguments, `
        + 'reorder or remove steps, then confirm it. "Run workflow" would run them as a separate workflow instead.'),
      h('div', { class: 'btn-row' }, confirm, stop)));
    this.el.scrollIntoView({ block: 'start' });
    const first = this.stepsEl.querySelector('textarea');
    if (first) first.focus();
  }

  /** Column pickers depend on the input: rebuild the forms (values reset) when it changes. */
  rebuildSteps() {
    this.steps.forEach((s) => { if (!s.preset) s.form = null; });
    this.renderSteps();
  }

  renderSteps() {
    clear(this.stepsEl);
    if (this.steps.length === 0) {
      this.stepsEl.append(h('li', { class: 'muted' }, 'No steps yet. Pick an operation and add it; each step\'s first output feeds the next step.'));
    }
    this.steps.forEach((step, i) => {
      if (!step.form) step.form = step.preset ? presetForm(step.preset) : objectForm(step.operation.arguments_schema, this.formContext(), `${step.key}`);
      const form = /** @type {StepForm} */ (step.form);
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
        form.el);
      this.stepsEl.append(step.card);
    });
    this.runButton.disabled = this.steps.length === 0;
  }

  /** @param {number} i @param {number} delta */
  moveStep(i, delta) {
    const j = i + delta;
    if (j < 0 || j >= this.steps.length) return;
    [this.steps[i], this.steps[j]] = [this.steps[j], this.steps[i]];
    this.renderSteps();
    const card = /** @type {HTMLElement} */ (this.steps[j].card);
    const button = /** @type {HTMLButtonElement | null} */ (card.querySelector(delta < 0
      ? '[aria-label^="Move step"][aria-label$="up"]' : '[aria-label$="down"]'));
    (button && !button.disabled ? button : /** @type {HTMLElement} */ (card.querySelector('h3'))).focus();
  }

  /** @param {number} i */
  removeStep(i) {
    this.steps.splice(i, 1);
    this.renderSteps();
    this.opSelect.focus();
  }

  async run() {
    this.errorEl.textContent = '';
    if (this.steps.length === 0) return;
    let body;
    try {
      body = this.body();
    } catch (e) {
      this.errorEl.textContent = e.message;
      return;
    }
    this.runButton.disabled = true;
    try {
      const run = await api(this.ctx.path('/execute'), { method: 'POST', body });
      this.hooks.onRun(run);
    } catch (e) {
      const err = /** @type {import('../api.js').ApiError} */ (e);
      if (err.status !== 401) this.errorEl.textContent = errorText(err);
    } finally {
      this.runButton.disabled = this.steps.length === 0;
    }
  }
}

/** The server's message, with the field it names. @param {import('../api.js').ApiError} e */
export function errorText(e) {
  const field = e.body && e.body.data && e.body.data.details && e.body.data.details.field;
  return field ? `${e.message} (${field})` : e.message;
}

/**
 * A step's arguments as editable JSON (a suggestion's steps in the builder); value() throws on invalid JSON.
 * @param {Record<string, unknown> | undefined} args
 * @param {string} key
 * @returns {StepForm}
 */
export function jsonArgumentsForm(args, key) {
  const id = `${key}-json`;
  const area = h('textarea', { id, class: 'step-json', rows: '4', spellcheck: 'false' });
  area.value = JSON.stringify(args ?? {}, null, 2);
  return {
    el: h('div', { class: 'field' }, h('label', { for: id }, 'Arguments (JSON)'), area),
    value() {
      try {
        return JSON.parse(area.value);
      } catch (e) {
        throw new Error(`The arguments of a step are not valid JSON: ${e.message}`);
      }
    },
  };
}
