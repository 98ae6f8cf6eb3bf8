// editor.js — one department's report of a year: the form (made from the
// format's grid), the checks as the clerk types, saving with the version it
// was edited from, the page preview, downloads, submitting, importing, the
// versions and their differences; read-only for the county's reviewers,
// with their return / publish actions.

import {
  request, call, getJSON, postJSON, reportPath, download, errorText, diagnosticsOf, ApiError,
} from './api.js';
import {
  h, newId, ptrGet, ptrSet, ptrDelete, ptrAncestors, normaliseNumber, isNumberText, cellText,
  normaliseDate, statusLabel, formatTime, SEVERITY_LABELS, debounce,
} from './util.js';
import { buildTables, refreshCell, hideTip } from './grid.js';
import { paragraphList } from './paras.js';

const formats = new Map(); // format → its form (GET /api/formats/…)
async function formatForm(format) {
  if (!formats.has(format)) formats.set(format, getJSON(`/api/formats/${encodeURIComponent(format)}`));
  try { return await formats.get(format); } catch (e) { formats.delete(format); throw e; }
}
function formatOf(report, year) {
  if (report && typeof report.format === 'string' && report.format) return report.format;
  return Number(year) >= 2021 ? '2021' : '2019';
}

export class Editor {
  // opts: {year, agency, session, readonly, announce(text), years: [..],
  //        onYear(y), backHref}
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.year = Number(opts.year);
    this.agency = opts.agency;
    this.readonly = !!opts.readonly;
    this.county = opts.session.role === 'county';
    this.rev = 0;
    this.savedRev = 0;
    this.version = 0;
    this.savedErrors = null;
    this.diags = [];
    this.checkSeq = 0;
    this.previewSeq = 0;
    this.previewUrls = [];
    this.destroyed = false;
    this.scheduleCheck = debounce(() => this.runCheck(), 400);
    this.onKey = (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        if (!this.readonly && !document.querySelector('dialog[open]')) this.save();
      }
    };
    document.addEventListener('keydown', this.onKey);
  }

  get dirty() { return !this.readonly && this.rev !== this.savedRev; }

  destroy() {
    this.destroyed = true;
    this.scheduleCheck.cancel();
    hideTip();
    document.removeEventListener('keydown', this.onKey);
    for (const u of this.previewUrls) URL.revokeObjectURL(u);
    if (this.checkAbort) this.checkAbort.abort();
  }

  path(tail = '') { return reportPath(this.year, this.agency, tail); }
  announce(t, quiet) { this.opts.announce(t, quiet); }

  // ---- loading -----------------------------------------------------------------

  async load() {
    this.root.replaceChildren(h('p', { class: 'loading' }, '正在载入报告…'));
    let got;
    try {
      got = await getJSON(this.path());
    } catch (e) {
      this.root.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, `无法载入报告：${e.message}`));
      return;
    }
    this.meta = got;
    this.version = got.version || 0;
    this.report = got.report && typeof got.report === 'object' ? got.report : {};
    this.savedErrors = this.version > 0 && typeof got.errors === 'number' ? got.errors : null;
    await this.build();
    if (this.destroyed) return;
    if (this.readonly) this.runSavedCheck(); else this.runCheck();
    this.loadVersions();
  }

  async build() {
    const fmt = formatOf(this.report, this.year);
    try {
      this.form = await formatForm(fmt);
    } catch (e) {
      this.root.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, `无法载入格式 ${fmt}：${e.message}`));
      return;
    }
    if (this.destroyed) return;
    this.root.replaceChildren(...this.renderHead(), this.renderBody());
    this.updateState();
  }

  // ---- the head: title, status, toolbar ------------------------------------------

  renderHead() {
    const head = h('div', { class: 'editor-head' });
    const titleRow = h('div', { class: 'title-row' });
    titleRow.append(h('h1', { class: 'report-title' }, `${this.agency}`, h('span', { class: 'year' }, `${this.year}年度政府信息公开工作年度报告`)));
    this.statusBadge = h('span', { class: 'badge' });
    this.versionInfo = h('span', { class: 'version-info' });
    titleRow.append(h('span', { class: 'title-meta' }, this.statusBadge, this.versionInfo));
    if (this.county && this.opts.backHref) {
      titleRow.append(h('a', { class: 'back', href: this.opts.backHref }, '← 返回单位列表'));
    }
    if (!this.county && this.opts.years) {
      const sel = h('select', { id: newId('year'), class: 'year-select' });
      for (const y of this.opts.years) sel.append(h('option', { value: y, selected: y === this.year }, `${y}年度`));
      sel.addEventListener('change', () => this.opts.onYear(Number(sel.value), sel));
      titleRow.append(h('label', { class: 'inline-field' }, '年度', sel));
    }
    head.append(titleRow);
    this.noticeBox = h('div', { class: 'notices' });
    head.append(this.noticeBox);

    const bar = h('div', { class: 'toolbar editor-toolbar' });
    if (!this.readonly) {
      this.saveBtn = h('button', { type: 'button', class: 'primary', 'aria-keyshortcuts': 'Control+S', onclick: () => this.save() }, '保存', h('span', { class: 'kbd' }, 'Ctrl+S'));
      this.dirtyMark = h('span', { class: 'dirty-mark', role: 'status' });
      this.submitBtn = h('button', { type: 'button', onclick: () => this.submit() }, '提交审核');
      this.fileInput = h('input', { type: 'file', accept: '.html,.htm,.txt,.docx,.pdf,.json', class: 'vh', tabindex: '-1', 'aria-hidden': 'true' });
      this.fileInput.addEventListener('change', () => this.importFile());
      const importBtn = h('button', { type: 'button', onclick: () => this.fileInput.click() }, '导入文件…');
      bar.append(h('span', { class: 'tool-group' }, this.saveBtn, this.dirtyMark),
        h('span', { class: 'tool-group' }, this.submitBtn, importBtn, this.fileInput));
    }
    this.checkSummary = h('button', { type: 'button', class: 'check-summary', onclick: () => { this.diagPanel.scrollIntoView({ block: 'start' }); this.diagPanel.focus({ preventScroll: true }); } }, '正在检查…');
    bar.append(h('span', { class: 'tool-group' }, this.checkSummary));
    const dl = (ext, text, draft) => {
      const a = h('a', { class: 'button small', href: this.path(`.${ext}${draft ? '?draft=1' : ''}`), download: '' }, text);
      a.addEventListener('click', (e) => { e.preventDefault(); this.download(ext, draft); });
      return a;
    };
    this.downloads = h('span', { class: 'tool-group downloads', role: 'group', 'aria-label': '下载' },
      h('span', { class: 'tool-label' }, '下载'), dl('pdf', 'PDF'), dl('html', '网页'), dl('docx', 'Word'), dl('pdf', '草稿PDF', true));
    bar.append(this.downloads);
    this.downloadNote = h('div', { class: 'download-note', role: 'status' });
    return [head, bar, this.downloadNote];
  }

  // ---- the body: the form and the side panels -------------------------------------

  renderBody() {
    const body = h('div', { class: `editor-body${this.readonly ? ' readonly' : ''}` });
    const form = h('form', { class: 'report-form', novalidate: true, 'aria-label': '报告内容' });
    form.addEventListener('submit', (e) => e.preventDefault());
    this.formEl = form;
    const rp = () => this.report;
    const changed = () => this.changed();

    // the fields
    const fields = h('section', { class: 'card', 'aria-labelledby': 'h-basic' }, h('h2', { id: 'h-basic' }, '基本信息'));
    const grid = h('div', { class: 'fields' });
    grid.append(this.staticField('发文机关', this.agency, '/agency'), this.staticField('报告年度', `${this.year}年度`, '/year'),
      this.staticField('格式', `${this.form.format} 年格式`, '/format'));
    grid.append(this.textField('标题', '/title', { placeholder: `${this.agency}${this.year}年政府信息公开工作年度报告`, hint: '空着则用默认标题', wide: true }));
    grid.append(this.textField('成文日期', '/date', { placeholder: 'YYYY-MM-DD', hint: `例如 ${this.year + 1}-01-20`, date: true }));
    const kindSel = h('select', { id: newId('f'), 'data-path': '/agency_kind', disabled: this.readonly },
      h('option', { value: '' }, '按机关名称判断'),
      h('option', { value: 'department' }, '部门（1月31日前公开）'),
      h('option', { value: 'government' }, '人民政府（3月31日前公开）'));
    kindSel.value = ['department', 'government'].includes(this.report.agency_kind) ? this.report.agency_kind : '';
    kindSel.addEventListener('change', () => {
      if (kindSel.value) this.report.agency_kind = kindSel.value; else delete this.report.agency_kind;
      changed();
    });
    grid.append(h('div', { class: 'field' }, h('label', { for: kindSel.id }, '机关类型'), kindSel, h('div', { class: 'diag-notes' })));
    fields.append(grid);
    form.append(fields);

    // the preface, the six sections
    this.paraLists = [];
    const pre = paragraphList({ report: rp, path: '/preface', name: '前言', readonly: this.readonly, optional: true, change: () => this.changedStructure() });
    this.paraLists.push(pre);
    form.append(h('section', { class: 'card', 'aria-labelledby': 'h-preface' }, h('h2', { id: 'h-preface' }, '前言', h('span', { class: 'opt' }, '（可选，一、之前的段落）')), pre.el));
    this.cellInputs = [];
    for (const s of this.form.sections || []) {
      const id = `h-${s.key}`;
      const sec = h('section', { class: 'card', 'aria-labelledby': id, dataset: { section: s.key } }, h('h2', { id }, s.heading || `${s.number}、${s.title}`));
      if (s.content === 'table') {
        const pl = paragraphList({ report: rp, path: `/sections/${s.key}`, name: `${s.number}、表前文字`, readonly: this.readonly, optional: true, change: () => this.changedStructure() });
        this.paraLists.push(pl);
        const det = h('div', { class: 'table-text' }, h('h3', { class: 'sub' }, '表前文字', h('span', { class: 'opt' }, '（可选）')), pl.el);
        const t = buildTables(s, {
          readonly: this.readonly,
          value: (p) => cellText(ptrGet(this.report, p)),
          change: (input, text) => this.cellChanged(input, text),
          announce: (m) => this.announce(m),
        });
        this.cellInputs.push(...t.inputs);
        sec.append(det, t.el);
      } else {
        const pl = paragraphList({ report: rp, path: `/sections/${s.key}`, name: s.heading || s.title, readonly: this.readonly, optional: false, change: () => this.changedStructure() });
        this.paraLists.push(pl);
        sec.append(pl.el);
      }
      form.append(sec);
    }
    const notes = h('section', { class: 'card', 'aria-labelledby': 'h-notes' }, h('h2', { id: 'h-notes' }, '附注', h('span', { class: 'opt' }, '（可选，印在成文日期下）')));
    notes.append(this.textField('附注', '/notes', { textarea: true, labelHidden: true }));
    form.append(notes);
    body.append(form);

    // the side
    const side = h('aside', { class: 'side', 'aria-label': '检查、预览与版本' });
    this.diagPanel = h('section', { class: 'panel diag-panel', id: 'diag-panel', tabindex: '-1', 'aria-labelledby': 'h-diags' });
    this.diagStatus = h('p', { class: 'diag-status' });
    this.diagList = h('ul', { class: 'diag-list' });
    this.importBox = h('div', { class: 'import-box' });
    this.diagPanel.append(h('h2', { id: 'h-diags' }, '检查结果'), this.diagStatus, this.diagList, this.importBox);
    side.append(this.diagPanel);

    if (this.readonly && this.county) side.append(this.renderReview());

    this.previewBox = h('div', { class: 'preview-pages' });
    this.previewStatus = h('p', { class: 'preview-status', role: 'status' });
    const zoom = h('button', { type: 'button', class: 'small', 'aria-pressed': 'false' }, '放大');
    zoom.addEventListener('click', () => {
      const on = this.previewBox.classList.toggle('zoom');
      zoom.setAttribute('aria-pressed', on ? 'true' : 'false');
      zoom.textContent = on ? '缩小' : '放大';
    });
    this.previewDetails = h('details', { class: 'panel preview' },
      h('summary', null, '页面预览'),
      h('div', { class: 'panel-tools' }, this.previewStatus, zoom),
      this.previewBox);
    this.previewDetails.addEventListener('toggle', () => { if (this.previewDetails.open) this.refreshPreview(); });
    side.append(this.previewDetails);

    this.versionsBox = h('div', { class: 'versions' });
    this.versionsDetails = h('details', { class: 'panel versions-panel' }, h('summary', null, '版本与更正说明'), this.versionsBox);
    side.append(this.versionsDetails);
    body.append(side);
    return body;
  }

  staticField(label, value, path) {
    return h('div', { class: 'field static' }, h('span', { class: 'label' }, label),
      h('span', { class: 'value', 'data-path': path || null }, value), h('div', { class: 'diag-notes' }));
  }

  textField(label, path, o = {}) {
    const id = newId('f');
    const hintId = o.hint ? newId('hint') : null;
    const el = o.textarea
      ? h('textarea', { id, rows: 2, 'data-path': path, readonly: this.readonly, 'aria-label': o.labelHidden ? label : null }, cellText(ptrGet(this.report, path)))
      : h('input', { id, type: 'text', 'data-path': path, readonly: this.readonly, placeholder: o.placeholder || null, 'aria-describedby': this.readonly ? null : hintId, autocomplete: 'off' });
    if (!o.textarea) el.value = cellText(ptrGet(this.report, path));
    el.addEventListener('input', () => {
      if (el.value === '') ptrDelete(this.report, path); else ptrSet(this.report, path, el.value);
      this.changed();
    });
    if (o.date) {
      el.addEventListener('change', () => {
        const v = normaliseDate(el.value);
        if (v !== el.value) {
          el.value = v;
          if (v === '') ptrDelete(this.report, path); else ptrSet(this.report, path, v);
          this.changed();
        }
      });
    }
    return h('div', { class: `field${o.wide ? ' wide' : ''}${o.textarea ? ' wide' : ''}` },
      o.labelHidden ? null : h('label', { for: id }, label),
      el,
      o.hint && !this.readonly ? h('span', { class: 'hint', id: hintId }, o.hint) : null,
      h('div', { class: 'diag-notes' }));
  }

  // ---- changes ---------------------------------------------------------------------

  cellChanged(input, text) {
    const path = input.dataset.path;
    const t = String(text).trim();
    if (t === '') {
      ptrDelete(this.report, path);
    } else {
      const n = normaliseNumber(t);
      ptrSet(this.report, path, isNumberText(n) ? Number(n) : t);
    }
    this.changed();
  }

  changed() {
    if (this.readonly) return;
    this.rev += 1;
    this.updateState();
    this.scheduleCheck();
  }

  changedStructure() {
    this.markDiagnostics(); // the paragraphs were rebuilt: mark them again until the check answers
    this.changed();
  }

  // ---- state shown in the head -------------------------------------------------------

  updateState() {
    if (!this.statusBadge) return;
    const status = this.meta.status || 'not_started';
    this.statusBadge.className = `badge status-${status}`;
    this.statusBadge.textContent = statusLabel(status);
    const v = this.version > 0 ? `第 ${this.version} 版` : '尚未保存';
    const who = this.meta.updated ? ` · ${formatTime(this.meta.updated)}${this.meta.by ? ` · ${this.meta.by}` : ''}` : '';
    this.versionInfo.textContent = `${v}${who}`;

    const notices = [];
    if (status === 'returned') {
      notices.push(h('div', { class: 'notice returned', role: 'note' }, h('strong', null, '已退回修改'), this.meta.comment ? `审核意见：${this.meta.comment}` : ''));
    } else if (status === 'published') {
      notices.push(h('div', { class: 'notice ok' }, `本报告已发布${this.meta.published ? `（第 ${this.meta.published} 版）` : ''}。${this.readonly ? '' : '如需更正，修改后保存即成为新的版本，更正说明见“版本与更正说明”。'}`));
    } else if (status === 'ready') {
      notices.push(h('div', { class: 'notice info' }, this.readonly ? '单位已提交，等待审核。' : '已提交审核。如需修改，修改后保存将重新成为草稿，需要再次提交。'));
    } else if ((status === 'draft' || status === 'errors') && this.meta.comment) {
      notices.push(h('div', { class: 'notice info' }, `上次退回时的审核意见：${this.meta.comment}`));
    }
    if (this.version === 0 && !this.readonly && !this.importNotice) {
      const from = this.meta.start === 'previous' ? '由上一年度的报告生成（表格中的结转数已带入），请逐项核对更新' : '为空白模板';
      notices.push(h('div', { class: 'notice info' }, `本年度报告尚未保存。表单内容${from}。`));
    }
    if (this.importNotice) notices.push(this.importNotice);
    this.noticeBox.replaceChildren(...notices);

    if (this.readonly) {
      this.downloadsEnabled(this.version > 0);
      return;
    }
    const dirty = this.dirty;
    this.dirtyMark.textContent = dirty ? '有未保存的修改' : (this.version > 0 ? '已保存' : '');
    this.dirtyMark.classList.toggle('on', dirty);
    this.saveBtn.disabled = !!this.saving;
    const canSubmit = this.version > 0 && !dirty && this.savedErrors === 0 && ['draft', 'returned'].includes(status);
    this.submitBtn.disabled = !canSubmit;
    this.submitBtn.title = canSubmit ? '' : (status === 'ready' ? '已提交' : '保存且没有错误后才能提交');
    this.downloadsEnabled(this.version > 0);
  }

  downloadsEnabled(on) {
    this.downloads.hidden = !on;
    let note = '';
    if (on && this.savedErrors > 0) note = `已保存的版本有 ${this.savedErrors} 个错误：修正并保存后才能下载正式文件（可先下载带“草稿”标记的 PDF）。`;
    else if (on && this.dirty) note = '下载的是已保存的版本，不含未保存的修改。';
    this.downloadNote.textContent = note;
  }

  // ---- checks ------------------------------------------------------------------------

  async runCheck() {
    if (this.destroyed || !this.report) return;
    const seq = ++this.checkSeq;
    const rev = this.rev;
    if (this.checkAbort) this.checkAbort.abort();
    const ac = new AbortController();
    this.checkAbort = ac;
    this.diagStatus.textContent = '正在检查…';
    this.diagPanel.classList.add('busy');
    try {
      const r = await request('POST', this.path('/check'), { json: this.report, signal: ac.signal });
      const b = await r.json().catch(() => null);
      if (seq !== this.checkSeq || this.destroyed) return;
      if (!r.ok && !(b && Array.isArray(b.diagnostics))) throw new ApiError(r.status, b, errorText(r.status, b));
      this.setDiagnostics(b);
      if (rev === this.savedRev) { this.savedErrors = this.version > 0 ? this.errors : null; this.updateState(); }
      if (this.previewDetails.open) this.refreshPreview();
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      if (seq !== this.checkSeq) return;
      this.diagStatus.textContent = `检查失败：${e.message}`;
    } finally {
      if (seq === this.checkSeq) this.diagPanel.classList.remove('busy');
    }
  }

  async runSavedCheck() {
    if (this.version === 0) { this.setDiagnostics({ errors: 0, warnings: 0, diagnostics: [] }, '尚未保存，无检查结果。'); return; }
    this.diagStatus.textContent = '正在检查…';
    try {
      this.setDiagnostics(await getJSON(this.path('/check')));
      this.savedErrors = this.errors;
      this.updateState();
    } catch (e) {
      this.diagStatus.textContent = `检查失败：${e.message}`;
    }
  }

  setDiagnostics(b, emptyText) {
    const list = Array.isArray(b && b.diagnostics) ? b.diagnostics : [];
    this.diags = list;
    this.errors = typeof b.errors === 'number' ? b.errors : list.filter((d) => d.severity === 'error').length;
    this.warnings = typeof b.warnings === 'number' ? b.warnings : list.filter((d) => d.severity === 'warning').length;
    this.markDiagnostics();
    this.renderDiagList(emptyText);
    const counts = `${this.errors}/${this.warnings}`;
    if (this.lastCounts !== undefined && counts !== this.lastCounts) {
      this.announce(this.errors || this.warnings ? `检查：${this.errors} 个错误，${this.warnings} 个警告` : '检查通过，没有错误或警告', true);
    }
    this.lastCounts = counts;
    const s = this.errors || this.warnings
      ? `${this.errors} 个错误 · ${this.warnings} 个警告` : '检查通过';
    this.checkSummary.textContent = s;
    this.checkSummary.className = `check-summary ${this.errors ? 'has-errors' : this.warnings ? 'has-warnings' : 'clean'}`;
    this.diagStatus.textContent = emptyText || (this.errors || this.warnings
      ? `${this.readonly ? '已保存的版本' : '当前内容'}有 ${this.errors} 个错误、${this.warnings} 个警告。${this.errors ? '有错误时不能提交和下载正式文件。' : ''}`
      : '没有发现问题。');
  }

  // The elements a diagnostic's pointer names: the control of that path;
  // else every control under it (a row, a block); else its nearest ancestor.
  targetsOf(path) {
    if (!path || path === '/' || !this.formEl) return [];
    const all = [...this.formEl.querySelectorAll('[data-path]')];
    const exact = all.filter((e) => e.dataset.path === path);
    if (exact.length) return exact;
    const pre = path + '/';
    const under = all.filter((e) => e.dataset.path.startsWith(pre) && e.matches('input, textarea, select'));
    if (under.length) return under;
    for (const a of ptrAncestors(path).slice(1)) {
      const up = all.filter((e) => e.dataset.path === a);
      if (up.length) return up;
    }
    return [];
  }

  markDiagnostics() {
    if (!this.formEl) return;
    for (const el of this.formEl.querySelectorAll('.diag-msg')) el.remove();
    for (const el of this.formEl.querySelectorAll('.has-diag')) {
      el.classList.remove('has-diag', 'diag-error', 'diag-warning', 'diag-note');
      el.removeAttribute('aria-invalid');
      const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && !x.startsWith('dm-'));
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
    }
    this.diags.forEach((d, i) => {
      const targets = this.targetsOf(d.path);
      d._targets = targets;
      if (!targets.length) return;
      const sev = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
      const id = `dm-${i}`;
      const msg = h('div', { class: `diag-msg ${sev}`, id, dataset: { severity: sev } },
        h('span', { class: 'sev' }, `${SEVERITY_LABELS[sev] || sev} ${d.rule || ''}`), ' ', d.message || '', evidence(d));
      targets.forEach((el, k) => {
        el.classList.add('has-diag', `diag-${sev}`);
        if (sev === 'error') el.setAttribute('aria-invalid', 'true');
        if (el.matches('input, textarea, select')) {
          const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
          ids.push(id);
          el.setAttribute('aria-describedby', ids.join(' '));
        }
        if (k > 0) return;
        const td = el.closest('td');
        if (td) { td.append(msg); return; }
        const holder = el.closest('.para, .field') || el;
        const notes = holder.querySelector(':scope > .diag-notes');
        if (notes) notes.append(msg);
        else el.prepend(msg);
      });
    });
    const active = document.activeElement;
    if (active && active.classList && active.classList.contains('cell') && this.formEl.contains(active)) refreshCell(active);
    else hideTip();
  }

  renderDiagList(emptyText) {
    this.diagList.replaceChildren();
    const order = { error: 0, warning: 1 };
    const sorted = this.diags.map((d, i) => [d, i]).sort((a, b) => (order[a[0].severity] ?? 2) - (order[b[0].severity] ?? 2) || a[1] - b[1]);
    for (const [d] of sorted) {
      const sev = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
      const content = [
        h('span', { class: 'diag-head' }, h('span', { class: `sev ${sev}` }, SEVERITY_LABELS[sev] || sev), h('span', { class: 'rule' }, d.rule || ''), h('span', { class: 'place' }, d.place || '')),
        h('span', { class: 'msg' }, d.message || ''),
        evidence(d),
      ];
      const li = h('li', { class: `diag ${sev}` });
      const target = (d._targets || []).find((e) => e.matches('input, textarea, select')) || (d._targets || [])[0];
      if (target) {
        li.append(h('button', { type: 'button', class: 'diag-go', onclick: () => this.focusTarget(d) }, content));
      } else {
        li.append(h('div', { class: 'diag-go static' }, content));
      }
      // a total whose parts say what it must be: offer to write it
      const cell = (d._targets || []).length === 1 ? d._targets[0] : null;
      if (!this.readonly && cell && cell.classList.contains('cell') && cell.dataset.path === d.path
          && cell.dataset.total && cell.dataset.total === d.rule && isNumberText(String(d.expected || ''))) {
        li.append(h('button', {
          type: 'button', class: 'small fix',
          onclick: () => { cell.value = String(d.expected); this.cellChanged(cell, cell.value); cell.focus(); cell.select(); },
        }, `填入应为值 ${d.expected}`));
      }
      this.diagList.append(li);
    }
    if (!this.diags.length && !emptyText) this.diagList.append(h('li', { class: 'diag none' }, '没有错误或警告。'));
  }

  focusTarget(d) {
    const targets = d._targets || [];
    let el = targets.find((e) => e.matches('input, textarea, select'));
    if (!el && targets[0]) el = targets[0].querySelector('input, textarea, select, button');
    if (!el) return;
    const det = el.closest('details');
    if (det) det.open = true;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
    if (el.select && el.tagName === 'INPUT') el.select();
  }

  // ---- saving ------------------------------------------------------------------------

  async save() {
    if (this.readonly || this.saving) return;
    this.saving = true;
    this.updateState();
    const rev = this.rev;
    const body = JSON.stringify(this.report);
    try {
      const r = await request('PUT', this.path(), {
        body, headers: { 'Content-Type': 'application/json', 'If-Match': `"${this.version}"` },
      });
      const b = await r.json().catch(() => null);
      if (r.status === 409 && b && b.error === 'conflict') {
        this.conflict(b);
        return;
      }
      if (!r.ok) throw new ApiError(r.status, b, errorText(r.status, b));
      this.version = b.version;
      this.savedRev = rev;
      this.savedErrors = b.errors;
      this.meta.version = b.version;
      this.meta.status = b.errors > 0 ? 'errors' : 'draft';
      this.meta.updated = Math.floor(Date.now() / 1000);
      this.meta.by = this.opts.session.name;
      this.importNotice = null;
      if (rev === this.rev && Array.isArray(b.diagnostics)) this.setDiagnostics(b);
      this.announce(`已保存为第 ${b.version} 版${b.errors ? `（有 ${b.errors} 个错误）` : ''}`);
      this.loadVersions();
      this.refreshMeta();
    } catch (e) {
      this.announce(`保存失败：${e.message}`, true);
      this.downloadNote.textContent = `保存失败：${e.message}`;
    } finally {
      this.saving = false;
      this.updateState();
    }
  }

  conflict(b) {
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': 'conflict-title' });
    const diffBox = h('div', { class: 'diff-box' });
    const close = () => { dlg.close(); dlg.remove(); };
    dlg.append(
      h('h2', { id: 'conflict-title' }, '保存冲突'),
      h('p', null, `在您编辑期间，${b.by || '其他人'} ${b.updated ? `于 ${formatTime(b.updated)} ` : ''}保存了第 ${b.version} 版。您的修改尚未保存，也没有覆盖对方的版本。`),
      h('p', null, '可以先查看对方改了什么，再决定：载入最新版本（本页未保存的修改将丢失），或仍保存本页的内容为新的版本（对方的第 ' + b.version + ' 版保留在版本记录中，可随时比较和载入）。'),
      diffBox,
      h('div', { class: 'dialog-buttons' },
        h('button', {
          type: 'button',
          onclick: async () => {
            diffBox.replaceChildren(h('p', null, '正在比较…'));
            try {
              const d = await getJSON(this.path(`/diff?from=${this.version}&to=${b.version}`));
              diffBox.replaceChildren(diffView(d));
            } catch (e) { diffBox.replaceChildren(h('p', { class: 'error-text' }, e.message)); }
          },
        }, '查看对方的修改'),
        h('button', {
          type: 'button', class: 'primary',
          onclick: () => { close(); this.savedRev = this.rev; this.load(); },
        }, '载入最新版本'),
        h('button', {
          type: 'button',
          onclick: () => { close(); this.version = b.version; this.save(); },
        }, '仍保存本页内容'),
        h('button', { type: 'button', onclick: close }, '继续编辑')));
    dlg.addEventListener('cancel', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
    this.announce(`保存冲突：${b.by || '其他人'}已保存第 ${b.version} 版`);
  }

  // The status, comment and last change as the year's list has them now.
  async refreshMeta() {
    try {
      const list = await getJSON(`/api/years/${this.year}/reports`);
      const me = Array.isArray(list) ? list.find((r) => r.agency === this.agency) : null;
      if (!me || this.destroyed) return;
      for (const k of ['status', 'comment', 'updated', 'by']) if (k in me) this.meta[k] = me[k];
      this.updateState();
    } catch { /* the local state stands */ }
  }

  // ---- submitting, downloading, reviewing ------------------------------------------------

  async submit() {
    if (this.dirty) { this.announce('请先保存'); return; }
    try {
      await postJSON(this.path('/status'), { status: 'ready' });
      this.meta.status = 'ready';
      this.updateState();
      this.announce('已提交审核');
      this.refreshMeta();
    } catch (e) {
      this.announce(`提交失败：${e.message}`);
      this.downloadNote.textContent = `提交失败：${e.message}`;
    }
  }

  async download(ext, draft) {
    const names = { pdf: 'PDF', html: '网页', docx: 'Word 文件' };
    this.downloadNote.textContent = `正在生成${draft ? '草稿 ' : ''}${names[ext]}…`;
    const r = await download(this.path(`.${ext}${draft ? '?draft=1' : ''}`), `${this.agency}${this.year}年政府信息公开工作年度报告.${ext}`);
    if (r.ok) {
      this.downloadNote.textContent = `已下载 ${r.name}`;
      return;
    }
    const diags = diagnosticsOf(r.body);
    if (r.status === 409 && diags.length) {
      const n = diags.filter((d) => d.severity === 'error').length;
      this.downloadNote.textContent = `不能下载：已保存的版本有 ${n} 个错误，请修正并保存后再下载（见检查结果），或下载草稿 PDF。`;
      if (this.readonly || !this.dirty) this.setDiagnostics({ diagnostics: diags });
    } else {
      this.downloadNote.textContent = `下载失败：${r.message}`;
    }
  }

  renderReview() {
    const box = h('section', { class: 'panel review', 'aria-labelledby': 'h-review' }, h('h2', { id: 'h-review' }, '审核'));
    const id = newId('cm');
    const comment = h('textarea', { id, rows: 3, placeholder: '退回时必须填写，单位会看到这段意见' });
    const msg = h('p', { class: 'review-msg', role: 'status' });
    const set = async (status) => {
      const body = { status };
      if (status === 'returned') {
        if (!comment.value.trim()) { msg.textContent = '请填写退回意见'; comment.focus(); return; }
        body.comment = comment.value.trim();
      }
      try {
        await postJSON(this.path('/status'), body);
        this.meta.status = status;
        if (status === 'returned') this.meta.comment = body.comment;
        if (status === 'published') this.meta.published = this.version;
        this.updateState();
        this.refreshMeta();
        msg.textContent = { returned: '已退回', published: '已标记为已发布', draft: '已设为草稿' }[status];
        this.announce(msg.textContent);
      } catch (e) {
        msg.textContent = `操作失败：${e.message}`;
      }
    };
    box.append(
      h('label', { for: id }, '退回意见'), comment,
      h('div', { class: 'review-buttons' },
        h('button', { type: 'button', class: 'act-return', onclick: () => set('returned') }, '退回修改'),
        h('button', { type: 'button', class: 'primary act-publish', onclick: () => set('published') }, '标记为已发布'),
        h('button', { type: 'button', class: 'act-draft', onclick: () => set('draft') }, '设为草稿')),
      msg);
    return box;
  }

  // ---- the preview ----------------------------------------------------------------------

  async refreshPreview() {
    if (!this.report) return;
    const seq = ++this.previewSeq;
    const body = this.readonly ? null : JSON.stringify(this.report);
    if (this.readonly && this.version === 0) { this.previewStatus.textContent = '尚未保存，无可预览的页面。'; return; }
    this.previewStatus.textContent = '正在生成预览…';
    const page = async (n) => {
      const r = body
        ? await request('POST', this.path(`/pages/${n}.png`), { body, headers: { 'Content-Type': 'application/json' } })
        : await request('GET', this.path(`/pages/${n}.png`));
      if (!r.ok) {
        const b = await r.json().catch(() => null);
        throw new ApiError(r.status, b, errorText(r.status, b));
      }
      return { blob: await r.blob(), count: Number(r.headers.get('X-Page-Count')) || 1 };
    };
    try {
      const first = await page(1);
      if (seq !== this.previewSeq) return;
      const blobs = [first.blob];
      const count = Math.min(first.count, 40);
      for (let n = 2; n <= count; n += 3) {
        const batch = [];
        for (let k = n; k < n + 3 && k <= count; k++) batch.push(page(k));
        // eslint-disable-next-line no-await-in-loop
        for (const p of await Promise.all(batch)) blobs.push(p.blob);
        if (seq !== this.previewSeq) return;
      }
      for (const u of this.previewUrls) URL.revokeObjectURL(u);
      this.previewUrls = blobs.map((bl) => URL.createObjectURL(bl));
      this.previewBox.replaceChildren(...this.previewUrls.map((u, i) => h('figure', { class: 'page' },
        h('img', { src: u, alt: `第 ${i + 1} 页（共 ${count} 页）`, loading: 'lazy' }),
        h('figcaption', null, `第 ${i + 1} / ${count} 页`))));
      this.previewStatus.textContent = `共 ${count} 页${this.errors ? '（有错误，页面带“草稿”标记）' : ''}${this.readonly ? '（已保存的版本）' : ''}`;
    } catch (e) {
      if (seq !== this.previewSeq) return;
      this.previewStatus.textContent = `无法生成预览：${e.message}`;
    }
  }

  // ---- importing ------------------------------------------------------------------------

  async importFile() {
    const file = this.fileInput.files && this.fileInput.files[0];
    this.fileInput.value = '';
    if (!file) return;
    if (this.dirty && !window.confirm('导入的内容将替换表单中尚未保存的修改，继续吗？')) return;
    this.importBox.replaceChildren(h('p', null, `正在导入 ${file.name}…`));
    try {
      const buf = await file.arrayBuffer();
      const { body } = await call('POST', this.path('/import'), {
        body: buf, headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      });
      const rep = body.report;
      if (!rep || typeof rep !== 'object') throw new Error('文件中没有读出报告');
      const notes = [];
      if (rep.year !== undefined && Number(rep.year) !== this.year) notes.push(`文件是 ${rep.year} 年度的报告，已改为 ${this.year} 年度：请逐项更新数字、日期和正文中的年份。`);
      if (rep.agency && rep.agency !== this.agency) notes.push(`文件的发文机关“${rep.agency}”已改为“${this.agency}”。`);
      if (rep.title && notes.length) {
        notes.push(`原标题“${rep.title}”已去掉，使用默认标题（可在“标题”中修改）。`);
        delete rep.title;
      }
      rep.year = this.year;
      rep.agency = this.agency;
      this.report = rep;
      this.rev += 1;
      this.importNotice = h('div', { class: 'notice info' }, `已从 ${file.name} 导入${body.complete === false ? '（内容不完整）' : ''}，尚未保存。`, ...notes.map((n) => h('span', { class: 'line' }, n)));
      await this.build();
      this.renderImportDiags(file.name, body);
      this.announce(`已导入 ${file.name}，请核对后保存`);
      this.runCheck();
    } catch (e) {
      this.importBox.replaceChildren(h('p', { class: 'error-text', role: 'alert' }, `导入失败：${e.message}`));
      if (diagnosticsOf(e.body).length) this.importBox.append(diagLines(diagnosticsOf(e.body)));
    }
  }

  renderImportDiags(name, body) {
    const list = Array.isArray(body.diagnostics) ? body.diagnostics : [];
    this.importBox.replaceChildren();
    if (!list.length) return;
    const det = h('details', { class: 'import-diags', open: true }, h('summary', null, `导入 ${name} 时的提示（${list.length} 条）`), diagLines(list));
    this.importBox.append(det);
  }

  // ---- versions ---------------------------------------------------------------------------

  async loadVersions() {
    if (this.version === 0) {
      this.versionsBox.replaceChildren(h('p', null, '尚未保存过版本。'));
      return;
    }
    let list;
    try {
      list = await getJSON(this.path('/versions'));
    } catch (e) {
      this.versionsBox.replaceChildren(h('p', { class: 'error-text' }, `无法载入版本：${e.message}`));
      return;
    }
    if (this.destroyed) return;
    const ul = h('ul', { class: 'version-list' });
    for (const v of list) {
      const pub = this.meta.published && Number(this.meta.published) === Number(v.version);
      ul.append(h('li', null,
        h('span', { class: 'v-no' }, `第 ${v.version} 版`),
        pub ? h('span', { class: 'badge status-published small' }, '已发布') : null,
        h('span', { class: 'v-time' }, formatTime(v.created)),
        h('span', { class: 'v-by' }, v.by || ''),
        h('span', { class: `v-count${v.errors ? ' bad' : ''}` }, `错误 ${v.errors ?? '—'}，警告 ${v.warnings ?? '—'}`),
        this.readonly ? null : h('button', {
          type: 'button', class: 'small', 'aria-label': `将第 ${v.version} 版的内容载入表单`,
          onclick: () => this.restoreVersion(v.version),
        }, '载入')));
    }
    const opt = (sel, v) => h('option', { value: v.version, selected: sel }, `第 ${v.version} 版`);
    const pubV = this.meta.published ? Number(this.meta.published) : null;
    const latest = list.length ? Number(list[0].version) : this.version;
    const fromDefault = pubV && pubV !== latest ? pubV : (list[1] ? Number(list[1].version) : latest);
    const fromSel = h('select', { id: newId('vf') }, list.map((v) => opt(Number(v.version) === fromDefault, v)));
    const toSel = h('select', { id: newId('vt') }, list.map((v) => opt(Number(v.version) === latest, v)));
    const out = h('div', { class: 'diff-out', 'aria-live': 'polite' });
    const cmp = h('button', {
      type: 'button',
      onclick: async () => {
        out.replaceChildren(h('p', null, '正在比较…'));
        try {
          const d = await getJSON(this.path(`/diff?from=${encodeURIComponent(fromSel.value)}&to=${encodeURIComponent(toSel.value)}`));
          out.replaceChildren(diffView(d, `第 ${fromSel.value} 版 → 第 ${toSel.value} 版`));
        } catch (e) {
          out.replaceChildren(h('p', { class: 'error-text' }, `比较失败：${e.message}`));
        }
      },
    }, '比较');
    this.versionsBox.replaceChildren(
      ul,
      h('div', { class: 'diff-form' },
        h('label', { for: fromSel.id }, '从'), fromSel, h('label', { for: toSel.id }, '到'), toSel, cmp),
      h('p', { class: 'hint' }, '两个版本之间的不同即更正说明的材料：每一处字段、段落和表格数字的变化。'),
      out);
  }

  async restoreVersion(v) {
    if (this.dirty && !window.confirm(`第 ${v} 版的内容将替换表单中尚未保存的修改，继续吗？`)) return;
    try {
      const rep = await getJSON(this.path(`/versions/${v}`));
      this.report = rep;
      this.rev += 1;
      this.importNotice = h('div', { class: 'notice info' }, `表单已载入第 ${v} 版的内容，尚未保存。保存后成为新的版本。`);
      await this.build();
      this.runCheck();
      this.announce(`已载入第 ${v} 版的内容`);
    } catch (e) {
      this.announce(`载入失败：${e.message}`);
    }
  }
}

