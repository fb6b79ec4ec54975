// The demo shop answers bad input like a shop: the form again with the message next to the field
// and the typed value kept, amounts typed the French way, words instead of codes, and a warning
// before paying a second time for the same cart. Runs after demo.test.mjs on the same demo
// (tests/browser/run.sh), so it finds its own orders instead of assuming references.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.DEMO_URL;
const ARTIFACTS = process.env.ARTIFACTS ?? 'build/browser-artifacts';
if (!BASE) throw new Error('DEMO_URL is not set: run tests/browser/run.sh');

const NNBSP = '\u202f';
const NBSP = '\u00a0';
// fr-FR money as Intl writes it (and the server pages too): narrow no-break spaces between thousands, a no-break space before €.
const eur = (s) => `${s.replace(/ /g, NNBSP)}${NBSP}€`;
// What a person must never read: the core's codes, its operation names, its developer messages.
const CODE_TEXT = /[a-z]+_[a-z_]+|credit\.recordPayment|invalid_value|\(at input\./;

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});
after(async () => {
  await browser?.close();
});

async function session(customer) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addCookies([{ name: 'demo_customer', value: customer, url: BASE }]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const text = async (page, sel) => (await page.locator(sel).first().textContent())?.trim();
const mainText = (page) => page.locator('main').innerText();

/** Submits a form by clicking, returns the HTTP status of the page it lands on. */
async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  return response.status();
}

/** A new order on account for Acme, and its receivable row in the back office. */
async function newReceivable(page) {
  await page.goto(`${BASE}/checkout?product=furniture`);
  await page.check('#m-credit_line');
  await submit(page, '#place-order');
  const ref = await text(page, '[data-order-ref]');
  assert.equal(await page.getAttribute('[data-order-status]', 'data-order-status'), 'processing');
  return ref;
}

