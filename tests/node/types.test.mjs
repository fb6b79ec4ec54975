// The npm package's TypeScript declarations name each operation's generated input and result
// types: tsc --strict accepts typed calls and refuses a misspelt field, a number amount, an
// unknown result field and an undocumented word (tests/node/types/typed-api.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './runtimes.mjs';

test('typed functions carry the generated input and result types (tsc --strict)', () => {
  const tsc = join(root, 'node_modules/.bin/tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', join(root, 'tests/node/types/typed-api.ts')];
  const r = spawnSync(tsc, args, { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
