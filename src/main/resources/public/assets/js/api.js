// @ts-check
// REST client: every call carries the session's token in the Authorization header (REST ignores ?token=).

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

/** Uploads one file with XMLHttpRequest (for upload progress). onProgress gets 0..100. */
/**
 * @param {string} chatId @param {File} file @param {(percent: number) => void} onProgress
 * @returns {Promise<any>}
 */
export function uploadFile(chatId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/chat/workflows/${encodeURIComponent(chatId)}/upload`);
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    });
    xhr.addEventListener('load', () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch (e) { json = null; }
      if (xhr.status === 401) listeners.unauthorized.forEach((fn) => fn());
      if (xhr.status >= 200 && xhr.status < 300) resolve(json ? json.data : null);
      else reject(new ApiError(xhr.status, errorMessage(xhr.status, json), json));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0,
      'The upload was interrupted (the connection closed). The file may be larger than the server accepts.', null)));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'Upload cancelled', null)));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
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
