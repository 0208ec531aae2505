// The upload flows' requests: multipart through the API, or presigned (start, PUT to the URL, complete on the page's origin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multipartPath, startPath, startBody, putRequest, completePath, putFailureMessage } from '../../src/main/resources/public/assets/js/logic/upload.js';

const TICKET = {
  file_id: 'f 1',
  upload_url: 'https://files.s3.eu-west-1.amazonaws.com/chats/c1/uploads/f1?X-Amz-Signature=abc',
  method: 'PUT',
  headers: { 'Content-Type': 'text/csv' },
  complete_url: 'https://abc.execute-api.eu-west-1.amazonaws.com/api/v1/chat/workflows/c1/uploads/f1/complete',
};

test('multipart posts to the conversation upload endpoint', () => {
  assert.equal(multipartPath('c 1'), '/api/v1/chat/workflows/c%201/upload');
});

test('presigned: the start declares the name and size of the file', () => {
  assert.equal(startPath('c1'), '/api/v1/chat/workflows/c1/uploads');
  assert.deepEqual(startBody({ name: 'people.csv', size: 1234 }), { filename: 'people.csv', size: 1234 });
});

test('presigned: the PUT goes to the upload URL with exactly the headers the ticket names', () => {
  const put = putRequest(TICKET);
  assert.equal(put.method, 'PUT');
  assert.equal(put.url, TICKET.upload_url);
  assert.deepEqual(put.headers, { 'Content-Type': 'text/csv' });
  assert.notEqual(put.headers, TICKET.headers, 'a copy');
});

test('presigned: a ticket without a URL or with another method is refused', () => {
  assert.throws(() => putRequest({ ...TICKET, upload_url: '' }), /upload_url/);
  assert.throws(() => putRequest({ ...TICKET, method: 'POST' }), /POST/);
});

test('presigned: complete is called on the page origin, not the ticket host', () => {
  assert.equal(completePath('c1', TICKET), '/api/v1/chat/workflows/c1/uploads/f%201/complete');
});

test('presigned: a refused PUT says what happened', () => {
  assert.match(putFailureMessage(0), /CORS/);
  assert.match(putFailureMessage(403), /expired/);
  assert.match(putFailureMessage(500), /HTTP 500/);
});
