// app.js — the workbench's page: logging in, the routes (#/r/{year}/{agency}
// a report, #/y/{year} the county's list of a year), the header, and the
// county reviewers' list.

import {
  setCsrf, onRelogin, call, getJSON, postJSON, yearPath, download, ApiError,
} from './api.js';
import {
  h, newId, statusLabel, formatTime, STATUS_ORDER, STATUS_LABELS,
} from './util.js';
import { Editor } from './editor.js';

const main = document.getElementById('main');
const userBox = document.getElementById('user-box');
const navBox = document.getElementById('nav-box');
const live = document.getElementById('live');
const toast = document.getElementById('toast');

let session = null;
let editor = null;
let currentHash = null;

const thisYear = new Date().getFullYear();
const defaultYear = thisYear - 1;
function yearsList(extra) {
  const ys = [];
  for (let y = thisYear; y >= 2019; y--) ys.push(y);
  if (extra && !ys.includes(extra)) ys.push(extra);
  return ys.sort((a, b) => b - a);
}

let toastTimer = null;
// A message for screen readers (the live region) and, unless quiet, a toast.
function announce(text, quiet) {
  live.textContent = '';
  // a fresh text node each time, so that a repeated message is read again
  setTimeout(() => { live.textContent = text; }, 30);
  if (quiet) return;
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 5000);
}

// ---- sessions -----------------------------------------------------------------

async function start() {
  onRelogin(relogin);
  try {
    session = await getJSON('/api/session');
    setCsrf(session.csrf);
  } catch {
    session = null;
  }
  window.addEventListener('hashchange', onHash);
  window.addEventListener('beforeunload', (e) => {
    if (editor && editor.dirty) { e.preventDefault(); e.returnValue = ''; }
  });
  route();
}

function showUser() {
  userBox.replaceChildren();
  navBox.replaceChildren();
  if (!session) return;
  userBox.append(
    h('span', { class: 'who' }, session.name, session.agency ? h('span', { class: 'agency' }, session.agency) : h('span', { class: 'agency' }, '县级审核')),
    h('button', { type: 'button', class: 'small ghost', onclick: logout }, '退出'));
  if (session.role === 'county') {
    navBox.append(h('a', { href: `#/y/${defaultYear}` }, '各单位报告'));
  } else {
    navBox.append(h('a', { href: `#/r/${defaultYear}/${encodeURIComponent(session.agency)}` }, '本单位报告'));
  }
}

function loginView(message) {
  closeEditor();
  showUser();
  const nameId = newId('u');
  const pwId = newId('p');
  const err = h('p', { class: 'form-error', role: 'alert' }, message || '');
  const name = h('input', { id: nameId, name: 'username', type: 'text', autocomplete: 'username', required: true, spellcheck: 'false' });
  const pw = h('input', { id: pwId, name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const btn = h('button', { type: 'submit', class: 'primary wide' }, '登录');
  const form = h('form', { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, '登录'),
    h('p', { class: 'lead' }, '政府信息公开工作年度报告填报与审核'),
    h('div', { class: 'field' }, h('label', { for: nameId }, '用户名'), name),
    h('div', { class: 'field' }, h('label', { for: pwId }, '密码'), pw),
    err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    if (!name.value.trim() || !pw.value) { err.textContent = '请填写用户名和密码'; (name.value.trim() ? pw : name).focus(); return; }
    btn.disabled = true;
    try {
      session = await postJSON('/api/login', { name: name.value.trim(), password: pw.value });
      setCsrf(session.csrf);
      pw.value = '';
      route();
    } catch (ex) {
      err.textContent = loginError(ex);
      pw.select();
      pw.focus();
    } finally {
      btn.disabled = false;
    }
  });
  main.replaceChildren(h('div', { class: 'login-wrap' }, form));
  document.title = '登录 · 政府信息公开工作年度报告';
  name.focus();
}

function loginError(ex) {
  if (ex instanceof ApiError) {
    if (ex.status === 401) return '用户名或密码不正确';
    if (ex.status === 429) return ex.message || '尝试次数过多，请稍后再试';
  }
  return ex.message || '登录失败';
}

// The session ended while working: log in again in a dialog, keeping the page.
let reloginPromise = null;
function relogin() {
  if (reloginPromise) return reloginPromise;
  reloginPromise = new Promise((resolve, reject) => {
    const pwId = newId('p');
    const nameId = newId('u');
    const pw = h('input', { id: pwId, type: 'password', autocomplete: 'current-password' });
    const nm = h('input', { id: nameId, type: 'text', autocomplete: 'username', readonly: true, value: session ? session.name : '' });
    const err = h('p', { class: 'form-error', role: 'alert' });
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': 'relogin-title' });
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'relogin-title' }, '登录已过期'),
      h('p', null, '请重新输入密码。页面上未保存的内容不会丢失，登录后继续刚才的操作。'),
      h('div', { class: 'field' }, h('label', { for: nameId }, '用户名'), nm),
      h('div', { class: 'field' }, h('label', { for: pwId }, '密码'), pw), err,
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'submit', class: 'primary' }, '登录'),
        h('button', { type: 'button', onclick: () => { dlg.close(); } }, '取消')));
    let done = false;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const s = await postJSON('/api/login', { name: session ? session.name : '', password: pw.value });
        session = s;
        setCsrf(s.csrf);
        done = true;
        dlg.close();
        resolve();
      } catch (ex) {
        err.textContent = loginError(ex);
        pw.select();
      }
    });
    dlg.addEventListener('close', () => {
      dlg.remove();
      reloginPromise = null;
      if (!done) reject(new ApiError(401, { error: 'login' }, '未登录或登录已过期'));
    });
    dlg.append(form);
    document.body.append(dlg);
    dlg.showModal();
    pw.focus();
  });
  return reloginPromise;
}

