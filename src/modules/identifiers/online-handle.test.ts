import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  normaliseHandle,
  normaliseOnlineAccount,
  ONLINE_PLATFORM_LABELS,
  ONLINE_PLATFORMS,
  parseOnlineAccountText,
  parseOnlinePlatform,
} from './online-handle.ts';

describe('parseOnlinePlatform', () => {
  it('knows every platform by its own name', () => {
    for (const platform of ONLINE_PLATFORMS) {
      assert.equal(parseOnlinePlatform(platform), platform);
      assert.ok(ONLINE_PLATFORM_LABELS[platform]);
    }
  });
  it('knows the usual aliases, in any case and spacing', () => {
    const cases: Array<[string, string]> = [
      ['Snap', 'snapchat'],
      ['SC', 'snapchat'],
      ['insta', 'instagram'],
      ['IG', 'instagram'],
      ['Tik Tok', 'tiktok'],
      ['tik-tok', 'tiktok'],
      ['FB', 'facebook'],
      ['Messenger', 'facebook'],
      ['Whats App', 'whatsapp'],
      ['Twitter', 'x'],
      ['X/Twitter', 'x'],
      ['x (twitter)', 'x'],
      ['Xbox Live', 'xbox'],
      ['gamertag', 'xbox'],
      ['PSN', 'playstation'],
      ['PS5', 'playstation'],
      ['tg', 'telegram'],
      ['Discord', 'discord'],
    ];
    for (const [typed, platform] of cases) assert.equal(parseOnlinePlatform(typed), platform, typed);
  });
  it('gives null for an unknown platform', () => {
    assert.equal(parseOnlinePlatform('Kik'), null);
    assert.equal(parseOnlinePlatform(''), null);
  });
});

describe('normaliseHandle', () => {
  it('lower-cases, strips leading @ and removes whitespace', () => {
    assert.equal(normaliseHandle('  @Mimi_X '), 'mimi_x');
    assert.equal(normaliseHandle('@@mimi_x'), 'mimi_x');
    assert.equal(normaliseHandle('Mimi X 2009'), 'mimix2009');
    assert.equal(normaliseHandle('mimi@x'), 'mimi@x');
  });
});

describe('normaliseOnlineAccount', () => {
  it('normalises platform alias and handle', () => {
    assert.deepEqual(normaliseOnlineAccount('Snap', ' @Mimi_X'), { platform: 'snapchat', handle: 'mimi_x' });
    assert.deepEqual(normaliseOnlineAccount('twitter', 'Mimi_X'), { platform: 'x', handle: 'mimi_x' });
  });

  it('keeps an unknown platform name as typed under other', () => {
    assert.deepEqual(normaliseOnlineAccount('  Kik  Messenger ', 'mimi_x'), {
      platform: 'other',
      handle: 'mimi_x',
      otherPlatform: 'Kik Messenger',
    });
    assert.deepEqual(normaliseOnlineAccount(undefined, 'mimi_x'), { platform: 'other', handle: 'mimi_x' });
    assert.deepEqual(normaliseOnlineAccount('Other', 'mimi_x'), { platform: 'other', handle: 'mimi_x' });
  });

  it('reads profile links, which win over the platform given', () => {
    const cases: Array<[string, string, string]> = [
      ['https://www.snapchat.com/add/Mimi_X', 'snapchat', 'mimi_x'],
      ['instagram.com/mimi_x/', 'instagram', 'mimi_x'],
      ['https://www.instagram.com/stories/mimi_x/', 'instagram', 'mimi_x'],
      ['https://www.tiktok.com/@Mimi_X?lang=en', 'tiktok', 'mimi_x'],
      ['https://m.facebook.com/mimi.x.9', 'facebook', 'mimi.x.9'],
      ['https://www.facebook.com/profile.php?id=100000000000001', 'facebook', '100000000000001'],
      ['https://twitter.com/Mimi_X', 'x', 'mimi_x'],
      ['https://x.com/mimi_x', 'x', 'mimi_x'],
      ['https://t.me/Mimi_X', 'telegram', 'mimi_x'],
      ['https://wa.me/447700900123', 'whatsapp', '+447700900123'],
      ['https://discord.com/users/100000000000000001', 'discord', '100000000000000001'],
    ];
    for (const [link, platform, handle] of cases) {
      assert.deepEqual(normaliseOnlineAccount('instagram', link), { platform, handle }, link);
    }
  });

  it('does not read a post link as a profile', () => {
    assert.deepEqual(normaliseOnlineAccount('instagram', 'https://www.instagram.com/p/AbC123/'), {
      platform: 'instagram',
      handle: 'https://www.instagram.com/p/abc123/',
    });
  });

  it('stores WhatsApp phone numbers in E.164 so any spelling matches', () => {
    for (const typed of ['07700 900123', '+44 7700 900123', '447700900123']) {
      assert.deepEqual(normaliseOnlineAccount('whatsapp', typed), {
        platform: 'whatsapp',
        handle: '+447700900123',
      }, typed);
    }
  });
});

describe('parseOnlineAccountText', () => {
  it('reads the common ways of writing an account', () => {
    for (const typed of [
      'snapchat: mimi_x',
      'Snap: @Mimi_X',
      'snap @mimi_x',
      '@mimi_x on Snapchat',
      'mimi_x (snap)',
      'mimi_x via snapchat',
      'https://snapchat.com/add/mimi_x',
    ]) {
      assert.deepEqual(parseOnlineAccountText(typed), { platform: 'snapchat', handle: 'mimi_x' }, typed);
    }
  });

  it('reads a platform name of several words', () => {
    assert.deepEqual(parseOnlineAccountText('Xbox Live Mimi X 09'), { platform: 'xbox', handle: 'mimix09' });
    assert.deepEqual(parseOnlineAccountText('x (twitter): mimi_x'), { platform: 'x', handle: 'mimi_x' });
  });

  it('treats anything else as a handle on an unknown platform', () => {
    assert.deepEqual(parseOnlineAccountText('@Mimi_X'), { platform: 'other', handle: 'mimi_x' });
    assert.deepEqual(parseOnlineAccountText('mimi_x!!'), { platform: 'other', handle: 'mimi_x!!' });
    assert.deepEqual(parseOnlineAccountText('https://Chat.Example/u/Mimi'), {
      platform: 'other',
      handle: 'https://chat.example/u/mimi',
    });
  });

  it('keeps the name of an unlisted platform when it is clearly given', () => {
    const kik = { platform: 'other', handle: 'mimi_x', otherPlatform: 'Kik' };
    assert.deepEqual(parseOnlineAccountText('Kik: @mimi_x'), kik);
    assert.deepEqual(parseOnlineAccountText('mimi_x (Kik)'), kik);
    assert.deepEqual(parseOnlineAccountText('mimi_x on Kik'), kik);
  });

  it('does not take an unlisted platform name from a bare leading word', () => {
    assert.deepEqual(parseOnlineAccountText('Mimi X'), { platform: 'other', handle: 'mimix' });
  });
});
