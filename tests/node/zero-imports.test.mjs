// The PHP module must import nothing (wasmtime instantiates it with zero imports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './runtimes.mjs';

test('host-ABI module has zero imports and the four exports', () => {
  const m = new WebAssembly.Module(readFileSync(join(root, 'build/shopcredit_host.wasm')));
  assert.deepEqual(WebAssembly.Module.imports(m), []);
  const names = WebAssembly.Module.exports(m).map((e) => e.name).sort();
  for (const n of ['alloc', 'dealloc', 'memory', 'sc_call']) assert.ok(names.includes(n), `missing export ${n}`);
});

test('wasm-bindgen module is not the host module (it needs its JS glue)', () => {
  const m = new WebAssembly.Module(readFileSync(join(root, 'pkg/shopcredit_js_bg.wasm')));
  assert.ok(WebAssembly.Module.imports(m).length > 0);
});
