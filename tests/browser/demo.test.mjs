// The demo shop in headless Chromium: started by tests/browser/run.sh (DEMO_URL, ARTIFACTS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.DEMO_URL;
const ARTIFACTS = process.env.ARTIFACTS ?? 'build/browser-artifacts';
if (!BASE) throw new Error('DEMO_URL is not set: run tests/browser/run.sh');

// fr-FR money as Intl writes it: narrow no-break space between thousands, no-break space before €.
const eur = (s) => `${s.replace(/ /g, '\u202f')}\u00a0€`;

let browser;
const timings = { badgeFromScriptMs: [], badgeFromNavigationMs: [] };

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});
after(async () => {
  await browser?.close();
  writeFileSync(join(ARTIFACTS, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
});

/** A page signed in as a customer, collecting console warnings, dialogs and layout shifts. */
async function session(customer) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  if (customer) await context.addCookies([{ name: 'demo_customer', value: customer, url: BASE }]);
  await context.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  const log = { warnings: [], errors: [], dialogs: 0, requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'warning') log.warnings.push(m.text());
    if (m.type() === 'error') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('dialog', (d) => {
    log.dialogs++;
    void d.dismiss();
  });
  page.on('request', (r) => log.requests.push(r.url()));
  return { context, page, log };
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function badgeReady(page) {
  await page.waitForSelector('[data-shopcredit-badge][data-sc-state="ready"]', { timeout: 15000 });
}

const text = async (page, sel) => (await page.locator(sel).first().textContent())?.trim();

async function recordTiming(page) {
  const t = await page.evaluate(() => {
    const start = performance.getEntriesByName('shopcredit:start')[0];
    const badge = performance.getEntriesByName('shopcredit:badge').at(-1);
    return start && badge ? { fromScript: badge.startTime - start.startTime, fromNavigation: badge.startTime } : null;
  });
  assert.ok(t, 'the widget marks its start and the badge');
  timings.badgeFromScriptMs.push(Math.round(t.fromScript));
  timings.badgeFromNavigationMs.push(Math.round(t.fromNavigation));
}

test('guest: no badge, no endpoint call', async () => {
  const { context, page, log } = await session(null);
  await page.goto(`${BASE}/`);
  assert.equal(await page.locator('[data-shopcredit-badge]').count(), 0);
  assert.ok(!log.requests.some((u) => u.includes('/api/me')), 'no summary request for a guest');
  await shot(page, '01-guest-home');
  await context.close();
});

test('B2B: badge, preview, order on account, refused on the limit, payment recorded, refresh', async () => {
  const { context, page, log } = await session(null);
  // Sign in through the page's own switcher (keyboard-reachable form).
  await page.goto(`${BASE}/`);
  await page.selectOption('#who', '7');
  await page.click('.who button');
  await badgeReady(page);
  await recordTiming(page);
  assert.equal(await text(page, '[data-sc-value="credit-remaining"]'), eur('5 000,00'));
  assert.equal(await text(page, '[data-sc-value="wallet-available"]'), eur('0,00'));
  const described = await page.getAttribute('[data-shopcredit-badge]', 'title');
  assert.match(described, /Remaining credit 5\u202f000,00\u00a0€/);
  assert.equal(await page.getAttribute('[data-shopcredit-badge]', 'aria-label'), null, 'the visible words are its name');
  assert.equal(await page.getAttribute('[data-shopcredit-badge]', 'aria-live'), 'polite');
  assert.ok((await page.evaluate(() => window.__cls)) < 0.001, 'showing the badge moves nothing');
  // Keyboard: the badge is a link reached with Tab.
  await page.focus('nav a:last-child');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-shopcredit-badge')), true);
  await shot(page, '02-acme-badge');

  // Checkout 1800.00: the browser's core and the server agree that the credit line covers it.
  await page.goto(`${BASE}/checkout?product=furniture`);
  await page.waitForSelector('[data-shopcredit-checkout][data-sc-state="ready"]');
  const credit = page.locator('[data-shopcredit-checkout] [data-method="credit_line"]');
  assert.equal(await credit.getAttribute('data-available'), 'true');
  assert.match(await credit.textContent(), new RegExp(`covers ${eur('1 800,00')}, left to pay ${eur('0,00')}`));
  assert.equal(await page.getAttribute('.methods li[data-method="credit_line"]', 'data-available'), 'true');
  assert.equal(await page.getAttribute('[data-shopcredit-checkout]', 'role'), 'status');
  await shot(page, '03-acme-checkout-preview');
  await page.check('#m-credit_line');
  await page.click('#place-order');
  await page.waitForURL(/\/order\?ref=D1001/);
  assert.equal(await page.getAttribute('[data-order-status]', 'data-order-status'), 'processing');
  await badgeReady(page);
  assert.equal(await text(page, '[data-sc-value="credit-remaining"]'), eur('3 200,00'));
  await shot(page, '04-acme-order-on-account');

  // 3900.00 no longer fits: the preview and the server both refuse, and forcing it is refused.
  await page.goto(`${BASE}/checkout?product=racking`);
  await page.waitForSelector('[data-shopcredit-checkout][data-sc-state="ready"]');
  assert.equal(await credit.getAttribute('data-available'), 'false');
  assert.match(await credit.textContent(), /exceeds your remaining credit/);
  assert.equal(await page.getAttribute('.methods li[data-method="credit_line"] .reasons', 'data-reasons'), 'exceeds_credit_limit');
  await page.evaluate(() => {
    const r = document.querySelector('#m-credit_line');
    r.disabled = false;
    r.checked = true;
  });
  await page.click('#place-order');
  // The checkout again, the refusal in words by the payment methods (the code only in data-error).
  await page.waitForSelector('[data-error-summary="checkout"]');
  assert.match(await text(page, '[data-form-error="checkout"]'), /^Pay on account was refused\. This order exceeds your remaining credit\.$/);
  assert.equal(await page.getAttribute('[data-form-error="checkout"]', 'data-error'), 'exceeds_credit_limit');
  assert.equal(await page.getAttribute('#methods', 'aria-invalid'), 'true');
  assert.doesNotMatch(await page.locator('main').innerText(), /exceeds_credit_limit/);
  await shot(page, '05-acme-refused-on-limit');

  // My account: the panel lists the receivable; a payment recorded in the back office shows
  // after a `shopcredit:refresh` event, without reloading the page.
  await page.goto(`${BASE}/account`);
  await page.waitForSelector('[data-shopcredit-account][data-sc-state="ready"]');
  assert.equal(await text(page, '[data-shopcredit-account] [data-sc-value="credit-exposure"]'), eur('1 800,00'));
  assert.equal(await page.locator('[data-shopcredit-account] tr[data-order="D1001"]').count(), 1);
  const admin = await context.newPage();
  await admin.goto(`${BASE}/admin`);
  // The field offers what remains, in the shop's format; the payment is typed the French way.
  assert.equal(await admin.inputValue('tr[data-receivable="D1001"] input[name="amount"]'), '1\u202f800,00');
  await admin.fill('tr[data-receivable="D1001"] input[name="amount"]', '600,00');
  await admin.click('tr[data-receivable="D1001"] button:has-text("Record payment")');
  await admin.waitForSelector('[data-flash="success"]');
  assert.equal(await text(admin, '[data-flash]'), `Payment of ${eur('600,00')} recorded on D1001.`);
  assert.equal(await text(admin, 'tr[data-receivable="D1001"] [data-col="paid"]'), eur('600,00'));
  assert.equal(await text(admin, 'table[data-table="credit-lines"] td[data-col="remaining"]'), eur('3 800,00'));
  // The ledger: the reservation posted by the credit check, then the payment.
  const ledger = await admin.$$eval('table[data-table="ledger"] tbody tr', (rs) => rs.map((r) => [r.querySelector('[data-col="id"]').textContent, r.querySelector('[data-col="pendingStatus"]').dataset.value]));
  assert.deepEqual(ledger.sort(), [['chk-D1001:credit', 'none'], ['co-D1001:credit', 'posted'], ['pay-D1001-1:payment', 'none']]);
  await shot(admin, '06-admin-payment-recorded');
  await admin.close();
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('shopcredit:refresh')));
  await page.waitForFunction(() => document.querySelector('[data-sc-value="credit-remaining"]')?.textContent === '3\u202f800,00\u00a0€');
  assert.equal(await text(page, '[data-shopcredit-account] [data-sc-value="credit-remaining"]'), eur('3 800,00'));
  await shot(page, '07-acme-account-after-refresh');
  // The refused checkout answered 422 (the form again), which Chromium logs; nothing else.
  assert.deepEqual(log.errors.filter((e) => !/status of 422/.test(e)), []);
  assert.equal(log.dialogs, 0);
  await context.close();
});

