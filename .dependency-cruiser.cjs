/**
 * Lantern's import rules (decision record 0015), checked by `npm run lint`:
 * - the platform never imports a module (its tests, which build the whole of Lantern, may);
 * - code outside a module imports it only through its index.ts, or its tables.ts (the published schema, for joins);
 * - a tables.ts imports only other tables.ts files and the platform (and types);
 * - no runtime import circles (`import type` does not count);
 * - production code never imports test helpers.
 * Test files may import anything.
 */
const TEST_FILES = ['\\.test\\.ts$', '/testing\\.ts$', '/http-testing\\.ts$', '^src/test-support/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'src/platform is below every module: pass what it needs in through options or contributions (platform/modules.ts).',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: TEST_FILES },
      to: { path: '^src/modules/' },
    },
    {
      name: 'modules-through-their-entry',
      comment: "Another module's code is reached through its index.ts (or its tables.ts for joins), never its other files.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST_FILES },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/(index|tables)\\.ts$'] },
    },
    {
      name: 'outside-code-through-entries',
      comment: 'The command line and the server use modules through their index.ts (or tables.ts) too.',
      severity: 'error',
      from: { path: '^src/(cli/|server\\.ts$|main\\.ts$)' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/(index|tables)\\.ts$'] },
    },
    {
      name: 'no-module-imports-the-module-list',
      comment: 'src/modules/index.ts lists every module; a module reaches the others through contributions instead.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/', pathNot: TEST_FILES },
      to: { path: '^src/modules/(index|schema)\\.ts$' },
    },
    {
      name: 'tables-import-only-tables',
      comment: 'A tables.ts is the published schema: at run time it imports other tables.ts files and the platform only (`import type` of its own column types is fine).',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/tables\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/platform/', '^src/modules/[^/]+/tables\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No runtime import circles; `import type` is fine. Invert the dependency through a contribution, or move the shared part down.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] }, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-helpers-in-production',
      comment: 'Test helpers (testing.ts, src/test-support) are for tests only.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILES },
      to: { path: TEST_FILES },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^drizzle/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