function evidence(d) {
  const parts = [];
  if (d.expected !== undefined && d.expected !== null && d.expected !== '') parts.push(`应为 ${d.expected}`);
  if (d.actual !== undefined && d.actual !== null && d.actual !== '') parts.push(`实为 ${d.actual}`);
  return parts.length ? h('span', { class: 'ev' }, `（${parts.join('，')}）`) : null;
}

function diagLines(list) {
  const ul = h('ul', { class: 'diag-list plain' });
  for (const d of list) {
    const sev = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
    ul.append(h('li', { class: `diag ${sev}` },
      h('span', { class: 'diag-head' }, h('span', { class: `sev ${sev}` }, SEVERITY_LABELS[sev] || sev), h('span', { class: 'rule' }, d.rule || ''), h('span', { class: 'place' }, d.place || (d.line ? `第 ${d.line} 行` : ''))),
      h('span', { class: 'msg' }, d.message || ''), evidence(d)));
  }
  return ul;
}

function diffView(d, title) {
  const lines = Array.isArray(d.lines) ? d.lines : [];
  const box = h('div', { class: 'diff' });
  box.append(h('p', { class: 'diff-count' }, `${title ? `${title}：` : ''}${d.differences ? `共 ${d.differences} 处不同` : '内容相同'}`));
  if (lines.length) {
    const ol = h('ol', { class: 'diff-lines' }, lines.map((l) => h('li', null, l)));
    const copy = h('button', {
      type: 'button', class: 'small',
      onclick: async () => {
        const text = lines.join('\n');
        try {
          if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); copy.textContent = '已复制'; return; }
        } catch { /* select instead */ }
        const range = document.createRange();
        range.selectNodeContents(ol);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        copy.textContent = '已选中，按 Ctrl+C 复制';
      },
    }, '复制全部');
    box.append(ol, copy);
  }
  return box;
}
