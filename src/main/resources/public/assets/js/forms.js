// @ts-check
// Forms generated from an operation's JSON Schema. Each field returns {el, value()}: value() is undefined when
// the user left it empty, so the server's defaults apply. Column pickers use the input file's columns.

import { h, uid } from './dom.js';

const COLUMN_LISTS = new Set(['columns', 'comparison_columns', 'bind_columns']);
const COLUMN_SINGLES = new Set(['column', 'comparison_column', 'column_name']);
const FILE_FIELDS = new Set(['bind_file']);
const TEXT_AREAS = new Set(['template']);
export const SEARCH_OPERATORS = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with',
  'is_empty', 'is_not_empty', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal',
  'between', 'before', 'after', 'matches'];

export function humanize(name) {
  const text = name.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * @param {any} schema the operation's arguments schema (an object schema)
 * @param {{ columns: string[] | null, files: { file_id: string, filename: string }[], normalizationTypes: string[] | null }} ctx
 * @param {string} [path] the prefix of the fields' ids
 * @returns {{ el: HTMLElement, value: () => any }}
 */
export function objectForm(schema, ctx, path = 'arg') {
  const fields = Object.entries(schema.properties || {}).map(([name, prop]) => ({
    name, field: field(name, prop || {}, ctx, `${path}-${name}`),
  }));
  const el = h('div', { class: 'form-fields' }, fields.map((f) => f.field.el));
  if (fields.length === 0) el.append(h('p', { class: 'muted' }, 'No settings.'));
  return {
    el,
    value() {
      const out = {};
      for (const f of fields) {
        const v = f.field.value();
        if (v !== undefined) out[f.name] = v;
      }
      return out;
    },
  };
}

function field(name, schema, ctx, id) {
  const label = humanize(name);
  if (schema.type === 'array' && COLUMN_LISTS.has(name)) return columnChecks(label, ctx, id);
  if (schema.type === 'string' && !schema.enum && COLUMN_SINGLES.has(name)) return columnSelect(label, ctx, id);
  if (schema.type === 'string' && FILE_FIELDS.has(name)) return fileSelect(label, ctx, id);
  if (schema.type === 'string' && name === 'normalization_type' && ctx.normalizationTypes) {
    return choiceSelect(label, ctx.normalizationTypes, id, '(choose)');
  }
  if (name === 'operator') return choiceSelect(label, SEARCH_OPERATORS, id, '(choose)');
  if (name === 'logic' && schema.type === 'string') return choiceSelect(label, ['AND', 'OR'], id, '(default: AND)');
  if (name === 'output_format' && schema.type === 'string') return choiceSelect(label, ['xlsx', 'csv', 'json'], id, '(default)');
  if (name === 'value' && !schema.type) return jsonLine(label, id);
  if (schema.enum) return choiceSelect(label, schema.enum, id, '(default)');
  switch (schema.type) {
    case 'string':
      return TEXT_AREAS.has(name) ? textArea(label, id, false) : textInput(label, id);
    case 'boolean':
      return booleanSelect(label, id);
    case 'integer':
    case 'number':
      return numberInput(label, id, schema.type === 'integer');
    case 'array':
      if (schema.items && schema.items.type === 'object') return objectList(label, schema.items, ctx, id);
      return listInput(label, id, schema.items || {});
    case 'object':
      if (schema.properties && Object.keys(schema.properties).length > 0) return nested(label, schema, ctx, id);
      return keyValues(label, schema.additionalProperties, ctx, id);
    default:
      return textArea(label, id, true);
  }
}

function wrap(label, id, control, hint) {
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('span', { class: 'field-hint', id: hintId }, hint) : null);
}

function textInput(label, id) {
  const input = h('input', { type: 'text', id, name: id });
  return { el: wrap(label, id, input), value: () => (input.value.trim() === '' ? undefined : input.value) };
}

function textArea(label, id, json) {
  const area = h('textarea', { id, name: id, spellcheck: 'false' });
  const hint = json ? 'JSON (text that is not valid JSON is sent as a string)' : null;
  return {
    el: wrap(label, id, area, hint),
    value() {
      const text = area.value.trim();
      if (text === '') return undefined;
      if (!json) return area.value;
      try { return JSON.parse(text); } catch (e) { return area.value; }
    },
  };
}

/** One line: a number, true/false or a JSON value when it parses, else the text itself. */
function jsonLine(label, id) {
  const input = h('input', { type: 'text', id, name: id });
  return {
    el: wrap(label, id, input, 'Text, a number, or JSON (e.g. ["a", "b"] for between)'),
    value() {
      if (input.value.trim() === '') return undefined;
      try { return JSON.parse(input.value); } catch (e) { return input.value; }
    },
  };
}

function numberInput(label, id, integer) {
  const input = h('input', { type: 'number', id, name: id, step: integer ? '1' : 'any', inputmode: integer ? 'numeric' : 'decimal' });
  return {
    el: wrap(label, id, input),
    value: () => (input.value === '' ? undefined : Number(input.value)),
  };
}

function booleanSelect(label, id) {
  const select = h('select', { id, name: id },
    h('option', { value: '' }, '(default)'), h('option', { value: 'true' }, 'Yes'), h('option', { value: 'false' }, 'No'));
  return { el: wrap(label, id, select), value: () => (select.value === '' ? undefined : select.value === 'true') };
}

function choiceSelect(label, choices, id, empty) {
  const select = h('select', { id, name: id }, h('option', { value: '' }, empty),
    choices.map((c) => h('option', { value: c }, c)));
  return { el: wrap(label, id, select), value: () => (select.value === '' ? undefined : select.value) };
}

