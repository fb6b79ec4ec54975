// Every golden vector through both wasm builds: byte-identical to the native core's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runtimes, vectorCases } from './runtimes.mjs';

const cases = vectorCases();

test(`at least 200 vectors (${cases.length})`, () => {
  assert.ok(cases.length >= 200);
});

for (const [name, call] of Object.entries(runtimes)) {
  test(`every vector through ${name}`, () => {
    const failures = [];
    for (const c of cases) {
      const actual = call(c.request);
      if (actual !== c.expected) failures.push(`${c.file}: ${c.name}\n  expected ${c.expected}\n  actual   ${actual}`);
    }
    assert.equal(failures.length, 0, failures.slice(0, 5).join('\n'));
  });
}