async function logout() {
  if (editor && editor.dirty && !window.confirm('有未保存的修改，确定退出吗？')) return;
  try { await call('POST', '/api/logout'); } catch { /* the session is gone either way */ }
  session = null;
  setCsrf(null);
  closeEditor();
  window.history.replaceState(null, '', window.location.pathname);
  currentHash = '';
  loginView();
}

// ---- routes ---------------------------------------------------------------------

function onHash() {
  if (window.location.hash === currentHash) return;
  if (editor && editor.dirty && !window.confirm('有未保存的修改，确定离开吗？')) {
    window.history.replaceState(null, '', currentHash || window.location.pathname);
    return;
  }
  route();
}

function closeEditor() {
  if (editor) { editor.destroy(); editor = null; }
}

function route() {
  if (!session) { loginView(); return; }
  showUser();
  const hash = window.location.hash || '';
  let m = /^#\/r\/(\d{4})\/(.+)$/.exec(hash);
  if (m) {
    let agency;
    try { agency = decodeURIComponent(m[2]); } catch { agency = m[2]; }
    currentHash = hash;
    reportView(Number(m[1]), agency);
    return;
  }
  m = /^#\/y\/(\d{4})$/.exec(hash);
  if (m && session.role === 'county') {
    currentHash = hash;
    listView(Number(m[1]));
    return;
  }
  if (session.role !== 'county' && !session.agency) {
    main.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, '此账号没有所属单位，请联系管理员。'));
    return;
  }
  const target = session.role === 'county' ? `#/y/${defaultYear}` : `#/r/${defaultYear}/${encodeURIComponent(session.agency)}`;
  window.history.replaceState(null, '', target);
  route();
}

function go(hash) { window.location.hash = hash; }

function reportView(year, agency) {
  closeEditor();
  if (session.role !== 'county' && agency !== session.agency) {
    main.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, '只能查看本单位的报告。'));
    return;
  }
  const root = h('div', { class: 'editor' });
  main.replaceChildren(root);
  document.title = `${agency} ${year}年度 · 政府信息公开工作年度报告`;
  editor = new Editor(root, {
    year,
    agency,
    session,
    readonly: session.role === 'county',
    announce,
    years: yearsList(year),
    backHref: `#/y/${year}`,
    onYear: (y, sel) => {
      const target = `#/r/${y}/${encodeURIComponent(agency)}`;
      if (editor && editor.dirty && !window.confirm('有未保存的修改，确定切换年度吗？')) { sel.value = String(year); return; }
      window.history.pushState(null, '', target);
      currentHash = target;
      reportView(y, agency);
    },
  });
  editor.load();
}

// ---- the county's list of a year ---------------------------------------------------

const listState = { status: '', q: '', sort: 'agency', dir: 1 };

