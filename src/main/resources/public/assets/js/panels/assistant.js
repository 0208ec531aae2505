// @ts-check
// The assistant panel: a message box, replies as they stream (assistant_* events), suggestion cards with Run, Edit
// in builder and Discard (a reloaded card shows its decision instead), message states (queued with the reply's
// place in the conversation's queue as the server reports it, thinking, writing, error with Retry).

import { api } from '../api.js';
import { h, clear, toast } from '../dom.js';
import { appendChunk, nextQueuePosition, replyStateLabel, suggestionModel } from '../logic/suggestion.js';

export { appendChunk };

/** @typedef {import('../logic/suggestion.js').Suggestion} Suggestion */
/** @typedef {import('../logic/suggestion.js').Decision} Decision */
/**
 * @typedef {object} Reply
 * @property {string} id
 * @property {string | null} replyTo
 * @property {HTMLElement} el
 * @property {HTMLElement} textEl
 * @property {HTMLElement} stateEl
 * @property {HTMLElement} extraEl
 * @property {string} text
 * @property {number | null} nextIndex
 * @property {string | null} state
 * @property {number | null} queuePosition  the server's: replies of the conversation ahead of this queued one
 * @property {boolean} suggestionShown
 */
/**
 * A suggestion card on screen; decide() shows a decision and removes the buttons.
 * @typedef {object} SuggestionCard
 * @property {Suggestion} suggestion
 * @property {HTMLElement} el
 * @property {(decision: Decision, text?: string) => void} decide
 */
/**
 * @typedef {object} AssistantHooks
 * @property {(run: import('../logic/runs.js').Run) => void} onRunStarted
 * @property {(suggestion: Suggestion, card: SuggestionCard) => void} onEdit  opens the suggestion in the builder
 */

