// The storefront build (pkg-storefront/, only the checkout preview) against every eligibility
// vector: the preview must decide exactly as the server's core. It skips the balance amounts
// (eligibility judges none), so the only answers allowed to differ are refusals of those amounts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, runtimes, vectorCases } from './runtimes.mjs';
import { initSync, call } from '../../pkg-storefront/shopcredit_storefront.js';

const exports = initSync({ module: readFileSync(join(root, 'pkg-storefront/shopcredit_storefront_bg.wasm')) });

const AMOUNTS = /^input\.wallet\.settings\.(minWithdrawal|minTopUp|maxTopUp|currency|perCurrency|rates)\b/;
const opOf = (request) => {
  try {
    return JSON.parse(request)?.op;
  } catch {
    return undefined; // a raw vector of malformed JSON
  }
};
const cases = vectorCases().filter((c) => opOf(c.request) === 'eligibility.evaluate');

test(`every eligibility vector through the storefront build (${cases.length})`, () => {
  assert.ok(cases.length >= 15);
  const failures = [];
  let skippedAmounts = 0;
  for (const c of cases) {
    const actual = call(c.request);
    if (actual === c.expected) continue;
    const expected = JSON.parse(c.expected);
    if (expected.ok === false && AMOUNTS.test(expected.error.path ?? '') && JSON.parse(actual).ok === true) {
      skippedAmounts++;
      continue;
    }
    failures.push(`${c.file}: ${c.name}\n  expected ${c.expected}\n  actual   ${actual}`);
  }
  assert.equal(failures.length, 0, failures.slice(0, 5).join('\n'));
  // Most vectors must match byte for byte; a handful refuse bad balance amounts.
  assert.ok(skippedAmounts < cases.length / 10, `${skippedAmounts} answers differ on balance amounts`);
});

test('the storefront build decides as the full core with the multi-currency balance settings the server sends', () => {
  const request = JSON.stringify({
    v: 1, op: 'eligibility.evaluate', now: 1764547200,
    input: {
      cart: { billingCountry: 'FR', currency: 'JPY', total: '1200' },
      customer: { customerId: 'c1', groupIds: [], loggedIn: true },
      display: 'show_disabled',
      wallet: { settings: { enabled: true, allowPartial: true, currency: 'EUR', minTopUp: '10.50', perCurrency: { JPY: { minTopUp: '500' } }, rates: { USD: { rate: '1.08', asOf: '2026-11-30' } } } },
    },
  });
  const answer = call(request);
  assert.equal(JSON.parse(answer).ok, true, answer);
  assert.ok(JSON.parse(answer).result.methods.some((m) => m.method === 'wallet_full'));
  assert.equal(answer, runtimes['wasm-bindgen'](request));
});

test('the storefront build reuses its memory from one call to the next (its arena starts over)', () => {
  const c = cases.find((k) => JSON.parse(k.expected).ok === true);
  // Half a megabyte of request per call: 200 calls would take 100 MB if no call's memory came back.
  const request = c.request + ' '.repeat(1 << 19);
  for (let i = 0; i < 5; i++) assert.equal(call(request), c.expected);
  const settled = exports.memory.buffer.byteLength;
  for (let i = 0; i < 200; i++) call(request);
  assert.equal(exports.memory.buffer.byteLength, settled);
  assert.ok(settled < 8 << 20, `${settled} bytes of memory`);
});

// The storefront build against the full core on mutated eligibility requests: the same answer,
// except (a) refusals of the balance amounts it skips and (b) a message quoting a non-ASCII
// character that Rust's `{:?}` escapes (the storefront quotes by hand): same code, same path.
const SEED = 20261202;
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const rand = rng(SEED);
const pick = (a) => a[Math.floor(rand() * a.length)];
const weird = ['', '-1', '0.001', '1e9', '€', '\u00ad', 'e\u0301', '\u0000', '"\\', 'x'.repeat(200), '2026-02-30', 'FR', 'EUR', 'JPY',
  -1, 0, 1.5, true, null, [], {}];
function mutate(value, depth = 0) {
  if (depth > 6) return value;
  const r = rand();
  if (Array.isArray(value)) {
    const copy = value.map((v) => (rand() < 0.3 ? mutate(v, depth + 1) : v));
    if (r < 0.1) copy.push(pick(weird));
    if (r > 0.9 && copy.length) copy.splice(Math.floor(rand() * copy.length), 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy = { ...value };
    const keys = Object.keys(copy);
    for (const k of keys) if (rand() < 0.25) copy[k] = mutate(copy[k], depth + 1);
    if (r < 0.08 && keys.length) delete copy[pick(keys)];
    if (r > 0.94) copy[pick(['extra', 'currency', 'id'])] = pick(weird);
    return copy;
  }
  if (r < 0.5) return pick(weird);
  if (typeof value === 'string' && r < 0.8) return value + pick(['0', '.0', '\u00ad', '"', 'é']);
  return value;
}

test(`3000 mutated eligibility requests: the storefront build answers as the full core (seed ${SEED})`, () => {
  const requests = cases.map((c) => JSON.parse(c.request));
  const full = runtimes['wasm-bindgen'];
  let same = 0;
  let quoting = 0;
  for (let i = 0; i < 3000; i++) {
    const req = JSON.stringify({ ...pick(requests), input: mutate(pick(requests).input) });
    const [a, b] = [call(req), full(req)];
    if (a === b) {
      same++;
      continue;
    }
    const [s, f] = [JSON.parse(a), JSON.parse(b)];
    if (!f.ok && AMOUNTS.test(f.error.path ?? '')) continue;
    const at = `input #${i}: ${req.slice(0, 400)}\n  storefront ${a.slice(0, 300)}\n  full core  ${b.slice(0, 300)}`;
    assert.equal(s.ok, false, at);
    assert.equal(f.ok, false, at);
    assert.deepEqual([s.error.code, s.error.path], [f.error.code, f.error.path], at);
    assert.match(f.error.message, /\\u\{/, at);
    quoting++;
  }
  assert.ok(same > 2700, `${same} identical answers`);
  assert.ok(quoting > 0, 'the quoting difference was exercised');
});
