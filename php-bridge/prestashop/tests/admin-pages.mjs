// Customers > Credit & balance in headless Chromium, as a merchant reads it (run by e2e.sh when
// Chromium is there): every section opens without an error; customers are names linked to their
// PrestaShop page, orders references linked to theirs; no raw code, account id or books' order
// ref (ps-c…) on the page; money in the shop's format; lists have headers; the statistics draw
// their charts. Screenshots go to SC_SCREENSHOTS when set.
// Usage: node admin-pages.mjs BASE ADMIN_DIR TOKEN CUSTOMER_ID → one JSON line {ok, pages: {...}}
import { chromium } from 'playwright-core';

const [base, adminDir, token, customerId] = process.argv.slice(2);
const shots = process.env.SC_SCREENSHOTS ?? '';
const CODES = /\b(adjustment_credit|adjustment_debit|order_payment|cancellation_restore|payment_received|exceeds_credit_limit|wallet:\d|credit:\d|ps-c\d+)\b/;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const pages = {};
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(`${base}/${adminDir}/index.php?controller=AdminLogin`);
  await page.fill('#email', process.env.SC_PS_ADMIN_EMAIL ?? 'admin@example.test');
  await page.fill('#passwd', process.env.SC_PS_ADMIN_PASSWORD ?? 'Adm1n-Passw0rd');
  await Promise.all([page.waitForNavigation(), page.click('#submit_login')]);
  const sections = { accounts: 'section=accounts', receivables: 'section=receivables', requests: 'section=requests', statistics: 'section=statistics', customer: `section=customer&id_customer=${customerId}` };
  for (const [name, query] of Object.entries(sections)) {
    await page.goto(`${base}/${adminDir}/index.php?controller=AdminShopCredit&token=${token}&${query}`, { waitUntil: 'networkidle' });
    const content = await page.$eval('#content', (el) => el.innerText);
    pages[name] = {
      errors: await page.$$eval('#content .alert-danger', (e) => e.map((x) => x.innerText.trim())),
      code: (content.match(CODES) ?? [null])[0],
      customerLinks: await page.$$eval('#content a[href*="AdminCustomers"], #content a[href*="/customers/"]', (a) => a.length),
      orderLinks: await page.$$eval('#content a[href*="AdminOrders"], #content a[href*="/orders/"]', (a) => a.length),
      tablesWithoutHeaders: await page.$$eval('#content table', (t) => t.filter((x) => !x.querySelector('th')).length),
      money: /€\d/.test(content),
      charts: await page.$$eval('#content figure[data-shopcredit-chart] canvas', (c) => c.length),
    };
    if (shots) {
      await page.screenshot({ path: `${shots}/ps-admin-${name}.png`, fullPage: true });
    }
  }
  console.log(JSON.stringify({ ok: true, pages }));
} finally {
  await browser.close();
}
