// @ts-check
// The assistant thread's pure parts: a suggestion card as a plain structure (what it says, which buttons it has,
// given the decision on it), a reply's state label with its place in the conversation's queue, and chunk order.

/**
 * @typedef {object} SuggestedStep
 * @property {string} operation
 * @property {Record<string, unknown>} [arguments]
 */
/**
 * @typedef {object} Suggestion
 * @property {string} suggestion_id
 * @property {string} [intent]
 * @property {SuggestedStep[]} [steps]
 * @property {string} [input_file_id]
 */
/** @typedef {'pending' | 'confirmed' | 'discarded' | 'superseded'} Decision */
/**
 * @typedef {object} SuggestionModel
 * @property {string} id
 * @property {string} title
 * @property {{ operation: string, argumentsText: string }[]} steps
 * @property {Decision} decision
 * @property {string} statusText   empty while pending
 * @property {('run' | 'edit' | 'discard')[]} actions  the buttons shown: none once decided
 */

/** @type {Record<Decision, string>} */
const DECIDED_TEXT = {
  pending: '',
  confirmed: 'Confirmed: follow the run under Runs.',
  discarded: 'Discarded.',
  superseded: 'Replaced by a newer suggestion.',
};

/**
 * @param {Suggestion} suggestion
 * @param {Decision} [decision]
 * @param {string | null} [runId]  the run a confirmed suggestion became
 * @returns {SuggestionModel}
 */
export function suggestionModel(suggestion, decision = 'pending', runId = null) {
  const known = /** @type {Decision} */ (decision in DECIDED_TEXT ? decision : 'pending');
  return {
    id: suggestion.suggestion_id,
    title: 'Suggested workflow',
    steps: (suggestion.steps || []).map((step) => ({
      operation: step.operation,
      argumentsText: JSON.stringify(step.arguments ?? {}),
    })),
    decision: known,
    statusText: known === 'confirmed' && runId ? `Confirmed: run ${runId.slice(0, 8)} under Runs.` : DECIDED_TEXT[known],
    actions: known === 'pending' ? ['run', 'edit', 'discard'] : [],
  };
}

/** @type {Record<string, string>} */
const STATE_LABELS = { queued: 'Queued', processing: 'Thinking…', streaming: 'Writing…', complete: '', error: 'Error' };

/**
 * @param {string} state
 * @param {number | null} [queuePosition]  the server's queue_position: replies of the conversation ahead of it
 * @returns {string}
 */
export function replyStateLabel(state, queuePosition = null) {
  if (state === 'queued' && queuePosition && queuePosition > 0) {
    return `Queued: ${queuePosition} ${queuePosition === 1 ? 'reply' : 'replies'} ahead`;
  }
  return STATE_LABELS[state] ?? state;
}

/**
 * The queue position a reply shows, from what the server said last: a REST view or an assistant_queued event
 * carries it; an event replayed out of date (a lower seq was applied later) never raises it again, since a
 * reply only moves up.
 * @param {number | null} known
 * @param {unknown} reported
 * @returns {number | null}
 */
export function nextQueuePosition(known, reported) {
  if (typeof reported !== 'number' || reported < 0) return known;
  return known === null ? reported : Math.min(known, reported);
}

/**
 * The text a reply shows, from its chunks: only the next expected index is appended (replays may repeat).
 * @param {{ text: string, nextIndex: number | null }} reply  changed in place
 * @param {number} index
 * @param {string} text
 * @returns {boolean} whether the chunk was appended
 */
export function appendChunk(reply, index, text) {
  if (reply.nextIndex !== null && index !== reply.nextIndex) return false;
  reply.text += text;
  reply.nextIndex = index + 1;
  return true;
}
