// @ts-check
// REST client: every call carries the session's token in the Authorization header (REST ignores ?token=).

import { uiConfig } from './config.js';
import { multipartPath, startPath, startBody, putRequest, completePath, putFailureMessage } from './logic/upload.js';

const TOKEN_KEY = 'sheetflow.token';
/** @type {{ unauthorized: (() => void)[] }} */
const listeners = { unauthorized: [] };

export class ApiError extends Error {
  /** @param {number} status @param {string} message @param {any} body the response's JSON (null if none) */
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  /** True when the server runs without authentication (no token needed). */
  open: false,
};

/** @param {() => void} fn */
export function onUnauthorized(fn) { listeners.unauthorized.push(fn); }

/** @param {Record<string, string>} [extra] @returns {Record<string, string>} */
function authHeaders(extra = {}) {
  /** @type {Record<string, string>} */
  const headers = { ...extra };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  return headers;
}

/** @param {number} status @param {any} body @param {string} [fallback] */
function errorMessage(status, body, fallback) {
  if (body && typeof body.message === 'string' && body.message) return body.message;
  if (status === 413) return 'The file is too large for this server.';
  if (status === 415) return 'This file type is not supported. Use .xlsx, .xls, .csv or .json.';
  return fallback || `Request failed (HTTP ${status})`;
}

/**
 * Calls the API and returns the envelope's data; throws ApiError with the server's message otherwise.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, token?: string | null }} [options]  token: this one instead of the session's
 * @returns {Promise<any>}
 */
export async function api(path, { method = 'GET', body, token } = {}) {
  /** @type {Record<string, string>} */
  const headers = token !== undefined ? (token ? { Authorization: `Bearer ${token}` } : {}) : authHeaders();
  /** @type {RequestInit} */
  const init = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached. Check that Sheetflow is running.', null);
  }
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  if (response.status === 401 && token === undefined) {
    listeners.unauthorized.forEach((fn) => fn());
  }
  if (!response.ok) {
    throw new ApiError(response.status, errorMessage(response.status, json), json);
  }
  return json ? json.data : null;
}

/**
 * Sends one request with XMLHttpRequest (for upload progress; onProgress gets 0..100) and answers its status and
 * JSON body (null if none); status 0 when no answer came.
 * @param {string} method @param {string} url @param {Record<string, string>} headers @param {Blob | FormData} body
 * @param {(percent: number) => void} onProgress
 * @returns {Promise<{ status: number, json: any }>}
 */
function sendWithProgress(method, url, headers, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    });
    xhr.addEventListener('load', () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch (e) { json = null; }
      resolve({ status: xhr.status, json });
    });
    xhr.addEventListener('error', () => resolve({ status: 0, json: null }));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'Upload cancelled', null)));
    xhr.send(body);
  });
}

/**
 * Uploads one file by the flow /ui-config.json names (logic/upload.js): multipart through the API, or presigned
 * (start, PUT the bytes to the upload URL, complete). Answers the stored file as the API describes it.
 * @param {string} chatId @param {File} file @param {(percent: number) => void} onProgress
 * @returns {Promise<any>}
 */
export async function uploadFile(chatId, file, onProgress) {
  const config = await uiConfig();
  if (config.upload_flow === 'presigned') {
    /** @type {import('./logic/upload.js').UploadTicket} */
    const ticket = await api(startPath(chatId), { method: 'POST', body: startBody(file) });
    const put = putRequest(ticket);
    const sent = await sendWithProgress(put.method, put.url, put.headers, file, onProgress);
    if (sent.status < 200 || sent.status >= 300) throw new ApiError(sent.status, putFailureMessage(sent.status), null);
    return api(completePath(chatId, ticket), { method: 'POST' });
  }
  const form = new FormData();
  form.append('file', file, file.name);
  const { status, json } = await sendWithProgress('POST', multipartPath(chatId), authHeaders(), form, onProgress);
  if (status === 401) listeners.unauthorized.forEach((fn) => fn());
  if (status === 0) {
    throw new ApiError(0, 'The upload was interrupted (the connection closed). The file may be larger than the server accepts.', null);
  }
  if (status < 200 || status >= 300) throw new ApiError(status, errorMessage(status, json), json);
  return json ? json.data : null;
}

/** Downloads a stored file: fetched with the Authorization header, then saved from a blob. */
/** @param {string} url @param {string} filename */
export async function downloadFile(url, filename) {
  const response = await fetch(url, { headers: authHeaders() });
  if (response.status === 401) listeners.unauthorized.forEach((fn) => fn());
  if (!response.ok) {
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    throw new ApiError(response.status, errorMessage(response.status, json, 'Download failed'), json);
  }
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60000);
}

/** @param {string} path @param {Record<string, unknown>} params */
export function webSocketUrl(path, params) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  if (session.token) url.searchParams.set('token', session.token);
  return url.toString();
}
