/**
 * Runs every `*.test.ts` under the given folders (or the given files) with node:test.
 * Node 20's `--test` does not expand glob patterns such as "src/**\/*.test.ts" itself, so this
 * finds the files and hands them over; `--test-*` options are passed through.
 *
 * The test files are first bundled with esbuild (shared code split into common chunks) and the
 * bundles run on plain Node: every test file is its own process, and loading Lantern's hundreds of
 * modules through tsx's loader cost each process over two seconds of CPU, a fifth of the suite.
 * Source maps point stack traces back at the TypeScript. `import.meta.url` keeps each source file's
 * own address, so code that finds its templates, migrations or workers beside it still does.
 * A single file can still be run without bundling: `node --import tsx --test path/to/x.test.ts`.
 *
 *   tsx src/test-support/run-tests.ts --test-concurrency=2 src
 *   tsx src/test-support/run-tests.ts --test-name-pattern=lockout src/modules/sign-in
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

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

/** Each TypeScript file's `import.meta.url` stays its own, not the bundle's. */
const keepImportMetaUrl: Plugin = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => ({
      contents: (await fs.promises.readFile(file, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)),
      loader: 'ts',
    }));
  },
};

// Inside node_modules, so the bundles' imports of packages resolve as the sources' do; one folder per run.
const outdir = path.resolve('node_modules/.cache/lantern-tests', String(process.pid));
let status: number;
try {
  await build({
    entryPoints: files.map((file) => ({ in: file, out: file.replace(/\.ts$/, '') })),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [keepImportMetaUrl],
  });
  const bundles = files.map((file) => path.join(outdir, file.replace(/\.ts$/, '.mjs')));
  status = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...options, ...bundles], { stdio: 'inherit' }).status ?? 1;
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
process.exit(status);