export class AssistantPanel {
  /** @param {string} chatId @param {AssistantHooks} hooks */
  constructor(chatId, hooks) {
    this.chatId = chatId;
    this.hooks = hooks;
    /** @type {Map<string, Reply>} */
    this.replies = new Map();
    /** @type {Map<string, string>} */
    this.userTexts = new Map();
    /** @type {Map<string, SuggestionCard>} */
    this.cards = new Map();
    this.listEl = h('ol', { class: 'assistant-thread', id: 'assistant-thread', 'aria-live': 'polite' });
    this.input = h('textarea', { id: 'assistant-input', rows: '2', maxlength: '4000',
      placeholder: 'e.g. take email and name, drop duplicates and give me a CSV' });
    this.sendButton = h('button', { type: 'submit', class: 'btn btn-primary', id: 'assistant-send' }, 'Send');
    this.errorEl = h('p', { class: 'error-text', role: 'alert', id: 'assistant-error' });
    const form = h('form', { id: 'assistant-form', 'aria-label': 'Ask the assistant' },
      h('label', { for: 'assistant-input', class: 'sr-only' }, 'Message to the assistant'), this.input,
      this.errorEl, h('div', { class: 'btn-row' }, this.sendButton));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.send(this.input.value); });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); this.send(this.input.value); }
    });
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'assistant-title', id: 'assistant' },
      h('h2', { id: 'assistant-title' }, 'Assistant'),
      h('p', { class: 'muted' }, 'Say what you want done with your files; nothing runs until you press Run.'),
      this.listEl, form);
  }

  /**
   * Earlier user and assistant messages, oldest first (from the conversation's history); the cards of earlier
   * suggestions then ask for their decisions.
   * @param {any[]} messages
   */
  show(messages) {
    clear(this.listEl);
    this.replies.clear();
    this.cards.clear();
    for (const m of messages) {
      // A run's own record ("Run workflow on ...") is a user message too; the thread shows what was written.
      if (m.type === 'user' && !(m.metadata && m.metadata.run_id)) {
        this.userTexts.set(m.message_id, m.content);
        this.listEl.append(this.userItem(m.content, m.message_id));
      } else if (m.type === 'assistant') {
        const reply = this.reply(m.message_id, m.reply_to);
        reply.text = m.content || '';
        // Mid-answer after a reload: the chunks already written are in the text; the next ones come live.
        reply.nextIndex = null;
        reply.queuePosition = nextQueuePosition(null, m.queue_position);
        const meta = m.metadata || {};
        this.render(reply, m.state || 'complete', meta.suggestion || null);
      }
    }
    this.cards.forEach((card) => this.loadDecision(card));
  }

  /** @param {SuggestionCard} card */
  async loadDecision(card) {
    try {
      const view = await api(this.base(card.suggestion.suggestion_id));
      if (view.status !== 'pending') card.decide(view.status, suggestionModel(card.suggestion, view.status, view.run_id).statusText);
    } catch (e) { /* the buttons stay; a decision then gets the server's 409 message */ }
  }

  /** @param {string} suggestionId */
  base(suggestionId) {
    return `/api/v1/chat/workflows/${encodeURIComponent(this.chatId)}/suggestions/${encodeURIComponent(suggestionId)}`;
  }

  /** @param {string} raw */
  async send(raw) {
    const text = (raw || '').trim();
    if (!text) return;
    this.errorEl.textContent = '';
    this.sendButton.disabled = true;
    try {
      const accepted = await api(`/api/v1/chat/workflows/${this.chatId}/messages`, { method: 'POST', body: { text } });
      this.input.value = '';
      this.userTexts.set(accepted.message.message_id, text);
      const existing = this.replies.get(accepted.reply_id);
      const item = this.userItem(text, accepted.message.message_id);
      if (existing) this.listEl.insertBefore(item, existing.el);
      else this.listEl.append(item);
      const reply = this.reply(accepted.reply_id, accepted.message.message_id);
      reply.queuePosition = nextQueuePosition(reply.queuePosition, accepted.reply && accepted.reply.queue_position);
      if (!reply.state) this.render(reply, 'queued', null);
      else if (reply.state === 'queued') this.renderState(reply);
    } catch (e) {
      if (e.status !== 401) this.errorEl.textContent = e.message;
    } finally {
      this.sendButton.disabled = false;
    }
  }

  /** @param {any} event */
  onEvent(event) {
    const reply = this.reply(event.message_id, event.reply_to);
    switch (event.type) {
      case 'assistant_queued':
        reply.queuePosition = nextQueuePosition(reply.queuePosition, event.queue_position);
        if (!reply.state) this.render(reply, 'queued', null);
        else if (reply.state === 'queued') this.renderState(reply);
        break;
      case 'assistant_started':
        if (reply.state === 'queued' || !reply.state) this.render(reply, 'processing', null);
        break;
      case 'assistant_delta':
        if (reply.state === 'complete' || reply.state === 'error') break;
        if (appendChunk(reply, event.index, event.text)) this.render(reply, 'streaming', null);
        break;
      case 'assistant_message':
        reply.text = event.text;
        this.render(reply, event.state, event.suggestion || null);
        break;
      default:
    }
  }

  /** @param {string} text @param {string} messageId */
  userItem(text, messageId) {
    return h('li', { class: 'assistant-msg from-user', dataset: { messageId } }, h('span', { class: 'who' }, 'You'),
      h('span', { class: 'assistant-text' }, text));
  }

  /** @param {string} messageId @param {string | null | undefined} replyTo @returns {Reply} */
  reply(messageId, replyTo) {
    let reply = this.replies.get(messageId);
    if (!reply) {
      const textEl = h('span', { class: 'assistant-text' });
      const stateEl = h('span', { class: 'assistant-state' });
      const extraEl = h('div', { class: 'assistant-extra' });
      const el = h('li', { class: 'assistant-msg from-assistant', dataset: { messageId } },
        h('span', { class: 'who' }, 'Assistant'), stateEl, textEl, extraEl);
      reply = { id: messageId, replyTo: replyTo || null, el, textEl, stateEl, extraEl, text: '', nextIndex: 0, state: null,
        queuePosition: null, suggestionShown: false };
      this.replies.set(messageId, reply);
      this.listEl.append(el);
    }
    if (replyTo && !reply.replyTo) reply.replyTo = replyTo;
    return reply;
  }

  /** @param {Reply} reply @param {string} state @param {Suggestion | null} suggestion */
  render(reply, state, suggestion) {
    reply.state = state;
    reply.el.dataset.state = state;
    reply.textEl.textContent = reply.text;
    if (state === 'error' && !reply.extraEl.querySelector('.assistant-retry')) {
      const original = reply.replyTo ? this.userTexts.get(reply.replyTo) : null;
      if (original) {
        reply.extraEl.append(h('button', { type: 'button', class: 'btn btn-small assistant-retry',
          onclick: () => this.send(original) }, 'Retry'));
      }
    }
    if (suggestion && !reply.suggestionShown) {
      reply.suggestionShown = true;
      reply.extraEl.append(this.suggestionCard(suggestion).el);
    }
    this.renderState(reply);
    this.listEl.scrollTop = this.listEl.scrollHeight;
  }

  /**
   * The reply's state label; a queued one says how many replies are ahead of it, as the server last said.
   * @param {Reply} reply
   */
  renderState(reply) {
    if (reply.state) reply.stateEl.textContent = replyStateLabel(reply.state, reply.queuePosition);
  }

  /** @param {Suggestion} suggestion @returns {SuggestionCard} */
  suggestionCard(suggestion) {
    const model = suggestionModel(suggestion);
    const status = h('p', { class: 'muted suggestion-status', role: 'status' });
    const runButton = h('button', { type: 'button', class: 'btn btn-primary suggestion-run' }, 'Run');
    const editButton = h('button', { type: 'button', class: 'btn suggestion-edit' }, 'Edit in builder');
    const discardButton = h('button', { type: 'button', class: 'btn suggestion-discard' }, 'Discard');
    const buttons = h('div', { class: 'btn-row' }, runButton, editButton, discardButton);
    const base = this.base(model.id);
    const el = h('div', { class: 'suggestion-card', dataset: { suggestionId: model.id, decision: model.decision } },
      h('h3', {}, model.title),
      h('ol', { class: 'suggestion-steps' }, ...model.steps.map((step) =>
        h('li', {}, h('code', {}, step.operation), ' ', h('span', { class: 'muted' }, step.argumentsText)))),
      buttons, status);
    /** @type {SuggestionCard} */
    const card = {
      suggestion,
      el,
      decide: (decision, text) => {
        el.dataset.decision = decision;
        buttons.remove();
        status.textContent = text ?? suggestionModel(suggestion, decision).statusText;
      },
    };
    /** @param {any} e @returns {boolean} whether the error was a decision already taken (then shown) */
    const alreadyDecided = (e) => {
      if (e.status !== 409) return false;
      card.decide('superseded', e.message);
      this.loadDecision(card);
      return true;
    };
    runButton.addEventListener('click', async () => {
      runButton.disabled = true;
      try {
        const confirmed = await api(`${base}/confirm`, { method: 'POST' });
        card.decide('confirmed', 'Running: follow it under Runs.');
        this.hooks.onRunStarted(confirmed.run);
      } catch (e) {
        if (!alreadyDecided(e)) { runButton.disabled = false; if (e.status !== 401) toast(e.message); }
      }
    });
    editButton.addEventListener('click', () => this.hooks.onEdit(suggestion, card));
    discardButton.addEventListener('click', async () => {
      try {
        await api(`${base}/discard`, { method: 'POST' });
        card.decide('discarded');
      } catch (e) {
        if (!alreadyDecided(e) && e.status !== 401) toast(e.message);
      }
    });
    this.cards.set(model.id, card);
    return card;
  }
}
