// One block checkout in headless Chromium: a customer with a credit line logs in, puts a Desk in
// the cart, and pays on account on the Checkout block (our registerPaymentMethod integration).
//   SC_WC_URL=http://127.0.0.1:8081 SC_WC_USER=acme SC_WC_PASSWORD=custpass node block-checkout.mjs
// With SC_WC_EXPECT_REFUSED=1 the method is one the core shows disabled ("show disabled"): it must
// be listed with its reason in words, and placing the order must be refused with that reason.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../../package.json'));
const { chromium } = require('playwright-core');

const base = process.env.SC_WC_URL;
if (!base) {
  console.log('block checkout: skipped (SC_WC_URL not set)');
  process.exit(0);
}
const user = process.env.SC_WC_USER || 'acme';
const pass = process.env.SC_WC_PASSWORD || 'custpass';
const method = process.env.SC_WC_METHOD || 'shopcredit_account';
const product = process.env.SC_WC_PRODUCT_ID || '10';
const refused = process.env.SC_WC_EXPECT_REFUSED === '1';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
try {
  await page.goto(`${base}/wp-login.php`);
  await page.fill('#user_login', user);
  await page.fill('#user_pass', pass);
  await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
  // The storefront widget's header badge (when the package ships it), fed by /shopcredit/v1/me.
  let badge = null;
  await page.goto(`${base}/`);
  if (await page.locator('[data-shopcredit-badge]').count()) {
    await page.waitForSelector('[data-shopcredit-badge][data-sc-state="ready"]', { timeout: 30000 });
    badge = (await page.locator('[data-shopcredit-badge]').innerText()).replace(/\s+/g, ' ').trim();
  }
  await page.goto(`${base}/?add-to-cart=${product}`);
  await page.goto(`${base}/?pagename=checkout`);
  await page.waitForSelector('.wc-block-checkout', { timeout: 30000 });
  let partial = null;
  if (process.env.SC_WC_PARTIAL) {
    // The partial-balance choice our script renders in the totals (ExperimentalDiscountsMeta).
    const box = page.locator('.shopcredit-partial input[type=checkbox]');
    await box.waitFor({ timeout: 30000 });
    await box.check();
    await page.locator('.shopcredit-partial-part').waitFor({ timeout: 30000 });
    partial = (await page.locator('.shopcredit-partial').innerText()).trim();
  }
  const radio = page.locator(`input[name="radio-control-wc-payment-method-options"][value="${method}"]`);
  await radio.waitFor({ timeout: 30000 });
  const label = (await page.locator(`label[for="radio-control-wc-payment-method-options-${method}"]`).innerText()).trim();
  await radio.check({ force: true });
  const content = (await page.locator('.wc-block-components-radio-control-accordion-content').first().innerText().catch(() => '')).trim();
  // Address fields: fill whatever the block shows empty.
  const fill = async (sel, v) => { const l = page.locator(sel); if (await l.count() && !(await l.first().inputValue())) await l.first().fill(v); };
  await fill('#email', `${user}@example.test`);
  for (const p of ['billing', 'shipping']) {
    await fill(`#${p}-first_name`, 'Block');
    await fill(`#${p}-last_name`, 'Checkout');
    await fill(`#${p}-address_1`, '1 rue de la Paix');
    await fill(`#${p}-city`, 'Paris');
    await fill(`#${p}-postcode`, '75002');
    await fill(`#${p}-phone`, '0601020304');
  }
  if (refused) {
    // Listed, its reason shown; placing the order is refused with it and no order is made.
    const reason = (await page.locator(`#radio-control-wc-payment-method-options-${method}__content .shopcredit-unavailable, .wc-block-components-radio-control-accordion-content .shopcredit-unavailable`).first().innerText({ timeout: 30000 })).trim();
    await page.locator('.wc-block-components-checkout-place-order-button').click();
    const notice = page.locator('.wc-block-components-notice-banner.is-error, .wc-block-store-notice.is-error, .woocommerce-error');
    await notice.first().waitFor({ timeout: 30000 });
    const error = (await notice.first().innerText()).replace(/\s+/g, ' ').trim();
    await page.screenshot({ path: process.env.SC_WC_SHOT || '/tmp/block-checkout-refused.png', fullPage: true }).catch(() => {});
    const ok = reason.length > 0 && error.includes(reason.replace(/^[^:]*:\s*/, '').slice(0, 20)) && !/order-received/.test(page.url());
    console.log(JSON.stringify({ ok, refused: true, method, label, reason, error, url: page.url(), pageErrors: errors }));
    if (!ok) process.exitCode = 1;
  } else {
    await page.locator('.wc-block-components-checkout-place-order-button').click();
    await page.waitForURL(/order-received/, { timeout: 60000 });
    const url = page.url();
    const order = (url.match(/order-received=(\d+)/) || url.match(/order-received\/(\d+)/) || [])[1];
    const totals = (await page.locator('.woocommerce-order-overview__total, .wc-block-order-confirmation-totals, .woocommerce-table--order-details tfoot').first().innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    console.log(JSON.stringify({ ok: true, badge, method, label, content, partial, order, url, totals, pageErrors: errors }));
  }
} catch (e) {
  await page.screenshot({ path: '/tmp/block-checkout-failure.png', fullPage: true }).catch(() => {});
  console.log(JSON.stringify({ ok: false, error: String(e), pageErrors: errors, shot: '/tmp/block-checkout-failure.png' }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
