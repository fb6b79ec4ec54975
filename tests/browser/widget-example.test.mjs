// The README's runnable widget example (demo/widget-example/, a static endpoint answer) works as
// documented: every slot shows, the preview follows data-total, the events fire, nothing logs an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.DEMO_URL;
const ARTIFACTS = process.env.ARTIFACTS ?? 'build/browser-artifacts';
if (!BASE) throw new Error('DEMO_URL is not set: run tests/browser/run.sh');
const eur = (s) => `${s.replace(/ /g, '\u202f')}\u00a0€`;

test('the widget example from the README runs', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${BASE}/demo/widget-example/`);
    for (const slot of ['badge', 'account', 'checkout', 'timeline']) {
      await page.waitForSelector(`[data-shopcredit-${slot}][data-sc-state="ready"]`);
    }
    assert.equal(await page.locator('[data-shopcredit-badge] [data-sc-value="credit-remaining"]').textContent(), eur('3 200,00'));
    assert.equal(await page.locator('[data-shopcredit-badge] [data-sc-value="wallet-available"]').textContent(), eur('100,00'));
    assert.match(await page.locator('[data-shopcredit-checkout] [data-method="wallet_partial"]').textContent(), new RegExp(`covers ${eur('100,00')}, left to pay ${eur('30,00')}`));
    assert.deepEqual(await page.$$eval('[data-shopcredit-timeline] li', (ls) => ls.map((l) => l.dataset.status)), ['INITIALIZED', 'PRE_ACCEPTED', 'upcoming']);
    assert.equal(await page.locator('#events').textContent(), 'shopcredit:ready: remaining credit 3200.00\n');
    await page.selectOption('#total', '3900.00');
    await page.waitForFunction(() => document.querySelector('[data-shopcredit-checkout] [data-method="credit_line"]')?.dataset.available === 'false');
    await page.screenshot({ path: join(ARTIFACTS, '30-widget-example.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
