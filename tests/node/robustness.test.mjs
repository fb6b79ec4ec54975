// 10,000+ random and mutated requests through both wasm builds: never a trap, always a valid
// response or a coded error, and both builds answer byte for byte the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimes, vectorCases, root } from './runtimes.mjs';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS || 12000);
const SEED = Number(process.env.FUZZ_SEED || 20261122);
const codes = readFileSync(join(root, 'src/codes.rs'), 'utf8');
const errorCodes = new Set([...codes.split('code_enum! {')[1].matchAll(/= "([a-z_]+)"/g)].map((m) => m[1]));

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const rand = rng(SEED);
const pick = (a) => a[Math.floor(rand() * a.length)];
const weird = ['', '-1', '1e9', '0.001', '99999999999999999999', 'NaN', '€', '\u0000', 'x'.repeat(300), '1.', '.5', ' 1', '١٢٣',
  -1, 0, 1.5, 2 ** 53, -(2 ** 63), true, null, [], {}, [1, [2, [3]]], { a: { b: { c: {} } } }];

function mutate(value, depth = 0) {
  if (depth > 6) return value;
  const r = rand();
  if (Array.isArray(value)) {
    const copy = value.map((v) => (rand() < 0.3 ? mutate(v, depth + 1) : v));
    if (r < 0.1) copy.push(pick(weird));
    if (r > 0.9 && copy.length) copy.splice(Math.floor(rand() * copy.length), 1);
    if (r > 0.85 && r <= 0.9 && copy.length) copy.push(copy[0]);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy = { ...value };
    const keys = Object.keys(copy);
    for (const k of keys) if (rand() < 0.25) copy[k] = mutate(copy[k], depth + 1);
    if (r < 0.08 && keys.length) delete copy[pick(keys)];
    if (r > 0.92) copy[pick(['extra', 'amount', 'currency', 'id', 'flags'])] = pick(weird);
    return copy;
  }
  if (r < 0.6) return pick(weird);
  if (typeof value === 'string' && r < 0.8) return value + pick(['0', '.0', '9', ':', ' ', '"']);
  return value;
}

function randomBytes() {
  const n = Math.floor(rand() * 64);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * 128));
  return s;
}

test(`robustness: ${ITERATIONS} random and mutated inputs through both builds (seed ${SEED})`, () => {
  const base = vectorCases().map((c) => c.request);
  const parsed = base.map((r) => { try { return JSON.parse(r); } catch { return null; } }).filter(Boolean);
  let errors = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    let req;
    const r = rand();
    if (r < 0.08) req = randomBytes();
    else if (r < 0.12) req = pick(base).slice(0, Math.floor(rand() * pick(base).length));
    else if (r < 0.14) req = '['.repeat(200 + Math.floor(rand() * 5000));
    else req = JSON.stringify(mutate(pick(parsed)));
    const answers = Object.entries(runtimes).map(([name, call]) => {
      try {
        return call(req);
      } catch (e) {
        assert.fail(`${name} trapped on input #${i} (seed ${SEED}): ${e.message}\n${req.slice(0, 500)}`);
      }
    });
    assert.equal(answers[0], answers[1], `builds disagree on input #${i}: ${req.slice(0, 300)}`);
    const res = JSON.parse(answers[0]);
    assert.equal(res.v, 1);
    if (res.ok) assert.ok(res.result !== undefined && typeof res.op === 'string');
    else {
      errors++;
      assert.ok(errorCodes.has(res.error.code), `unknown error code ${res.error.code}`);
    }
  }
  assert.ok(errors > ITERATIONS / 10, 'mutations should mostly be rejected');
});
