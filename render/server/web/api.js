// api.js — the workbench's calls to the server (docs/workbench.md).
//
// Every POST, PUT and DELETE carries the session's CSRF token.  A 401 (the
// session ended) asks the page to log in again (the hook the app sets) and
// then repeats the request once, so that nothing typed is lost; a 403 csrf
// fetches the token anew and repeats once.

let csrf = null;
let relogin = null; // async () => void: shows the login dialog, resolves once logged in

export function setCsrf(token) { csrf = token || null; }
export function onRelogin(fn) { relogin = fn; }

export class ApiError extends Error {
  constructor(status, body, message) {
    super(message);
    this.status = status;
    this.body = body || {};
    this.code = this.body.error || '';
  }
}

const STATUS_TEXT = {
  400: '请求有误', 401: '未登录或登录已过期', 403: '无权进行此操作', 404: '未找到',
  409: '与服务器上的状态冲突', 413: '内容过大', 428: '缺少版本号', 429: '尝试过于频繁，请稍后再试',
  500: '服务器内部错误', 502: '服务器无响应', 503: '服务器繁忙，请稍后再试',
};

// The diagnostics an answer carries ({diagnostics: [...]}, or nested once
// as the output of a check: {diagnostics: {errors, diagnostics: [...]}}).
export function diagnosticsOf(body) {
  if (!body || typeof body !== 'object') return [];
  for (const holder of [body, body.report]) {
    if (!holder || typeof holder !== 'object') continue;
    let d = holder.diagnostics;
    if (d && !Array.isArray(d) && Array.isArray(d.diagnostics)) d = d.diagnostics;
    if (Array.isArray(d)) return d;
  }
  return [];
}

export function errorText(status, body) {
  if (body && typeof body.message === 'string' && body.message) return body.message;
  const errs = diagnosticsOf(body).filter((d) => d.severity === 'error' && d.message);
  if (errs.length) return errs.slice(0, 3).map((d) => d.message).join('；') + (errs.length > 3 ? `（共 ${errs.length} 项）` : '');
  return STATUS_TEXT[status] || `服务器错误（${status}）`;
}

async function readBody(r) {
  const type = r.headers.get('Content-Type') || '';
  if (r.status === 204) return null;
  if (type.includes('json')) {
    try { return await r.json(); } catch { return null; }
  }
  return null;
}

// The raw fetch, with the token and the retries.  opts: {json, body, headers, signal}.
export async function request(method, path, opts = {}, retried = false) {
  const headers = new Headers(opts.headers || {});
  let body = opts.body;
  if (opts.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(opts.json);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers.set('X-CSRF-Token', csrf);
  let r;
  try {
    r = await fetch(path, { method, headers, body, signal: opts.signal, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, null, '无法连接服务器，请检查网络');
  }
  if (!retried && r.status === 401 && relogin && path !== '/api/login' && path !== '/api/session') {
    await relogin();
    return request(method, path, opts, true);
  }
  if (!retried && r.status === 403 && method !== 'GET') {
    const b = await readBody(r.clone());
    if (b && b.error === 'csrf') {
      try {
        const s = await getJSON('/api/session');
        setCsrf(s.csrf);
        return request(method, path, opts, true);
      } catch { /* fall through: report the 403 */ }
    }
  }
  return r;
}

// A JSON answer, or an ApiError.
export async function call(method, path, opts = {}) {
  const r = await request(method, path, opts);
  const b = await readBody(r);
  if (!r.ok) throw new ApiError(r.status, b, errorText(r.status, b));
  return { body: b, headers: r.headers, status: r.status };
}

export async function getJSON(path, opts) { return (await call('GET', path, opts)).body; }
export async function postJSON(path, json, opts = {}) { return (await call('POST', path, { ...opts, json })).body; }

// ---- paths ------------------------------------------------------------------

export function reportPath(year, agency, tail = '') {
  return `/api/years/${encodeURIComponent(year)}/reports/${encodeURIComponent(agency)}${tail}`;
}
export function yearPath(year, tail) { return `/api/years/${encodeURIComponent(year)}/${tail}`; }

// The file name of a Content-Disposition header (RFC 6266: filename* first).
export function dispositionName(header, fallback) {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[2].trim().replace(/^"|"$/g, '')); } catch { /* next */ }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] !== undefined ? plain[2] : plain[1]).trim();
  return fallback;
}

// Fetch a file and hand it to the browser as a download.  Resolves to
// {ok: true, name} or {ok: false, status, body, message}.
export async function download(path, fallbackName) {
  const r = await request('GET', path);
  if (!r.ok) {
    const b = await readBody(r);
    return { ok: false, status: r.status, body: b || {}, message: errorText(r.status, b) };
  }
  const blob = await r.blob();
  const name = dispositionName(r.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { ok: true, name, leftOut: r.headers.get('X-Left-Out') };
}
