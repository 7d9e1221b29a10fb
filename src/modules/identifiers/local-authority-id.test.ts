import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseLocalAuthorityId, parseLocalAuthorityId } from './local-authority-id.ts';

describe('parseLocalAuthorityId', () => {
  it('trims and upper-cases', () => {
    assert.deepEqual(parseLocalAuthorityId('  abc12345 '), { ok: true, value: 'ABC12345' });
  });

  it('ignores spaces and dashes within the id', () => {
    assert.equal(normaliseLocalAuthorityId('lcs-12 345'), 'LCS12345');
    assert.deepEqual(parseLocalAuthorityId('lcs-12 345'), { ok: true, value: 'LCS12345' });
  });

  it('accepts 3 to 20 characters', () => {
    assert.deepEqual(parseLocalAuthorityId('123'), { ok: true, value: '123' });
    assert.equal(parseLocalAuthorityId('A'.repeat(20)).ok, true);
  });

  it('explains each problem', () => {
    assert.deepEqual(parseLocalAuthorityId(' '), { ok: false, message: 'Enter the local authority child ID' });
    assert.deepEqual(parseLocalAuthorityId('12'), {
      ok: false,
      message: 'Local authority child ID must be 3 characters or more',
    });
    assert.deepEqual(parseLocalAuthorityId('A'.repeat(21)), {
      ok: false,
      message: 'Local authority child ID must be 20 characters or fewer',
    });
    assert.deepEqual(parseLocalAuthorityId('ABC/123'), {
      ok: false,
      message: 'Local authority child ID must only include letters a to z and numbers',
    });
    assert.equal(parseLocalAuthorityId('ÅBC123').ok, false);
  });
});
