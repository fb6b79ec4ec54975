// The PrestaShop payment step in headless Chromium (run by e2e.sh when Chromium is there):
// ShopCredit options shown unavailable are listed with their reason in the label and cannot be
// selected (their radio button is disabled; a click leaves nothing chosen), available ones can.
// With MODE "po-refused": chooses "Pay on account", places the order without its required
// purchase-order number, and reports what the payment step shows when it comes back (which
// option is chosen, the field's reason).
// Usage: node checkout.mjs BASE_URL COOKIES_JSON [SCREENSHOT.png|-] [MODE]  → one JSON line.
import { chromium } from 'playwright-core';

const [base, cookiesJson, shotArg, mode] = process.argv.slice(2);
const shot = shotArg === '-' ? '' : shotArg;
const optionsOf = (page) => page.$$eval('.payment-option', (els) => els.map((el) => {
  const radio = el.querySelector('input[type=radio]');
  return { id: radio?.id ?? '', label: el.querySelector('label')?.innerText.trim() ?? '', module: radio?.dataset.moduleName ?? '', disabled: !!radio?.disabled, checked: !!radio?.checked };
}));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  await ctx.addCookies(JSON.parse(cookiesJson).map((c) => ({ ...c, domain: c.domain.replace(/^\./, '') })));
  const page = await ctx.newPage();
  await page.goto(`${base}/index.php?controller=order`, { waitUntil: 'networkidle' });
  const options = await optionsOf(page);
  if (mode === 'po-refused') {
    const account = options.find((o) => o.module === 'shopcredit' && o.label.startsWith('Pay on account') && !o.disabled);
    await page.click(`label[for="${account.id}"]`);
    await page.check('input[id="conditions_to_approve[terms-and-conditions]"]').catch(() => {});
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle' }), page.click('#payment-confirmation button')]);
    await page.waitForTimeout(500); // the option's own script chooses it again on load
    const after = await optionsOf(page);
    const reason = await page.$eval('#sc-po-error', (e) => e.innerText.trim()).catch(() => null);
    const formShown = await page.$eval('#sc-po-number', (e) => e.offsetParent !== null).catch(() => false);
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    console.log(JSON.stringify({ ok: true, chosenAfter: after.filter((o) => o.checked).map((o) => o.label), reason, formShown }));
  } else {
    await unavailable(page, options);
  }
} finally {
  await browser.close();
}

/** The options shown unavailable: a click on each chooses nothing. */
async function unavailable(page, options) {
  const ours = options.filter((o) => o.module === 'shopcredit');
  const clicks = [];
  for (const o of ours.filter((x) => x.disabled)) {
    await page.click(`label[for="${o.id}"]`, { force: true }).catch(() => {});
    clicks.push({ id: o.id, checkedAfterClick: await page.isChecked(`#${o.id}`) });
  }
  if (shot) {
    await page.locator('#checkout-payment-step').scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({ path: shot, fullPage: true });
  }
  console.log(JSON.stringify({ ok: true, options, clicks }));
}
