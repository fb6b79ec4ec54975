// What the admin-screen suites share: one headless Chromium, a page opened on the host double with
// its errors collected, axe-core's serious and critical WCAG A/AA findings, and text helpers.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE = process.env.SCREENS_URL;
export const ARTIFACTS = process.env.ARTIFACTS ?? 'build/admin-screens';
if (!BASE) throw new Error('SCREENS_URL is not set: run tests/admin-screens/run.sh');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RULES = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});
after(async () => browser?.close());

/** A fresh page at `path`; `errors` collects uncaught script errors and failed requests of our own assets. */
export async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  const response = await page.goto(`${BASE}${path}`);
  if (response.status() !== 200) throw new Error(`${path}: HTTP ${response.status()}`);
  return { page, errors, close: () => context.close() };
}

/** axe-core's serious and critical WCAG 2.1 A/AA violations, as readable lines (empty: none). */
export async function seriousViolations(page, include = null) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async ([inc, rules]) => {
    const r = await window.axe.run(inc ? { include: [inc] } : document, rules);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, [include, RULES]);
}

/** The visible text of each cell of a table's body rows, by column header text. */
export async function rows(page, tableSelector) {
  return page.$$eval(`${tableSelector} tbody tr`, (trs) => trs.map((tr) => {
    const table = tr.closest('table');
    const heads = Array.from(table.querySelectorAll('thead th, thead td')).map((h) => h.innerText.trim());
    const out = {};
    Array.from(tr.children).forEach((cell, i) => { out[heads[i] || `#${i}`] = cell.innerText.replace(/\s+/g, ' ').trim(); });
    return out;
  }));
}

export async function headers(page, tableSelector) {
  return page.$$eval(`${tableSelector} thead th`, (ths) => ths.map((t) => t.innerText.trim()).filter((t) => t !== ''));
}

/** Text as a person reads it: any run of spaces (no-break ones included) as one space. */
export const flat = (s) => s.replace(/\s+/g, ' ').trim();

export function screenshot(page, name) {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Codes, ids and internal references a merchant must never read: order refs (wc-62, ps-c7), account ids, snake_case codes, JSON. */
export const RAW = /\b(?:wc|ps)-[a-z]?\d+\b|\b(?:credit|wallet):\d+:|\b[a-z]+_[a-z_]+\b|[{[]"/;

/** Money in the shop's format: 1 234,56 € (a French WooCommerce / PrestaShop shop), ¥ without decimals. */
export const EUR = /^[−+-]?\s?\d{1,3}(?:[\s\u202f\u00a0]\d{3})*,\d{2}\s?€$/;

/** Every name a screen reader reads from an aria-label: no code or internal reference either. @return list of offending labels */
export async function rawLabels(page) {
  const labels = await page.$$eval('[aria-label]', (els) => els.map((e) => e.getAttribute('aria-label')));
  return labels.filter((l) => RAW.test(l));
}

/**
 * `onPage(path, name, check)` for one host's suite: opens the page, runs `check(page)`, keeps a
 * screenshot named after the host, then asserts axe-core, the names screen readers read and the
 * console found nothing.
 */
export function pageChecker(host) {
  return async function onPage(path, name, check) {
    const { page, errors, close } = await open(path);
    try {
      await check(page);
      await screenshot(page, `${host}-${name}`);
      assert.deepEqual(await seriousViolations(page), [], `${name}: accessibility`);
      assert.deepEqual(await rawLabels(page), [], `${name}: names read by screen readers`);
      assert.deepEqual(errors, [], `${name}: script errors or missing files`);
    } finally {
      await close();
    }
  };
}

/** Fails when `text` shows a code or an internal reference (RAW). */
export function noRawText(text, where) {
  const m = text.match(RAW);
  assert.equal(m, null, `${where} shows a code or internal reference: ${m?.[0]}`);
}

/** The runtime doctor's rows as the screen shows them: {check (its id), status, title, detail}. */
export function doctorRows(page) {
  return page.locator('#shopcredit-doctor-checks tr').evaluateAll((trs) => trs.map((tr) => ({
    check: tr.dataset.check, status: tr.cells[0].innerText.trim(), title: tr.cells[1].innerText.trim(), detail: tr.cells[2].innerText.trim(),
  })));
}

/** The page again in French (the doubles' admin language: cookie sc_screens_lang). */
export async function inFrench(page, path) {
  await page.context().addCookies([{ name: 'sc_screens_lang', value: 'fr', url: BASE }]);
  await page.goto(`${BASE}${path}`);
}

/** A row part with values only (a version, a setting, a path with its size): the same in every language. */
const VALUES_ONLY = /^(?:PHP [\d.]+|ffi\.enable=\S+|libwasmtime [\d.]+|\/\S+ \([\d.]+ MiB\)|\/\S+ \(\d+ KiB, sha256 [0-9a-f]{64}\)|\/\S+)?$/;

/**
 * The doctor's rows in French are the English rows translated: the same checks, and every status,
 * title and detail that has words differs from its English (a row the catalogue misses falls back
 * to English and fails here).
 */
export function assertDoctorInFrench(english, french) {
  assert.deepEqual(french.map((r) => r.check), english.map((r) => r.check), 'the same checks in both languages');
  assert.ok(english.length >= 10, `the doctor's rows are shown (${english.length})`);
  english.forEach((en, i) => {
    for (const part of ['status', 'title', 'detail']) {
      if (!VALUES_ONLY.test(en[part])) assert.notEqual(french[i][part], en[part], `${en.check}: the ${part} is still English`);
    }
  });
  const all = french.map((r) => `${r.title} ${r.detail}`).join('\n');
  assert.doesNotMatch(all, /money\.allocate|answered|runtime=auto: the|\bworks\b/, 'no operation code or English sentence left');
}

/**
 * "Installs the next build" as far as the runtime can tell: the plugin's core replaced by a new
 * file (a new identity; run.sh gives each double its own copy), with `bytes` or the same core.
 */
export function installCore(bytes = null) {
  const core = process.env.SC_SCREENS_CORE;
  writeFileSync(`${core}.new`, bytes ?? readFileSync(core));
  renameSync(`${core}.new`, core);
}

/** The faster-runtime choice the doctor recorded beside the compiled module, as stored. */
export const choiceFile = () => readFileSync(`${process.env.SC_SCREENS_CACHE}/faster-runtime.json`, 'utf8');

/** A file in the place of the core that is no core: a build whose faster runtime cannot pass its check. */
export const BROKEN_CORE = Buffer.from('\0asm\x01\0\0\0not a core', 'binary');
