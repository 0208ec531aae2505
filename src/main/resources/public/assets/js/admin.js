// Admin dashboard (#/admin, admins only): cards filled from GET /api/v1/admin/dashboard, then updated in place from
// every snapshot the /admin/stream WebSocket pushes. Nothing here polls: the server pushes when a figure changes.

import { api } from './api.js';
import { h, clear, formatBytes, formatCount, timeEl } from './dom.js';
import { UserStream } from './live.js';

const DASHBOARD = '/api/v1/admin/dashboard';

/** Shows the topbar's Admin link when the signed-in token is an admin's (the snapshot answers 403 otherwise). */
export async function revealAdminLink(link) {
  if (!link) return;
  link.hidden = true;
  try {
    await api(DASHBOARD);
    link.hidden = false;
  } catch (e) {
    link.hidden = true;
  }
}

function figure(name, label) {
  return h('div', { class: 'admin-figure' },
    h('span', { class: 'admin-figure-value', dataset: { figure: name } }, '–'),
    h('span', { class: 'admin-figure-label' }, label));
}

function card(name, title, ...body) {
  return h('section', { class: 'panel admin-card', dataset: { card: name }, 'aria-labelledby': `admin-${name}-title` },
    h('h2', { id: `admin-${name}-title` }, title), ...body);
}

function table(name, caption, headers) {
  return h('table', { class: 'admin-table', dataset: { table: name } },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}));
}

