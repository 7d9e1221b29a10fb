import type { Role } from '../auth/roles.ts';

export interface NavItem {
  href: string;
  text: string;
  roles: readonly Role[];
  /** Other paths under which this item is the current one (e.g. the pages of a journey). */
  section?: string;
}

const CASEWORK: readonly Role[] = ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'];

/** The service navigation, by role. A link shown here is never the only check: every route checks too. */
export const NAVIGATION: NavItem[] = [
  { href: '/', text: 'Home', roles: ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer', 'analyst', 'board_member', 'administrator'] },
  { href: '/concerns/new', text: 'Record a concern', roles: CASEWORK, section: '/concerns/' },
  { href: '/my-concerns', text: 'My concerns', roles: CASEWORK },
  { href: '/young-people', text: 'Young people', roles: CASEWORK },
  { href: '/missing', text: 'Missing', roles: CASEWORK },
  { href: '/panels', text: 'Panels', roles: CASEWORK },
  { href: '/triage', text: 'Triage', roles: ['coordinator'] },
  { href: '/intelligence', text: 'Intelligence', roles: ['coordinator', 'intelligence_officer'] },
  { href: '/risk/reviews', text: 'Reviews', roles: ['coordinator'] },
  { href: '/profile', text: 'Problem profile', roles: ['analyst', 'board_member', 'coordinator', 'agency_lead'], section: '/returns' },
  { href: '/access/break-glass', text: 'Emergency access', roles: ['coordinator'] },
  { href: '/access/approvals', text: 'Access approvals', roles: ['coordinator'] },
  // The risk instrument is configuration too: it is reached from the Settings page.
  { href: '/settings', text: 'Settings', roles: ['coordinator'], section: '/risk/instrument' },
  { href: '/audit', text: 'Audit trail', roles: ['board_member', 'coordinator', 'administrator'] },
  { href: '/admin', text: 'Administration', roles: ['administrator'] },
];

/** Items for the user's role; `unread` puts a count beside an item (e.g. new feedback on My concerns). */
export function navigationFor(role: Role, currentPath: string, unread: Record<string, number> = {}) {
  return NAVIGATION.filter((item) => item.roles.includes(role)).map((item) => {
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
