// workbench.test.mjs — the workbench's pages in a real browser (Debian's
// chromium, driven by playwright-core; no browser is downloaded).
//
//   node tests/server/browser/workbench.test.mjs --xxgk BUILD/xxgk [--web DIR] [--chromium PATH] [--keep]
//
// Makes a data folder with a county user and a department user, starts
// `xxgk serve` on a free port, and then: the clerk logs in, types cells
// (moving like a spreadsheet), pastes whole rows (a real paste event with
// tab-separated text/plain), makes a total wrong and sees the check's
// message at that very cell, fixes it, saves (Ctrl+S), downloads the PDF
// (checked with pdftotext) and submits; the reviewer sees 待审核, downloads
// the ZIP of PDFs, returns the report with a comment; the clerk sees 已退回
// and the comment.  Screenshots at 1280 and 375 px go next to the xxgk
// binary, each page checked for horizontal overflow.  No sleeps: every wait
// is on a condition or a response.  Exit 1 on failure, with the step named.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// ---- arguments -------------------------------------------------------------------

function usage(msg) {
  if (msg) console.error(`workbench.test: ${msg}`);
  console.error('usage: node workbench.test.mjs --xxgk BUILD/xxgk [--web DIR] [--chromium PATH] [--out DIR] [--keep]');
  process.exit(2);
}
const args = { chromium: process.env.CHROMIUM || '/usr/bin/chromium', keep: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const val = () => { if (i + 1 >= process.argv.length) usage(`${a} needs a value`); i += 1; return process.argv[i]; };
  if (a === '--xxgk') args.xxgk = val();
  else if (a === '--web') args.web = val();
  else if (a === '--chromium') args.chromium = val();
  else if (a === '--out') args.out = val();
  else if (a === '--keep') args.keep = true;
  else if (a === '--help' || a === '-h') usage();
  else usage(`unknown argument ${a}`);
}
if (!args.xxgk) usage('--xxgk is required');
args.xxgk = path.resolve(args.xxgk);
if (!existsSync(args.xxgk)) usage(`no such program: ${args.xxgk}`);
if (!existsSync(args.chromium)) usage(`no chromium at ${args.chromium} (apt-get install -y chromium, or --chromium PATH)`);
const outDir = path.resolve(args.out || path.dirname(args.xxgk));

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  console.error('workbench.test: playwright-core is not installed: run `npm ci` in tests/server/browser');
  process.exit(2);
}

// ---- the server ----------------------------------------------------------------------

const AGENCY = '某某县民政局';
const CLERK = { name: 'minzheng', password: 'clerk-password-1' };
const REVIEWER = { name: 'county', password: 'county-password-1' };
const OTHER_AGENCY = '某某县财政局';
const YEAR = new Date().getFullYear() - 1; // the page's default: the previous calendar year
const COMMENT = '表三第（七）项请与正文核对后再报。';

const dataDir = mkdtempSync(path.join(tmpdir(), 'xxgk-browser-'));
let server = null;
let serverErr = '';
let browser = null;

function run(argv, input) {
  const r = spawnSync(args.xxgk, argv, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`xxgk ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function startServer() {
  const env = { ...process.env };
  if (args.web) env.XXGK_WEB_DIR = path.resolve(args.web);
  server = spawn(args.xxgk, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--workers', '2'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (d) => { serverErr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`xxgk serve did not say where it listens within 30 s; stderr: ${serverErr}`)), 30000);
    server.stdout.setEncoding('utf8');
    server.stdout.on('data', (d) => {
      out += d;
      const m = /xxgk serve: listening on (http:\/\/[^\s/]+\/)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`xxgk serve exited (${code ?? sig}) before listening; stderr: ${serverErr}`));
    });
  });
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { server.kill('SIGKILL'); r(); }, 5000); server.on('exit', () => { clearTimeout(t); r(); }); });
  }
  if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`data kept in ${dataDir}`);
}

// ---- steps and checks -------------------------------------------------------------------

let currentStep = '';
let lastPage = null;
const pageProblems = [];
function fail(msg) { throw new Error(msg); }
function check(cond, msg) { if (!cond) fail(msg); }
async function step(name, fn) {
  currentStep = name;
  const t0 = Date.now();
  await fn();
  if (pageProblems.length) fail(`the page reported: ${pageProblems.join(' | ')}`);
  console.log(`ok - ${name} (${Date.now() - t0} ms)`);
}

// Every page: JavaScript errors and CSP refusals fail the test.
function watch(page, who) {
  lastPage = page;
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => pageProblems.push(`${who}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(`${who}: ${m.text()}`);
  });
  return page;
}