function columnSelect(label, ctx, id) {
  if (!ctx.columns || ctx.columns.length === 0) return textInput(label, id);
  return choiceSelect(label, ctx.columns, id, '(choose a column)');
}

function fileSelect(label, ctx, id) {
  const files = ctx.files || [];
  const select = h('select', { id, name: id }, h('option', { value: '' }, '(choose a file)'),
    files.map((f) => h('option', { value: f.file_id }, f.filename)));
  return { el: wrap(label, id, select), value: () => (select.value === '' ? undefined : select.value) };
}

/** Checkboxes, one per column; the value keeps the order in which they were ticked. */
function columnChecks(label, ctx, id) {
  if (!ctx.columns || ctx.columns.length === 0) {
    return listInput(label, id, { type: 'string' }, 'Comma-separated column names');
  }
  const order = [];
  const summary = h('span', { class: 'field-hint', id: `${id}-order`, 'aria-live': 'polite' }, 'None selected');
  const update = () => { summary.textContent = order.length ? `Order: ${order.join(', ')}` : 'None selected'; };
  const boxes = ctx.columns.map((column, i) => {
    const boxId = `${id}-${i}`;
    const box = h('input', { type: 'checkbox', id: boxId, value: column, dataset: { column } });
    box.addEventListener('change', () => {
      const at = order.indexOf(column);
      if (box.checked && at < 0) order.push(column);
      if (!box.checked && at >= 0) order.splice(at, 1);
      update();
    });
    return h('label', { for: boxId }, box, column);
  });
  const el = h('fieldset', { class: 'column-picker', 'aria-describedby': `${id}-order` },
    h('legend', {}, label), h('div', { class: 'checks' }, boxes), summary);
  return { el, value: () => (order.length ? [...order] : undefined) };
}

function listInput(label, id, itemSchema, hint = 'Comma-separated values') {
  const input = h('input', { type: 'text', id, name: id });
  return {
    el: wrap(label, id, input, hint),
    value() {
      const parts = input.value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (parts.length === 0) return undefined;
      if (itemSchema.type === 'integer' || itemSchema.type === 'number') return parts.map(Number);
      return parts;
    },
  };
}

function nested(label, schema, ctx, id) {
  const inner = objectForm(schema, ctx, id);
  const el = h('fieldset', {}, h('legend', {}, label), inner.el);
  return {
    el,
    value() {
      const v = inner.value();
      return Object.keys(v).length ? v : undefined;
    },
  };
}

/** A repeatable group of sub-forms (e.g. search conditions, normalizations). */
function objectList(label, itemSchema, ctx, id) {
  const items = [];
  const list = h('div', { class: 'object-list' });
  const one = label.endsWith('s') ? label.slice(0, -1) : `${label} item`;
  let counter = 0;
  const add = () => {
    counter += 1;
    const itemId = `${id}-${counter}`;
    const form = objectForm(itemSchema, ctx, itemId);
    const item = { form };
    const remove = h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
      items.splice(items.indexOf(item), 1);
      item.el.remove();
    } }, `Remove ${one.toLowerCase()} ${counter}`);
    item.el = h('fieldset', { class: 'list-item' }, h('legend', {}, `${one} ${counter}`), form.el, remove);
    items.push(item);
    list.append(item.el);
  };
  add();
  const el = h('fieldset', {}, h('legend', {}, label), list,
    h('button', { type: 'button', class: 'btn btn-small', onclick: add }, `Add ${one.toLowerCase()}`));
  return {
    el,
    value() {
      const values = items.map((i) => i.form.value()).filter((v) => Object.keys(v).length > 0);
      return values.length ? values : undefined;
    },
  };
}

/** A map: key/value rows; keys and string values suggest the input's columns. */
function keyValues(label, valueSchema, ctx, id) {
  const rows = [];
  const list = h('div', {});
  const listId = `${id}-columns`;
  const datalist = h('datalist', { id: listId }, (ctx.columns || []).map((c) => h('option', { value: c })));
  const anyValue = !valueSchema || !valueSchema.type;
  let counter = 0;
  const add = () => {
    counter += 1;
    const keyId = `${id}-k${counter}`;
    const valueId = `${id}-v${counter}`;
    const key = h('input', { type: 'text', id: keyId, list: listId, 'aria-label': `${label} key ${counter}`, placeholder: 'key' });
    const value = h('input', { type: 'text', id: valueId, list: listId, 'aria-label': `${label} value ${counter}`,
      placeholder: anyValue ? 'value (text or JSON)' : 'value' });
    const row = { key, value };
    row.el = h('div', { class: 'kv-row' }, key, value, h('button', { type: 'button', class: 'btn btn-small',
      'aria-label': `Remove ${label} pair ${counter}`, onclick: () => { rows.splice(rows.indexOf(row), 1); row.el.remove(); } }, 'Remove'));
    rows.push(row);
    list.append(row.el);
  };
  add();
  const el = h('fieldset', {}, h('legend', {}, label), datalist, list,
    h('button', { type: 'button', class: 'btn btn-small', onclick: add }, 'Add pair'));
  return {
    el,
    value() {
      const out = {};
      for (const row of rows) {
        const k = row.key.value.trim();
        if (!k) continue;
        let v = row.value.value;
        if (anyValue) {
          try { v = JSON.parse(v); } catch (e) { /* plain text */ }
        }
        out[k] = v;
      }
      return Object.keys(out).length ? out : undefined;
    },
  };
}
