import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IDENTIFIER_KINDS,
  identifierMatch,
  identifierMatchKey,
  isIdentifierKind,
  type IdentifierInput,
  type IdentifierKind,
} from './identifier-key.ts';

function allSame(kind: IdentifierKind, spellings: IdentifierInput[], expected: string): void {
  for (const raw of spellings) {
    assert.equal(identifierMatchKey(kind, raw), expected, JSON.stringify(raw));
  }
}

describe('identifierMatchKey: the same identifier written differently gives one key', () => {
  it('NHS number', () => {
    allSame('nhs_number', ['9434765919', '943 476 5919', '943-476-5919', ' 9434 765 919 '], 'nhs_number:9434765919');
  });

  it('UPN', () => {
    allSame('upn', ['K999123412001', 'k999 1234 12001', 'K-999-123412001'], 'upn:K999123412001');
  });

  it('local authority id', () => {
    allSame('local_authority_id', ['LCS12345', ' lcs-12345', 'lcs 12 345'], 'local_authority_id:LCS12345');
  });

  it('vehicle', () => {
    allSame('vehicle', ['AB12CDE', 'ab12 cde', ' A B 1 2 C D E ', 'ab12-cde'], 'vehicle:AB12CDE');
    allSame('vehicle', ['a123 bcd', 'A123BCD'], 'vehicle:A123BCD');
  });

  it('phone', () => {
    allSame(
      'phone',
      ['07700 900123', '+44 7700 900123', '00447700900123', '(07700) 900-123', '+44 (0) 7700 900 123'],
      'phone:+447700900123',
    );
    allSame('phone', ['020 7946 0123', '+44 20 7946 0123'], 'phone:+442079460123');
  });

  it('email', () => {
    allSame('email', ['Mimi.X@Example.com', ' mimi.x@example.com ', 'mailto:MIMI.X@EXAMPLE.COM'], 'email:mimi.x@example.com');
  });

  it('online account, as text or as its parts', () => {
    allSame(
      'online_account',
      [
        'snapchat: mimi_x',
        '@Mimi_X on Snap',
        'https://www.snapchat.com/add/mimi_x',
        { platform: 'Snapchat', handle: '@mimi_x' },
        { platform: 'snap', handle: ' Mimi_X ' },
      ],
      'handle:snapchat:mimi_x',
    );
    allSame('online_account', [{ platform: 'Twitter', handle: '@mimi_x' }, 'x: mimi_x'], 'handle:x:mimi_x');
    allSame(
      'online_account',
      [{ platform: 'WhatsApp', handle: '07700 900123' }, 'https://wa.me/447700900123'],
      'handle:whatsapp:+447700900123',
    );
  });
});

describe('identifierMatchKey: different identifiers give different keys', () => {
  it('does not confuse kinds or platforms', () => {
    assert.notEqual(identifierMatchKey('vehicle', 'AB12CDE'), identifierMatchKey('local_authority_id', 'AB12CDE'));
    assert.notEqual(
      identifierMatchKey('online_account', { platform: 'snapchat', handle: 'mimi_x' }),
      identifierMatchKey('online_account', { platform: 'instagram', handle: 'mimi_x' }),
    );
  });

  it('keeps accounts on different unlisted platforms apart', () => {
    allSame('online_account', [{ platform: 'Kik', handle: 'mimi_x' }, 'KIK: @Mimi_X', 'mimi_x on kik'], 'handle:other/kik:mimi_x');
    assert.equal(identifierMatchKey('online_account', { handle: '@mimi_x' }), 'handle:other:mimi_x');
    assert.notEqual(
      identifierMatchKey('online_account', { platform: 'Kik', handle: 'mimi_x' }),
      identifierMatchKey('online_account', { platform: 'Omegle', handle: 'mimi_x' }),
    );
  });
});

describe('identifierMatchKey: invalid and partial values', () => {
  it('gives no key for an invalid NHS number, UPN or local authority id', () => {
    assert.equal(identifierMatchKey('nhs_number', '943 476 5918'), null);
    assert.equal(identifierMatchKey('upn', 'A999123412001'), null);
    assert.equal(identifierMatchKey('local_authority_id', 'AB'), null);
  });

  it('gives no key for empty input of any kind', () => {
    for (const kind of IDENTIFIER_KINDS) {
      assert.equal(identifierMatchKey(kind, '   '), null, kind);
    }
  });

  it('still keys a partial registration or unrecognised phone number, flagged as unrecognised', () => {
    assert.deepEqual(identifierMatch('vehicle', 'ab12 c??'), { kind: 'vehicle', key: 'vehicle:AB12C??', recognised: false });
    assert.deepEqual(identifierMatch('vehicle', 'AB12 CDE'), { kind: 'vehicle', key: 'vehicle:AB12CDE', recognised: true });
    assert.deepEqual(identifierMatch('phone', '07700 901000'), { kind: 'phone', key: 'phone:+447700901000', recognised: false });
    assert.deepEqual(identifierMatch('phone', '7700 9012'), { kind: 'phone', key: 'phone:77009012', recognised: false });
    assert.deepEqual(identifierMatch('email', 'mimi at example'), { kind: 'email', key: 'email:mimiatexample', recognised: false });
    assert.deepEqual(identifierMatch('online_account', 'kik: mimi_x'), {
      kind: 'online_account',
      key: 'handle:other/kik:mimi_x',
      recognised: false,
    });
  });

  it('gives no key for fragments too short to link on', () => {
    assert.equal(identifierMatchKey('vehicle', '?'), null);
    assert.equal(identifierMatchKey('vehicle', 'A ??'), null);
    assert.equal(identifierMatchKey('phone', 'ends 123'), null);
    assert.equal(identifierMatchKey('phone', '900123'), null);
  });
});

describe('isIdentifierKind', () => {
  it('recognises the kinds and nothing else', () => {
    for (const kind of IDENTIFIER_KINDS) assert.equal(isIdentifierKind(kind), true);
    assert.equal(isIdentifierKind('postcode'), false);
    assert.equal(isIdentifierKind('NHS_NUMBER'), false);
  });
});
