// @ts-check
// One small shared store per conversation view: panels read the state, change it with update() and hear about
// every change through subscribe(). No framework: the state is a plain object replaced on each update.

/**
 * @template S
 * @typedef {object} Store
 * @property {() => S} get                                the current state
 * @property {(change: Partial<S> | ((state: S) => Partial<S>)) => void} update  merges a change and notifies
 * @property {(listener: (state: S, previous: S) => void) => () => void} subscribe  returns the unsubscribe
 */

/**
 * @template S
 * @param {S} initial
 * @returns {Store<S>}
 */
export function createStore(initial) {
  let state = initial;
  /** @type {Set<(state: S, previous: S) => void>} */
  const listeners = new Set();
  return {
    get: () => state,
    update(change) {
      const previous = state;
      const partial = typeof change === 'function' ? change(state) : change;
      state = { ...state, ...partial };
      listeners.forEach((listener) => listener(state, previous));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
  };
}
