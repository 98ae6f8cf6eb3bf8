// util.js — small helpers shared by the pages: building elements, JSON
// pointers, numbers as clerks type and paste them, dates and labels.

// h('div', {class: 'x', onclick: fn}, child, …): an element.  Attributes
// whose value is null, undefined or false are left out; on* become listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'text') el.textContent = v;
      else if (k === 'value') el.value = v;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

let uid = 0;
export function newId(prefix = 'id') { uid += 1; return `${prefix}-${uid}`; }

// ---- JSON pointers (RFC 6901) -----------------------------------------------

export function ptrParts(ptr) {
  if (!ptr || ptr === '/') return ptr === '/' ? [''] : [];
  return ptr.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
export function ptrJoin(parts) {
  return parts.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
export function ptrGet(obj, ptr) {
  let o = obj;
  for (const k of ptrParts(ptr)) {
    if (o === null || typeof o !== 'object') return undefined;
    o = o[k];
  }
  return o;
}
// Sets the value, making the objects on the way.
export function ptrSet(obj, ptr, value) {
  const parts = ptrParts(ptr);
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k];
  }
  o[parts[parts.length - 1]] = value;
}
export function ptrDelete(obj, ptr) {
  const parts = ptrParts(ptr);
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (o === null || typeof o !== 'object') return;
    o = o[parts[i]];
  }
  if (o && typeof o === 'object') delete o[parts[parts.length - 1]];
}
// The pointers from ptr up to the root: /a/b/c, /a/b, /a.
export function ptrAncestors(ptr) {
  const parts = ptrParts(ptr);
  const out = [];
  for (let n = parts.length; n > 0; n--) out.push(ptrJoin(parts.slice(0, n)));
  return out;
}

// ---- numbers ------------------------------------------------------------------

// Full-width forms to ASCII, spaces and thousands separators out, a leading
// plus sign dropped: "１２，３４５" → "12345", " +1,268.5 " → "1268.5".
export function normaliseNumber(text) {
  let s = String(text)
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212\u2012\u2013]/g, '-')
    .replace(/\uFF0B/g, '+')
    .replace(/[\s\u00A0\u3000]+/g, '');
  // thousands separators: a comma (either width) or a thin/apostrophe between digit groups
  s = s.replace(/(\d)[,\uFF0C'\u2019\u2009](?=\d{3}(\D|$))/g, '$1');
  s = s.replace(/(\d)[,\uFF0C'\u2019\u2009](?=\d{3}(\D|$))/g, '$1');
  if (/^\+\d/.test(s)) s = s.slice(1);
  return s;
}
export function isNumberText(s) { return /^-?\d+(\.\d+)?$/.test(s); }

// What a cell's input shows for a value of the report.
export function cellText(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return String(v);
  return String(v);
}

// ---- labels and dates -----------------------------------------------------------

export const STATUS_LABELS = {
  not_started: '未开始', draft: '草稿', errors: '有错误', ready: '待审核', returned: '已退回', published: '已发布',
};
export const STATUS_ORDER = ['not_started', 'draft', 'errors', 'ready', 'returned', 'published'];
export function statusLabel(s) { return STATUS_LABELS[s] || s || '—'; }

export const SEVERITY_LABELS = { error: '错误', warning: '警告', note: '提示' };

function pad(n) { return String(n).padStart(2, '0'); }
// Unix seconds → "2024-01-15 10:23".
export function formatTime(secs) {
  if (secs === null || secs === undefined || secs === '') return '—';
  const d = new Date(Number(secs) * 1000);
  if (Number.isNaN(d.getTime())) return String(secs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// "2023年1月8日", "2023/1/8", "2023.1.8", full-width digits → "2023-01-08";
// anything else is returned as typed (the check names it, D01).
export function normaliseDate(text) {
  const s = normaliseNumber(text).replace(/\.(?=\d)/g, '-');
  const m = /^(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  return String(text).trim();
}

// A label compared loosely: NFKC, no spaces, no numbering or punctuation.
export function labelKey(s) {
  let t = String(s || '').normalize('NFKC').replace(/\s+/g, '');
  t = t.replace(/^(\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[、.]|\d+[.、])/, '');
  return t.replace(/[“”"'‘’「」.,，。、:：;；()（）\[\]【】]/g, '');
}

export function debounce(fn, ms) {
  let t = null;
  const d = (...args) => { clearTimeout(t); t = setTimeout(() => { t = null; fn(...args); }, ms); };
  d.cancel = () => { clearTimeout(t); t = null; };
  d.pending = () => t !== null;
  return d;
}
