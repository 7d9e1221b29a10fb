import { ROLES, type Role } from '../auth/roles.ts';
import type { SignedInUser } from '../auth/users.ts';
import type { Db } from '../db/database.ts';
import { contributions, type LanternModule, type NavigationItem } from '../modules.ts';
import type { DeclaredRoute } from './route-declarations.ts';

/** A navigation item with the roles that see it. */
export interface NavItem extends NavigationItem {
  roles: readonly Role[];
}

export type Navigation = NavItem[];

/**
 * The service navigation from the modules' items, in their order. An item is shown to the roles
 * declared on the GET route at its address (every signed-in role when the route names none), or to
 * its `onlyFor` roles, which must be among those: a link is never shown to someone the page refuses.
 * A link shown here is never the only check: every route checks too.
 */
export function buildNavigation(modules: readonly LanternModule[], routes: readonly DeclaredRoute[]): Navigation {
  const items = [...contributions('navigation', modules)].sort((a, b) => a.order - b.order);
  return items.map((item) => {
    const route = routes.find((r) => r.method === 'GET' && r.url === item.href);
    if (!route) throw new Error(`The navigation links to ${item.href}, but no GET route is registered there`);
    if (route.public) throw new Error(`The navigation links to ${item.href}, a public page`);
    const routeRoles = route.roles ?? ROLES;
    const outside = item.onlyFor?.filter((role) => !routeRoles.includes(role)) ?? [];
    if (outside.length > 0) throw new Error(`The navigation shows ${item.href} to ${outside.join(', ')}, whom its route refuses`);
    return { ...item, roles: item.onlyFor ?? routeRoles };
  });
}

/** The counts shown beside navigation items for this person (unread feedback, new panel notices), by item address. */
export async function unreadCounts(modules: readonly LanternModule[], db: Db, user: SignedInUser): Promise<Record<string, number>> {
  const counts = contributions('navigationCounts', modules).filter((c) => c.roles.includes(user.role));
  const values = await Promise.all(counts.map((c) => c.count(db, user)));
  return Object.fromEntries(counts.map((c, i) => [c.href, values[i]!]));
}

/** Items for the user's role; `unread` puts a count beside an item (e.g. new feedback on My concerns). */
export function navigationFor(navigation: Navigation, role: Role, currentPath: string, unread: Record<string, number> = {}) {
  return navigation.filter((item) => item.roles.includes(role)).map((item) => {
    const count = unread[item.href] ?? 0;
    return {
      href: item.href,
      ...(count > 0
        ? { html: `${item.text} <span class="lantern-count">${count}<span class="govuk-visually-hidden"> unread</span></span>` }
        : { text: item.text }),
      active:
        item.href === '/'
          ? currentPath === '/'
          : currentPath === item.href || currentPath.startsWith(`${item.href}/`) || (item.section !== undefined && currentPath.startsWith(item.section)),
    };
  });
}
