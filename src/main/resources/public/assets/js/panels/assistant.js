// @ts-check
// The assistant panel: a message box, replies as they stream (assistant_* events), suggestion cards with Run and
// Discard, message states, and a retry for a reply that ended in error.

import { api } from '../api.js';
import { h, clear, toast } from '../dom.js';
import { appendChunk } from '../logic/suggestion.js';

export { appendChunk };

const STATE_LABELS = { queued: 'Queued', processing: 'Thinking…', streaming: 'Writing…', complete: '', error: 'Error' };

export class AssistantPanel {
  constructor(chatId, { onRunStarted }) {
    this.chatId = chatId;
    this.onRunStarted = onRunStarted;
    this.replies = new Map();
    this.userTexts = new Map();
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

  /** Earlier user and assistant messages, oldest first (from the conversation's history). */
  show(messages) {
    clear(this.listEl);
    this.replies.clear();
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
        const meta = m.metadata || {};
        this.render(reply, m.state || 'complete', meta.suggestion || null);
      }
    }
  }

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
      if (!reply.state) this.render(reply, 'queued', null);
    } catch (e) {
      if (e.status !== 401) this.errorEl.textContent = e.message;
    } finally {
      this.sendButton.disabled = false;
    }
  }

  onEvent(event) {
    const reply = this.reply(event.message_id, event.reply_to);
    switch (event.type) {
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

  userItem(text, messageId) {
    return h('li', { class: 'assistant-msg from-user', dataset: { messageId } }, h('span', { class: 'who' }, 'You'),
      h('span', { class: 'assistant-text' }, text));
  }

  reply(messageId, replyTo) {
    let reply = this.replies.get(messageId);
    if (!reply) {
      const textEl = h('span', { class: 'assistant-text' });
      const stateEl = h('span', { class: 'assistant-state' });
      const extraEl = h('div', { class: 'assistant-extra' });
      const el = h('li', { class: 'assistant-msg from-assistant', dataset: { messageId } },
        h('span', { class: 'who' }, 'Assistant'), stateEl, textEl, extraEl);
      reply = { id: messageId, replyTo: replyTo || null, el, textEl, stateEl, extraEl, text: '', nextIndex: 0, state: null,
        suggestionShown: false };
      this.replies.set(messageId, reply);
      this.listEl.append(el);
    }
    if (replyTo && !reply.replyTo) reply.replyTo = replyTo;
    return reply;
  }

  render(reply, state, suggestion) {
    reply.state = state;
    reply.el.dataset.state = state;
    reply.stateEl.textContent = STATE_LABELS[state] ?? state;
    reply.textEl.textContent = reply.text;
    if (state === 'error' && !reply.extraEl.firstChild) {
      const original = reply.replyTo ? this.userTexts.get(reply.replyTo) : null;
      if (original) {
        reply.extraEl.append(h('button', { type: 'button', class: 'btn btn-small assistant-retry',
          onclick: () => this.send(original) }, 'Retry'));
      }
    }
    if (suggestion && !reply.suggestionShown) {
      reply.suggestionShown = true;
      reply.extraEl.append(this.suggestionCard(suggestion));
    }
    this.listEl.scrollTop = this.listEl.scrollHeight;
  }

  suggestionCard(suggestion) {
    const status = h('p', { class: 'muted suggestion-status', role: 'status' });
    const runButton = h('button', { type: 'button', class: 'btn btn-primary suggestion-run' }, 'Run');
    const discardButton = h('button', { type: 'button', class: 'btn suggestion-discard' }, 'Discard');
    const base = `/api/v1/chat/workflows/${this.chatId}/suggestions/${suggestion.suggestion_id}`;
    const decided = (text) => {
      runButton.disabled = true;
      discardButton.disabled = true;
      status.textContent = text;
    };
    runButton.addEventListener('click', async () => {
      runButton.disabled = true;
      try {
        const confirmed = await api(`${base}/confirm`, { method: 'POST' });
        decided('Running: follow it under Runs.');
        this.onRunStarted(confirmed.run);
      } catch (e) {
        if (e.status === 409) decided(e.message);
        else { runButton.disabled = false; if (e.status !== 401) toast(e.message); }
      }
    });
    discardButton.addEventListener('click', async () => {
      try {
        await api(`${base}/discard`, { method: 'POST' });
        decided('Discarded.');
      } catch (e) {
        if (e.status === 409) decided(e.message);
        else if (e.status !== 401) toast(e.message);
      }
    });
    return h('div', { class: 'suggestion-card', dataset: { suggestionId: suggestion.suggestion_id } },
      h('h3', {}, 'Suggested workflow'),
      h('ol', { class: 'suggestion-steps' }, ...(suggestion.steps || []).map((step) =>
        h('li', {}, h('code', {}, step.operation), ' ', h('span', { class: 'muted' }, JSON.stringify(step.arguments))))),
      h('div', { class: 'btn-row' }, runButton, discardButton), status);
  }
}
