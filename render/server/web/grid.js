// grid.js — the statutory tables as forms, built only from the grid of
// GET /api/formats/{format}: each block a <table> with its header cells
// (spans as printed) and an input per value cell; moving like a spreadsheet;
// pasting rows from Excel, WPS or a web page.

import { h, newId, normaliseNumber, isNumberText, labelKey } from './util.js';

// The place of every cell of a block's rows in the real grid (spans
// expanded): for each row the cells with their column, and for each row the
// row-header cells that cover it (outermost first).
function placeCells(rows) {
  const occ = [];
  const placed = rows.map(() => []);
  rows.forEach((row, r) => {
    occ[r] = occ[r] || [];
    let c = 0;
    for (const cell of row) {
      while (occ[r][c]) c++;
      const rs = Math.max(1, cell.rowspan | 0 || 1);
      const cs = Math.max(1, cell.colspan | 0 || 1);
      const info = { cell, r, c };
      for (let i = 0; i < rs; i++) {
        occ[r + i] = occ[r + i] || [];
        for (let j = 0; j < cs; j++) occ[r + i][c + j] = info;
      }
      placed[r].push(info);
      c += cs;
    }
  });
  const rowLabels = rows.map((_, r) => {
    const seen = [];
    for (const info of occ[r] || []) {
      if (info && info.cell.kind === 'row' && !seen.includes(info)) seen.push(info);
    }
    return seen.map((i) => i.cell.text || '');
  });
  return { placed, rowLabels };
}