test('back office: a bad amount brings the form back with the message at the field, the value kept, nothing recorded', async () => {
  const { context, page, errors } = await session('7');
  const ref = await newReceivable(page);
  const row = `tr[data-receivable="${ref}"]`;
  const field = `${row} input[name="amount"]`;
  await page.goto(`${BASE}/admin#receivables`);
  for (const [typed, code, words] of [
    ['-100', 'negative_amount', 'Enter an amount above zero.'],
    ['abc', 'invalid_amount', 'Enter an amount in euros, like 12,50 or 1 000,00.'],
    ['1e3', 'invalid_amount', 'Enter an amount in euros, like 12,50 or 1 000,00.'],
    ['10.005', 'too_many_decimals', 'Euros have two decimals: enter cents at most, like 10,05.'],
    ['', 'missing_field', 'Enter an amount.'],
    ['0', 'amount_below_minimum', 'The payment was not recorded. The amount is too small.'],
  ]) {
    await page.fill(field, typed);
    assert.equal(await submit(page, `${row} button:has-text("Record payment")`), 422, typed);
    // The back office itself (not a bare error page), the field marked, its message right after it.
    assert.equal(await text(page, 'h1'), 'Back office');
    assert.equal(await page.inputValue(field), typed, 'what was typed is kept');
    assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
    const described = await page.getAttribute(field, 'aria-describedby');
    assert.equal(await text(page, `#${described}`), words, typed);
    assert.equal(await page.getAttribute(`#${described}`, 'data-error'), code);
    assert.equal(await text(page, '[data-error-summary]'), `${words} Nothing was changed.`);
    assert.doesNotMatch(await mainText(page), CODE_TEXT, `no code shown for ${JSON.stringify(typed)}`);
    assert.equal(await text(page, `${row} [data-col="paid"]`), eur('0,00'), 'nothing recorded');
    if (code === 'too_many_decimals') await shot(page, '20-admin-bad-amount');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('back office: amounts typed the French way, as the widget prints them, are recorded and shown back in French', async () => {
  const { context, page } = await session('7');
  const ref = await newReceivable(page);
  const row = `tr[data-receivable="${ref}"]`;
  await page.goto(`${BASE}/admin#receivables`);
  let paid = 0;
  for (const [typed, amount, cents] of [
    [`1${NNBSP}000,00`, '1 000,00', 100000], // the widget's thousands separator
    ['12,50', '12,50', 1250],
    [`100,00${NBSP}€`, '100,00', 10000], // copied from the widget with its currency
    ['7,5', '7,50', 750],
    ['20.25', '20,25', 2025], // a dot is no French grouping sign: it can only mean decimals
  ]) {
    await page.fill(`${row} input[name="amount"]`, typed);
    assert.equal(await submit(page, `${row} button:has-text("Record payment")`), 200, typed);
    assert.equal(await text(page, '[data-flash="success"]'), `Payment of ${eur(amount)} recorded on ${ref}.`);
    paid += cents;
  }
  const shown = (c) => eur(`${Math.floor(c / 100).toLocaleString('fr-FR').replace(/\s/g, ' ')},${String(c % 100).padStart(2, '0')}`);
  assert.equal(await text(page, `${row} [data-col="paid"]`), shown(paid));
  assert.equal(await text(page, `${row} [data-col="remaining"]`), shown(180000 - paid));
  // The field offers what remains, in the shop's format; more than that is refused with the limit.
  assert.equal(await page.inputValue(`${row} input[name="amount"]`), '659,75');
  await page.fill(`${row} input[name="amount"]`, '1 000,00');
  assert.equal(await submit(page, `${row} button:has-text("Record payment")`), 422);
  assert.equal(await text(page, `[data-form-error="record_payment:${ref}"]`), `The payment was not recorded. The amount is above the maximum. At most ${eur('659,75')} is still due.`);
  assert.equal(await page.inputValue(`${row} input[name="amount"]`), '1 000,00');
  await shot(page, '21-admin-french-amounts');
  await context.close();
});

test('storefront: a top-up typed in French is accepted, a bad or tampered one comes back in words', async () => {
  const { context, page } = await session('42');
  await page.goto(`${BASE}/account`);
  await page.check('#t-other');
  await page.fill('#topup-other', '12,345');
  assert.equal(await submit(page, '#topup'), 422);
  assert.equal(await text(page, 'h1'), 'My account');
  assert.equal(await page.inputValue('#topup-other'), '12,345');
  assert.equal(await page.isChecked('#t-other'), true, 'the choice is kept');
  assert.equal(await text(page, '#topup-other-error'), 'Euros have two decimals: enter cents at most, like 10,05.');
  assert.doesNotMatch(await mainText(page), CODE_TEXT);
  await shot(page, '22-topup-bad-amount');

  await page.fill('#topup-other', '12,5');
  assert.equal(await submit(page, '#topup'), 200);
  assert.match(await text(page, '[data-flash="success"]'), new RegExp(`^Top-up T\\d+: \\+${eur('12,50')}, balance `));

  // A hand-edited radio value (it printed "invalid_value: invalid_value:" before).
  await page.evaluate(() => { document.querySelector('#t0').value = 'abc'; document.querySelector('#t0').checked = true; });
  assert.equal(await submit(page, '#topup'), 422);
  assert.equal(await text(page, '[data-error-summary]'), 'Choose an amount to top up. Nothing was changed.');
  assert.doesNotMatch(await mainText(page), CODE_TEXT);
  await context.close();
});

test('checkout: back after paying warns before a second payment; paying again takes a tick', async () => {
  const { context, page } = await session('42');
  const orders = async () => (await page.request.get(`${BASE}/account`)).text().then((h) => (h.match(/href="\/order\?ref=D\d+"/g) ?? []).length);
  await page.goto(`${BASE}/checkout?product=coffee`);
  await page.check('#m-card');
  await submit(page, '#place-order');
  const first = await text(page, '[data-order-ref]');
  const before = await orders();

  // Back to the checkout (restored or reloaded, the browser decides) and the same button again.
  await page.goBack();
  await page.waitForSelector('#place-order');
  await page.check('#m-card');
  const status = await submit(page, '#place-order');
  assert.ok(status === 409 || status === 200, `HTTP ${status}`);
  assert.equal(await page.getAttribute('[data-already-paid]', 'data-already-paid'), first);
  assert.match(await text(page, '[data-already-paid]'), new RegExp(`^You already paid for this cart: order ${first} \\(Espresso machine, ${eur('130,00')}, Paid\\)\\.`));
  assert.equal(await orders(), before, 'no second order');
  await shot(page, '23-checkout-already-paid');
  if (status === 200) {
    // The page was fetched again: it already warned; the click without the tick is refused.
    await page.check('#m-card');
    assert.equal(await submit(page, '#place-order'), 409);
  }
  assert.equal(await text(page, '#again-error'), `This cart is already paid (order ${first}): tick the box to pay for it a second time.`);
  assert.equal(await orders(), before, 'still no second order');

  await page.check('#again');
  await page.check('#m-card');
  assert.equal(await submit(page, '#place-order'), 200);
  const second = await text(page, '[data-order-ref]');
  assert.notEqual(second, first);
  assert.equal(await orders(), before + 1, 'a second order, because the shopper said so');
  await context.close();
});

test('a hand-made request gets words and a way back, not developer text', async () => {
  const { context, page } = await session('7');
  const response = await page.request.post(`${BASE}/admin/action`, { form: { action: 'refund', ref: 'D9999', amount: '5' } });
  assert.equal(response.status(), 422);
  const html = await response.text();
  assert.match(html, /This order no longer exists\. Nothing was changed\./);
  assert.doesNotMatch(html.replace(/<[^>]*>/g, ' '), CODE_TEXT);
  await context.close();
});