const cell = (p) => `input.cell[data-path="${p}"]`;
const APP = '/tables/applications';
const isCheck = (r) => r.request().method() === 'POST' && /\/check$/.test(new URL(r.url()).pathname);

async function login(page, base, who) {
  await page.goto(base);
  await page.locator('input[name=username]').fill(who.name);
  await page.locator('input[name=password]').fill(who.password);
  const resp = page.waitForResponse((r) => r.url().endsWith('/api/login'));
  await page.locator('input[name=password]').press('Enter');
  const r = await resp;
  check(r.status() === 200, `login of ${who.name} answered ${r.status()}`);
}

// Waits for the next check the page sends after a change, and for the page
// to have shown it (the diagnostics panel's summary is updated after it).
async function changeAndCheck(page, action) {
  const resp = page.waitForResponse(isCheck, { timeout: 20000 });
  await action();
  const r = await resp;
  check(r.ok(), `the check answered ${r.status()}`);
  const body = await r.json();
  const expected = body.errors || body.warnings ? `${body.errors} 个错误 · ${body.warnings} 个警告` : '检查通过';
  await page.waitForFunction((text) => {
    const s = document.querySelector('.check-summary');
    return s && !document.querySelector('.diag-panel.busy') && s.textContent === text;
  }, expected);
  return body;
}

async function typeInto(page, selector, text) {
  const el = page.locator(selector);
  await el.click();
  await el.press('Control+A');
  await el.pressSequentially(text);
}

async function noOverflow(page, label) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check(sw <= iw, `${label}: the page is ${sw} px wide in a ${iw} px window (horizontal overflow)`);
}

async function shot(page, name, viewportOnly) {
  const file = path.join(outDir, `workbench-${name}.png`);
  if (!viewportOnly) {
    // sticky bars are drawn where the window is: take the page from its top
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await page.waitForFunction(() => window.scrollY === 0);
  }
  await page.screenshot({ path: file, fullPage: !viewportOnly });
  console.log(`   screenshot ${file}`);
}

async function paste(page, selector, text) {
  await page.locator(selector).focus();
  await page.evaluate(([sel, t]) => {
    const el = document.querySelector(sel);
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    el.dispatchEvent(ev);
    if (!ev.defaultPrevented) throw new Error('the page did not take the paste');
  }, [selector, text]);
}

async function values(page, paths) {
  return page.evaluate((ps) => ps.map((p) => document.querySelector(`input.cell[data-path="${p}"]`).value), paths);
}

// ---- the scenario -------------------------------------------------------------------

