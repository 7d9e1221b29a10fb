/**
 * Runs every `*.test.ts` under the given folders (or the given files) with node:test through tsx.
 * Node 20's `--test` does not expand glob patterns such as "src/**\/*.test.ts" itself, so this
 * finds the files and hands them over; `--test-*` options are passed through.
 *
 *   tsx src/test-support/run-tests.ts --test-concurrency=2 src
 *   tsx src/test-support/run-tests.ts --test-name-pattern=lockout src/modules/sign-in
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const options = args.filter((arg) => arg.startsWith('--'));
const roots = args.filter((arg) => !arg.startsWith('--'));
if (roots.length === 0) roots.push('src');

const files = roots
  .flatMap((root) => {
    if (!fs.statSync(root).isDirectory()) return [root];
    return fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.test.ts') && !name.split(path.sep).includes('node_modules'))
      .map((name) => path.join(root, name));
  })
  // Largest first: with files running side by side, a long file started last would run on alone at the end.
  .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size || a.localeCompare(b));

if (files.length === 0) {
  console.error(`No *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}

// A test that hangs (a lost database connection, a browser that never answers) fails instead of stalling CI.
if (!options.some((option) => option.startsWith('--test-timeout'))) options.push('--test-timeout=600000');

// process.execArgv carries tsx's loader, so the test processes run TypeScript too.
const result = spawnSync(process.execPath, [...process.execArgv, '--test', ...options, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
