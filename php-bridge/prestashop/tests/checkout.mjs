// The PrestaShop payment step in headless Chromium (run by e2e.sh when Chromium is there):
// ShopCredit options shown unavailable are listed with their reason in the label and cannot be
// selected (their radio button is disabled; a click leaves nothing chosen), available ones can.
// Usage: node checkout.mjs BASE_URL COOKIES_JSON [SCREENSHOT.png]  → one JSON line.
import { chromium } from 'playwright-core';

const [base, cookiesJson, shot] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  await ctx.addCookies(JSON.parse(cookiesJson).map((c) => ({ ...c, domain: c.domain.replace(/^\./, '') })));
  const page = await ctx.newPage();
  await page.goto(`${base}/index.php?controller=order`, { waitUntil: 'networkidle' });
  const options = await page.$$eval('.payment-option', (els) => els.map((el) => {
    const radio = el.querySelector('input[type=radio]');
    return { id: radio?.id ?? '', label: el.querySelector('label')?.innerText.trim() ?? '', module: radio?.dataset.moduleName ?? '', disabled: !!radio?.disabled };
  }));
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
} finally {
  await browser.close();
}
