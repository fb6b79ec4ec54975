// The two wasm builds, loaded the same way for every Node suite.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { initSync, call as jsCall } from '../../pkg/shopcredit_js.js';
import { instantiateHostCore } from '../../js/host-loader.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
initSync({ module: readFileSync(join(root, 'pkg/shopcredit_js_bg.wasm')) });
const host = instantiateHostCore(readFileSync(join(root, 'build/shopcredit_host.wasm')));

export const runtimes = {
  'wasm-bindgen': (req) => jsCall(req),
  'host-abi': (req) => host.call(req),
};

/** Serializes like the Rust core: object keys sorted, no spaces (serde_json's escaping). */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function vectorCases() {
  const dir = join(root, 'tests/vectors');
  const out = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    for (const c of JSON.parse(readFileSync(join(dir, f), 'utf8'))) {
      const request = c.raw === true && typeof c.request === 'string' ? c.request : JSON.stringify(c.request);
      out.push({ file: f, name: c.name, request, expected: canonical(c.response) });
    }
  }
  return out;
}
