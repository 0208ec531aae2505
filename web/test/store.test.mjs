import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../src/main/resources/public/assets/js/store.js';
import { parseUiConfig } from '../../src/main/resources/public/assets/js/config.js';

test('the store merges updates and tells subscribers the new and the previous state', () => {
  const store = createStore({ files: [], closed: false });
  const seen = [];
  const stop = store.subscribe((state, previous) => seen.push([state.files.length, previous.files.length]));
  store.update({ files: [1] });
  store.update((s) => ({ files: [...s.files, 2] }));
  stop();
  store.update({ closed: true });
  assert.deepEqual(seen, [[1, 0], [2, 1]]);
  assert.deepEqual(store.get(), { files: [1, 2], closed: true });
});

test('the UI config: API Gateway only with a URL, everything missing takes the local defaults', () => {
  assert.deepEqual(parseUiConfig(null), { websocket_protocol: 'local', websocket_url: null, upload_flow: 'multipart', auth: { mode: 'token' } });
  assert.equal(parseUiConfig({ websocket_protocol: 'api_gateway' }).websocket_protocol, 'local');
  const aws = parseUiConfig({ websocket_protocol: 'api_gateway', websocket_url: 'wss://x/prod',
    auth: { mode: 'oidc', authorize_url: 'https://d/oauth2/authorize', client_id: 'c' } });
  assert.equal(aws.websocket_protocol, 'api_gateway');
  assert.equal(aws.websocket_url, 'wss://x/prod');
  assert.equal(aws.auth.mode, 'oidc');
});

test('the UI config: uploads are presigned only when it says so', () => {
  assert.equal(parseUiConfig({ upload_flow: 'presigned' }).upload_flow, 'presigned');
  assert.equal(parseUiConfig({ upload_flow: 'chunked' }).upload_flow, 'multipart');
  assert.equal(parseUiConfig({}).upload_flow, 'multipart');
});