async function main() {
  run(['user', 'add', REVIEWER.name, '--role', 'county', '--data', dataDir], `${REVIEWER.password}\n`);
  run(['user', 'add', CLERK.name, '--role', 'department', '--agency', AGENCY, '--data', dataDir], `${CLERK.password}\n`);
  run(['user', 'add', 'caizheng', '--role', 'department', '--agency', OTHER_AGENCY, '--data', dataDir], 'other-password-1\n');
  const base = await startServer();
  console.log(`# xxgk serve at ${base}, data in ${dataDir}`);
  browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox', '--disable-dev-shm-usage'] });

  const clerkCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const clerk = watch(await clerkCtx.newPage(), 'clerk');
  let firstCheck;

  await step('the clerk logs in and sees the form of the previous year', async () => {
    const checked = clerk.waitForResponse(isCheck, { timeout: 20000 });
    await login(clerk, base, CLERK);
    await clerk.locator('.report-form').waitFor();
    firstCheck = await (await checked).json();
    const title = await clerk.locator('.report-title').textContent();
    check(title.includes(AGENCY) && title.includes(`${YEAR}年度`), `the report's title reads "${title}"`);
    const tables = await clerk.locator('table.grid').count();
    check(tables >= 6, `only ${tables} tables in the form`);
    const label = await clerk.locator(cell(`${APP}/received/natural`)).getAttribute('aria-label');
    check(label && label.includes('一、本年新收政府信息公开申请数量') && label.includes('自然人'), `the cell's accessible name is "${label}"`);
    check(firstCheck && Array.isArray(firstCheck.diagnostics), 'the first check had no diagnostics list');
  });

  await step('the clerk fills the fields and the sections', async () => {
    await typeInto(clerk, 'input[data-path="/date"]', `${YEAR + 1}年1月20日`);
    await clerk.locator('input[data-path="/date"]').press('Tab');
    const date = await clerk.locator('input[data-path="/date"]').inputValue();
    check(date === `${YEAR + 1}-01-20`, `the date was not normalised: "${date}"`);
    const overview = clerk.locator('[data-section="overview"]');
    await overview.getByRole('button', { name: '添加段落' }).click();
    await clerk.keyboard.type(`${YEAR}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。`);
    await overview.getByRole('button', { name: '添加小标题段落' }).click();
    check(await clerk.evaluate(() => document.activeElement.classList.contains('para-heading')), 'the new sub-heading is not focused');
    await clerk.keyboard.type('（一）主动公开情况。');
    await clerk.keyboard.press('Tab');
    await clerk.keyboard.type('通过政府门户网站主动公开政府信息。');
    for (const key of ['problems', 'other_matters']) {
      await clerk.locator(`[data-section="${key}"]`).getByRole('button', { name: '添加段落' }).click();
      await clerk.keyboard.type('无。');
    }
    const report = await clerk.evaluate(() => document.querySelectorAll('[data-section="overview"] .para').length);
    check(report === 2, `一、 has ${report} paragraphs, not 2`);
  });

  await step('the clerk types cells and moves like in a spreadsheet', async () => {
    await typeInto(clerk, cell(`${APP}/received/natural`), '2');
    await clerk.keyboard.press('Enter');
    let at = await clerk.evaluate(() => document.activeElement.dataset.path);
    check(at === `${APP}/carried_over/natural`, `Enter moved to ${at}, not to the cell below`);
    await clerk.keyboard.press('ArrowUp');
    await clerk.keyboard.press('ArrowRight'); // the whole value is selected: moves to the next cell
    at = await clerk.evaluate(() => document.activeElement.dataset.path);
    check(at === `${APP}/received/commercial`, `ArrowUp, ArrowRight moved to ${at}`);
    await clerk.keyboard.type('1');
    await clerk.keyboard.press('Tab');
    at = await clerk.evaluate(() => document.activeElement.dataset.path);
    check(at === `${APP}/received/research`, `Tab moved to ${at}`);
    // a thousands separator is normalised when the cell is left
    await typeInto(clerk, cell('/tables/proactive/item1/normative_documents/in_force'), '1,268');
    await clerk.keyboard.press('Tab');
    const v = await clerk.locator(cell('/tables/proactive/item1/normative_documents/in_force')).inputValue();
    check(v === '1268', `"1,268" became "${v}"`);
  });

  await step('the clerk pastes whole rows from a spreadsheet', async () => {
    const row = (k) => ['natural', 'commercial', 'research', 'public_welfare', 'legal_services', 'other', 'total'].map((c) => `${APP}/${k}/${c}`);
    // a row of values, landing from the focused cell on
    await paste(clerk, cell(`${APP}/results/disclosed/natural`), '2\t1\t0\t0\t0\t0\t3\r\n');
    let got = await values(clerk, row('results/disclosed'));
    check(got.join(',') === '2,1,0,0,0,0,3', `the pasted row reads ${got.join(',')}`);
    // a row with its label first (as copied from the sheet with the label
    // column), focused elsewhere: it goes to the row the label names
    await paste(clerk, cell(`${APP}/carried_forward/natural`), '（七）总计\t２\t1\t0\t0\t0\t0\t3');
    got = await values(clerk, row('results/total'));
    check(got.join(',') === '2,1,0,0,0,0,3', `the labelled row （七）总计 reads ${got.join(',')}`);
    got = await values(clerk, row('carried_forward'));
    check(got.join(',') === '0,0,0,0,0,0,0', `the labelled paste also changed 四、结转: ${got.join(',')}`);
  });

  let wrong;
  await step('a wrong total is marked at its cell with the check\'s message', async () => {
    const totalPath = `${APP}/received/total`;
    const body = await changeAndCheck(clerk, () => typeInto(clerk, cell(totalPath), '4'));
    wrong = body.diagnostics.find((d) => d.rule === 'C02' && d.path === totalPath && d.severity === 'error');
    check(wrong, `no C02 error at ${totalPath} in ${JSON.stringify(body.diagnostics.map((d) => [d.rule, d.path]))}`);
    const marked = clerk.locator(`input.cell[aria-invalid="true"][data-path="${totalPath}"]`);
    await marked.waitFor();
    const markedPaths = await clerk.evaluate(() => [...document.querySelectorAll('input.cell[aria-invalid="true"]')].map((e) => e.dataset.path));
    check(markedPaths.includes(wrong.path), `the marked cells are ${markedPaths.join(', ')}`);
    const next = await clerk.evaluate((p) => {
      const input = document.querySelector(`input.cell[data-path="${p}"]`);
      const msg = input.closest('td').querySelector('.diag-msg');
      const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '');
      return { msg: msg && msg.textContent, described: described.join(' ') };
    }, totalPath);
    check(next.msg && next.msg.includes(wrong.message), `the cell's message is "${next.msg}", the check said "${wrong.message}"`);
    check(next.msg.includes(`应为 ${wrong.expected}`), `the cell's message does not give the expected value ${wrong.expected}`);
    check(next.described.includes(wrong.message), 'the message is not the input\'s description (aria-describedby)');
    // the message shows next to the focused cell
    await clerk.locator(cell(totalPath)).focus();
    const tip = clerk.locator('.cell-tip');
    await tip.waitFor({ state: 'visible' });
    check((await tip.getAttribute('data-path')) === totalPath, `the box beside the cell is for ${await tip.getAttribute('data-path')}`);
    check((await tip.textContent()).includes(wrong.message), 'the box beside the focused cell does not give the message');
    const [c, t] = [await clerk.locator(cell(totalPath)).boundingBox(), await tip.boundingBox()];
    const beside = (Math.abs(t.y - (c.y + c.height)) < 8 || Math.abs(t.y + t.height - c.y) < 8) && t.x < c.x + c.width && t.x + t.width > c.x;
    check(beside, `the message box ${JSON.stringify(t)} is not next to the cell ${JSON.stringify(c)}`);
    // the panel lists it; choosing it there focuses the cell
    await clerk.locator(cell(`${APP}/received/natural`)).focus();
    const item = clerk.locator('.diag-list .diag.error button.diag-go', { hasText: wrong.message }).filter({ hasText: 'C02' }).first();
    await item.waitFor();
    await item.press('Enter');
    const at = await clerk.evaluate(() => document.activeElement.dataset.path);
    check(at === totalPath, `choosing the diagnostic focused ${at}`);
    await tip.waitFor({ state: 'visible' });
    await shot(clerk, 'clerk-error-1280', true);
  });

  await step('the clerk fixes the total and the mark goes', async () => {
    const totalPath = `${APP}/received/total`;
    const body = await changeAndCheck(clerk, () => typeInto(clerk, cell(totalPath), String(wrong.expected)));
    const errors = body.diagnostics.filter((d) => d.severity === 'error');
    check(errors.length === 0, `errors are left: ${errors.map((d) => `${d.rule} ${d.path} ${d.message}`).join('; ')}`);
    check(await clerk.locator('input[aria-invalid="true"]').count() === 0, 'a cell is still marked invalid');
    check((await clerk.locator('.dirty-mark').textContent()).includes('未保存'), 'the page does not say there are unsaved changes');
  });

  await step('the clerk saves with Ctrl+S', async () => {
    const put = clerk.waitForResponse((r) => r.request().method() === 'PUT');
    await clerk.keyboard.press('Control+S');
    const r = await put;
    check(r.status() === 200, `the save answered ${r.status()}: ${await r.text()}`);
    check(r.request().headers()['if-match'] === '"0"', `the first save sent If-Match ${r.request().headers()['if-match']}`);
    const body = await r.json();
    check(body.version === 1 && body.errors === 0, `the save answered ${JSON.stringify(body).slice(0, 200)}`);
    await clerk.waitForFunction(() => document.querySelector('.dirty-mark').textContent === '已保存');
    await clerk.waitForFunction(() => document.querySelector('.version-info').textContent.includes('第 1 版'));
  });

  await step('the clerk downloads the PDF and it holds a typed number', async () => {
    const dl = clerk.waitForEvent('download');
    await clerk.locator('.downloads a', { hasText: /^PDF$/ }).click();
    const d = await dl;
    const file = path.join(dataDir, 'report.pdf');
    await d.saveAs(file);
    const bytes = readFileSync(file);
    check(bytes.subarray(0, 5).toString('latin1') === '%PDF-', `the download starts with ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))}`);
    const t = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    check(t.status === 0, `pdftotext failed: ${t.stderr}`);
    check(t.stdout.includes('1268'), 'the PDF\'s text does not hold 1268, the number typed');
    check(t.stdout.includes(AGENCY), 'the PDF\'s text does not name the agency');
  });

  await step('the clerk submits the report for review', async () => {
    const btn = clerk.getByRole('button', { name: '提交审核' });
    check(await btn.isEnabled(), 'the submit button is disabled for a saved report without errors');
    const post = clerk.waitForResponse((r) => /\/status$/.test(r.url()));
    await btn.click();
    const r = await post;
    check(r.status() === 200 || r.status() === 204, `submitting answered ${r.status()}: ${await r.text()}`);
    await clerk.locator('.badge.status-ready', { hasText: '待审核' }).first().waitFor();
    await noOverflow(clerk, 'the clerk at 1280 px');
    await shot(clerk, 'clerk-1280');
  });

  await step('the clerk\'s form fits a 375 px phone', async () => {
    const phoneCtx = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const phone = watch(await phoneCtx.newPage(), 'clerk (phone)');
    const checked = phone.waitForResponse(isCheck, { timeout: 20000 });
    await login(phone, base, CLERK);
    await phone.locator('.report-form').waitFor();
    await checked;
    await phone.waitForFunction(() => !document.querySelector('.diag-panel.busy'));
    await noOverflow(phone, 'the clerk at 375 px');
    // the wide tables scroll inside their own box
    const boxes = await phone.evaluate(() => [...document.querySelectorAll('.grid-scroll')].map((b) => [b.scrollWidth, b.clientWidth]));
    check(boxes.some(([s, c]) => s > c), 'no table scrolls in its own box at 375 px (are they squeezed?)');
    await shot(phone, 'clerk-375');
    await phoneCtx.close();
    lastPage = clerk;
  });

  const revCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const rev = watch(await revCtx.newPage(), 'reviewer');

  await step('the reviewer sees the department as 待审核', async () => {
    await login(rev, base, REVIEWER);
    const row = rev.locator(`table.reports tr[data-agency="${AGENCY}"]`);
    await row.waitFor();
    const status = await row.locator('.badge').textContent();
    check(status === '待审核', `the list says ${status} for ${AGENCY}`);
    const other = await rev.locator(`table.reports tr[data-agency="${OTHER_AGENCY}"] .badge`).textContent();
    check(other === '未开始', `the list says ${other} for ${OTHER_AGENCY}`);
    // filtered by status
    await rev.getByLabel('状态').selectOption('ready');
    check(await rev.locator('table.reports tbody tr[data-agency]').count() === 1, 'filtering by 待审核 does not leave one row');
    await rev.getByLabel('状态').selectOption('');
    await noOverflow(rev, 'the reviewer\'s list at 1280 px');
    await shot(rev, 'county-list-1280');
  });

  await step('the reviewer downloads every PDF as one ZIP', async () => {
    const dl = rev.waitForEvent('download');
    await rev.getByRole('button', { name: /全部 PDF/ }).click();
    const d = await dl;
    const file = path.join(dataDir, 'all.zip');
    await d.saveAs(file);
    const head = readFileSync(file).subarray(0, 2).toString('latin1');
    check(head === 'PK', `the ZIP starts with ${JSON.stringify(head)}`);
  });

  await step('the reviewer opens the report read-only and returns it', async () => {
    await rev.locator(`table.reports tr[data-agency="${AGENCY}"] a`).click();
    await rev.locator('.report-form').waitFor();
    await rev.locator(cell(`${APP}/received/natural`)).waitFor();
    check(await rev.locator(cell(`${APP}/received/natural`)).getAttribute('readonly') !== null, 'the reviewer\'s cells are not read-only');
    check(await rev.locator(cell(`${APP}/received/natural`)).inputValue() === '2', 'the reviewer does not see the saved value');
    check(await rev.getByRole('button', { name: /^保存/ }).count() === 0, 'the reviewer has a save button');
    await rev.getByLabel('退回意见').fill(COMMENT);
    const post = rev.waitForResponse((r) => /\/status$/.test(r.url()));
    await rev.getByRole('button', { name: '退回修改' }).click();
    const r = await post;
    check(r.status() === 200 || r.status() === 204, `returning answered ${r.status()}: ${await r.text()}`);
    const sent = JSON.parse(r.request().postData());
    check(sent.status === 'returned' && sent.comment === COMMENT, `returning sent ${r.request().postData()}`);
    await rev.locator('.badge.status-returned').first().waitFor();
    await noOverflow(rev, 'the reviewer\'s view of a report at 1280 px');
    await shot(rev, 'county-report-1280');
    await rev.getByRole('link', { name: /返回单位列表/ }).click();
    const row = rev.locator(`table.reports tr[data-agency="${AGENCY}"]`);
    await row.locator('.badge', { hasText: '已退回' }).waitFor();
    check((await row.textContent()).includes(COMMENT), 'the list does not show the comment');
  });

  await step('the reviewer\'s list fits a 375 px phone', async () => {
    const phoneCtx = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const phone = watch(await phoneCtx.newPage(), 'reviewer (phone)');
    await login(phone, base, REVIEWER);
    await phone.locator(`table.reports tr[data-agency="${AGENCY}"]`).waitFor();
    await noOverflow(phone, 'the reviewer\'s list at 375 px');
    await shot(phone, 'county-list-375');
    await phone.locator(`table.reports tr[data-agency="${AGENCY}"] a`).click();
    await phone.locator(cell(`${APP}/received/natural`)).waitFor();
    await phone.waitForFunction(() => /错误|检查通过/.test(document.querySelector('.check-summary').textContent));
    await noOverflow(phone, 'the reviewer\'s view of a report at 375 px');
    await shot(phone, 'county-report-375');
    await phoneCtx.close();
    lastPage = rev;
  });

  await step('the clerk sees 已退回 and the comment', async () => {
    lastPage = clerk;
    await clerk.reload();
    await clerk.locator('.badge.status-returned', { hasText: '已退回' }).first().waitFor();
    const notice = await clerk.locator('.notice.returned').textContent();
    check(notice.includes(COMMENT), `the clerk's notice reads "${notice}"`);
    await noOverflow(clerk, 'the clerk at 1280 px, returned');
  });

  // A published page's three tables (tests/import/corpus/hecheng.html, a
  // 2020 report: the 2019 format), pasted whole into a 2020 form, once as
  // the HTML of a web page and once as the tab-separated text a spreadsheet
  // gives for the same cells (a merged cell's text in its first cell, blanks
  // in the rest): every cell must then hold the sample's value.
  const corpus = readFileSync(path.join(repo, 'tests/import/corpus/hecheng.html'), 'utf8');
  const pageTables = corpus.match(/<table[\s\S]*?<\/table>/g);
  const sample = JSON.parse(readFileSync(path.join(repo, 'samples/2020-hecheng.json'), 'utf8')).tables;
  const expected = {};
  (function walk(o, at) {
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === 'object') walk(v, `${at}/${k}`); else expected[`${at}/${k}`] = String(v);
    }
  }(sample, '/tables'));
  const starts = ['/tables/proactive/item1/rules/made', `${APP}/received/natural`, '/tables/reviews/review/upheld'];
  for (const flavour of ['text/html', 'text/plain']) {
    await step(`a published page's tables pasted whole (${flavour}) land in their cells`, async () => {
      const page = watch(await clerkCtx.newPage(), `clerk (${flavour})`);
      await page.goto(`${base}#/r/2020/${encodeURIComponent(AGENCY)}`);
      await page.locator(cell('/tables/proactive/item9/procurement/amount')).waitFor();
      check(pageTables && pageTables.length === 3, 'the corpus page does not have its three tables');
      for (let i = 0; i < 3; i++) {
        await page.locator(cell(starts[i])).focus();
        await page.evaluate(([sel, table, type]) => {
          let data = table;
          if (type === 'text/plain') {
            const doc = new DOMParser().parseFromString(table, 'text/html');
            const m = [];
            [...doc.querySelectorAll('tr')].forEach((tr, r) => {
              m[r] = m[r] || [];
              let c = 0;
              for (const td of tr.children) {
                while (m[r][c] !== undefined) c += 1;
                const rs = Number(td.getAttribute('rowspan')) || 1;
                const cs = Number(td.getAttribute('colspan')) || 1;
                for (let a = 0; a < rs; a++) {
                  m[r + a] = m[r + a] || [];
                  for (let b = 0; b < cs; b++) m[r + a][c + b] = a || b ? '' : td.textContent.replace(/\s+/g, ' ').trim();
                }
                c += cs;
              }
            });
            const w = Math.max(...m.map((row) => row.length));
            data = `${m.map((row) => Array.from({ length: w }, (_, k) => row[k] ?? '').join('\t')).join('\r\n')}\r\n`;
          } else {
            data = `<html><body><!--StartFragment-->${table}<!--EndFragment--></body></html>`;
          }
          const el = document.querySelector(`input.cell[data-path="${sel}"]`);
          const dt = new DataTransfer();
          dt.setData(type, data);
          if (type === 'text/html') dt.setData('text/plain', 'the plain flavour is not used when a table is there');
          const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
          el.dispatchEvent(ev);
          if (!ev.defaultPrevented) throw new Error('the page did not take the paste');
        }, [starts[i], pageTables[i], flavour]);
      }
      const got = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('input.cell')].map((e) => [e.dataset.path, e.value])));
      const wrongCells = Object.keys(got).filter((p) => p in expected && got[p] !== expected[p]);
      const covered = Object.keys(got).filter((p) => p in expected).length;
      check(covered >= 150, `only ${covered} cells of the form are in the sample`);
      check(wrongCells.length === 0, `${wrongCells.length} cells differ from the sample: ${wrongCells.slice(0, 5).map((p) => `${p} = "${got[p]}", not ${expected[p]}`).join('; ')}`);
      page.on('dialog', (d) => d.accept());
      await page.close();
      lastPage = clerk;
    });
  }
}

try {
  await main();
  console.log('workbench.test: all steps passed');
  await cleanup();
  process.exit(0);
} catch (e) {
  console.error(`not ok - ${currentStep}\nworkbench.test: FAILED at "${currentStep}": ${e && e.message ? e.message : e}`);
  if (lastPage) {
    const file = path.join(outDir, 'workbench-failure.png');
    await lastPage.screenshot({ path: file, fullPage: true }).then(() => console.error(`   the page at the failure: ${file}`)).catch(() => {});
  }
  if (serverErr) console.error(`xxgk serve said:\n${serverErr.slice(-4000)}`);
  await cleanup();
  process.exit(1);
}
