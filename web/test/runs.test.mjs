// Run state merged from REST snapshots and live events: the more advanced state wins, in either order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRun, applyRunEvent, runFromEvent } from '../../src/main/resources/public/assets/js/logic/runs.js';

const snapshot = (status, steps = []) => ({ run_id: 'r1', status, queue_position: null, steps, error: null });

test('an event the run does not know yet creates it queued, and its steps as they come', () => {
  const run = runFromEvent({ type: 'progress', run_id: 'r1', timestamp: 't' });
  assert.equal(run.status, 'queued');
  assert.equal(applyRunEvent(run, { type: 'progress', step_index: 1, operation: 'b', status: 'running', progress: 10 }), true);
  applyRunEvent(run, { type: 'progress', step_index: 0, operation: 'a', status: 'completed', progress: 100, rows_done: 5 });
  assert.equal(run.status, 'running');
  assert.deepEqual(run.steps.map((s) => [s.index, s.status, s.progress]), [[0, 'completed', 100], [1, 'running', 10]]);
  assert.equal(run.steps[0].rows_done, 5);
});

test('a stale snapshot does not move a run or a step back', () => {
  const run = snapshot('running', [{ index: 0, operation: 'a', status: 'running', progress: 60 }]);
  mergeRun(run, snapshot('queued', [{ index: 0, operation: 'a', status: 'running', progress: 20, step_id: 's0', output_files: [] }]));
  assert.equal(run.status, 'running');
  assert.equal(run.steps[0].progress, 60);
  assert.equal(run.steps[0].step_id, 's0', 'ids the events lacked are taken from the snapshot');
});

test('a newer snapshot wins, and keeps output files the events already showed', () => {
  const run = snapshot('running', [{ index: 0, operation: 'a', status: 'running', progress: 60, output_files: [{ file_id: 'f', filename: 'o.csv' }] }]);
  mergeRun(run, { ...snapshot('completed', [{ index: 0, operation: 'a', status: 'completed', progress: 100, output_files: [{ file_id: 'f', filename: 'o.csv' }] }]), links: { self: '/x' } });
  assert.equal(run.status, 'completed');
  assert.equal(run.steps[0].status, 'completed');
  assert.deepEqual(run.links, { self: '/x' });
});

test('the queue position shows only while queued; an end event fixes the status and the error', () => {
  const run = snapshot('queued');
  applyRunEvent(run, { type: 'workflow_queued', queue_position: 3 });
  assert.equal(run.queue_position, 3);
  applyRunEvent(run, { type: 'workflow_started' });
  assert.equal(run.status, 'running');
  assert.equal(run.queue_position, null);
  applyRunEvent(run, { type: 'workflow_queued', queue_position: 2 });
  assert.equal(run.queue_position, null, 'a late queued event does not bring the position back');
  applyRunEvent(run, { type: 'workflow_failed', error: 'boom' });
  assert.equal(run.status, 'failed');
  assert.equal(run.error, 'boom');
  mergeRun(run, snapshot('running'));
  assert.equal(run.status, 'failed', 'a late snapshot does not revive an ended run');
});

test('step results carry the output files; unknown events change nothing', () => {
  const run = snapshot('running');
  applyRunEvent(run, { type: 'step_result', step_index: 0, operation: 'a', output_files: [{ file_id: 'f1', filename: 'x.csv' }] });
  assert.deepEqual(run.steps[0].output_files, [{ file_id: 'f1', filename: 'x.csv' }]);
  assert.equal(applyRunEvent(run, { type: 'file_uploaded' }), false);
});
