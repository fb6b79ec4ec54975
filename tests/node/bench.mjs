// Decisions per second in each wasm build (the first successful vector of each op), and the
// .wasm sizes raw and gzipped. Not a test: run by `make bench`; results in build/bench-wasm.txt.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { runtimes, vectorCases, root } from './runtimes.mjs';

const seen = new Set();
const opOf = (req) => { try { return JSON.parse(req).op ?? null; } catch { return null; } };
const reqs = vectorCases().filter((c) => {
  const op = opOf(c.request);
  if (!JSON.parse(c.expected).ok || !op || seen.has(op)) return false;
  seen.add(op);
  return true;
}).map((c) => ({ op: opOf(c.request), req: c.request }));

const lines = [];
const log = (s) => { console.log(s); lines.push(s); };
for (const f of ['pkg/shopcredit_js_bg.wasm', 'build/shopcredit_host.wasm']) {
  const b = readFileSync(join(root, f));
  log(`${f}: ${b.length} bytes raw, ${gzipSync(b, { level: 9 }).length} bytes gzipped`);
}
for (const [name, call] of Object.entries(runtimes)) {
  const per = [];
  for (const { op, req } of reqs) {
    for (let i = 0; i < 200; i++) call(req); // warm up
    const n = 2000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) call(req);
    const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
    per.push({ op, us });
  }
  const median = per.map((p) => p.us).sort((a, b) => a - b)[Math.floor(per.length / 2)];
  log(`${name}: median over ${per.length} ops ${median.toFixed(1)} µs/decision (${Math.round(1e6 / median)} decisions/s)`);
  for (const p of per) log(`  ${p.op.padEnd(28)} ${p.us.toFixed(1).padStart(8)} µs`);
}
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(join(root, 'build/bench-wasm.txt'), lines.join('\n') + '\n');
