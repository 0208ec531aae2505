// The live channel's rules: the URL and first message of each WebSocket protocol, what frames mean, events
// applied once by seq, and the reconnect backoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { socketPlan, frameAction, SeqCursor, Backoff, fullEventPath } from '../../src/main/resources/public/assets/js/logic/channel.js';

const PAGE = 'https://ui.example.com/#/chat/c1';

test('local protocol: /chat/{id} on the page host with since and token, nothing sent first', () => {
  const plan = socketPlan({ protocol: 'local', url: null }, 'c 1', 42, 'tok', 'http://127.0.0.1:5050/#/');
  assert.equal(plan.url, 'ws://127.0.0.1:5050/chat/c%201?since=42&token=tok');
  assert.equal(plan.hello, null);
});

test('local protocol over https uses wss', () => {
  assert.match(socketPlan({ protocol: 'local', url: null }, 'c1', 0, null, PAGE).url, /^wss:\/\/ui\.example\.com\/chat\/c1\?since=0$/);
});

test('api gateway protocol: the configured URL with chat_id and token, and a subscribe with since once open', () => {
  const plan = socketPlan({ protocol: 'api_gateway', url: 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod' }, 'c1', 7, 'jwt', PAGE);
  const url = new URL(plan.url);
  assert.equal(url.origin + url.pathname, 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod');
  assert.equal(url.searchParams.get('chat_id'), 'c1');
  assert.equal(url.searchParams.get('token'), 'jwt');
  assert.equal(url.searchParams.get('since'), null, 'API Gateway ignores since in the URL');
  assert.deepEqual(plan.hello, { type: 'subscribe', chat_id: 'c1', since: 7 });
});

test('api gateway protocol with a URL relative to the page takes the page host and scheme', () => {
  const plan = socketPlan({ protocol: 'api_gateway', url: '/ws/prod' }, 'c1', 0, null, PAGE);
  assert.equal(plan.url, 'wss://ui.example.com/ws/prod?chat_id=c1');
});

test('api gateway protocol without a URL falls back to the local endpoint', () => {
  assert.equal(socketPlan({ protocol: 'api_gateway', url: null }, 'c1', 0, null, PAGE).hello, null);
});

test('frames: connected, pong and ack, a replay cut short asks to resume, anything else is an event', () => {
  assert.deepEqual(frameAction({ type: 'connected', seq: 3 }), { kind: 'connected' });
  assert.deepEqual(frameAction({ type: 'pong' }), { kind: 'ignore' });
  assert.deepEqual(frameAction({ type: 'ack' }), { kind: 'ignore' });
  assert.deepEqual(frameAction(null), { kind: 'ignore' });
  assert.deepEqual(frameAction({ type: 'error', message: 'Replay stopped', resume_since: 2000 }),
    { kind: 'send', message: { type: 'resume', since: 2000 } });
  const progress = { type: 'progress', seq: 5 };
  assert.deepEqual(frameAction(progress), { kind: 'event', event: progress });
  assert.equal(frameAction({ type: 'error', message: 'too large' }).kind, 'event');
});

test('events are applied once: replayed and live copies at or below the last seq are dropped', () => {
  const cursor = new SeqCursor(3);
  const applied = [3, 4, 4, 5, 2, 7, 6, 8].filter((seq) => cursor.accept({ seq }));
  assert.deepEqual(applied, [4, 5, 7, 8]);
  assert.equal(cursor.lastSeq, 8);
  assert.equal(cursor.accept({}), true, 'frames without seq always pass');
});

test('a cursor without a starting seq starts at 0', () => {
  assert.equal(new SeqCursor(undefined).lastSeq, 0);
  assert.equal(new SeqCursor(0).accept({ seq: 1 }), true);
});

test('backoff doubles after each failure up to its cap and starts over once connected', () => {
  const backoff = new Backoff(1000, 15000);
  assert.equal(backoff.delay, 1000);
  assert.deepEqual([1, 2, 3, 4, 5].map(() => backoff.fail()), [2000, 4000, 8000, 15000, 15000]);
  backoff.reset();
  assert.equal(backoff.delay, 1000);
});

test('an event API Gateway cut down is read whole from the events endpoint; whole events need nothing', () => {
  assert.equal(fullEventPath('c 1', { seq: 42, truncated: true, result: null }),
    '/api/v1/chat/workflows/c%201/events?since=41&limit=1');
  assert.equal(fullEventPath('c1', { seq: 42 }), null);
  assert.equal(fullEventPath('c1', { truncated: true }), null);
});
