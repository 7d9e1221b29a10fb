/**
 * The navigation is built from the modules' items, and who sees a link from the roles declared on
 * the page it opens (decision records 0014 and 0015). Each role keeps the links it had when the
 * navigation was a list of its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import type { LanternModule } from '../modules.ts';
import { buildNavigation, navigationFor } from './navigation.ts';
import type { DeclaredRoute } from './route-declarations.ts';

const CASEWORK = ['/', '/concerns/new', '/my-concerns', '/my-training', '/young-people', '/missing', '/panels'];
const PARTNERSHIP = ['/services', '/prevention', '/training', '/self-assessment'];
const EXPECTED: Record<Role, string[]> = {
  practitioner: [...CASEWORK, '/services'],
  agency_lead: [...CASEWORK, ...PARTNERSHIP, '/profile'],
  coordinator: [...CASEWORK, '/triage', '/intelligence', '/transfers', '/risk/reviews', ...PARTNERSHIP, '/profile', '/access/break-glass', '/access/approvals', '/settings', '/retention', '/data-protection', '/audit'],
  panel_member: [...CASEWORK, '/services'],
  intelligence_officer: [...CASEWORK, '/intelligence', '/services'],
  analyst: ['/', '/my-training', ...PARTNERSHIP, '/profile'],
  board_member: ['/', '/my-training', ...PARTNERSHIP, '/profile', '/audit'],
  administrator: ['/', '/my-training', '/audit', '/admin'],
  partnership_lead: ['/', '/my-training', ...PARTNERSHIP],
  data_protection_officer: ['/', '/my-training', '/data-protection'],
};

let lantern: TestLantern;
before(async () => {
  lantern = await createTestLantern({ seedDemo: false });
});
after(() => lantern.close());

describe('the navigation', () => {
  it('shows each role the links it has always had, in the same order', () => {
    for (const role of ROLES) {
      assert.deepEqual(
        navigationFor(lantern.app.lantern.navigation, role, '/').map((item) => item.href),
        EXPECTED[role],
        role,
      );
    }
  });

  it('never shows a link to a role its page refuses', () => {
    for (const item of lantern.app.lantern.navigation) {
      const route = lantern.app.lantern.routes.find((r) => r.method === 'GET' && r.url === item.href)!;
      for (const role of item.roles) assert.ok(!route.roles || route.roles.includes(role), `${item.href} shown to ${role}`);
    }
  });

  it('refuses an item linking to no page, or shown to a role its page refuses', () => {
    const routes: DeclaredRoute[] = [{ method: 'GET', url: '/somewhere', public: false, roles: ['coordinator'], audit: { none: 'test' } }];
    const module = (href: string, onlyFor?: Role[]): LanternModule => ({ name: 'test', navigation: [{ href, text: 'Somewhere', order: 1, ...(onlyFor ? { onlyFor } : {}) }] });
    assert.throws(() => buildNavigation([module('/nowhere')], routes), /no GET route/);
    assert.throws(() => buildNavigation([module('/somewhere', ['practitioner'])], routes), /refuses/);
    assert.deepEqual(buildNavigation([module('/somewhere')], routes)[0]!.roles, ['coordinator']);
  });
});
