// The widget's error paths: whatever fails (endpoint, payload), it hides itself with one
// console.warn, never throws, never shows partial figures. The badge and My account show the
// server's figures without the core; the checkout preview runs the core and only it hides when
// the wasm or the core fails.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
// The widget's TypeScript sources, bundled in memory by esbuild (the tool js/build.sh uses), so
// these tests run the sources and not whatever js/dist holds.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
async function loadWidget() {
  const out = await build({
    entryPoints: [join(root, 'js/src/index.ts')],
    bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2020', logLevel: 'silent',
  });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}
/** The wasm-bindgen build's `call` (pkg/), instantiated synchronously. */
async function pkgCall() {
  const pkg = await import(join(root, 'pkg/shopcredit_js.js'));
  pkg.initSync({ module: readFileSync(join(root, 'pkg/shopcredit_js_bg.wasm')) });
  return pkg.call;
}

const w = await loadWidget();
const core = w.coreFrom(await pkgCall());

// A page without widget slots: enough DOM for the widget's events and lookups.
const doc = Object.assign(new EventTarget(), {
  querySelector: () => null,
  querySelectorAll: () => [],
  documentElement: { lang: 'fr-FR' },
});
let warnings;
const realWarn = console.warn;
beforeEach(() => {
  globalThis.document = doc;
  warnings = [];
  console.warn = (...args) => warnings.push(args.map(String).join(' '));
});
afterEach(() => {
  console.warn = realWarn;
  delete globalThis.document;
});

const NOW = 1795390200;
const creditCtx = {
  account: { id: 'credit:1:7:EUR', kind: 'credit_line', currency: 'EUR', debitsPending: '0.00', debitsPosted: '1800.00', creditsPending: '0.00', creditsPosted: '600.00', limit: '5000.00' },
  profile: { onHold: false, riskLevel: 'low' },
  settings: { defaultPaymentTermsDays: 30, blockWhenOverdue: true, blockWhenUnpaid: false, riskEffects: { low: 'none', medium: 'manual_approval', high: 'block' }, reminderOffsetsDays: [-3, 0, 7, 14], utcOffsetS: 0 },
  receivables: [{ orderRef: 'D1001', currency: 'EUR', amount: '1800.00', paid: '600.00', dueDate: '2026-12-22', state: 'open' }],
};
const walletAccount = { id: 'wallet:1:7:EUR', kind: 'wallet', currency: 'EUR', debitsPending: '0.00', debitsPosted: '30.00', creditsPending: '0.00', creditsPosted: '100.00' };
const summary = (over = {}) => ({
  available: true, currency: 'EUR', now: NOW,
  credit: { limit: '5000.00', exposure: '1200.00', remaining: '3800.00' },
  wallet: { balance: '70.00', available: '70.00' },
  checkout: {
    customer: { customerId: '7', groupIds: ['b2b'], loggedIn: true },
    creditLine: { enabled: true, credit: creditCtx },
    wallet: { settings: { enabled: true, allowedGroups: [], allowPartial: true, allowTopUp: true, allowWithdrawal: true, minWithdrawal: '10.00' }, account: walletAccount },
    financing: { enabled: false, solutions: [] },
  },
  ...over,
});
const jsonResponse = (body, status = 200) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

async function run(opts, root = doc) {
  const events = [];
  const on = (e) => events.push([e.type, e.detail]);
  doc.addEventListener('shopcredit:ready', on);
  doc.addEventListener('shopcredit:unavailable', on);
  const widget = new w.ShopCreditWidget({ endpoint: 'http://shop.test/api/me', wasmUrl: 'http://shop.test/shopcredit_storefront_bg.wasm', loadCore: async () => core, root, ...opts });
  const shown = await widget.start();
  widget.destroy();
  doc.removeEventListener('shopcredit:ready', on);
  doc.removeEventListener('shopcredit:unavailable', on);
  return { widget, shown, events };
}