test('store balance: top-up, partial payment with the preview, refund split by source', async () => {
  const { context, page, log } = await session('42');
  await page.goto(`${BASE}/account`);
  await badgeReady(page);
  await recordTiming(page);
  assert.equal(await page.locator('[data-sc-value="credit-remaining"]').count(), 0, 'no credit line, no credit figure');
  assert.equal(await text(page, '[data-shopcredit-badge] [data-sc-value="wallet-available"]'), eur('0,00'));
  await page.check('#t1'); // 100.00
  await page.click('#topup');
  await page.waitForSelector('[data-flash="success"]');
  await badgeReady(page);
  assert.equal(await text(page, '[data-shopcredit-badge] [data-sc-value="wallet-available"]'), eur('100,00'));
  await shot(page, '08-lea-top-up');

  await page.goto(`${BASE}/checkout?product=coffee`);
  await page.waitForSelector('[data-shopcredit-checkout][data-sc-state="ready"]');
  const full = page.locator('[data-shopcredit-checkout] [data-method="wallet_full"]');
  const partial = page.locator('[data-shopcredit-checkout] [data-method="wallet_partial"]');
  // A short balance is not listed while the split with another method is offered (the core's display).
  assert.equal(await full.count(), 0);
  assert.equal(await partial.getAttribute('data-available'), 'true');
  assert.match(await partial.textContent(), new RegExp(`covers ${eur('100,00')}, left to pay ${eur('30,00')}`));
  // The preview follows the cart: a cheaper total is covered in full.
  await page.evaluate(() => document.querySelector('[data-shopcredit-checkout]').setAttribute('data-total', '80.00'));
  await page.waitForFunction(() => document.querySelector('[data-shopcredit-checkout] [data-method="wallet_full"]')?.dataset.available === 'true');
  await page.evaluate(() => document.querySelector('[data-shopcredit-checkout]').setAttribute('data-total', '130.00'));
  await page.waitForFunction(() => !document.querySelector('[data-shopcredit-checkout] [data-method="wallet_full"]'));
  await shot(page, '09-lea-checkout-preview');
  await page.check('#m-wallet_partial');
  await page.click('#place-order');
  await page.waitForURL(/\/order\?ref=/);
  const ref = await text(page, '[data-order-ref]');
  assert.equal(await page.getAttribute('[data-order-status]', 'data-order-status'), 'paid');
  await badgeReady(page);
  assert.equal(await text(page, '[data-sc-value="wallet-available"]'), eur('0,00'));

  const admin = await context.newPage();
  await admin.goto(`${BASE}/admin`);
  await admin.fill(`tr[data-order="${ref}"] input[name="amount"]`, '26,00');
  await admin.click(`tr[data-order="${ref}"] button:has-text("Refund")`);
  await admin.waitForSelector('[data-flash="success"]');
  assert.equal(await text(admin, '[data-flash]'), `Refund of ${eur('26,00')} on ${ref}: ${eur('20,00')} back to the store balance, ${eur('6,00')} back to the card.`);
  // A second refund larger than what remains is refused by the core: the form again, the amount kept.
  await admin.fill(`tr[data-order="${ref}"] input[name="amount"]`, '110,00');
  await admin.click(`tr[data-order="${ref}"] button:has-text("Refund")`);
  await admin.waitForSelector(`[data-error-summary="refund:${ref}"]`);
  assert.equal(await text(admin, `[data-form-error="refund:${ref}"]`), 'The refund was not made. This is more than what the order can still get back.');
  assert.equal(await admin.getAttribute(`[data-form-error="refund:${ref}"]`, 'data-error'), 'refund_exceeds_paid');
  assert.equal(await admin.inputValue(`tr[data-order="${ref}"] input[name="amount"]`), '110,00');
  assert.equal(await admin.getAttribute('[data-reconciled]', 'data-reconciled'), 'true');
  await shot(admin, '10-admin-refund');
  await admin.close();
  await page.reload();
  await badgeReady(page);
  assert.equal(await text(page, '[data-sc-value="wallet-available"]'), eur('20,00'));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('financing: the timeline follows signed provider webhooks, duplicates included', async () => {
  const { context, page } = await session('42');
  await page.goto(`${BASE}/checkout?product=laptop`);
  await page.check('#m-financing-SCFRSP-3XTS');
  await page.click('#place-order');
  await page.waitForURL(/\/order\?ref=/);
  const ref = await text(page, '[data-order-ref]');
  await page.waitForSelector('[data-shopcredit-timeline][data-sc-state="ready"]');
  const steps = () => page.$$eval('[data-shopcredit-timeline] li', (ls) => ls.map((l) => l.dataset.status));
  assert.deepEqual(await steps(), ['INITIALIZED', 'upcoming']);
  assert.equal(await page.getAttribute('[data-shopcredit-timeline] li[data-status="INITIALIZED"]', 'aria-current'), 'step');
  assert.equal(await page.getAttribute('[data-order-status]', 'data-order-status'), 'awaiting_financing');
  await shot(page, '11-financing-initialized');

  const admin = await context.newPage();
  await admin.goto(`${BASE}/admin#financing`);
  for (const status of ['PRE_ACCEPTED', 'ACCEPTED']) {
    await admin.click(`[data-financing="${ref}"] button[data-simulate="${status}"]`);
    await admin.waitForSelector('[data-flash="success"]');
  }
  const deliveries = await admin.$$eval(`[data-financing="${ref}"] [data-delivery]`, (ls) => ls.map((l) => [l.dataset.delivery, l.dataset.http, l.dataset.stored, l.textContent]));
  assert.deepEqual(deliveries, [
    ['PRE_ACCEPTED', '200', 'true', 'Pre-accepted: delivered and applied'],
    ['PRE_ACCEPTED', '200', 'false', 'Pre-accepted: delivered again — a duplicate: answered, not applied again'],
    ['ACCEPTED', '200', 'true', 'Accepted: delivered and applied'],
    ['ACCEPTED', '200', 'false', 'Accepted: delivered again — a duplicate: answered, not applied again'],
  ]);
  assert.equal(await admin.getAttribute(`[data-financing="${ref}"] [data-col="status"]`, 'data-value'), 'ACCEPTED');
  assert.equal(await text(admin, `[data-financing="${ref}"] [data-col="status"]`), 'Accepted');
  assert.equal(await admin.getAttribute(`[data-financing="${ref}"] [data-col="order-status"]`, 'data-value'), 'paid');
  assert.equal(await text(admin, `[data-financing="${ref}"] [data-col="order-status"]`), 'Paid');
  assert.equal(await text(admin, `[data-financing="${ref}"] [data-events]`), '2');
  assert.equal(await admin.locator('table[data-table="mapping"] tbody tr').count(), 7);
  await shot(admin, '12-admin-financing');
  await admin.close();

  await page.reload();
  await page.waitForSelector('[data-shopcredit-timeline][data-sc-state="ready"]');
  assert.deepEqual(await steps(), ['INITIALIZED', 'PRE_ACCEPTED', 'ACCEPTED']);
  assert.equal(await page.getAttribute('[data-shopcredit-timeline] li[data-status="ACCEPTED"]', 'aria-current'), 'step');
  assert.equal(await page.getAttribute('[data-order-status]', 'data-order-status'), 'paid');
  await shot(page, '13-financing-accepted');
  await context.close();
});

for (const [name, pattern, fulfil] of [
  ['the endpoint fails', '**/api/me*', { status: 500, body: 'oops' }],
  ['the endpoint answers garbage', '**/api/me*', { status: 200, contentType: 'application/json', body: '{"available":true,"currency":"EUR","credit":{"limit":5000,"exposure":"0","remaining":"1"}}' }],
]) {
  test(`degrades cleanly when ${name}: no badge, no dialog, a console warning`, async () => {
    const { context, page, log } = await session('7');
    await page.route(pattern, (route) => route.fulfill(fulfil));
    await page.goto(`${BASE}/account`);
    await page.waitForSelector('[data-shopcredit-badge][data-sc-state="unavailable"]', { state: 'attached' });
    assert.equal(await page.locator('[data-shopcredit-badge]').evaluate((el) => getComputedStyle(el).visibility), 'hidden');
    assert.equal(await page.locator('[data-shopcredit-badge] *').count(), 0);
    assert.equal(await page.locator('[data-shopcredit-account]').isHidden(), true);
    assert.ok(log.warnings.some((w) => w.startsWith('[shopcredit] widget hidden')), log.warnings.join('\n'));
    assert.equal(log.dialogs, 0);
    assert.deepEqual(log.errors.filter((e) => !/Failed to load resource/.test(e)), []);
    assert.ok((await page.evaluate(() => window.__cls)) < 0.001, 'hiding moves nothing');
    await shot(page, `14-degraded-${name.replace(/\W+/g, '-')}`);
    await context.close();
  });
}

test('the badge and My account need no wasm; without it only the checkout preview hides itself', async () => {
  const { context, page, log } = await session('7');
  const wasm = [];
  await page.route('**/*.wasm', (route) => {
    wasm.push(route.request().url());
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${BASE}/account`);
  await badgeReady(page);
  await page.waitForSelector('[data-shopcredit-account][data-sc-state="ready"]');
  assert.equal(await text(page, '[data-sc-value="credit-remaining"]'), eur('3 800,00'));
  assert.deepEqual(wasm, [], 'a page without a checkout preview downloads no wasm');
  await page.goto(`${BASE}/checkout?product=furniture`);
  await page.waitForSelector('[data-shopcredit-checkout][data-sc-state="unavailable"]', { state: 'attached' });
  assert.ok(wasm.length > 0 && wasm.every((u) => u.endsWith('/shopcredit_storefront_bg.wasm')), wasm.join(' '));
  assert.equal(await page.getAttribute('[data-shopcredit-badge]', 'data-sc-state'), 'ready', 'the badge stays');
  assert.equal(await page.locator('[data-shopcredit-checkout]').isHidden(), true);
  assert.ok(log.warnings.some((w) => w.startsWith('[shopcredit] checkout preview unavailable')), log.warnings.join('\n'));
  assert.equal(log.dialogs, 0);
  await shot(page, '14-degraded-no-wasm-checkout');
  await context.close();
});

test('the classic script (shopcredit-widget.js) starts itself from its data attributes', async () => {
  const { context, page } = await session('7');
  await page.goto(`${BASE}/account?bundle=classic`);
  await badgeReady(page);
  await recordTiming(page);
  assert.equal(await text(page, '[data-sc-value="credit-remaining"]'), eur('3 800,00'));
  assert.equal(await page.evaluate(() => typeof window.ShopCredit?.widget?.refresh), 'function');
  await context.close();
});

// The timings are a measurement (build/browser-artifacts/timings.json, README figures), not a
// pass mark: a slow or loaded machine must not fail the suite.
test('the badge shows on 5 cold loads (timings recorded)', async () => {
  for (let i = 0; i < 5; i++) {
    const { context, page } = await session('7');
    await page.goto(`${BASE}/`);
    await badgeReady(page);
    await recordTiming(page);
    await context.close();
  }
  const sorted = [...timings.badgeFromScriptMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`time to badge from script start: median ${median} ms over ${sorted.length} loads (${sorted.join(', ')})`);
  assert.equal(sorted.length >= 5, true, 'every cold load recorded its timing');
});
