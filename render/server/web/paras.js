// paras.js — a section's paragraphs: each a plain paragraph (a JSON string)
// or a run-in sub-heading with its text ({"heading": "（一）…", "text": "…"});
// added, deleted, moved and switched between the two with buttons.

import { h, ptrGet, ptrSet, ptrDelete } from './util.js';

// opts: {report() → the report, path: "/sections/overview", name: "一、总体情况",
// readonly, optional: an empty list is removed from the JSON, change()}.
export function paragraphList(opts) {
  const root = h('div', { class: 'paras', 'data-path': opts.path });
  const list = h('ol', { class: 'para-list' });
  root.append(h('div', { class: 'diag-notes' }));
  const empty = h('p', { class: 'para-empty' }, opts.readonly ? '（无）' : '（尚无段落）');
  root.append(list, empty);

  const arr = () => {
    const a = ptrGet(opts.report(), opts.path);
    return Array.isArray(a) ? a : null;
  };
  const store = (a) => {
    if (a.length === 0 && opts.optional) ptrDelete(opts.report(), opts.path);
    else ptrSet(opts.report(), opts.path, a);
  };

  function render(focus) {
    list.replaceChildren();
    const a = arr() || [];
    a.forEach((p, i) => list.append(item(p, i, a.length)));
    empty.hidden = a.length > 0;
    if (focus) {
      const el = list.querySelector(focus);
      if (el) el.focus();
    }
  }

  function item(p, i, n) {
    const isObj = p !== null && typeof p === 'object';
    const base = `${opts.path}/${i}`;
    const no = `第${i + 1}段`;
    const li = h('li', { class: `para${isObj ? ' has-heading' : ''}`, dataset: { para: base, index: i } });
    const head = h('div', { class: 'para-head' }, h('span', { class: 'para-no' }, no));
    if (!opts.readonly) {
      const btn = (act, text, label, disabled) => h('button', {
        type: 'button', class: `small act-${act}`, 'aria-label': `${label}（${opts.name}${no}）`, disabled, dataset: { act, index: i },
      }, text);
      head.append(h('span', { class: 'para-tools' },
        btn('up', '上移', '上移', i === 0),
        btn('down', '下移', '下移', i === n - 1),
        btn('toggle', isObj ? '改为普通段' : '改为小标题段', isObj ? '改为普通段落' : '改为带小标题的段落'),
        btn('delete', '删除', '删除')));
    }
    li.append(head);
    if (isObj) {
      li.append(h('input', {
        type: 'text', class: 'para-heading', value: p.heading || '', placeholder: '小标题，如“（一）主动公开情况。”',
        'aria-label': `${opts.name}${no}小标题`, readonly: opts.readonly, dataset: { path: `${base}/heading`, index: i, part: 'heading' },
      }));
    }
    const text = isObj ? (p.text || '') : String(p ?? '');
    li.append(h('textarea', {
      class: 'para-text', rows: 3, 'aria-label': `${opts.name}${no}${isObj ? '正文' : ''}`,
      readonly: opts.readonly, placeholder: isObj ? '小标题后的正文（可空）' : '段落正文',
      dataset: { path: isObj ? `${base}/text` : base, index: i, part: 'text' },
    }, text));
    li.append(h('div', { class: 'diag-notes' }));
    return li;
  }

  root.addEventListener('input', (e) => {
    const t = e.target;
    if (!t.dataset || t.dataset.index === undefined || !t.dataset.part) return;
    const a = arr();
    const i = Number(t.dataset.index);
    if (!a || i >= a.length) return;
    const p = a[i];
    if (p !== null && typeof p === 'object') {
      const li = t.closest('li');
      const heading = li.querySelector('.para-heading').value;
      const body = li.querySelector('.para-text').value;
      a[i] = body === '' ? { heading } : { heading, text: body };
    } else {
      a[i] = t.value;
    }
    opts.change();
  });

  root.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-act]');
    if (!b || opts.readonly) return;
    const a = arr() || [];
    const i = Number(b.dataset.index);
    const act = b.dataset.act;
    if (act === 'up' && i > 0) {
      [a[i - 1], a[i]] = [a[i], a[i - 1]];
      store(a);
      render(i - 1 === 0 ? `li[data-index="${i - 1}"] .act-down` : `li[data-index="${i - 1}"] .act-up`);
    } else if (act === 'down' && i < a.length - 1) {
      [a[i + 1], a[i]] = [a[i], a[i + 1]];
      store(a);
      render(i + 1 === a.length - 1 ? `li[data-index="${i + 1}"] .act-up` : `li[data-index="${i + 1}"] .act-down`);
    } else if (act === 'toggle') {
      const p = a[i];
      if (p !== null && typeof p === 'object') {
        a[i] = `${p.heading || ''}${p.text || ''}`;
      } else {
        const s = String(p ?? '');
        // a leading （一）… up to its first 。 or ： becomes the heading
        const m = /^\s*((（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是|\d+[.．]|（\d+）)[^。：:]{0,40}[。：:]?)(.*)$/s.exec(s);
        a[i] = m ? { heading: m[1], text: m[3] } : { heading: '', text: s };
        if (a[i].text === '') delete a[i].text;
      }
      store(a);
      render(`li[data-index="${i}"] .act-toggle`);
    } else if (act === 'delete') {
      const p = a[i];
      const hasText = p !== null && typeof p === 'object' ? (p.heading || p.text) : p;
      if (hasText && !window.confirm(`删除${opts.name}第${i + 1}段？`)) return;
      a.splice(i, 1);
      store(a);
      const next = Math.min(i, a.length - 1);
      render(next >= 0 ? `li[data-index="${next}"] .act-delete` : null);
      if (next < 0) root.querySelector('.act-add') && root.querySelector('.act-add').focus();
    } else {
      return;
    }
    opts.change();
  });

  if (!opts.readonly) {
    const add = (kind) => {
      const a = arr() || [];
      a.push(kind === 'heading' ? { heading: '' } : '');
      store(a);
      render(kind === 'heading' ? `li[data-index="${a.length - 1}"] .para-heading` : `li[data-index="${a.length - 1}"] .para-text`);
      opts.change();
    };
    root.append(h('div', { class: 'para-add' },
      h('button', { type: 'button', class: 'act-add', onclick: () => add('text') }, '＋ 添加段落'),
      h('button', { type: 'button', class: 'act-add-heading', onclick: () => add('heading') }, '＋ 添加小标题段落')));
  }
  render();
  return { el: root, render };
}
