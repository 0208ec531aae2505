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
 * @param {number | null} [position]  1 for the next reply to be written
 * @returns {string}
 */
export function replyStateLabel(state, position = null) {
  if (state === 'queued' && position && position > 1) return `Queued: position ${position}`;
  return STATE_LABELS[state] ?? state;
}

/**
 * Replies of one conversation are written one at a time, in order: a queued reply's position is one more than
 * the unfinished replies before it.
 * @param {{ id: string, state: string | null }[]} replies  oldest first
 * @returns {Map<string, number>} the position of each queued reply
 */
export function queuePositions(replies) {
  /** @type {Map<string, number>} */
  const positions = new Map();
  let ahead = 0;
  for (const reply of replies) {
    if (reply.state === 'queued') positions.set(reply.id, ahead + 1);
    if (reply.state !== 'complete' && reply.state !== 'error') ahead += 1;
  }
  return positions;
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