// A section's tables.  ctx: {readonly, value(path) → text, change(input,
// text), announce(text)}.  Returns {el, inputs}.
export function buildTables(section, ctx) {
  const wrap = h('div', { class: 'tables', 'data-path': `/tables/${section.key}` }, h('div', { class: 'diag-notes' }));
  const navRows = []; // every row that has value cells, in order: {inputs, cols, labels, block}
  const inputs = [];
  (section.blocks || []).forEach((block, bi) => {
    const { placed, rowLabels } = placeCells(block.rows || []);
    const captionId = newId('cap');
    const table = h('table', { class: 'grid', 'aria-labelledby': block.title ? captionId : null });
    if (block.title) table.append(h('caption', { id: captionId, class: 'vh' }, `${section.heading || section.title}：${block.title}`));
    else table.append(h('caption', { class: 'vh' }, section.heading || section.title || ''));
    const tbody = h('tbody');
    placed.forEach((cells, r) => {
      const tr = h('tr');
      const nav = { inputs: [], cols: [], labels: rowLabels[r], block: bi };
      for (const { cell, c } of cells) {
        const span = {
          rowspan: cell.rowspan > 1 ? cell.rowspan : null,
          colspan: cell.colspan > 1 ? cell.colspan : null,
        };
        if (cell.kind === 'value') {
          const input = h('input', {
            type: 'text',
            inputmode: cell.type === 'delta' ? 'text' : 'decimal',
            autocomplete: 'off',
            spellcheck: 'false',
            class: 'cell',
            'aria-label': cell.place || cell.path,
            title: cell.place || null,
            readonly: ctx.readonly,
            dataset: { path: cell.path, type: cell.type || 'count', total: cell.total || '' },
          });
          input.value = ctx.value(cell.path);
          const td = h('td', { class: `v${cell.total ? ' is-total' : ''}`, ...span }, input);
          tr.append(td);
          nav.inputs.push(input);
          nav.cols.push(c);
          inputs.push(input);
        } else {
          const scope = cell.kind === 'column' ? (cell.colspan > 1 ? 'colgroup' : 'col')
            : cell.kind === 'row' ? (cell.rowspan > 1 ? 'rowgroup' : 'row') : null;
          const group = cell.kind === 'row' && cell.rowspan > 1 ? ' group' : '';
          tr.append(h('th', { class: `k-${cell.kind}${group}`, scope, ...span }, cell.text || ''));
        }
      }
      tbody.append(tr);
      if (nav.inputs.length) {
        nav.inputs.forEach((inp, i) => { inp._nav = { row: navRows.length, pos: i }; });
        navRows.push(nav);
      }
    });
    table.append(tbody);
    const scroller = h('div', { class: 'grid-scroll', role: 'group', 'aria-label': block.title || section.title || '表格' }, table);
    const bar = h('div', { class: 'cellbar', 'aria-hidden': 'true' });
    const blockEl = h('div', { class: 'block' }, scroller, bar);
    wrap.append(blockEl);
  });

  // ---- moving ---------------------------------------------------------------
  function focusCell(input) {
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  }
  function vertical(input, dir) {
    const { row, pos } = input._nav;
    const col = navRows[row].cols[pos];
    for (let r = row + dir; r >= 0 && r < navRows.length; r += dir) {
      const nr = navRows[r];
      let best = -1;
      let dist = Infinity;
      nr.cols.forEach((c, i) => {
        const d = Math.abs(c - col);
        if (d < dist) { dist = d; best = i; }
      });
      if (best >= 0) return focusCell(nr.inputs[best]);
    }
    return false;
  }
  function sideways(input, dir) {
    const i = inputs.indexOf(input) + dir;
    return i >= 0 && i < inputs.length ? focusCell(inputs[i]) : false;
  }
  wrap.addEventListener('keydown', (e) => {
    const input = e.target;
    if (!input.classList || !input.classList.contains('cell') || e.altKey || e.ctrlKey || e.metaKey) return;
    const len = input.value.length;
    const s = input.selectionStart;
    const end = input.selectionEnd;
    const all = len > 0 && s === 0 && end === len;
    let moved = false;
    switch (e.key) {
      case 'Enter': moved = vertical(input, e.shiftKey ? -1 : 1) || true; break;
      case 'ArrowDown': moved = vertical(input, 1) || true; break;
      case 'ArrowUp': moved = vertical(input, -1) || true; break;
      case 'ArrowLeft': if (!e.shiftKey && ((s === 0 && end === 0) || all)) moved = sideways(input, -1) || true; break;
      case 'ArrowRight': if (!e.shiftKey && ((s === len && end === len) || all)) moved = sideways(input, 1) || true; break;
      case 'F2': input.setSelectionRange(len, len); moved = true; break;
      case 'Escape':
        if (!ctx.readonly && input.dataset.orig !== undefined && input.value !== input.dataset.orig) {
          input.value = input.dataset.orig;
          ctx.change(input, input.value);
          input.select();
          moved = true;
        }
        break;
      default: break;
    }
    if (moved) e.preventDefault();
  });
  wrap.addEventListener('focusin', (e) => {
    const input = e.target;
    if (!input.classList || !input.classList.contains('cell')) return;
    input.dataset.orig = input.value;
    const bar = input.closest('.block').querySelector('.cellbar');
    showBar(bar, input);
    showTip(input);
  });
  wrap.addEventListener('focusout', (e) => {
    const input = e.target;
    if (!input.classList || !input.classList.contains('cell')) return;
    const bar = input.closest('.block').querySelector('.cellbar');
    if (!bar.contains(e.relatedTarget)) bar.classList.remove('on');
    hideTip();
  });
  wrap.addEventListener('mouseover', (e) => {
    const td = e.target.closest && e.target.closest('td.v');
    if (!td || !td.querySelector('.diag-msg')) return;
    showTip(td.querySelector('input.cell'));
  });
  wrap.addEventListener('mouseout', (e) => {
    const td = e.target.closest && e.target.closest('td.v');
    if (!td || td.contains(e.relatedTarget)) return;
    const active = document.activeElement;
    if (active && active.classList && active.classList.contains('cell') && wrap.contains(active)) showTip(active);
    else hideTip();
  });

  // ---- typing and pasting -------------------------------------------------------
  if (!ctx.readonly) {
    wrap.addEventListener('input', (e) => {
      if (e.target.classList && e.target.classList.contains('cell')) ctx.change(e.target, e.target.value);
    });
    wrap.addEventListener('change', (e) => {
      const t = e.target;
      if (!t.classList || !t.classList.contains('cell')) return;
      const n = normaliseNumber(t.value);
      if (n !== t.value && (isNumberText(n) || n === '')) {
        t.value = n;
        ctx.change(t, n);
      }
    });
    wrap.addEventListener('paste', (e) => {
      const input = e.target;
      if (!input.classList || !input.classList.contains('cell') || !e.clipboardData) return;
      const rows = clipboardRows(e.clipboardData);
      if (!rows || rows.length === 0) return;
      e.preventDefault();
      if (rows.length === 1 && rows[0].length === 1) {
        const v = normaliseNumber(rows[0][0]);
        const text = isNumberText(v) ? v : rows[0][0].trim();
        input.setRangeText(text, input.selectionStart, input.selectionEnd, 'end');
        ctx.change(input, input.value);
        return;
      }
      pasteRows(rows, input);
    });
  }

  function setCell(input, raw) {
    const t = String(raw).trim();
    const n = normaliseNumber(t);
    input.value = isNumberText(n) || n === '' ? n : t;
    ctx.change(input, input.value);
  }

  // The pasted rows land from the focused cell on, row by row down the value
  // rows of its block; a pasted row that begins with labels goes to the row
  // of the section whose label matches (header rows of the paste, with no
  // values, are passed over).
  function pasteRows(rows, start) {
    const startRow = start._nav.row;
    const startPos = start._nav.pos;
    const block = navRows[startRow].block;
    let cursor = startRow;
    let cells = 0;
    let filledRows = 0;
    let dropped = 0;
    const unmatched = [];
    for (const fields of rows) {
      // the leading run of labels (and the blanks among them), up to its last label
      let lastLabel = -1;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i].trim();
        if (f === '') continue;
        if (isLabelText(f)) lastLabel = i; else break;
      }
      const labels = fields.slice(0, lastLabel + 1).map((f) => f.trim()).filter((f) => f !== '');
      let vals = fields.slice(lastLabel + 1);
      while (vals.length && vals[vals.length - 1].trim() === '') vals.pop();
      if (vals.length === 0) {
        if (labels.length === 0 && fields.length > 1) { cursor += 1; } // a row of blanks from a sheet
        continue; // a header or title row of the paste
      }
      let target = labels.length ? matchRow(labels, cursor) : null;
      let pos = startPos;
      if (target !== null) {
        const n = navRows[target].inputs.length;
        while (vals.length > n && vals[0].trim() === '') vals = vals.slice(1);
        pos = vals.length >= n ? 0 : (target === startRow ? startPos : 0);
      } else {
        if (labels.length) unmatched.push(labels[labels.length - 1]);
        target = cursor;
        if (target >= navRows.length || navRows[target].block !== block) {
          dropped += vals.length;
          continue;
        }
      }
      const row = navRows[target];
      vals.forEach((v, k) => {
        const inp = row.inputs[pos + k];
        if (!inp) { dropped += 1; return; }
        setCell(inp, v);
        cells += 1;
      });
      filledRows += 1;
      cursor = target + 1;
    }
    let msg = `已粘贴 ${cells} 个数据（${filledRows} 行）`;
    if (dropped) msg += `；${dropped} 个数据超出表格，未粘贴`;
    if (unmatched.length) msg += `；行标题“${unmatched.join('”“')}”未能对应，按顺序粘贴`;
    ctx.announce(msg);
    start.focus();
    start.select();
  }

  function matchRow(labels, cursor) {
    const keys = labels.map(labelKey).filter((k) => k !== '');
    if (!keys.length) return null;
    const inner = keys[keys.length - 1];
    let best = null;
    let bestScore = 0;
    navRows.forEach((row, i) => {
      const rowKeys = row.labels.map(labelKey);
      if (!rowKeys.length || !sameLabel(inner, rowKeys[rowKeys.length - 1])) return;
      let score = 10;
      for (const k of keys.slice(0, -1)) if (rowKeys.some((rk) => sameLabel(k, rk))) score += 1;
      if (i >= cursor) score += 0.5 - Math.min(0.4, (i - cursor) / 1000);
      if (score > bestScore) { bestScore = score; best = i; }
    });
    return best;
  }

  return { el: wrap, inputs };
}

