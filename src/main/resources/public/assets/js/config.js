// @ts-check
// What the page is told about where it runs (GET /ui-config.json): the local server answers it from its
// configuration; on AWS the stack writes the file next to the UI. Without it the page assumes the local server.

/**
 * @typedef {object} AuthConfig
 * @property {'token' | 'oidc'} mode   token: paste a token or API key; oidc: also "Sign in with <name>"
 * @property {string} [name]           what the sign-in button says (e.g. the Cognito user pool's name)
 * @property {string} [authorize_url]  the issuer's authorization endpoint (Cognito: https://<domain>/oauth2/authorize)
 * @property {string} [token_url]      its token endpoint (PKCE: the code is exchanged there)
 * @property {string} [client_id]
 * @property {string} [scope]
 */
/**
 * @typedef {object} UiConfig
 * @property {'local' | 'api_gateway'} websocket_protocol
 * @property {string | null} websocket_url
 * @property {'multipart' | 'presigned'} upload_flow  multipart: POST .../upload; presigned: PUT to an upload URL (logic/upload.js)
 * @property {AuthConfig} auth
 */

/** @type {UiConfig} */
export const LOCAL_DEFAULTS = { websocket_protocol: 'local', websocket_url: null, upload_flow: 'multipart', auth: { mode: 'token' } };

/** @type {Promise<UiConfig> | null} */
let loading = null;

/**
 * Normalizes what the file says (missing fields take the local defaults).
 * @param {any} json
 * @returns {UiConfig}
 */
export function parseUiConfig(json) {
  if (!json || typeof json !== 'object') return LOCAL_DEFAULTS;
  const url = typeof json.websocket_url === 'string' && json.websocket_url ? json.websocket_url : null;
  const protocol = json.websocket_protocol === 'api_gateway' && url ? 'api_gateway' : 'local';
  const auth = json.auth && typeof json.auth === 'object' && json.auth.mode === 'oidc' ? json.auth : LOCAL_DEFAULTS.auth;
  const uploadFlow = json.upload_flow === 'presigned' ? 'presigned' : 'multipart';
  return { websocket_protocol: protocol, websocket_url: protocol === 'api_gateway' ? url : null, upload_flow: uploadFlow, auth };
}

/** The page's configuration, read once. @returns {Promise<UiConfig>} */
export function uiConfig() {
  if (!loading) {
    loading = fetch('/ui-config.json', { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : null))
      .then(parseUiConfig, () => LOCAL_DEFAULTS);
  }
  return loading;
}
