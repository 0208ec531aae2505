// @ts-check
// The live channel's rules without the DOM or a socket: which URL to open and what to say first for each of the
// two WebSocket protocols, what an incoming frame means, events applied once by seq, and the reconnect backoff.

/**
 * What the page was told about its WebSocket (GET /ui-config.json).
 * @typedef {object} SocketConfig
 * @property {'local' | 'api_gateway'} protocol  local: /chat/{id}?since=N answered by `connected`;
 *   api_gateway: one URL with ?chat_id=, nothing sent before the client subscribes
 * @property {string | null} url                 the API Gateway WebSocket URL (api_gateway only; may be relative)
 */

/**
 * @typedef {object} SocketPlan
 * @property {string} url
 * @property {object | null} hello   the first message to send once the socket is open (null: none)
 */

/**
 * @typedef {{ kind: 'connected' } | { kind: 'event', event: any } | { kind: 'send', message: object }
 *   | { kind: 'ignore' }} FrameAction
 */

/**
 * @param {SocketConfig} socket
 * @param {string} chatId
 * @param {number} since     the last seq already applied
 * @param {string | null} token
 * @param {string} pageHref  the page's address (the local endpoint is on the same host)
 * @returns {SocketPlan}
 */
export function socketPlan(socket, chatId, since, token, pageHref) {
  if (socket.protocol === 'api_gateway' && socket.url) {
    // Absolute (wss://...execute-api...) or relative to the page (then on its host, ws: or wss: like the page).
    const url = new URL(socket.url, pageHref);
    if (url.protocol === 'http:' || url.protocol === 'https:') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('chat_id', chatId);
    if (token) url.searchParams.set('token', token);
    // API Gateway cannot send before $connect has answered and ignores ?since=: subscribing asks for the
    // `connected` frame and the replay after the last applied seq.
    return { url: url.toString(), hello: { type: 'subscribe', chat_id: chatId, since } };
  }
  const url = new URL(`/chat/${encodeURIComponent(chatId)}`, pageHref);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('since', String(since));
  if (token) url.searchParams.set('token', token);
  return { url: url.toString(), hello: null };
}

/**
 * What a frame asks of the channel.
 * @param {any} frame  the parsed JSON
 * @returns {FrameAction}
 */
export function frameAction(frame) {
  if (!frame || typeof frame.type !== 'string') return { kind: 'ignore' };
  if (frame.type === 'connected') return { kind: 'connected' };
  if (frame.type === 'pong' || frame.type === 'ack') return { kind: 'ignore' };
  // A replay over API Gateway that ran out of time or events says where to continue.
  if (frame.type === 'error' && typeof frame.resume_since === 'number') {
    return { kind: 'send', message: { type: 'resume', since: frame.resume_since } };
  }
  return { kind: 'event', event: frame };
}

/** Applies events once: anything at or below the last seq was already applied (replays and live can overlap). */
export class SeqCursor {
  /** @param {number} [since] */
  constructor(since) {
    this.lastSeq = since || 0;
  }

  /**
   * @param {{ seq?: number }} event
   * @returns {boolean} whether the event is new (and the cursor moved past it)
   */
  accept(event) {
    if (typeof event.seq !== 'number') return true;
    if (event.seq <= this.lastSeq) return false;
    this.lastSeq = event.seq;
    return true;
  }
}

export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 15000;

/** The reconnect delay: doubles after each failed attempt up to a cap, back to the start once connected. */
export class Backoff {
  /** @param {number} [initial] @param {number} [max] */
  constructor(initial = INITIAL_BACKOFF_MS, max = MAX_BACKOFF_MS) {
    this.initial = initial;
    this.max = max;
    this.delay = initial;
  }

  /** @returns {number} the new delay */
  fail() {
    this.delay = Math.min(this.delay * 2, this.max);
    return this.delay;
  }

  reset() {
    this.delay = this.initial;
  }
}

/**
 * An event API Gateway cut down to its 128 KB message limit (`truncated: true`) is read whole over REST from the
 * page's own origin: the path of that one event, or null for an event that came whole.
 * @param {string} chatId
 * @param {{ seq?: number, truncated?: boolean }} event
 * @returns {string | null}
 */
export function fullEventPath(chatId, event) {
  if (!event.truncated || typeof event.seq !== 'number') return null;
  return `/api/v1/chat/workflows/${encodeURIComponent(chatId)}/events?since=${event.seq - 1}&limit=1`;
}