function sameLabel(a, b) {
  if (!a || !b) return false;
  if (a === b) return true;
  const short = a.length < b.length ? a : b;
  return short.length >= 4 && (a.startsWith(b) || b.startsWith(a));
}

// What published tables print for a blank cell: a value of the paste, not a label.
const BLANK_MARKS = new Set(['/', '-', '—', '——', '－', '空', '无', '／']);
function isLabelText(f) {
  if (BLANK_MARKS.has(f)) return false;
  return !isNumberText(normaliseNumber(f));
}

// The rows of a paste: a <table> of the HTML flavour (a web page), else the
// plain text split at line breaks and tabs (Excel, WPS), or at | or spaces.
export function clipboardRows(cd) {
  const html = cd.getData('text/html');
  if (html && /<table[\s>]/i.test(html)) {
    const rows = rowsFromHtml(html);
    if (rows.length) return rows;
  }
  const text = cd.getData('text/plain');
  return text ? rowsFromText(text) : [];
}

export function rowsFromHtml(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const rows = [];
  for (const tr of doc.querySelectorAll('tr')) {
    const fields = [];
    for (const c of tr.children) {
      if (c.tagName !== 'TD' && c.tagName !== 'TH') continue;
      fields.push((c.textContent || '').replace(/[\s\u00A0]+/g, ' ').trim());
    }
    if (fields.length) rows.push(fields);
  }
  return rows;
}

