import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from './db/database.ts';
import { contributions, installModules, personDetailsChanged, service, type LanternModule } from './modules.ts';

// A service name only this test knows (real ones are declared by the modules that call them).
const GREETING = 'testGreeting' as never;
const greeter = { [GREETING]: (name: string) => `Hello ${name}` } as LanternModule['provides'];

describe('the module contract', () => {
  it('refuses two modules of one name', () => {
    assert.throws(() => installModules([{ name: 'visits' }, { name: 'visits' }]), /Two modules are called visits/);
  });

  it('gathers contributions in the modules’ order', () => {
    const modules: LanternModule[] = [
      { name: 'a', navigationCounts: [{ href: '/a', roles: ['coordinator'], count: async () => 1 }] },
      { name: 'b' },
      { name: 'c', navigationCounts: [{ href: '/c', roles: ['coordinator'], count: async () => 2 }] },
    ];
    assert.deepEqual(contributions('navigationCounts', modules).map((c) => c.href), ['/a', '/c']);
  });

  it('finds the module that provides a service, and says when none does', () => {
    const modules: LanternModule[] = [{ name: 'a' }, { name: 'b', provides: greeter }];
    assert.equal((service(GREETING, modules) as (name: string) => string)('Sam'), 'Hello Sam');
    assert.throws(() => service(GREETING, [{ name: 'a' }]), /No module provides testGreeting/);
  });

  it('tells every interested module that a young person’s details changed, in order', async () => {
    const told: string[] = [];
    const modules: LanternModule[] = [
      { name: 'a', whenPersonDetailsChange: async (_tx, ids) => told.push(`a:${ids.join()}`) },
      { name: 'b' },
      { name: 'c', whenPersonDetailsChange: async (_tx, ids) => told.push(`c:${ids.join()}`) },
    ];
    await personDetailsChanged({} as Db, ['yp1'], modules);
    assert.deepEqual(told, ['a:yp1', 'c:yp1']);
  });
});
