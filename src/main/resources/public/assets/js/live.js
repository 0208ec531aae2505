// Live events. A conversation channel keeps the last seq it saw: on reconnect it resumes after it, and while
// the WebSocket is down it polls GET .../events?since=N, so no event is lost or applied twice.

import { api, webSocketUrl } from './api.js';

const MAX_BACKOFF_MS = 15000;
const POLL_MS = 2000;
// A socket that opens but never says `connected` (a proxy that swallows frames, a stuck server) counts as lost
// after this long, so the page polls instead of showing "Connecting…" forever.
const CONNECTED_TIMEOUT_MS = 10000;

export class ChatChannel {
  /**
   * @param chatId   the conversation
   * @param since    the last seq already reflected on screen
   * @param onEvent  called once per event, in seq order
   * @param onState  called with 'connecting' | 'live' | 'down'
   */
  constructor(chatId, since, onEvent, onState) {
    this.chatId = chatId;
    this.lastSeq = since || 0;
    this.onEvent = onEvent;
    this.onState = onState;
    this.closed = false;
    this.backoff = 1000;
    this.socket = null;
    this.pollTimer = null;
    this.reconnectTimer = null;
    this.polling = false;
    this.state = null;
    this.connect();
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.onState(state);
    }
  }

  connect() {
    if (this.closed) return;
    if (this.state !== 'down') this.setState('connecting');
    let socket;
    try {
      socket = new WebSocket(webSocketUrl(`/chat/${encodeURIComponent(this.chatId)}`, { since: this.lastSeq }));
    } catch (e) {
      this.lost();
      return;
    }
    this.socket = socket;
    let opened = false;
    const connectedTimer = setTimeout(() => {
      if (opened || this.socket !== socket) return;
      this.socket = null; // its close event, if one ever comes, is then ignored
      try { socket.close(4000, 'no connected frame'); } catch (e) { /* already closing */ }
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.lost();
    }, CONNECTED_TIMEOUT_MS);
    socket.addEventListener('message', (message) => {
      let event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === 'connected') {
        opened = true;
        clearTimeout(connectedTimer);
        this.backoff = 1000;
        this.stopPolling();
        this.setState('live');
        return;
      }
      this.accept(event);
    });
    socket.addEventListener('close', (close) => {
      clearTimeout(connectedTimer);
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      if (close.code === 4404) {
        this.closed = true;
        this.onEvent({ type: 'conversation_gone' });
        return;
      }
      if (!opened) this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.lost();
    });
  }

  /** Applies an event once: anything at or below the last seq was already applied. */
  accept(event) {
    if (typeof event.seq === 'number') {
      if (event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
    }
    if (['pong', 'ack'].includes(event.type)) return;
    this.onEvent(event);
  }

  lost() {
    if (this.closed) return;
    this.setState('down');
    this.startPolling();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), this.backoff);
  }

  startPolling() {
    if (this.pollTimer) return;
    const poll = async () => {
      if (this.closed || this.state === 'live') return;
      if (!this.polling) {
        this.polling = true;
        try {
          let more = true;
          while (more && !this.closed && this.state !== 'live') {
            const page = await api(`/api/v1/chat/workflows/${encodeURIComponent(this.chatId)}/events?since=${this.lastSeq}`);
            page.events.forEach((e) => this.accept(e));
            more = page.has_more && page.events.length > 0;
          }
        } catch (e) {
          if (e.status === 404) this.onEvent({ type: 'conversation_gone' });
        } finally {
          this.polling = false;
        }
      }
    };
    poll();
    this.pollTimer = setInterval(poll, POLL_MS);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  close() {
    this.closed = true;
    this.stopPolling();
    clearTimeout(this.reconnectTimer);
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close(1000, 'leaving');
    }
  }
}

/**
 * The user-wide stream (/events): run status changes of every conversation, for the list's badges; with path
 * '/admin/stream', the admin dashboard's snapshots. A close is reported as a 'disconnected' frame; 4403 (not an
 * admin) is final, anything else reconnects.
 */
export class UserStream {
  constructor(onEvent, path = '/events') {
    this.onEvent = onEvent;
    this.path = path;
    this.closed = false;
    this.backoff = 1000;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    let socket;
    try {
      socket = new WebSocket(webSocketUrl(this.path, {}));
    } catch (e) {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('message', (message) => {
      try {
        const event = JSON.parse(message.data);
        if (event.type === 'connected') this.backoff = 1000;
        this.onEvent(event);
      } catch (e) { /* ignore */ }
    });
    socket.addEventListener('close', (close) => {
      if (this.closed || this.socket !== socket) return;
      this.onEvent({ type: 'disconnected', code: close.code });
      if (close.code === 4403) return;
      this.retry();
    });
  }

  retry() {
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), this.backoff);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000, 'leaving');
  }
}