export function rowsFromText(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const tabs = lines.some((l) => l.includes('\t'));
  return lines.map((l) => {
    if (tabs) return l.split('\t');
    if (l.includes('|')) return l.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|');
    const t = l.trim();
    return t === '' ? [''] : t.split(/[\s\u3000]+/);
  });
}

// The message of a cell with diagnostics, shown beside it when it is focused
// or pointed at: one floating box (fixed, so that the table's scrolling box
// does not cut it off), a copy of the cell's own .diag-msg elements.
let tip = null;
let tipAnchor = null;
function placeTip() {
  if (!tip || tip.hidden || !tipAnchor || !tipAnchor.isConnected) return;
  const td = tipAnchor.closest('td');
  const r = td.getBoundingClientRect();
  const w = tip.offsetWidth;
  const ht = tip.offsetHeight;
  let left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
  let top = r.bottom + 2;
  if (top + ht > window.innerHeight - 8 && r.top - ht - 2 > 8) top = r.top - ht - 2;
  if (left < 0) left = 0;
  tip.style.left = `${Math.round(left)}px`;
  tip.style.top = `${Math.round(top)}px`;
}
export function showTip(input) {
  const td = input && input.closest('td');
  const msgs = td ? [...td.querySelectorAll('.diag-msg')] : [];
  if (!msgs.length) { hideTip(); return; }
  if (!tip) {
    tip = h('div', { class: 'cell-tip', 'aria-hidden': 'true' });
    document.body.append(tip);
    document.addEventListener('scroll', placeTip, true);
    window.addEventListener('resize', placeTip);
  }
  tipAnchor = input;
  tip.replaceChildren(...msgs.map((m) => {
    const c = m.cloneNode(true);
    c.removeAttribute('id');
    return c;
  }));
  tip.dataset.path = input.dataset.path;
  tip.hidden = false;
  placeTip();
}
export function hideTip() {
  if (tip) tip.hidden = true;
  tipAnchor = null;
}
// After the checks answer: the focused cell's box and bar say what they say now.
export function refreshCell(input) {
  if (!input || !input.classList.contains('cell')) { hideTip(); return; }
  showBar(input.closest('.block').querySelector('.cellbar'), input);
  showTip(input);
}

// The bar under a block: the focused cell's place and what the checks say of it.
export function showBar(bar, input) {
  bar.replaceChildren();
  bar.append(h('span', { class: 'cellbar-place' }, input.getAttribute('aria-label') || ''));
  const td = input.closest('td');
  for (const m of td ? td.querySelectorAll('.diag-msg') : []) {
    bar.append(h('span', { class: `cellbar-msg ${m.dataset.severity || ''}` }, m.textContent));
  }
  bar.classList.add('on');
}
