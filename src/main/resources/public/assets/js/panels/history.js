// @ts-check
// The conversation's history: every message with its time, older pages on demand, new ones appended as they come.

import { api } from '../api.js';
import { h, clear, timeEl } from '../dom.js';

/**
 * @typedef {object} HistoryMessage
 * @property {number} number
 * @property {string} type
 * @property {string} content
 * @property {string} created_at
 */

export class HistoryPanel {
  /** @param {import('./context.js').PanelContext} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    /** @type {number | null} */
    this.oldestMessage = null;
    /** @type {number | null} */
    this.newestMessage = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    this.listEl = h('ol', { class: 'messages', id: 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
    this.olderButton = h('button', { type: 'button', class: 'btn btn-small', hidden: true, onclick: () => this.loadOlder() },
      'Load earlier messages');
    this.el = h('section', { class: 'panel', 'aria-labelledby': 'messages-title' },
      h('h2', { id: 'messages-title' }, 'History'), this.olderButton, this.listEl);
  }

  /** @param {HistoryMessage} m */
  item(m) {
    return h('li', { class: `msg msg-${m.type}`, dataset: { number: m.number } },
      timeEl(m.created_at), h('span', { class: 'msg-type' }, m.type.replace('_', ' ')), h('span', { class: 'msg-content' }, m.content));
  }

  /** @param {HistoryMessage[]} messages @param {boolean} hasMore */
  show(messages, hasMore) {
    clear(this.listEl);
    this.oldestMessage = messages.length ? messages[0].number : null;
    this.newestMessage = messages.length ? messages[messages.length - 1].number : null;
    if (messages.length === 0) this.listEl.append(h('li', { class: 'muted empty-history' }, 'No messages yet: upload a file to begin.'));
    messages.forEach((m) => this.listEl.append(this.item(m)));
    this.olderButton.hidden = !hasMore;
    this.listEl.scrollTop = this.listEl.scrollHeight;
  }

  async loadOlder() {
    if (this.oldestMessage === null) return;
    const page = await api(this.ctx.path(`/messages?limit=100&before=${this.oldestMessage}`));
    const first = this.listEl.firstChild;
    page.messages.forEach((/** @type {HistoryMessage} */ m) => this.listEl.insertBefore(this.item(m), first));
    if (page.messages.length) this.oldestMessage = page.messages[0].number;
    this.olderButton.hidden = !page.next_before;
  }

  /** Messages are written next to events (sometimes just after them): reload the newest shortly after. */
  scheduleRefresh(delay = 600) {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      try {
        const page = await api(this.ctx.path('/messages?limit=200'));
        if (this.ctx.store.get().closed) return;
        if (this.newestMessage === null) {
          this.show(page.messages, Boolean(page.next_before));
          return;
        }
        // Append only the new ones, so screen readers announce just those (the list is a live region).
        const newest = this.newestMessage;
        const fresh = page.messages.filter((/** @type {HistoryMessage} */ m) => m.number > newest);
        fresh.forEach((/** @type {HistoryMessage} */ m) => this.listEl.append(this.item(m)));
        if (fresh.length) {
          this.newestMessage = fresh[fresh.length - 1].number;
          this.listEl.scrollTop = this.listEl.scrollHeight;
        }
      } catch (e) { /* shown elsewhere */ }
    }, delay);
  }

  close() {
    clearTimeout(this.timer);
  }
}
