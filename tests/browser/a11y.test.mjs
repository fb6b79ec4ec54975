// Accessibility and the admin chart, in headless Chromium against the demo (after the other suites
// have made orders, top-ups and payments): axe-core (WCAG 2.1 A and AA rules) finds nothing on the
// customer pages with the widget (badge, My account panel, checkout preview, financing timeline),
// the README's widget example and the statistics charts; the charts draw and list the figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const BASE = process.env.DEMO_URL;
const ARTIFACTS = process.env.ARTIFACTS ?? 'build/browser-artifacts';
if (!BASE) throw new Error('DEMO_URL is not set: run tests/browser/run.sh');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RULES = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});
after(async () => browser?.close());

async function open(path, customer, ready) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  if (customer) await context.addCookies([{ name: 'demo_customer', value: customer, url: BASE }]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${BASE}${path}`);
  for (const sel of ready) await page.waitForSelector(sel, { timeout: 15000 });
  return { page, errors, close: () => context.close() };
}

/** axe-core's WCAG A/AA violations in `include` (default: the whole page), as readable lines. */
async function violations(page, include) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async ([inc, rules]) => {
    const r = await window.axe.run(inc ? { include: [inc] } : document, rules);
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, [include ?? null, RULES]);
  return found;
}

const pages = [
  ['the shop with the badge (Léa)', '/', '42', ['[data-shopcredit-badge][data-sc-state="ready"]']],
  ['My account with the panel (Léa)', '/account', '42', ['[data-shopcredit-account][data-sc-state="ready"]']],
  ['the checkout preview (Léa)', '/checkout?product=coffee', '42', ['[data-shopcredit-checkout][data-sc-state="ready"]']],
  ['the checkout preview on account (Acme)', '/checkout?product=racking', '7', ['[data-shopcredit-checkout][data-sc-state="ready"]']],
  ['My account (Acme, open orders on account)', '/account', '7', ['[data-shopcredit-account][data-sc-state="ready"]']],
  ['the README widget example (badge, panel, preview, timeline)', '/demo/widget-example/', null, ['[data-shopcredit-timeline][data-sc-state="ready"]', '[data-shopcredit-checkout][data-sc-state="ready"]']],
];

for (const [name, path, customer, ready] of pages) {
  test(`no accessibility violation: ${name}`, async () => {
    const { page, errors, close } = await open(path, customer, ready);
    try {
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('the statistics charts draw the figures and list them in a table, with no accessibility violation', async () => {
  // Money moves today whatever ran before: Léa tops up 50,00 € through the shop's form.
  const lea = await browser.newContext();
  await lea.addCookies([{ name: 'demo_customer', value: '42', url: BASE }]);
  const topUp = await lea.request.post(`${BASE}/topup`, { form: { amount: '50.00' }, maxRedirects: 0 });
  assert.equal(topUp.status(), 303);
  await lea.close();
  const { page, errors, close } = await open('/admin#statistics', null, ['[data-chart="balances"][data-sc-state]', '[data-chart="financing"][data-sc-state]']);
  try {
    const charts = await page.$$eval('[data-shopcredit-chart]', (fs) => fs.map((f) => ({
      chart: f.dataset.chart,
      state: f.dataset.scState,
      canvas: f.querySelectorAll('canvas[role="img"]').length,
      title: f.querySelector('figcaption')?.textContent,
      heads: Array.from(f.querySelectorAll('thead th')).map((t) => t.textContent),
      rows: f.querySelectorAll('tbody tr').length,
    })));
    assert.deepEqual(charts.map((c) => c.chart), ['balances', 'credit', 'overdue', 'financing']);
    const balances = charts[0];
    assert.equal(balances.title, 'Store balances (EUR)');
    assert.deepEqual(balances.heads, ['Period', 'Money in', 'Money out', 'Store balances']);
    assert.equal(balances.rows, 31, 'every day of the window, empty ones too');
    assert.deepEqual([balances.state, balances.canvas], ['ready', 1], 'money moved: the chart is drawn');
    const today = await page.$$eval('[data-chart="balances"] tbody tr', (rs) => Array.from(rs.at(-2).querySelectorAll('td')).map((td) => td.textContent));
    assert.match(today[0], /€$/, 'amounts in the shop\'s money format');
    assert.deepEqual(charts[3].heads, ['Status', 'Amount', 'Requests']);
    await page.locator('[data-chart="balances"] summary').click();
    await page.screenshot({ path: join(ARTIFACTS, '40-statistics-charts.png'), fullPage: false, clip: await page.locator('#statistics').boundingBox() });
    assert.deepEqual(await violations(page, '#statistics'), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
