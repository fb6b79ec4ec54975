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