test('shows the figures the server sent and loads no core when the page has no checkout preview', async () => {
  let loads = 0;
  const { widget, shown, events } = await run({ fetch: async () => jsonResponse(summary()), loadCore: async () => { loads++; return core; } });
  assert.equal(loads, 0, 'no wasm for the badge and My account');
  assert.equal(shown, true);
  assert.equal(widget.state, 'ready');
  assert.equal(widget.figures.credit.remaining, '3800.00');
  assert.equal(widget.figures.credit.exposure, '1200.00');
  assert.equal(widget.figures.wallet.available, '70.00');
  assert.deepEqual(events.map((e) => e[0]), ['shopcredit:ready']);
  assert.deepEqual(warnings, []);
});

test('the checkout preview is eligibility.evaluate on the same facts', async () => {
  const p = w.preview(core, summary(), '100.00', 'FR', NOW);
  const m = Object.fromEntries(p.methods.map((x) => [x.method, x]));
  assert.equal(m.credit_line.available, true);
  assert.equal(m.credit_line.covers, '100.00');
  assert.equal(m.wallet_full.available, false);
  assert.deepEqual(m.wallet_full.reasons, ['wallet_insufficient_funds']);
  assert.equal(m.wallet_partial.covers, '70.00');
  assert.equal(m.wallet_partial.remainingToPay, '30.00');
  const over = Object.fromEntries(w.preview(core, summary(), '3900.00', 'FR', NOW).methods.map((x) => [x.method, x]));
  assert.equal(over.credit_line.available, false);
  assert.ok(over.credit_line.reasons.includes('exceeds_credit_limit'));
});

test('without facts the endpoint figures are shown as sent (summary-only hosts)', async () => {
  const { widget, shown } = await run({ fetch: async () => jsonResponse(summary({ checkout: null })) });
  assert.equal(shown, true);
  assert.equal(widget.figures.credit.remaining, '3800.00');
  assert.equal(widget.preview('10.00'), null);
});

const failures = [
  ['the network fails', async () => { throw new TypeError('Failed to fetch'); }, /could not be reached/],
  ['the endpoint answers 500', async () => jsonResponse('oops', 500), /HTTP 500/],
  ['a guest gets 401', async () => jsonResponse({ available: false }, 401), /HTTP 401/],
  ['the answer is not JSON', async () => jsonResponse('<html>', 200), /did not answer JSON/],
  ['an amount is a number', async () => jsonResponse(summary({ credit: { limit: 5000, exposure: '0.00', remaining: '5000.00' } })), /not decimal strings/],
  ['the currency is missing', async () => jsonResponse(summary({ currency: undefined })), /ISO 4217/],
  ['the server cannot run the core', async () => jsonResponse({ available: false, reason: 'runtime_unavailable' }), /runtime_unavailable/],
];
for (const [name, fetch, message] of failures) {
  test(`hides itself when ${name}: state unavailable, one warning, an event, no throw`, async () => {
    const { widget, shown, events } = await run({ fetch });
    assert.equal(shown, false);
    assert.equal(widget.state, 'unavailable');
    assert.equal(widget.figures, null, 'no partial figures');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^\[shopcredit\] widget hidden: /);
    assert.match(warnings[0], message);
    assert.deepEqual(events.map((e) => e[0]), ['shopcredit:unavailable']);
  });
}

/** A page with a checkout preview slot (enough of an element for the widget). */
function checkoutPage() {
  const el = { dataset: { total: '100.00' }, hidden: false, replaceChildren() {}, matches: () => false };
  return { el, root: { querySelector: (sel) => (sel === '[data-shopcredit-checkout]' ? el : null), querySelectorAll: () => [] } };
}

test('when the wasm cannot be loaded only the checkout preview hides; the figures stay', async () => {
  const { el, root } = checkoutPage();
  const { widget, shown, events } = await run({
    fetch: async () => jsonResponse(summary()),
    loadCore: async () => { throw new w.CoreUnavailable('the wasm could not be loaded from /x.wasm: 404'); },
  }, root);
  assert.equal(shown, true);
  assert.equal(widget.state, 'ready');
  assert.equal(widget.figures.credit.remaining, '3800.00');
  assert.equal(el.hidden, true);
  assert.equal(el.dataset.scState, 'unavailable');
  assert.deepEqual(events.map((e) => e[0]), ['shopcredit:ready']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^\[shopcredit\] checkout preview unavailable: the wasm could not be loaded/);
});

