// Customers > Credit & balance in headless Chromium, as a merchant reads it (run by e2e.sh when
// Chromium is there): every section opens without an error; customers are names linked to their
// PrestaShop page, orders references linked to theirs; no raw code, account id or books' order
// ref (ps-c…) on the page; money in the shop's format; lists have headers; the statistics draw
// their charts; axe-core (WCAG 2.1 A/AA, as tests/browser/a11y.test.mjs) scans what the module puts
// on each page: our sections, the settings page, the order page's cards. Screenshots go to
// SC_SCREENSHOTS when set.
// Usage: node admin-pages.mjs BASE ADMIN_DIR TOKEN CUSTOMER_ID [MODULES_TOKEN ORDERS_TOKEN ORDER_ID]
//   → one JSON line {ok, pages: {...}} (each page's a11y: the violations, as readable lines)
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const [base, adminDir, token, customerId, modulesToken, ordersToken, orderId] = process.argv.slice(2);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RULES = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

// PrestaShop's own markup around and inside our content, not the module's: the page header
// (breadcrumb, help button) and HelperList's pagination arrows (icon-only links).
const PRESTASHOP = ['.page-head', '.header-toolbar', '.breadcrumb-container', '.btn-help', '.pagination'];

/** axe-core's WCAG A/AA violations inside `include` (what the module renders there), as readable lines. */
async function a11y(page, include) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async ([inc, rules, exclude]) => {
    const r = await window.axe.run({ include: [inc], exclude: exclude.filter((e) => document.querySelector(e)).map((e) => [e]) }, rules);
    // PrestaShop 8's palette for its buttons, links and muted text (links #25b9d7 on white: 2.4:1)
    // fails 1.4.3 on every back-office page; our markup uses those classes as PrestaShop's own
    // pages do. Contrast is checked on everything else (our tabs, cards, words).
    const palette = (n) => n.target.length === 1 && document.querySelector(n.target[0])?.matches('.btn, a, .text-muted, .text-muted *');
    return r.violations
      .map((v) => ({ ...v, nodes: v.id === 'color-contrast' ? v.nodes.filter((n) => !palette(n)) : v.nodes }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, [include, RULES, PRESTASHOP]);
}
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
      a11y: await a11y(page, '#content'),
    };
    if (shots) {
      await page.screenshot({ path: `${shots}/ps-admin-${name}.png`, fullPage: true });
    }
  }
  // The module's other back-office screens: Configure (PrestaShop's form) and the order page's cards.
  const more = {
    settings: modulesToken && [`controller=AdminModules&configure=shopcredit&token=${modulesToken}`, '#content'],
    order: ordersToken && orderId && [`controller=AdminOrders&id_order=${orderId}&vieworder=1&token=${ordersToken}`, '#shopcredit-order-blocks'],
  };
  for (const [name, target] of Object.entries(more)) {
    if (!target) continue;
    await page.goto(`${base}/${adminDir}/index.php?${target[0]}`, { waitUntil: 'networkidle' });
    const found = await page.$(target[1]);
    pages[name] = { shown: found !== null, a11y: found ? await a11y(page, target[1]) : [] };
    if (shots) {
      await page.screenshot({ path: `${shots}/ps-admin-${name}.png`, fullPage: true });
    }
  }
  console.log(JSON.stringify({ ok: true, pages }));
} finally {
  await browser.close();
}
