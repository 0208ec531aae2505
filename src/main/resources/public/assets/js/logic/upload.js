// @ts-check
// Uploads without the DOM or a request: which of the two flows the page uses and what each request of the
// presigned one is. multipart: one POST of the file to .../upload through the API (the local server).
// presigned (on AWS, where API Gateway and Lambda cap a request body at 10 and 6 MB): POST .../uploads with the
// name and size, PUT the bytes to the upload URL it answers (S3 itself) with the headers it names, then POST
// .../uploads/{file_id}/complete, which checks the object and records the file.

const CHATS = '/api/v1/chat/workflows';

/**
 * What POST .../uploads answers.
 * @typedef {object} UploadTicket
 * @property {string} file_id
 * @property {string} upload_url
 * @property {string} method
 * @property {Record<string, string>} [headers]
 * @property {string} [complete_url]
 */

/** @param {string} chatId */
export function multipartPath(chatId) {
  return `${CHATS}/${encodeURIComponent(chatId)}/upload`;
}

/** @param {string} chatId */
export function startPath(chatId) {
  return `${CHATS}/${encodeURIComponent(chatId)}/uploads`;
}

/** What the server checks before it hands out an upload URL. @param {{ name: string, size: number }} file */
export function startBody(file) {
  return { filename: file.name, size: file.size };
}

/**
 * The PUT of the bytes as the ticket says (no Authorization header: the URL carries its own signature).
 * @param {UploadTicket} ticket
 * @returns {{ method: string, url: string, headers: Record<string, string> }}
 */
export function putRequest(ticket) {
  if (!ticket || typeof ticket.upload_url !== 'string' || !ticket.upload_url) {
    throw new Error('The server answered no upload_url');
  }
  const method = (ticket.method || 'PUT').toUpperCase();
  if (method !== 'PUT') throw new Error(`The server asked for an upload by ${method}; this page PUTs`);
  return { method, url: ticket.upload_url, headers: { ...(ticket.headers || {}) } };
}

/**
 * Where the page completes the upload: on its own origin under /api/* (the ticket's complete_url names the API's
 * own host, which a page behind CloudFront would have to reach cross-origin).
 * @param {string} chatId @param {UploadTicket} ticket
 */
export function completePath(chatId, ticket) {
  return `${startPath(chatId)}/${encodeURIComponent(ticket.file_id)}/complete`;
}

/** What a failed PUT to the upload URL means. @param {number} status 0: no answer (network, CORS) */
export function putFailureMessage(status) {
  if (status === 0) return 'The file could not be sent to the storage service (connection or CORS refused).';
  if (status === 403) return 'The storage service refused the upload (the upload URL expired or did not match). Try again.';
  if (status === 413 || status === 400) return `The storage service refused the file (HTTP ${status}).`;
  return `The storage service answered HTTP ${status}.`;
}
