import type { Db } from '../../platform/db/database.ts';
import type { ProfileSection } from './figure-table.ts';
import { profileSections } from './sections.ts';
import type { Scope, Window } from './window.ts';

export interface Profile {
  window: Window;
  sections: ProfileSection[];
}

/** Every section (the profile's own and the modules' contributions) that means something for the window, computed live from the records. */
export async function buildProfile(db: Db, scope: Scope, window: Window): Promise<Profile> {
  const builders = profileSections().filter((s) => s.windows.includes(window.kind));
  // Side by side: the young-people sections share one pair of queries; concerns and feedback run alongside.
  const sections = await Promise.all(builders.map((builder) => builder.build(db, scope, window)));
  return { window, sections };
}

export function findTable(profile: Profile, id: string) {
  for (const section of profile.sections) {
    const found = section.tables.find((t) => t.id === id);
    if (found) return found;
  }
  return undefined;
}