function ms(value) {
  if (value === null || value === undefined) return '';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(value < 10000 ? 2 : 1)} s`;
}

export class AdminView {
  constructor(container) {
    this.root = h('div', { class: 'admin', id: 'admin-dashboard' });
    this.status = h('p', { class: 'muted admin-status', role: 'status', 'aria-live': 'polite' }, 'Connecting…');
    this.root.append(
      h('div', { class: 'admin-head' }, h('h1', {}, 'Admin dashboard'), this.status),
      h('div', { class: 'admin-cards' },
        card('queue', 'Queue',
          h('div', { class: 'admin-figures' }, figure('queue-waiting', 'waiting'), figure('queue-running', 'running'),
            figure('queue-max', 'workers')),
          table('by-user', 'Unfinished runs by user', ['User', 'Queued', 'Running'])),
        card('runs', 'Runs',
          h('div', { class: 'admin-figures' }, figure('runs-completed', 'completed'), figure('runs-failed', 'failed'),
            figure('runs-cancelled', 'cancelled'), figure('runs-last-minute', 'in the last minute')),
          h('ol', { class: 'admin-minutes', dataset: { chart: 'per-minute' }, 'aria-label': 'Runs ended per minute' }),
          h('p', { class: 'muted' }, 'Totals since the server started; bars: runs ended per minute.')),
        card('failures', 'Failures',
          h('div', { class: 'admin-figures' }, figure('failures-total', 'failed runs')),
          table('reasons', 'Failure reasons', ['Reason', 'Runs', 'Last']),
          h('h3', {}, 'Latest'),
          h('ul', { class: 'admin-failures', dataset: { list: 'recent-failures' } })),
        card('websocket', 'WebSocket connections',
          h('div', { class: 'admin-figures' }, figure('ws-connections', 'open'), figure('ws-max', 'allowed'),
            figure('ws-chats', 'conversation subscriptions'), figure('ws-streams', 'user streams'))),
        card('storage', 'Storage',
          h('div', { class: 'admin-figures' }, figure('storage-bytes', 'stored'), figure('storage-files', 'files')),
          table('by-kind', 'Storage by kind', ['Kind', 'Files', 'Bytes'])),
        card('slowest', 'Slowest operations',
          table('slowest', 'Slowest operations', ['Operation', 'Steps', 'Failed', 'p50', 'p95', 'Max']))));
    clear(container).append(this.root);
    this.generatedAt = 0;
    this.firstPaint();
    this.stream = new UserStream((frame) => this.onFrame(frame), '/admin/stream');
  }

  async firstPaint() {
    try {
      this.apply(await api(DASHBOARD));
    } catch (e) {
      if (e.status === 403) this.refused();
      else this.status.textContent = `Could not load the dashboard: ${e.message}`;
    }
  }

  onFrame(frame) {
    if (frame.type === 'connected') this.status.textContent = 'Live';
    else if (frame.type === 'dashboard') this.apply(frame.snapshot);
    else if (frame.type === 'disconnected') {
      if (frame.code === 4403) this.refused();
      else this.status.textContent = 'Reconnecting…';
    }
  }

  refused() {
    this.stream.close();
    clear(this.root).append(h('h1', {}, 'Admin dashboard'),
      h('p', { class: 'error-text', id: 'admin-refused', role: 'alert' }, 'Admins only: sign in with an admin token to see the dashboard.'));
  }

  set(name, text) {
    const el = this.root.querySelector(`[data-figure="${name}"]`);
    if (el) el.textContent = text;
  }

  rows(name, rows) {
    const body = this.root.querySelector(`[data-table="${name}"] tbody`);
    if (!body) return;
    clear(body).append(...rows);
  }

  /** Applies a snapshot unless a newer one is already shown (the first paint can lose the race to a push). */
  apply(s) {
    const at = Date.parse(s && s.generated_at);
    if (Number.isNaN(at) || at < this.generatedAt) return;
    this.generatedAt = at;
    this.root.dataset.generatedAt = s.generated_at;
    const q = s.queue;
    this.set('queue-waiting', formatCount(q.waiting));
    this.set('queue-running', formatCount(q.running));
    this.set('queue-max', formatCount(q.max_concurrent));
    this.rows('by-user', q.by_user.length ? q.by_user.map((u) => h('tr', { dataset: { user: u.user } },
      h('td', {}, u.user), h('td', { dataset: { col: 'queued' } }, formatCount(u.queued)),
      h('td', { dataset: { col: 'running' } }, formatCount(u.running))))
      : [h('tr', {}, h('td', { colspan: '3', class: 'muted' }, 'No queued or running runs'))]);

    const r = s.runs;
    this.set('runs-completed', formatCount(r.ended.completed));
    this.set('runs-failed', formatCount(r.ended.failed));
    this.set('runs-cancelled', formatCount(r.ended.cancelled));
    const minutes = r.per_minute;
    const last = minutes[minutes.length - 1] || { completed: 0, failed: 0, cancelled: 0 };
    this.set('runs-last-minute', formatCount(last.completed + last.failed + last.cancelled));
    this.chart(minutes);

    const f = s.failures;
    this.set('failures-total', `${formatCount(f.total)} in ${f.window}`);
    this.rows('reasons', f.reasons.length ? f.reasons.map((x) => h('tr', {},
      h('td', { class: 'admin-reason' }, x.reason), h('td', {}, formatCount(x.count)), h('td', {}, timeEl(x.last_at))))
      : [h('tr', {}, h('td', { colspan: '3', class: 'muted' }, `No failures in the last ${f.window}`))]);
    const recent = /** @type {HTMLElement} */ (this.root.querySelector('[data-list="recent-failures"]'));
    clear(recent).append(...f.recent.map((x) => h('li', { dataset: { runId: x.run_id } },
      timeEl(x.failed_at), ' ', h('strong', {}, x.user), ': ',
      h('a', { href: `#/chat/${x.chat_id}` }, x.reason || 'no reason recorded'))));

    const w = s.websocket;
    this.set('ws-connections', formatCount(w.connections));
    this.set('ws-max', formatCount(w.max_connections));
    this.set('ws-chats', formatCount(w.chat_subscriptions));
    this.set('ws-streams', formatCount(w.user_streams));

    const st = s.storage;
    this.set('storage-bytes', formatBytes(st.bytes));
    this.set('storage-files', formatCount(st.files));
    this.rows('by-kind', st.by_kind.map((k) => h('tr', {}, h('td', {}, k.kind), h('td', {}, formatCount(k.files)),
      h('td', {}, formatBytes(k.bytes)))));

    const ops = s.slowest_operations;
    this.rows('slowest', ops.operations.length ? ops.operations.map((o) => h('tr', { dataset: { operation: o.operation } },
      h('td', {}, o.operation), h('td', {}, formatCount(o.steps)), h('td', {}, formatCount(o.failed)),
      h('td', {}, ms(o.p50_ms)), h('td', {}, ms(o.p95_ms)), h('td', {}, ms(o.max_ms))))
      : [h('tr', {}, h('td', { colspan: '6', class: 'muted' }, `No steps ended in the last ${ops.window}`))]);
  }

  chart(minutes) {
    const list = /** @type {HTMLElement} */ (this.root.querySelector('[data-chart="per-minute"]'));
    const peak = Math.max(1, ...minutes.map((m) => m.completed + m.failed + m.cancelled));
    clear(list).append(...minutes.map((m) => {
      const total = m.completed + m.failed + m.cancelled;
      const time = new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      const bar = h('span', { class: 'admin-bar' });
      const failed = h('span', { class: 'admin-bar-failed' });
      // Heights through CSSOM, which the page's CSP allows (style attributes it does not).
      bar.style.height = `${Math.round((total / peak) * 100)}%`;
      failed.style.height = total ? `${Math.round((m.failed / total) * 100)}%` : '0';
      bar.append(failed);
      return h('li', { title: `${time}: ${m.completed} completed, ${m.failed} failed, ${m.cancelled} cancelled`,
        dataset: { minute: m.minute, total: String(total) } }, bar,
        h('span', { class: 'sr-only' }, `${time}: ${total} runs, ${m.failed} failed`));
    }));
  }

  close() {
    this.stream.close();
  }
}