test('facts the core refuses turn the preview off with a CoreUnavailable, never a value', () => {
  const bad = summary({ checkout: { customer: {}, creditLine: { enabled: true, credit: { account: { id: 'x' } } } } });
  assert.throws(() => w.preview(core, bad, '10.00', 'FR', NOW),
    (e) => e instanceof w.CoreUnavailable && /^eligibility\.evaluate: /.test(e.message) && e.code === 'missing_field' && e.path === 'input.customer.loggedIn');
});

test('without a billing country the preview asks no core and is refused, as the core refuses such a cart', () => {
  let asked = 0;
  const counting = { ask: (...args) => (asked++, core.ask(...args)) };
  assert.throws(() => w.preview(counting, summary(), '10.00', undefined, NOW), /billing country/);
  assert.throws(() => w.preview(counting, summary(), '10.00', '', NOW), /billing country/);
  assert.equal(asked, 0);
  const cart = { currency: 'EUR', total: '10.00' };
  assert.throws(() => core.ask('eligibility.evaluate', { display: 'show_disabled', ...summary().checkout, cart }, NOW),
    (e) => e instanceof w.CoreUnavailable && e.code === 'missing_field' && e.path === 'input.cart.billingCountry');
  assert.equal(w.preview(counting, summary(), '10.00', 'FR', NOW).currency, 'EUR');
  assert.equal(asked, 1);
});

test('an endpoint that never answers times out with an EndpointError', async () => {
  const hang = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  const summaryErr = await w.fetchSummary('http://shop.test/api/me', { fetch: hang, timeoutMs: 50 }).catch((e) => e);
  assert.ok(summaryErr instanceof w.EndpointError);
});

test('the request: same-origin cookies, JSON, host headers, the order asked for', async () => {
  let seen;
  await w.fetchSummary('http://shop.test/api/me', {
    fetch: async (url, init) => { seen = { url, init }; return jsonResponse(summary()); },
    headers: { 'X-WP-Nonce': 'n1' }, order: 'D 1004',
  });
  assert.equal(seen.url, 'http://shop.test/api/me?order=D+1004');
  assert.equal(seen.init.credentials, 'same-origin');
  assert.equal(seen.init.headers.Accept, 'application/json');
  assert.equal(seen.init.headers['X-WP-Nonce'], 'n1');
});

test('a malformed request or a trap in the core is a CoreUnavailable, never a value', () => {
  assert.throws(() => core.ask('credit.status', {}), (e) => e instanceof w.CoreUnavailable && e.code === 'missing_field');
  const broken = w.coreFrom(() => { throw new WebAssembly.RuntimeError('unreachable'); });
  assert.throws(() => broken.ask('wallet.balance', {}), (e) => e instanceof w.CoreUnavailable && /unreachable/.test(e.message));
  const garbage = w.coreFrom(() => 'not json');
  assert.throws(() => garbage.ask('wallet.balance', {}), w.CoreUnavailable);
});

test('a refresh after a payment re-reads the endpoint; the latest answer wins', async () => {
  let n = 0;
  const widget = new w.ShopCreditWidget({
    endpoint: 'http://shop.test/api/me', wasmUrl: 'http://shop.test/w.wasm', loadCore: async () => core,
    fetch: async () => jsonResponse(summary({ checkout: null, wallet: { balance: String(++n * 10) + '.00', available: String(n * 10) + '.00' } })),
  });
  await widget.start();
  assert.equal(widget.figures.wallet.available, '10.00');
  doc.dispatchEvent(new CustomEvent('shopcredit:refresh'));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(widget.figures.wallet.available, '20.00');
  const [a, b] = await Promise.all([widget.refresh(), widget.refresh()]);
  assert.deepEqual([a, b], [false, true], 'the older of two overlapping refreshes stands down');
  assert.equal(widget.figures.wallet.available, '40.00');
  widget.destroy();
  doc.dispatchEvent(new CustomEvent('shopcredit:refresh'));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(n, 4, 'no refresh after destroy');
});
