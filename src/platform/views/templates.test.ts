import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createViewEnvironment, VIEW_FOLDERS } from './environment.ts';

const env = createViewEnvironment({ noCache: true });

/** Every page and partial template of Lantern's own, as the loader names them. */
const templates = VIEW_FOLDERS.slice(0, 2).flatMap((folder) =>
  fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.njk'))
    .map((name) => name.split(path.sep).join('/')),
);

describe('page templates', () => {
  it('finds the templates', () => {
    assert.ok(templates.length > 50, `only ${templates.length} templates found`);
    assert.ok(templates.includes('concerns/views/journey/known.njk'));
  });

  for (const name of templates) {
    it(`${name} compiles`, () => {
      // getTemplate(name, eagerCompile) throws on a syntax error Nunjucks would otherwise only report at the first render.
      assert.doesNotThrow(() => env.getTemplate(name, true));
    });
  }
});
