// A second currency in the real shop, enabled through our filter `shopcredit_enabled_currencies`
// (a must-use plugin this script writes into SC_WC_DIR and always removes): the settings page gives
// it a row that says top-ups in it are refused until it has amounts; a fresh customer's profile has
// a credit-line row in it; a limit with too many decimals is refused next to its row and nothing is
// saved; a good one is saved as a limit in that currency, shown in WooCommerce's money format, and
// the customer's My account → Credit lists it; the credit lines list filtered on it shows it.
//   SC_WC_URL=… SC_WC_DIR=/path/to/wordpress node e2e-currency.mjs
// Skipped without SC_WC_URL or SC_WC_DIR.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../../package.json'));
const { chromium } = require('playwright-core');

const base = process.env.SC_WC_URL;
const dir = process.env.SC_WC_DIR;
if (!base || !dir) {
  console.log('woocommerce currency e2e: skipped (set SC_WC_URL and SC_WC_DIR)');
  process.exit(0);
}
const CUR = 'CHF';
const muDir = path.join(dir, 'wp-content', 'mu-plugins');
const mu = path.join(muDir, 'shopcredit-e2e-currency.php');
let failures = 0;
const report = (ok, what, detail) => {
  failures += ok ? 0 : 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail === undefined ? '' : ' — ' + JSON.stringify(detail)}`);
};
const flat = (s) => s.replace(/\s+/g, ' ').trim();

fs.mkdirSync(muDir, { recursive: true });
fs.writeFileSync(mu, `<?php\n// Written by ShopCredit's e2e-currency.mjs, removed when it ends.\nadd_filter( 'shopcredit_enabled_currencies', static fn ( array $c ): array => array_merge( $c, array( '${CUR}' ) ) );\n`);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function login(user, pass) {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${base}/wp-login.php`);
  await page.fill('#user_login', user);
  await page.fill('#user_pass', pass);
  await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
  return page;
}
try {
  const admin = await login(process.env.SC_WC_ADMIN || 'admin', process.env.SC_WC_ADMIN_PASSWORD || 'adminpass');
  await admin.goto(`${base}/wp-admin/admin.php?page=shopcredit&tab=settings`);
  const row = flat((await admin.locator('.shopcredit-per-currency tbody tr').filter({ has: admin.locator(`select option[selected][value="${CUR}"]`) }).allInnerTexts()).join(' '));
  report(/refused|Its own amounts|Converted/.test(row), `settings: the ${CUR} row says what a currency without amounts does`, row.slice(-60));

  // A fresh customer (the profile form of WordPress needs a real user).
  const login_ = `cur${Date.now()}`;
  await admin.goto(`${base}/wp-admin/user-new.php`);
  await admin.fill('#user_login', login_);
  await admin.fill('#email', `${login_}@example.test`);
  await admin.fill('#pass1', 'custpass');
  if (await admin.locator('.pw-checkbox').isVisible()) await admin.check('.pw-checkbox');
  await admin.selectOption('#role', 'customer');
  await Promise.all([admin.waitForNavigation(), admin.click('#createusersub')]);
  const uid = Number(new URL(admin.url()).searchParams.get('id') || (await admin.locator(`a:has-text("${login_}")`).first().getAttribute('href')).match(/user_id=(\d+)/)[1]);
  const profile = `${base}/wp-admin/user-edit.php?user_id=${uid}`;
  const field = `#shopcredit-limit-${CUR.toLowerCase()}`;
  await admin.goto(profile);
  report(await admin.locator(field).count() === 1, `profile: a credit-line row in ${CUR} (enabled by the filter)`, uid);

  await admin.fill(field, '250.505');
  await Promise.all([admin.waitForNavigation(), admin.click('#submit')]);
  const refused = flat(await admin.locator('.shopcredit-profile .shopcredit-field-error').allInnerTexts().then((t) => t.join(' ')));
  const typedBack = await admin.locator(field).inputValue();
  await admin.goto(profile);
  const afterRefusal = flat(await admin.locator(`.shopcredit-profile tr:has(${field})`).innerText());
  report(refused.length > 10 && !/_/.test(refused) && typedBack === '250.505' && (await admin.locator(field).inputValue()) === '', `profile: 250.505 ${CUR} refused next to its row in words, typed value kept, nothing saved`, { refused, afterRefusal });

  await admin.fill(field, '250.50');
  await Promise.all([admin.waitForNavigation(), admin.click('#submit')]);
  await admin.goto(profile);
  const saved = flat(await admin.locator(`.shopcredit-profile tr:has(${field})`).innerText());
  const value = await admin.locator(field).inputValue();
  report(/^250[.,]50$/.test(value) && /250[.,]50/.test(saved), `profile: a 250.50 ${CUR} limit saved and shown in the shop's money format`, { value, saved });

  await admin.goto(`${base}/wp-admin/admin.php?page=shopcredit&tab=accounts&currency=${CUR}&s=${login_}`);
  const listed = flat((await admin.locator('table.wp-list-table tbody').innerText()));
  report(listed.includes(login_) && /250[.,]50/.test(listed), `credit lines filtered on ${CUR}: the customer's line in ${CUR}`, listed.slice(0, 160));

  const customer = await login(login_, 'custpass');
  await customer.goto(`${base}/?page_id=${process.env.SC_WC_MYACCOUNT_PAGE || '8'}&shopcredit-credit=1`);
  const mine = flat(await customer.locator('.woocommerce-MyAccount-content').innerText());
  report(new RegExp(`Credit line in ${CUR}: limit [^,]*250[.,]50`).test(mine), `My account → Credit: the ${CUR} line in words and money`, mine.slice(0, 200));
} finally {
  fs.rmSync(mu, { force: true });
  await browser.close();
}
console.log(failures === 0 ? 'woocommerce currency e2e: all checks passed' : `woocommerce currency e2e: ${failures} FAILED`);
process.exit(failures === 0 ? 0 : 1);
