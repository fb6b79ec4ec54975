// The typed JavaScript API of pkg/ (the npm package): `await init()` in Node, one function per
// operation, plain objects in and out, malformed input thrown as an Error with code and path.
// Every vector runs through it and must give what the JSON protocol gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = await import(join(root, 'pkg/index.js'));
await pkg.default();

const fnName = (op) => op.replace(/\.(\w)/, (_, c) => c.toUpperCase());

test('the package is a real npm package that loads with await init()', () => {
  const meta = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
  assert.equal(meta.name, 'shopcredit');
  assert.equal(meta.license, 'MIT');
  assert.equal(meta.version, readFileSync(join(root, 'VERSION'), 'utf8').trim());
  assert.equal(meta.types, 'index.d.ts');
  for (const f of meta.files) assert.ok(readdirSync(join(root, 'pkg')).includes(f), f);
  assert.equal(pkg.protocolVersion(), 1);
});

test('one function per operation of the protocol', () => {
  const codes = readFileSync(join(root, 'js/src/generated/codes.ts'), 'utf8');
  const list = [...codes.slice(codes.indexOf('export const OPS')).matchAll(/'([a-zA-Z.]+)'/g)].map((m) => m[1]);
  assert.ok(list.length > 30);
  for (const op of list) assert.equal(typeof pkg[fnName(op)], 'function', `${op} → ${fnName(op)}`);
});

test('every vector gives through its typed function what it gives through the JSON protocol', () => {
  let ok = 0;
  let errors = 0;
  for (const file of readdirSync(join(root, 'tests/vectors')).filter((f) => f.endsWith('.json'))) {
    for (const c of JSON.parse(readFileSync(join(root, 'tests/vectors', file), 'utf8'))) {
      const r = c.request;
      if (c.raw || typeof r !== 'object' || r === null || Array.isArray(r)) continue;
      const envelopeOnly = Object.keys(r).some((k) => !['v', 'op', 'now', 'input'].includes(k)) || r.v !== 1 || typeof r.op !== 'string' || (r.now !== undefined && !Number.isInteger(r.now));
      const fn = typeof r.op === 'string' ? pkg[fnName(r.op)] : undefined;
      if (envelopeOnly || typeof fn !== 'function') continue;
      const expected = c.response;
      if (expected.ok) {
        assert.deepEqual(fn(r.input, r.now), expected.result, `${file}: ${c.name}`);
        ok++;
      } else if (expected.error.path !== 'now') {
        assert.throws(() => fn(r.input, r.now), (e) => {
          assert.equal(e.name, 'ShopCreditError', c.name);
          assert.deepEqual([e.code, e.path, e.message], [expected.error.code, expected.error.path, expected.error.message], `${file}: ${c.name}`);
          return e instanceof Error;
        });
        errors++;
      }
    }
  }
  assert.ok(ok > 200 && errors > 100, `${ok} answers, ${errors} errors`);
});

test('a misspelt field is refused with its path (never silently ignored)', () => {
  assert.throws(() => pkg.moneyAllocate({ currency: 'EUR', total: '1.00', parts: 2, prats: 3 }), { code: 'unknown_field', path: 'input.prats' });
  assert.throws(() => pkg.moneyAllocate({ currency: 'EUR', total: 1.5, parts: 2 }), { code: 'invalid_type', path: 'input.total' });
  assert.throws(() => pkg.moneyAllocate({ currency: 'EUR', total: '1.00', parts: 2 }, 1.5), { code: 'invalid_type', path: 'now' });
  const cyclic = { currency: 'EUR' };
  cyclic.self = cyclic;
  assert.throws(() => pkg.moneyAllocate(cyclic), { code: 'invalid_type', path: 'input' });
});
