// The plugin's screens in a real WordPress, in headless Chromium: every WooCommerce > ShopCredit
// tab and the customer's My account pages render without a page error, the statistics charts draw,
// and axe-core (WCAG 2.1 A and AA rules) finds no violation in what the plugin renders (the tab's
// content under .wrap; My account's content) — WordPress's own chrome is not ours to judge.
//   SC_WC_URL=http://127.0.0.1:8201 SC_WC_USER=lea… node admin-a11y.mjs
// Skipped without SC_WC_URL. Screenshots in SC_SHOTS (default: a temporary folder).
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../../package.json'));
const { chromium } = require('playwright-core');
const AXE = require.resolve('axe-core/axe.min.js');
const RULES = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

const base = process.env.SC_WC_URL;
if (!base) {
  console.log('admin screens a11y: skipped (SC_WC_URL not set)');
  process.exit(0);
}
const shots = process.env.SC_SHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'sc-wc-shots-'));
const tabs = ['accounts', 'balances', 'receivables', 'requests', 'ledger', 'statistics', 'mass', 'settings'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
let failures = 0;
const report = (ok, what, detail) => {
  failures += ok ? 0 : 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail === undefined ? '' : ' — ' + JSON.stringify(detail)}`);
};

async function session(user, pass) {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/wp-login.php`);
  await page.fill('#user_login', user);
  await page.fill('#user_pass', pass);
  await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
  return { page, errors };
}

async function scan(page, include) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async ([inc, rules]) => {
    const r = await window.axe.run({ include: [inc] }, rules);
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, [include, RULES]);
}

try {
  const admin = await session(process.env.SC_WC_ADMIN || 'admin', process.env.SC_WC_ADMIN_PASSWORD || 'adminpass');
  for (const tab of tabs) {
    await admin.page.goto(`${base}/wp-admin/admin.php?page=shopcredit&tab=${tab}`, { waitUntil: 'networkidle' });
    if (tab === 'statistics') {
      // The chart component mounts after the page settles; on a loaded machine that can be later than networkidle.
      await admin.page.waitForFunction(() => document.querySelectorAll('[data-shopcredit-chart] canvas').length >= 4, null, { timeout: 30000 }).catch(() => {});
      const drawn = await admin.page.locator('[data-shopcredit-chart] canvas').count();
      report(drawn === 4, 'statistics: the four charts are drawn', drawn);
    }
    await admin.page.screenshot({ path: path.join(shots, `admin-${tab}.png`), fullPage: true });
    const found = await scan(admin.page, '.wrap');
    report(found.length === 0 && admin.errors.length === 0, `WooCommerce > ShopCredit > ${tab}: no accessibility violation, no page error`, found.length ? found : admin.errors.length ? admin.errors : undefined);
    admin.errors.length = 0;
  }
  if (process.env.SC_WC_USER) {
    const customer = await session(process.env.SC_WC_USER, process.env.SC_WC_CUSTOMER_PASSWORD || 'custpass');
    const account = process.env.SC_WC_MYACCOUNT_PAGE || '8';
    for (const endpoint of ['shopcredit-credit', 'shopcredit-balance']) {
      await customer.page.goto(`${base}/?page_id=${account}&${endpoint}=1`, { waitUntil: 'networkidle' });
      await customer.page.screenshot({ path: path.join(shots, `customer-${endpoint}.png`), fullPage: true });
      const found = await scan(customer.page, '.woocommerce-MyAccount-content');
      report(found.length === 0 && customer.errors.length === 0, `My account > ${endpoint}: no accessibility violation, no page error`, found.length ? found : customer.errors.length ? customer.errors : undefined);
    }
  }
} finally {
  await browser.close();
}
console.log(`screenshots: ${shots}`);
process.exit(failures === 0 ? 0 : 1);