async function listView(year) {
  closeEditor();
  document.title = `${year}年度各单位报告 · 政府信息公开工作年度报告`;
  const yearSel = h('select', { id: newId('y') }, yearsList(year).map((y) => h('option', { value: y, selected: y === year }, `${y}年度`)));
  yearSel.addEventListener('change', () => go(`#/y/${yearSel.value}`));
  const statusSel = h('select', { id: newId('s') });
  const q = h('input', { id: newId('q'), type: 'search', placeholder: '单位名称', value: listState.q });
  const note = h('p', { class: 'download-note', role: 'status' });
  const dl = (tail, text, name) => h('button', {
    type: 'button', class: 'small',
    onclick: async () => {
      note.textContent = `正在准备${text}…`;
      const r = await download(yearPath(year, tail), name);
      note.textContent = r.ok ? `已下载 ${r.name}${r.leftOut ? `（汇总未包含 ${r.leftOut} 个有错误或不符的单位）` : ''}` : `下载失败：${r.message}`;
    },
  }, text);
  const summary = h('p', { class: 'list-summary' });
  const tableBox = h('div', { class: 'grid-scroll' });
  main.replaceChildren(h('div', { class: 'list-view' },
    h('div', { class: 'title-row' }, h('h1', null, `${year}年度各单位报告`), h('label', { class: 'inline-field', for: yearSel.id }, '年度'), yearSel),
    h('div', { class: 'toolbar' },
      h('span', { class: 'tool-group' }, h('label', { for: statusSel.id }, '状态'), statusSel),
      h('span', { class: 'tool-group' }, h('label', { for: q.id }, '查找'), q),
      h('span', { class: 'tool-group downloads', role: 'group', 'aria-label': '下载' },
        dl('pdfs.zip', '全部 PDF（ZIP）', `${year}年度政府信息公开工作年度报告.zip`),
        dl('county.json', '全县汇总（JSON）', `${year}年度全县汇总.json`),
        dl('county.tsv', '全县汇总表（TSV）', `${year}年度全县汇总.tsv`))),
    note, summary, tableBox));

  let rows = [];
  try {
    rows = await getJSON(yearPath(year, 'reports'));
  } catch (e) {
    tableBox.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, `无法载入列表：${e.message}`));
    return;
  }
  const counts = {};
  for (const r of rows) counts[r.status] = (counts[r.status] || 0) + 1;
  statusSel.append(h('option', { value: '' }, `全部（${rows.length}）`));
  for (const s of STATUS_ORDER) statusSel.append(h('option', { value: s, selected: listState.status === s }, `${STATUS_LABELS[s]}（${counts[s] || 0}）`));
  summary.textContent = `共 ${rows.length} 个单位：${STATUS_ORDER.filter((s) => counts[s]).map((s) => `${STATUS_LABELS[s]} ${counts[s]}`).join('，') || '—'}`;

  const cols = [
    ['agency', '单位'], ['status', '状态'], ['errors', '错误'], ['warnings', '警告'], ['updated', '最后修改'], ['by', '修改人'], ['comment', '审核意见'],
  ];
  const draw = () => {
    let list = rows.filter((r) => (!listState.status || r.status === listState.status)
      && (!listState.q || String(r.agency).includes(listState.q)));
    const k = listState.sort;
    list = list.slice().sort((a, b) => {
      let x = a[k];
      let y = b[k];
      if (k === 'status') { x = STATUS_ORDER.indexOf(x); y = STATUS_ORDER.indexOf(y); }
      if (x === null || x === undefined) x = '';
      if (y === null || y === undefined) y = '';
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-Hans-CN');
      return c * listState.dir || String(a.agency).localeCompare(String(b.agency), 'zh-Hans-CN');
    });
    const head = h('tr', null, cols.map(([key, label]) => {
      const sorted = listState.sort === key;
      return h('th', { scope: 'col', class: key === 'errors' || key === 'warnings' ? 'num' : null, 'aria-sort': sorted ? (listState.dir > 0 ? 'ascending' : 'descending') : null },
        h('button', {
          type: 'button', class: 'sort',
          onclick: () => {
            if (listState.sort === key) listState.dir = -listState.dir; else { listState.sort = key; listState.dir = key === 'updated' || key === 'errors' ? -1 : 1; }
            draw();
            const b = tableBox.querySelector(`button[data-key="${key}"]`);
            if (b) b.focus();
          },
          dataset: { key },
        }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted ? (listState.dir > 0 ? '▲' : '▼') : '')));
    }));
    const body = h('tbody');
    for (const r of list) {
      body.append(h('tr', { dataset: { agency: r.agency, status: r.status } },
        h('th', { scope: 'row' }, h('a', { href: `#/r/${year}/${encodeURIComponent(r.agency)}` }, r.agency)),
        h('td', null, h('span', { class: `badge status-${r.status}` }, statusLabel(r.status))),
        h('td', { class: `num${r.errors ? ' bad' : ''}` }, r.errors ?? '—'),
        h('td', { class: 'num' }, r.warnings ?? '—'),
        h('td', { class: 'time' }, formatTime(r.updated)),
        h('td', null, r.by || ''),
        h('td', { class: 'comment' }, r.comment || '')));
    }
    if (!list.length) body.append(h('tr', null, h('td', { colspan: cols.length, class: 'empty' }, rows.length ? '没有符合条件的单位' : '还没有单位账号或报告')));
    tableBox.replaceChildren(h('table', { class: 'list reports' }, h('caption', { class: 'vh' }, `${year}年度各单位报告`), h('thead', null, head), body));
  };
  statusSel.addEventListener('change', () => { listState.status = statusSel.value; draw(); });
  q.addEventListener('input', () => { listState.q = q.value.trim(); draw(); });
  draw();
}

document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

start();
