// @ts-check
// Run state from REST snapshots and live events, without the DOM: a snapshot and the events that already arrived
// are merged so that the more advanced state wins, whatever order they come in.

/**
 * @typedef {object} OutputFile
 * @property {string} file_id
 * @property {string} filename
 * @property {number} [size]
 * @property {string} [kind]
 * @property {string} [download_url]
 */
/**
 * @typedef {object} Step
 * @property {number} index
 * @property {string} [step_id]
 * @property {string} operation
 * @property {string} status
 * @property {number} progress
 * @property {number | null} [rows_done]
 * @property {number | null} [rows_total]
 * @property {OutputFile[]} [output_files]
 * @property {unknown} [result]
 * @property {string} [message]
 * @property {string} [error]
 */
/**
 * @typedef {object} Run
 * @property {string} run_id
 * @property {string} status
 * @property {number | null} [queue_position]
 * @property {Step[]} steps
 * @property {string | null} [error]
 * @property {string} [created_at]
 * @property {Record<string, string>} [links]
 */
/**
 * An event of the conversation's log (the fields a run event may carry).
 * @typedef {object} ChatEvent
 * @property {string} type
 * @property {number} [seq]
 * @property {string} [run_id]
 * @property {string} [timestamp]
 * @property {number} [step_index]
 * @property {string} [step_id]
 * @property {string} [operation]
 * @property {string} [status]
 * @property {number} [progress]
 * @property {string} [message]
 * @property {number | null} [rows_done]
 * @property {number | null} [rows_total]
 * @property {number | null} [queue_position]
 * @property {OutputFile[]} [output_files]
 * @property {unknown} [result]
 * @property {string} [error]
 */

export const TERMINAL = ['completed', 'failed', 'cancelled'];
/** @type {Record<string, number>} */
export const RUN_RANK = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2 };
/** @type {Record<string, number>} */
export const STEP_RANK = { pending: 0, running: 1, completed: 2, failed: 2, cancelled: 2, skipped: 2 };

/** @param {Record<string, number>} ranks @param {string} status */
const rank = (ranks, status) => ranks[status] ?? 0;

/**
 * Merges a run snapshot (from REST) into what events already showed: the more advanced state wins.
 * @param {Run} known   changed in place
 * @param {Run} snapshot
 * @returns {Run} known
 */
export function mergeRun(known, snapshot) {
  if (rank(RUN_RANK, snapshot.status) >= rank(RUN_RANK, known.status)) {
    known.status = snapshot.status;
    known.queue_position = snapshot.queue_position;
    known.error = snapshot.error;
  }
  known.links = snapshot.links || known.links;
  (snapshot.steps || []).forEach((s) => {
    const mine = known.steps.find((x) => x.index === s.index);
    if (!mine) { known.steps.push(s); return; }
    const newer = rank(STEP_RANK, s.status) > rank(STEP_RANK, mine.status)
      || (rank(STEP_RANK, s.status) === rank(STEP_RANK, mine.status) && s.progress >= mine.progress);
    if (newer) Object.assign(mine, s);
    else {
      mine.step_id = mine.step_id || s.step_id;
      if (!mine.output_files || mine.output_files.length === 0) mine.output_files = s.output_files;
    }
  });
  known.steps.sort((a, b) => a.index - b.index);
  return known;
}

/**
 * The run an event names before its snapshot arrived.
 * @param {ChatEvent} event
 * @returns {Run}
 */
export function runFromEvent(event) {
  return { run_id: String(event.run_id), status: 'queued', queue_position: null, steps: [], error: null,
    created_at: event.timestamp };
}

/**
 * @param {Run} run
 * @param {ChatEvent} event
 * @returns {Step}
 */
export function stepFor(run, event) {
  const index = Number(event.step_index);
  let step = run.steps.find((s) => s.index === index);
  if (!step) {
    step = { index, step_id: event.step_id, operation: String(event.operation), status: 'pending', progress: 0,
      rows_done: null, rows_total: null, output_files: [] };
    run.steps.push(step);
    run.steps.sort((a, b) => a.index - b.index);
  }
  return step;
}

/**
 * Applies one run event to the run (in place).
 * @param {Run} run
 * @param {ChatEvent} event
 * @returns {boolean} whether it was a run event (the card then shows the new state)
 */
export function applyRunEvent(run, event) {
  switch (event.type) {
    case 'workflow_queued':
      if (rank(RUN_RANK, run.status) === 0) run.queue_position = event.queue_position;
      return true;
    case 'workflow_started':
      if (rank(RUN_RANK, run.status) < 1) run.status = 'running';
      run.queue_position = null;
      return true;
    case 'progress': {
      if (rank(RUN_RANK, run.status) < 1) run.status = 'running';
      run.queue_position = null;
      const step = stepFor(run, event);
      if (typeof event.progress === 'number' && event.progress >= 0) step.progress = event.progress;
      step.status = event.status || step.status;
      step.message = event.message;
      if (event.rows_done !== null && event.rows_done !== undefined) step.rows_done = event.rows_done;
      if (event.rows_total !== null && event.rows_total !== undefined) step.rows_total = event.rows_total;
      return true;
    }
    case 'step_result': {
      const step = stepFor(run, event);
      step.output_files = event.output_files || [];
      step.result = event.result;
      return true;
    }
    case 'workflow_completed':
    case 'workflow_failed':
    case 'workflow_cancelled':
      run.status = event.type.replace('workflow_', '');
      run.queue_position = null;
      if (event.error) run.error = event.error;
      return true;
    default:
      return false;
  }
}
