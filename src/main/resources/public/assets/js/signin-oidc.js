// @ts-check
// Sign-in with an OpenID Connect issuer's hosted page (on AWS: a Cognito user pool's hosted UI), by the
// authorization-code flow with PKCE: the page sends the browser to the issuer, gets ?code= back, exchanges it
// (with the verifier only this tab knows) for tokens and signs in with the ID token. Shown only when
// /ui-config.json says `"auth": {"mode": "oidc", ...}`; pasting a token keeps working beside it.

import { session } from './api.js';
import { h } from './dom.js';
import { uiConfig } from './config.js';

const PENDING_KEY = 'sheetflow.oidc';

/** @param {Uint8Array} bytes */
function base64Url(bytes) {
  let text = '';
  bytes.forEach((b) => { text += String.fromCharCode(b); });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function redirectUri() {
  return `${window.location.origin}${window.location.pathname}`;
}

/** @param {import('./config.js').AuthConfig} auth */
async function begin(auth) {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(String(auth.authorize_url));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', String(auth.client_id));
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('scope', auth.scope || 'openid email');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', challenge);
  window.location.assign(url.toString());
}

/** A "Sign in with …" button for the sign-in form, once the config says there is an issuer. @param {HTMLElement} form */
export function addOidcButton(form) {
  uiConfig().then((config) => {
    const auth = config.auth;
    if (auth.mode !== 'oidc' || !auth.authorize_url || !auth.token_url || !auth.client_id) return;
    form.prepend(h('div', { class: 'btn-row oidc-signin' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'oidc-signin', onclick: () => begin(auth) },
        `Sign in with ${auth.name || 'your account'}`),
      h('span', { class: 'muted' }, 'or paste a token below')));
  });
}

/**
 * Back from the issuer with ?code=&state=: exchanges the code for tokens and keeps the ID token as the session's.
 * @returns {Promise<string | null>} an error message, or null (signed in, or nothing to do)
 */
export async function completeOidcSignIn() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code && !params.get('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${window.location.pathname}#/`);
  if (params.get('error')) return `Sign-in failed: ${params.get('error_description') || params.get('error')}`;
  if (!pending || pending.state !== params.get('state')) return 'Sign-in failed: the answer did not match this tab\'s request. Try again.';
  const { auth } = await uiConfig();
  const response = await fetch(String(auth.token_url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: String(auth.client_id), code: String(code),
      redirect_uri: redirectUri(), code_verifier: pending.verifier }),
  });
  const tokens = response.ok ? await response.json() : null;
  const token = tokens && (tokens.id_token || tokens.access_token);
  if (!token) return `Sign-in failed: the issuer answered HTTP ${response.status}.`;
  session.token = token;
  return null;
}
