// @ts-check
// What every panel of a conversation view shares: its id, the store, and the view's callbacks.

/**
 * @typedef {object} StoredFile
 * @property {string} file_id
 * @property {string} filename
 * @property {string} kind
 * @property {number} size
 * @property {string} [download_url]
 */
/**
 * @typedef {object} ChatState
 * @property {StoredFile[]} files   the conversation's files, oldest first
 * @property {boolean} closed       the view was left: late answers are dropped
 */
/**
 * @typedef {object} PanelContext
 * @property {string} chatId
 * @property {import('../store.js').Store<ChatState>} store
 * @property {(rest?: string) => string} path        a path under the conversation's API
 * @property {() => void} changed                    the conversation changed (the list refreshes)
 * @property {(delay?: number) => void} messagesChanged  new history messages are coming: reload them shortly
 */

export const TABLES = ['xlsx', 'xls', 'csv'];
export const TEXTS = ['json', 'sql', 'txt'];

/** @param {string} name @returns {string} */
export function extension(name) {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** @param {string} chatId @param {string} [rest] @returns {string} */
export function chatPath(chatId, rest = '') {
  return `/api/v1/chat/workflows/${encodeURIComponent(chatId)}${rest}`;
}
