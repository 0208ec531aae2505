// @ts-check
// Live events. A conversation channel keeps the last seq it saw: on reconnect it resumes after it, and while
// the WebSocket is down it polls GET .../events?since=N, so no event is lost or applied twice. It speaks the local
// endpoint's protocol or API Gateway's (logic/channel.js), as /ui-config.json says.

import { api, session, webSocketUrl } from './api.js';
import { uiConfig } from './config.js';
import { Backoff, SeqCursor, frameAction, fullEventPath, socketPlan } from './logic/channel.js';

const POLL_MS = 2000;
// A socket that opens but never says `connected` (a proxy that swallows frames, a stuck server) counts as lost
// after this long, so the page polls instead of showing "Connecting…" forever.
const CONNECTED_TIMEOUT_MS = 10000;

/** @typedef {'connecting' | 'live' | 'down'} LiveState */

export class ChatChannel {
  /**
   * @param {string} chatId                  the conversation
   * @param {number | null | undefined} since  the last seq already reflected on screen
   * @param {(event: any) => void} onEvent   called once per event, in seq order
   * @param {(state: LiveState) => void} onState
   */
  constructor(chatId, since, onEvent, onState) {
    this.chatId = chatId;
    this.cursor = new SeqCursor(since || 0);
    this.onEvent = onEvent;
    this.onState = onState;
    this.closed = false;
    this.backoff = new Backoff();
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {ReturnType<typeof setInterval> | null} */
    this.pollTimer = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.reconnectTimer = undefined;
    this.polling = false;
    /** @type {LiveState | null} */
    this.state = null;
    /** Socket frames in arrival order (a cut-down event is fetched whole before the next one is applied). */
    this.delivery = Promise.resolve();
    /** @type {import('./logic/channel.js').SocketConfig} */
    this.socketConfig = { protocol: 'local', url: null };
    uiConfig().then((config) => {
      this.socketConfig = { protocol: config.websocket_protocol, url: config.websocket_url };
      this.connect();
    });
  }

  get lastSeq() { return this.cursor.lastSeq; }

  isLive() { return this.state === 'live'; }

  /** @param {LiveState} state */
  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.onState(state);
    }
  }

  connect() {
    if (this.closed) return;
    if (this.state !== 'down') this.setState('connecting');
    const plan = socketPlan(this.socketConfig, this.chatId, this.lastSeq, session.token, window.location.href);
    /** @type {WebSocket} */
    let socket;
    try {
      socket = new WebSocket(plan.url);
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
      this.backoff.fail();
      this.lost();
    }, CONNECTED_TIMEOUT_MS);
    if (plan.hello) {
      const hello = plan.hello;
      // The subscription asks for events after the seq applied when the socket opened (polls may have moved it).
      socket.addEventListener('open', () => socket.send(JSON.stringify({ ...hello, since: this.lastSeq })));
    }
    socket.addEventListener('message', (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      const action = frameAction(frame);
      if (action.kind === 'connected') {
        opened = true;
        clearTimeout(connectedTimer);
        this.backoff.reset();
        this.stopPolling();
        this.setState('live');
      } else if (action.kind === 'send') {
        socket.send(JSON.stringify(action.message));
      } else if (action.kind === 'event') {
        const event = action.event;
        const path = fullEventPath(this.chatId, event);
        // Frames are applied in order; a cut-down event waits for its whole copy (or goes as it is on failure).
        this.delivery = this.delivery.then(async () => {
          if (!path) { this.accept(event); return; }
          try {
            const page = await api(path);
            this.accept(page.events && page.events[0] && page.events[0].seq === event.seq ? page.events[0] : event);
          } catch (e) {
            this.accept(event);
          }
        });
      }
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
      if (!opened) this.backoff.fail();
      this.lost();
    });
  }

  /** Applies an event once: anything at or below the last seq was already applied. @param {any} event */
  accept(event) {
    if (!this.cursor.accept(event)) return;
    if (['pong', 'ack'].includes(event.type)) return;
    this.onEvent(event);
  }

  lost() {
    if (this.closed) return;
    this.setState('down');
    this.startPolling();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.delay);
  }

  startPolling() {
    if (this.pollTimer) return;
    const poll = async () => {
      if (this.closed || this.isLive()) return;
      if (!this.polling) {
        this.polling = true;
        try {
          let more = true;
          while (more && !this.closed && !this.isLive()) {
            const page = await api(`/api/v1/chat/workflows/${encodeURIComponent(this.chatId)}/events?since=${this.lastSeq}`);
            page.events.forEach((/** @type {any} */ e) => this.accept(e));
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
    if (this.pollTimer) clearInterval(this.pollTimer);
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
 * admin) is final, anything else reconnects. API Gateway has no such stream: there the list refreshes as it does
 * without one.
 */
export class UserStream {
  /** @param {(event: any) => void} onEvent @param {string} [path] */
  constructor(onEvent, path = '/events') {
    this.onEvent = onEvent;
    this.path = path;
    this.closed = false;
    this.backoff = new Backoff();
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    uiConfig().then((config) => { if (config.websocket_protocol === 'local') this.connect(); });
  }

  connect() {
    if (this.closed) return;
    /** @type {WebSocket} */
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
        if (event.type === 'connected') this.backoff.reset();
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
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), this.backoff.fail());
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000, 'leaving');
  }
}
