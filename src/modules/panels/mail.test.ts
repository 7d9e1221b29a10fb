/** Emails to panel members say only that there is something to read: no panel business, no names. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestLantern, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { emailNotices, noticeEmailText, NOTICE_SUBJECTS } from './mail.ts';

let lantern: TestLantern;
before(async () => {
  lantern = await createTestLantern();
});
after(() => lantern?.close());

describe('panel notice emails', () => {
  it('send one plain nudge per member, with a link but nothing personal', async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    const transport = { sendMail: async (m: { from: string; to: string; subject: string; text: string }) => void sent.push(m) };
    const ids = [await userIdByEmail(lantern.db, 'panel.member@northbridge.example'), await userIdByEmail(lantern.db, 'school.nurse@northbridge.example')];
    const delivered = await emailNotices(lantern.db, { transport, publicUrl: 'https://lantern.example/' }, [...ids, ids[0]!], 'agenda');
    assert.equal(delivered, 2);
    assert.deepEqual(sent.map((m) => m.to).sort(), ['panel.member@northbridge.example', 'school.nurse@northbridge.example']);
    assert.equal(sent[0]!.subject, NOTICE_SUBJECTS.agenda);
    assert.equal(sent[0]!.text, noticeEmailText('agenda', 'https://lantern.example/'));
    assert.match(sent[0]!.text, /https:\/\/lantern\.example\/panels/);
    assert.doesNotMatch(sent[0]!.text, /Jade|Chloe|SERAC|Northbridge/);
  });

  it('send nothing without SMTP, and never throw when the server fails', async () => {
    const id = await userIdByEmail(lantern.db, 'panel.member@northbridge.example');
    assert.equal(await emailNotices(lantern.db, {}, [id], 'minutes'), 0);
    const warnings: string[] = [];
    const failing = { sendMail: async () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) };
    assert.equal(await emailNotices(lantern.db, { transport: failing, log: { warn: (_d, m) => void warnings.push(m) } }, [id], 'minutes'), 0);
    assert.deepEqual(warnings, ['an email could not be sent']);
  });
});
