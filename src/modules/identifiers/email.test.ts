import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidEmail, normaliseEmail } from './email.ts';

describe('normaliseEmail', () => {
  it('trims and lower-cases both parts', () => {
    assert.deepEqual(normaliseEmail('  Mimi.X@Example.COM '), {
      normalised: 'mimi.x@example.com',
      valid: true,
    });
  });

  it('gives the same value however the address was written', () => {
    for (const typed of [
      'mimi.x@example.com',
      'MIMI.X@EXAMPLE.COM',
      'mailto:mimi.x@example.com',
      '<Mimi.X@example.com>',
      'mimi.x @ example.com',
      'mimi.x@example.com.',
    ]) {
      assert.equal(normaliseEmail(typed).normalised, 'mimi.x@example.com', typed);
    }
  });

  it('keeps plus tags and dots: they may be different mailboxes', () => {
    assert.equal(normaliseEmail('mimi+club@example.org').normalised, 'mimi+club@example.org');
    assert.notEqual(normaliseEmail('mi.mi@example.org').normalised, normaliseEmail('mimi@example.org').normalised);
  });

  it('writes an international domain in one form, whichever was typed', () => {
    const unicode = normaliseEmail('jo@Bücher.example');
    const punycode = normaliseEmail('jo@xn--bcher-kva.example');
    assert.equal(unicode.valid, true);
    assert.equal(unicode.normalised, 'jo@bücher.example');
    assert.equal(punycode.normalised, unicode.normalised);
  });

  it('accepts ordinary addresses', () => {
    for (const ok of ['a@b.co', 'first.last@sub.example.co.uk', "o'neill@example.org", 'x_y-z@example-school.sch.uk']) {
      assert.equal(isValidEmail(ok), true, ok);
    }
  });

  it('flags malformed addresses but keeps them', () => {
    const message = 'Enter an email address in the correct format, like name@example.com';
    for (const [typed, normalised] of [
      ['mimi', 'mimi'],
      ['mimi@', 'mimi@'],
      ['@example.com', '@example.com'],
      ['mimi@example', 'mimi@example'],
      ['mimi@@example.com', 'mimi@@example.com'],
      ['.mimi@example.com', '.mimi@example.com'],
      ['mi..mi@example.com', 'mi..mi@example.com'],
      ['mimi@-example.com', 'mimi@-example.com'],
      ['mimi@example.c', 'mimi@example.c'],
      ['mimi,x@example.com', 'mimi,x@example.com'],
    ] as const) {
      assert.deepEqual(normaliseEmail(typed), { normalised, valid: false, message }, typed);
    }
  });

  it('asks for an address when empty', () => {
    assert.deepEqual(normaliseEmail('  '), {
      normalised: '',
      valid: false,
      message: 'Enter an email address',
    });
  });

  it('refuses a local part over 64 characters', () => {
    assert.equal(isValidEmail(`${'a'.repeat(64)}@example.com`), true);
    assert.equal(isValidEmail(`${'a'.repeat(65)}@example.com`), false);
  });
});
