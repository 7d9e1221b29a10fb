/**
 * The young person's record as sections: a summary page, then the chronology, the team, the
 * personal details and the sections other modules contribute (platform/modules.ts
 * `recordSections`), each on its own page, reached by the record's sub-navigation.
 */
import type { RecordSection } from '../../platform/modules.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';

/** The record's own sections, drawn by this module. */
export const OWN_SECTIONS = ['chronology', 'team', 'about'] as const;
export type OwnSection = (typeof OWN_SECTIONS)[number];

const OWN_TITLES: Record<OwnSection | 'summary', string> = { summary: 'Summary', chronology: 'Chronology', team: 'Team around the child', about: 'Details and circumstances' };

export interface SectionLink {
  key: string;
  title: string;
  href: string;
  /** A contributed section drawn on the record's section page (not one with a page of its own). */
  contributed?: RecordSection;
}

const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const titleFrom = (id: string) => kebab(id).replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function sectionSlug(section: RecordSection): string {
  return section.slug ?? kebab(section.id);
}

/** The sections this viewer sees, in the sub-navigation's order. */
export function sectionLinks(recordId: string, contributed: readonly RecordSection[], user: SignedInUser): SectionLink[] {
  const base = `/young-people/${recordId}`;
  const visible = contributed.filter((s) => (s.href || s.template) && (!s.visibleTo || s.visibleTo(user)));
  const placed = (place: RecordSection['place']) =>
    visible
      .filter((s) => s.place === place)
      .sort((a, b) => a.order - b.order)
      .map((s): SectionLink => ({ key: s.id, title: s.title ?? titleFrom(s.id), href: s.href ? s.href(recordId) : `${base}/${sectionSlug(s)}`, contributed: s.href ? undefined : s }));
  const own = (key: OwnSection | 'summary'): SectionLink => ({ key, title: OWN_TITLES[key], href: key === 'summary' ? base : `${base}/${key}` });
  return [own('summary'), own('chronology'), ...placed('after-team'), own('team'), own('about'), ...placed('after-circumstances')];
}

/** The sub-navigation's items, with the page being shown marked. */
export function subNavigation(links: SectionLink[], current: string) {
  return links.map((l) => ({ text: l.title, href: l.href, active: l.key === current }));
}
