// @ts-check
// Recipes (docs/recipes.md): "Save as recipe" on a run, and "Apply recipe" on a file: pick a saved recipe, check the
// file against it, map each column the file lacks (the server's suggestion preselected), run.

import { api } from './api.js';
import { h, clear, toast, uid } from './dom.js';

function chatPath(chatId, rest) {
  return `/api/v1/chat/workflows/${encodeURIComponent(chatId)}${rest}`;
}

/** The "Save as recipe" button of a run card: exports the run's steps and saves them under a name. */
export function saveRecipeButton(chatId, run) {
  return h('button', {
    type: 'button', class: 'btn btn-small save-recipe', 'aria-label': 'Save this run as a recipe',
    onclick: async () => {
      try {
        const recipe = await api(chatPath(chatId, `/runs/${encodeURIComponent(run.run_id)}/recipe`));
        const name = window.prompt('Recipe name', recipe.title);
        if (name === null) return;
        const saved = await api('/api/v1/recipes', { method: 'POST', body: { ...recipe, name } });
        toast(`Saved recipe "${saved.name}"`);
      } catch (e) {
        if (e.status !== 401) toast(`Could not save the recipe: ${e.message}`);
      }
    },
  }, 'Save as recipe');
}

/** The "Apply recipe" panel of one file, shown in {@code el}; {@code onRun(run)} receives the accepted run. */
export class RecipePanel {
  constructor({ chatId, onRun }) {
    this.chatId = chatId;
    this.onRun = onRun;
  }

  async show(file, el) {
    el.hidden = false;
    const heading = h('h2', { id: 'preview-title', tabindex: '-1' }, `Apply a recipe to ${file.filename}`);
    const body = h('div', { class: 'preview-body recipe-panel' }, h('p', { class: 'muted', role: 'status' }, 'Loading recipes…'));
    clear(el).append(h('div', { class: 'chat-header' }, heading,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => { el.hidden = true; } }, 'Close')), body);
    heading.focus();
    el.scrollIntoView({ block: 'start' });
    try {
      const { recipes } = await api('/api/v1/recipes');
      if (recipes.length === 0) {
        clear(body).append(h('p', { class: 'muted' }, 'No saved recipes yet: use "Save as recipe" on a run.'));
        return;
      }
      const id = uid('recipe');
      const select = h('select', { id }, recipes.map((r) => h('option', { value: r.id }, r.name)));
      const result = h('div', { class: 'recipe-check' });
      const check = () => this.check(file, select.value, result);
      select.addEventListener('change', check);
      clear(body).append(h('label', { for: id }, 'Recipe '), select, result);
      check();
    } catch (e) {
      clear(body).append(h('p', { class: 'error-text', role: 'alert' }, e.message));
    }
  }

  async check(file, recipeId, result) {
    clear(result).append(h('p', { class: 'muted', role: 'status' }, 'Checking the file…'));
    try {
      const check = await api(chatPath(this.chatId, '/recipes/check'), {
        method: 'POST', body: { recipe_id: recipeId, input_file: file.file_id },
      });
      clear(result).append(this.render(file, recipeId, check));
    } catch (e) {
      clear(result).append(h('p', { class: 'error-text', role: 'alert' }, e.message));
    }
  }

  render(file, recipeId, check) {
    const selects = new Map();
    const rows = check.missing.map((column) => {
      const id = uid('map');
      const select = h('select', { id, class: 'recipe-map' },
        h('option', { value: '' }, '(choose a column)'),
        check.file_columns.map((c) => h('option', { value: c, selected: check.suggestions[column] === c }, c)));
      selects.set(column, select);
      return h('tr', {}, h('th', { scope: 'row' }, h('label', { for: id }, column)), h('td', {}, select));
    });
    const error = h('p', { class: 'error-text', role: 'alert' });
    const run = h('button', { type: 'button', class: 'btn apply-recipe-run' }, 'Run recipe');
    run.addEventListener('click', async () => {
      const columnMap = {};
      for (const [column, select] of selects) {
        if (select.value) columnMap[column] = select.value;
      }
      run.disabled = true;
      error.textContent = '';
      try {
        const accepted = await api(chatPath(this.chatId, '/execute'), {
          method: 'POST', body: { recipe_id: recipeId, input_file: file.file_id, column_map: columnMap },
        });
        this.onRun(accepted);
      } catch (e) {
        if (e.status !== 401) error.textContent = e.message;
      } finally {
        run.disabled = false;
      }
    });
    const intro = check.ok
      ? h('p', {}, `The file has every column the recipe needs (${check.requires.columns.join(', ') || 'none'}).`)
      : h('p', {}, 'The file lacks columns the recipe needs. Map each one to a column of the file:');
    return h('div', {}, intro,
      rows.length ? h('table', { class: 'recipe-mapping' },
        h('caption', { class: 'sr-only' }, 'Mapping step: recipe column to file column'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Recipe column'), h('th', { scope: 'col' }, 'File column'))),
        h('tbody', {}, rows)) : null,
      run, error);
  }
}
