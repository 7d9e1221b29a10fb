/**
 * What a young person's record (and, after merging, the panels' case pack) shows of this module:
 * the adults and places linked to them, with intelligence as this viewer may read it.
 */
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { disruptionsFor, type DisruptionForViewer } from './disruptions.ts';
import { entriesFor, type EntryForViewer } from './entries.ts';
import { networkFor, type NetworkNode } from './network.ts';
import { recordsIntelligence } from './policy.ts';
import type { RecordRef } from './records.ts';

export interface LinkedRecord {
  id: string;
  kind: 'adult' | 'place';
  label: string;
  href: string;
  /** How they are linked to the young person, e.g. "Seen at (Concern C-12)", "via vehicle NB19 XKP". */
  how: string[];
}

export interface YoungPersonIntelligence {
  adults: LinkedRecord[];
  places: LinkedRecord[];
  /** Entries about the young person or the adults and places linked to them, as this viewer may read them. */
  intelligence: EntryForViewer[];
  disruptions: DisruptionForViewer[];
  canRecord: boolean;
  networkHref: string;
}

/**
 * For a viewer and a young person: the adults and places linked to them (directly or through a
 * shared vehicle, phone or account) that the viewer may see, and intelligence sanitised for that
 * viewer. Null when the viewer may not see the young person.
 */
export async function linkedAdultsAndPlaces(db: Db, viewer: SignedInUser, youngPersonId: string): Promise<YoungPersonIntelligence | null> {
  const network = await networkFor(db, viewer, 'young_person', youngPersonId);
  if (!network) return null;
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const linked = (kind: 'adult' | 'place'): LinkedRecord[] =>
    network.nodes
      .filter((n) => n.kind === kind)
      .map((n: NetworkNode) => {
        const how = new Set<string>();
        for (const e of network.edges) {
          const other = e.from === n.id ? e.to : e.to === n.id ? e.from : null;
          if (!other) continue;
          if (other === network.root.id) how.add(`${e.linkKind} (${e.source})`);
          else if (other.startsWith('key:')) {
            const viaRoot = network.edges.some((r) => (r.from === other && r.to === network.root.id) || (r.to === other && r.from === network.root.id));
            if (viaRoot) how.add(`Through ${byId.get(other)?.label ?? 'a shared identifier'}`);
          }
        }
        return { id: n.id.slice(n.id.indexOf(':') + 1), kind, label: n.label, href: n.href!, how: [...how] };
      })
      .filter((r) => r.how.length);
  const adults = linked('adult');
  const places = linked('place');
  const about: RecordRef[] = [{ kind: 'young_person', id: youngPersonId }, ...adults.map((a) => ({ kind: 'adult' as const, id: a.id })), ...places.map((p) => ({ kind: 'place' as const, id: p.id }))];
  const [intelligence, disruptions] = await Promise.all([entriesFor(db, viewer, about, 50), disruptionsFor(db, viewer, [{ kind: 'young_person', id: youngPersonId }], 50)]);
  return { adults, places, intelligence, disruptions, canRecord: recordsIntelligence(viewer), networkHref: `/intelligence/network/young_person/${youngPersonId}` };
}
