// The assistant thread's pure parts: suggestion cards as plain structures, reply states with queue positions,
// and streamed chunks in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestionModel, replyStateLabel, nextQueuePosition, appendChunk }
  from '../../src/main/resources/public/assets/js/logic/suggestion.js';

const suggestion = { suggestion_id: 's-123456789', steps: [
  { operation: 'extraction/columns', arguments: { columns: ['email'] } },
  { operation: 'conversion/csv' },
] };

test('a pending suggestion renders its steps with Run, Edit and Discard', () => {
  assert.deepEqual(suggestionModel(suggestion), {
    id: 's-123456789',
    title: 'Suggested workflow',
    steps: [
      { operation: 'extraction/columns', argumentsText: '{"columns":["email"]}' },
      { operation: 'conversion/csv', argumentsText: '{}' },
    ],
    decision: 'pending',
    statusText: '',
    actions: ['run', 'edit', 'discard'],
  });
});

test('a decided suggestion (e.g. after a reload) has no buttons and says what was decided', () => {
  const confirmed = suggestionModel(suggestion, 'confirmed', 'abcdef0123');
  assert.deepEqual(confirmed.actions, []);
  assert.equal(confirmed.statusText, 'Confirmed: run abcdef01 under Runs.');
  assert.equal(suggestionModel(suggestion, 'discarded').statusText, 'Discarded.');
  assert.equal(suggestionModel(suggestion, 'superseded').statusText, 'Replaced by a newer suggestion.');
  assert.deepEqual(suggestionModel(suggestion, 'superseded').actions, []);
});

test('an unknown decision is treated as pending; a suggestion without steps has none', () => {
  const model = suggestionModel({ suggestion_id: 'x' }, /** @type {any} */ ('weird'));
  assert.equal(model.decision, 'pending');
  assert.deepEqual(model.steps, []);
});

test("a queued reply's label shows the server's queue position, which only moves up", () => {
  assert.equal(replyStateLabel('queued', 2), 'Queued: 2 replies ahead');
  assert.equal(replyStateLabel('queued', 1), 'Queued: 1 reply ahead');
  assert.equal(replyStateLabel('queued', 0), 'Queued');
  assert.equal(replyStateLabel('queued', null), 'Queued');
  assert.equal(nextQueuePosition(null, 2), 2, 'the first report is taken');
  assert.equal(nextQueuePosition(2, 1), 1, 'a reply ahead ended');
  assert.equal(nextQueuePosition(1, 2), 1, 'an older report replayed later does not move it back');
  assert.equal(nextQueuePosition(1, undefined), 1, 'a view without a position keeps the known one');
  assert.equal(nextQueuePosition(null, null), null);
  assert.equal(replyStateLabel('streaming'), 'Writing…');
  assert.equal(replyStateLabel('error'), 'Error');
  assert.equal(replyStateLabel('complete'), '');
});

test('chunks are appended in index order only; a replayed chunk is ignored', () => {
  const reply = { text: '', nextIndex: 0 };
  assert.equal(appendChunk(reply, 0, 'Hel'), true);
  assert.equal(appendChunk(reply, 0, 'Hel'), false);
  assert.equal(appendChunk(reply, 2, '!'), false);
  assert.equal(appendChunk(reply, 1, 'lo'), true);
  assert.equal(reply.text, 'Hello');
  const reloaded = { text: 'Hello', nextIndex: null };
  assert.equal(appendChunk(reloaded, 5, ' world'), true, 'after a reload the next live chunk is taken whatever its index');
  assert.equal(reloaded.nextIndex, 6);
});
