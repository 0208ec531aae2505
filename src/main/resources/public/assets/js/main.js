// @ts-check
// Sheetflow web UI: sign-in, conversation list, routing (#/ and #/chat/{id}).

import { api, session, onUnauthorized, ApiError } from './api.js';
import { h, clear, badge, timeEl, toast } from './dom.js';
import { UserStream } from './live.js';
import { ChatView } from './chat.js';
import { AdminView, revealAdminLink } from './admin.js';
import { addOidcButton, completeOidcSignIn } from './signin-oidc.js';

/** @param {string} id @returns {HTMLElement} the page's element (index.html has them all) */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const app = byId('app');
const signOutButton = byId('sign-out');
const liveIndicator = byId('live-indicator');
const adminLink = byId('admin-link');

/**
 * @type {{ signedIn: boolean, conversations: any[], currentChat: string | null, chatView: ChatView | null,
 *   userStream: UserStream | null, sidebar: HTMLElement | null, main: HTMLElement | null, listEl: HTMLElement | null,
 *   refreshTimer: ReturnType<typeof setTimeout> | undefined, adminView: AdminView | null }}
 */
const state = {
  signedIn: false,
  conversations: [],
  currentChat: null,
  chatView: null,
  userStream: null,
  adminView: null,
  sidebar: null,
  main: null,
  listEl: null,
  refreshTimer: undefined,
};

// ---- sign-in -------------------------------------------------------------------------------------------

/** Takes a token from the URL fragment (#token=...: the banner's Open link) and removes it from the address bar. */
function takeTokenFromUrl() {
  const hash = window.location.hash;
  if (!hash.startsWith('#token=')) return;
  const token = decodeURIComponent(hash.slice('#token='.length).split('&')[0]);
  if (token) session.token = token;
  history.replaceState(null, '', `${window.location.pathname}#/`);
}

async function tokenWorks(token) {
  try {
    await api('/api/v1/chat/workflows?limit=1', { token: token || null });
    return true;
  } catch (e) {
    if (e.status === 401) return false;
    throw e;
  }
}

function renderSignIn(message) {
  teardown();
  state.signedIn = false;
  signOutButton.hidden = true;
  liveIndicator.hidden = true;
  app.className = 'app signed-out';
  const input = h('input', { type: 'password', id: 'token-input', name: 'token', autocomplete: 'current-password', required: true,
    'aria-describedby': 'token-help' });
  const error = h('p', { id: 'signin-error', class: 'error-text', role: 'alert' }, message || '');
  const form = h('form', { id: 'signin-form', 'aria-labelledby': 'signin-title' },
    h('label', { for: 'token-input' }, 'Server token or API key'),
    input,
    h('p', { id: 'token-help', class: 'muted' },
      'The server prints its token and an "Open" link that signs you in directly when it starts; ',
      'on a first run the token is also kept in the data directory (data/server-token). ',
      'The token is kept only for this browser tab.'),
    error,
    h('div', { class: 'btn-row' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'signin-submit' }, 'Sign in')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    error.textContent = '';
    try {
      if (await tokenWorks(token)) {
        session.token = token;
        await start();
      } else {
        error.textContent = 'That token was not accepted. Check it and try again.';
        input.focus();
      }
    } catch (err) {
      error.textContent = err.message;
    }
  });
  clear(app).append(h('main', { id: 'main', class: 'signin panel', tabindex: '-1' },
    h('h1', { id: 'signin-title' }, 'Sign in to Sheetflow'), form));
  addOidcButton(form);
  input.focus();
}

function signOut(message) {
  session.token = null;
  renderSignIn(message);
}

onUnauthorized(() => {
  if (state.signedIn) signOut('Your session has ended: the token is wrong, expired or was revoked. Sign in again.');
});

// ---- shell and list ------------------------------------------------------------------------------------

async function start() {
  teardown();
  state.signedIn = true;
  signOutButton.hidden = session.open;
  app.className = 'app';
  state.listEl = h('ul', { class: 'conv-list', id: 'conversation-list', 'aria-label': 'Conversations' });
  const newButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'new-conversation', onclick: createConversation },
    'New conversation');
  state.sidebar = h('nav', { class: 'sidebar', 'aria-labelledby': 'conversations-title' },
    h('div', { class: 'btn-row sidebar-head' },
      h('h2', { id: 'conversations-title' }, 'Conversations'), newButton),
    state.listEl);
  state.main = h('main', { class: 'main', id: 'main', tabindex: '-1' });
  clear(app).append(state.sidebar, state.main);
  state.userStream = new UserStream(onUserEvent);
  revealAdminLink(adminLink);
  await refreshList();
  route();
}

function teardown() {
  if (state.adminView) state.adminView.close();
  state.adminView = null;
  adminLink.hidden = true;
  if (state.chatView) state.chatView.close();
  state.chatView = null;
  state.currentChat = null;
  if (state.userStream) state.userStream.close();
  state.userStream = null;
}

async function refreshList() {
  try {
    const page = await api('/api/v1/chat/workflows?limit=200');
    state.conversations = page.conversations || page.items || [];
    renderList();
  } catch (e) {
    if (e.status !== 401) toast(`Could not load conversations: ${e.message}`);
  }
}

function scheduleListRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refreshList, 400);
}

export function conversationTitle(c) {
  return c.title || c.participant_name || 'Conversation';
}

function renderList() {
  if (!state.listEl) return;
  clear(state.listEl);
  if (state.conversations.length === 0) {
    state.listEl.append(h('li', { class: 'muted' }, 'No conversations yet. Create one to upload files and run workflows.'));
    return;
  }
  for (const c of state.conversations) {
    const current = c.chat_id === state.currentChat;
    const files = `${c.file_count} file${c.file_count === 1 ? '' : 's'}`;
    state.listEl.append(h('li', { dataset: { chatId: c.chat_id } },
      h('a', { class: 'conv-link', href: `#/chat/${c.chat_id}`, 'aria-current': current ? 'page' : null },
        h('span', { class: 'conv-title' }, h('span', { class: 'conv-name' }, conversationTitle(c)),
          c.last_run_status ? h('span', { class: 'run-badge' }, h('span', { class: 'sr-only' }, 'last run '), badge(c.last_run_status)) : null),
        h('span', { class: 'conv-preview' }, c.preview || 'No messages yet'),
        h('span', { class: 'conv-meta' }, h('span', { class: 'file-count' }, files), timeEl(c.updated_at)))));
  }
}

function onUserEvent(event) {
  if (!event.chat_id || !event.type || !event.type.startsWith('workflow_')) return;
  const status = { workflow_queued: 'queued', workflow_started: 'running', workflow_completed: 'completed',
    workflow_failed: 'failed', workflow_cancelled: 'cancelled' }[event.type];
  const c = state.conversations.find((x) => x.chat_id === event.chat_id);
  if (c && status) {
    c.last_run_status = status;
    c.updated_at = event.timestamp || c.updated_at;
    state.conversations.sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
    renderList();
  }
  scheduleListRefresh();
}

async function createConversation() {
  try {
    const created = await api('/api/v1/chat/workflows', { method: 'POST' });
    await refreshList();
    window.location.hash = `#/chat/${created.chat_id}`;
  } catch (e) {
    if (e.status !== 401) toast(`Could not create a conversation: ${e.message}`);
  }
}

// ---- routing -------------------------------------------------------------------------------------------

function route() {
  if (!state.signedIn) return;
  const match = window.location.hash.match(/^#\/chat\/([0-9a-fA-F-]{36})/);
  const chatId = match ? match[1] : null;
  if (routeAdmin(chatId)) return;
  app.classList.toggle('route-chat', Boolean(chatId));
  app.classList.toggle('route-list', !chatId);
  if (chatId === state.currentChat && state.chatView) return;
  if (state.chatView) state.chatView.close();
  state.chatView = null;
  state.currentChat = chatId;
  renderList();
  const main = /** @type {HTMLElement} */ (state.main);
  clear(main);
  if (!chatId) {
    liveIndicator.hidden = true;
    main.append(h('div', { class: 'empty' },
      h('h1', {}, 'Spreadsheet workflows'),
      h('p', {}, 'Choose a conversation, or create one to upload files, build a workflow and watch it run.')));
    return;
  }
  state.chatView = new ChatView(chatId, main, {
    liveIndicator,
    onChanged: scheduleListRefresh,
    onDeleted: async () => {
      await refreshList();
      window.location.hash = '#/';
    },
  });
}

/** #/admin: the admin dashboard (admin.js) in the main area; true when it is the route. */
/** @param {string | null} chatId @returns {boolean} whether the admin dashboard took the page */
function routeAdmin(chatId) {
  const admin = !chatId && window.location.hash.startsWith('#/admin');
  if (state.adminView && !admin) {
    state.adminView.close();
    state.adminView = null;
    if (state.main) clear(state.main);
  }
  app.classList.toggle('route-admin', admin);
  if (!admin) return false;
  if (state.adminView) return true;
  if (state.chatView) state.chatView.close();
  state.chatView = null;
  state.currentChat = null;
  liveIndicator.hidden = true;
  app.classList.remove('route-chat', 'route-list');
  renderList();
  state.adminView = new AdminView(state.main);
  return true;
}

window.addEventListener('hashchange', () => {
  if (window.location.hash.startsWith('#token=')) {
    takeTokenFromUrl();
    boot();
    return;
  }
  route();
});

signOutButton.addEventListener('click', () => signOut(''));
document.querySelector('.skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  const main = document.getElementById('main');
  if (main) main.focus();
});

async function boot() {
  takeTokenFromUrl();
  try {
    const oidcError = await completeOidcSignIn();
    if (oidcError) { renderSignIn(oidcError); return; }
    if (session.token && await tokenWorks(session.token)) {
      await start();
      return;
    }
    if (session.token) {
      signOut('That token was not accepted (wrong, expired or revoked). Sign in again.');
      return;
    }
    if (await tokenWorks(null)) {
      session.open = true; // authentication is off on this server
      await start();
      return;
    }
    renderSignIn('');
  } catch (e) {
    renderSignIn(e instanceof ApiError ? e.message : String(e));
  }
}

boot();
