/**
 * The network around a young person, an adult or a place: records linked to it up to two steps
 * away, with the kind of each link and where it came from. Links are recorded links, shared
 * identifiers (the same match key on a concern, a missing episode, an adult or a place), a concern
 * at a place, and being named together in a disruption or an intelligence entry.
 *
 * Each step is a handful of indexed look-ups from the nodes found so far. Then only what the viewer
 * may see is kept: young people through the young-people policy, adults and places through this
 * module's policy, and identifiers only when reached through something visible.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { identifierMatch, type IdentifierKind } from '../identifiers/index.ts';
import { visibleYoungPeople } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { adultIdVisible, placeIdVisible, seesFullIntelligence } from './policy.ts';
import { adultsOfConcern, placesOfConcern } from './tables.ts';
import { DISRUPTION_KINDS, LINK_KINDS, PLACE_KINDS, RECORD_IDENTIFIER_KINDS, adultReference, disruptionReference, entryReference, label, placeReference } from './vocab.ts';

export type NodeKind = 'young_person' | 'adult' | 'place' | 'vehicle' | 'phone' | 'email' | 'online_account';
export const NETWORK_ROOT_KINDS = ['young_person', 'adult', 'place'] as const;
export type RootKind = (typeof NETWORK_ROOT_KINDS)[number];

export interface NetworkNode {
  /** 'young_person:<uuid>', 'adult:<uuid>', 'place:<uuid>' or 'key:<match key>'. */
  id: string;
  kind: NodeKind;
  label: string;
  /** Steps from the root (0 for the root). */
  distance: number;
  href: string | null;
  /** For identifiers: not recognised as a valid registration, number or address. */
  flagged?: boolean;
}

export interface NetworkEdge {
  from: string;
  to: string;
  /** What the link is, e.g. "Mentioned in a concern", "Seen at". */
  linkKind: string;
  /** Where it came from, e.g. "Concern C-12", "Recorded link". */
  source: string;
}

export interface Network {
  root: NetworkNode;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** True when a look-up hit its limit, so some links are not drawn. */
  truncated: boolean;
}

/** Each look-up returns at most this many rows: an identifier in thousands of concerns needs no thousand nodes. */
export const STEP_LIMIT = 200;

interface RawEdge {
  a: string;
  b: string;
  linkKind: string;
  source: string;
  /** For identifier ends: the value as typed, for the label. */
  typed?: string;
  /**
   * An identifier held on an adult's or a place's intelligence record: shown only to those who read
   * intelligence in full, as on the record's own page (partners see the record without them).
   */
  intelligenceOnly?: boolean;
}

interface Frontier {
  youngPeople: string[];
  adults: string[];
  places: string[];
  keys: string[];
}

const ids = (values: string[]) => sql.join(values.map((v) => sql`${v}::uuid`), sql`, `);
const texts = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const keyNode = (key: string) => `key:${key}`;

function kindOfKey(key: string): NodeKind {
  const prefix = key.slice(0, key.indexOf(':'));
  return prefix === 'handle' ? 'online_account' : (prefix as NodeKind);
}

const IDENTIFIER_MENTIONS = sql`('vehicle','phone','online_account','email')`;

/** One step: every link touching a node of the frontier. */
async function step(db: Db, areaId: string, f: Frontier, truncated: { value: boolean }): Promise<RawEdge[]> {
  const edges: RawEdge[] = [];
  const jobs: Promise<void>[] = [];
  const run = <T>(query: SQL, map: (row: T) => RawEdge) => {
    jobs.push(
      rows<T>(db, sql`${query} limit ${STEP_LIMIT}`).then((found) => {
        if (found.length >= STEP_LIMIT) truncated.value = true;
        for (const row of found) edges.push(map(row));
      }),
    );
  };
  type Mention = { yp: string; key: string; as_typed: string; number: number };
  if (f.youngPeople.length) {
    run<Mention>(
      sql`select c.young_person_id as yp, m.match_key as key, m.as_typed, c.number::int as number from concerns c join concern_mentions m on m.concern_id = c.id
           where c.young_person_id in (${ids(f.youngPeople)}) and m.match_key is not null and m.kind in ${IDENTIFIER_MENTIONS}`,
      (r) => ({ a: `young_person:${r.yp}`, b: keyNode(r.key), linkKind: 'Mentioned in a concern', source: `Concern C-${r.number}`, typed: r.as_typed }),
    );
    run<Mention>(
      sql`select mm.young_person_id as yp, mm.match_key as key, mm.as_typed, e.number::int as number from missing_episode_mentions mm join missing_episodes e on e.id = mm.episode_id
           where mm.young_person_id in (${ids(f.youngPeople)}) and mm.match_key is not null and mm.kind in ${IDENTIFIER_MENTIONS}`,
      (r) => ({ a: `young_person:${r.yp}`, b: keyNode(r.key), linkKind: 'Mentioned in a missing episode', source: `Missing episode M-${r.number}`, typed: r.as_typed }),
    );
    run<{ yp: string; place: string; number: number }>(
      sql`select c.young_person_id as yp, c.place_id as place, c.number::int as number from concerns c where c.young_person_id in (${ids(f.youngPeople)}) and c.place_id is not null`,
      (r) => ({ a: `young_person:${r.yp}`, b: `place:${r.place}`, linkKind: 'Seen at', source: `Concern C-${r.number}` }),
    );
  }
  if (f.keys.length) {
    run<Mention>(
      sql`select c.young_person_id as yp, m.match_key as key, m.as_typed, c.number::int as number from concern_mentions m join concerns c on c.id = m.concern_id
           where m.area_id = ${areaId} and m.match_key in (${texts(f.keys)}) and c.young_person_id is not null`,
      (r) => ({ a: `young_person:${r.yp}`, b: keyNode(r.key), linkKind: 'Mentioned in a concern', source: `Concern C-${r.number}`, typed: r.as_typed }),
    );
    run<Mention>(
      sql`select mm.young_person_id as yp, mm.match_key as key, mm.as_typed, e.number::int as number from missing_episode_mentions mm join missing_episodes e on e.id = mm.episode_id
           where mm.area_id = ${areaId} and mm.match_key in (${texts(f.keys)})`,
      (r) => ({ a: `young_person:${r.yp}`, b: keyNode(r.key), linkKind: 'Mentioned in a missing episode', source: `Missing episode M-${r.number}`, typed: r.as_typed }),
    );
  }
  const owners: SQL[] = [];
  if (f.adults.length) owners.push(sql`ri.adult_id in (${ids(f.adults)})`);
  if (f.places.length) owners.push(sql`ri.place_id in (${ids(f.places)})`);
  if (f.keys.length) owners.push(sql`(ri.area_id = ${areaId} and ri.match_key in (${texts(f.keys)}))`);
  if (owners.length) {
    run<{ adult_id: string | null; place_id: string | null; key: string; as_typed: string; kind: string }>(
      sql`select ri.adult_id, ri.place_id, ri.match_key as key, ri.as_typed, ri.kind from record_identifiers ri where ri.match_key is not null and (${sql.join(owners, sql` or `)})`,
      (r) => ({ a: r.adult_id ? `adult:${r.adult_id}` : `place:${r.place_id}`, b: keyNode(r.key), linkKind: `${label(RECORD_IDENTIFIER_KINDS, r.kind, 'Identifier')} on their record`, source: 'Intelligence record', typed: r.as_typed, intelligenceOnly: true }),
    );
  }
  if (f.places.length) {
    run<{ yp: string; place: string; number: number }>(
      sql`select c.young_person_id as yp, c.place_id as place, c.number::int as number from concerns c where c.place_id in (${ids(f.places)}) and c.young_person_id is not null and c.area_id = ${areaId}`,
      (r) => ({ a: `young_person:${r.yp}`, b: `place:${r.place}`, linkKind: 'Seen at', source: `Concern C-${r.number}` }),
    );
  }
  const ends = (alias: string, withAssociate: boolean): SQL[] => {
    const parts: SQL[] = [];
    if (f.youngPeople.length) parts.push(sql`${sql.raw(alias)}.young_person_id in (${ids(f.youngPeople)})`);
    if (f.adults.length) {
      parts.push(sql`${sql.raw(alias)}.adult_id in (${ids(f.adults)})`);
      if (withAssociate) parts.push(sql`${sql.raw(alias)}.associate_adult_id in (${ids(f.adults)})`);
    }
    if (f.places.length) parts.push(sql`${sql.raw(alias)}.place_id in (${ids(f.places)})`);
    return parts;
  };
  const linkEnds = ends('l', true);
  if (linkEnds.length) {
    run<{ adult_id: string | null; associate_adult_id: string | null; place_id: string | null; young_person_id: string | null; link_kind: string }>(
      sql`select l.adult_id, l.associate_adult_id, l.place_id, l.young_person_id, l.link_kind from intelligence_links l where l.area_id = ${areaId} and (${sql.join(linkEnds, sql` or `)})`,
      (r) => {
        const [a, b] = [r.adult_id && `adult:${r.adult_id}`, r.associate_adult_id && `adult:${r.associate_adult_id}`, r.place_id && `place:${r.place_id}`, r.young_person_id && `young_person:${r.young_person_id}`].filter(Boolean) as string[];
        return { a: a!, b: b!, linkKind: label(LINK_KINDS, r.link_kind, 'Linked'), source: 'Recorded link' };
      },
    );
  }
  const subjectEnds = ends('s', false);
  if (subjectEnds.length) {
    const ref = (alias: string) => sql.raw(`coalesce('adult:' || ${alias}.adult_id, 'place:' || ${alias}.place_id, 'young_person:' || ${alias}.young_person_id)`);
    run<{ a: string; b: string; kind: string; number: number }>(
      sql`select ${ref('s')} as a, ${ref('o')} as b, d.kind, d.number::int as number from disruption_subjects s
            join disruption_subjects o on o.disruption_id = s.disruption_id and o.id <> s.id
            join disruptions d on d.id = s.disruption_id
           where d.area_id = ${areaId} and (${sql.join(subjectEnds, sql` or `)})`,
      (r) => ({ a: r.a, b: r.b, linkKind: label(DISRUPTION_KINDS, r.kind, 'Disruption'), source: `Disruption ${disruptionReference(Number(r.number))}` }),
    );
    run<{ a: string; b: string; number: number }>(
      sql`select ${ref('s')} as a, ${ref('o')} as b, e.number::int as number from intelligence_subjects s
            join intelligence_subjects o on o.entry_id = s.entry_id and o.id <> s.id
            join intelligence_entries e on e.id = s.entry_id
           where e.area_id = ${areaId} and (${sql.join(subjectEnds, sql` or `)})`,
      (r) => ({ a: r.a, b: r.b, linkKind: 'Named together in intelligence', source: `Intelligence ${entryReference(Number(r.number))}` }),
    );
  }
  await Promise.all(jobs);
  return edges;
}

function frontierOf(nodeIds: Iterable<string>): Frontier {
  const f: Frontier = { youngPeople: [], adults: [], places: [], keys: [] };
  for (const id of nodeIds) {
    const colon = id.indexOf(':');
    const kind = id.slice(0, colon);
    const value = id.slice(colon + 1);
    if (kind === 'young_person') f.youngPeople.push(value);
    else if (kind === 'adult') f.adults.push(value);
    else if (kind === 'place') f.places.push(value);
    else if (kind === 'key') f.keys.push(value);
  }
  return f;
}

const isEmpty = (f: Frontier) => !f.youngPeople.length && !f.adults.length && !f.places.length && !f.keys.length;

/**
 * The network for one record, or null when the viewer may not see the record (the caller answers
 * 404, as for an id that does not exist).
 */
export async function networkFor(db: Db, viewer: SignedInUser, rootKind: RootKind, rootId: string): Promise<Network | null> {
  const rootNode = `${rootKind}:${rootId}`;
  const rootFrontier = frontierOf([rootNode]);
  const rootVisible = await visibleRecords(db, viewer, rootFrontier);
  if (!rootVisible.labels.has(rootNode)) return null;

  const truncated = { value: false };
  const first = await step(db, viewer.areaId, rootFrontier, truncated);
  const seen = new Set([rootNode]);
  const next = new Set<string>();
  for (const e of first) for (const n of [e.a, e.b]) if (!seen.has(n)) next.add(n);
  const second = isEmpty(frontierOf(next)) ? [] : await step(db, viewer.areaId, frontierOf(next), truncated);
  const fullIntelligence = seesFullIntelligence(viewer);
  const all = [...first, ...second].filter((e) => fullIntelligence || !e.intelligenceOnly);

  const everyNode = new Set<string>([rootNode]);
  for (const e of all) everyNode.add(e.a).add(e.b);
  const visible = await visibleRecords(db, viewer, frontierOf(everyNode));
  const typed = new Map<string, string>();
  for (const e of all) if (e.typed && e.b.startsWith('key:') && !typed.has(e.b)) typed.set(e.b, e.typed);
  const allowed = (node: string) => node.startsWith('key:') || visible.labels.has(node);

  // Breadth-first from the root through what the viewer may see, two steps at most.
  const distance = new Map<string, number>([[rootNode, 0]]);
  const kept = new Map<string, NetworkEdge>();
  for (let depth = 0; depth < 2; depth++) {
    for (const e of all) {
      if (!allowed(e.a) || !allowed(e.b)) continue;
      for (const [from, to] of [[e.a, e.b], [e.b, e.a]] as const) {
        if (distance.get(from) !== depth) continue;
        if (!distance.has(to)) distance.set(to, depth + 1);
        const key = [e.a, e.b].sort().join('|') + `|${e.linkKind}|${e.source}`;
        if (!kept.has(key)) kept.set(key, { from: e.a, to: e.b, linkKind: e.linkKind, source: e.source });
      }
    }
  }
  const nodes: NetworkNode[] = [...distance.entries()].map(([id, d]) => {
    if (id.startsWith('key:')) {
      const key = id.slice(4);
      return { id, kind: kindOfKey(key), label: typed.get(id) ?? key.slice(key.indexOf(':') + 1), distance: d, href: null, flagged: !visible.recognised.get(key) };
    }
    const [kind, value] = id.split(':') as [RootKind, string];
    return { id, kind, label: visible.labels.get(id)!, distance: d, href: kind === 'young_person' ? `/young-people/${value}` : kind === 'adult' ? `/intelligence/adults/${value}` : `/intelligence/places/${value}` };
  });
  nodes.sort((a, b) => a.distance - b.distance || a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
  return { root: nodes[0]!, nodes, edges: [...kept.values()].filter((e) => distance.has(e.from) && distance.has(e.to)), truncated: truncated.value };
}

/** Labels of the records in the frontier the viewer may see, and whether identifier keys are recognised. */
async function visibleRecords(db: Db, viewer: SignedInUser, f: Frontier): Promise<{ labels: Map<string, string>; recognised: Map<string, boolean> }> {
  const labels = new Map<string, string>();
  const recognised = new Map<string, boolean>();
  const jobs: Promise<void>[] = [];
  if (f.youngPeople.length) {
    jobs.push(
      rows<{ id: string; number: number; given_name: string | null; family_name: string | null }>(
        db,
        sql`select ${youngPeople.id} as id, ${youngPeople.number}::int as number, ${youngPeople.givenName} as given_name, ${youngPeople.familyName} as family_name from ${youngPeople} where ${youngPeople.id} in (${ids(f.youngPeople)}) and ${visibleYoungPeople(viewer)}`,
      ).then((found) => {
        for (const r of found) labels.set(`young_person:${r.id}`, [r.given_name, r.family_name].filter(Boolean).join(' ') || `YP-${r.number}`);
      }),
    );
  }
  if (f.adults.length) {
    jobs.push(
      rows<{ id: string; number: number; name: string }>(db, sql`select ${adultsOfConcern.id} as id, ${adultsOfConcern.number}::int as number, ${adultsOfConcern.name} as name from ${adultsOfConcern} where ${adultsOfConcern.id} in (${ids(f.adults)}) and ${adultIdVisible(viewer, adultsOfConcern.id, adultsOfConcern.areaId)}`).then((found) => {
        for (const r of found) labels.set(`adult:${r.id}`, `${r.name} (${adultReference(Number(r.number))})`);
      }),
    );
  }
  if (f.places.length) {
    jobs.push(
      rows<{ id: string; number: number; name: string; kind: string }>(db, sql`select ${placesOfConcern.id} as id, ${placesOfConcern.number}::int as number, ${placesOfConcern.name} as name, ${placesOfConcern.kind} as kind from ${placesOfConcern} where ${placesOfConcern.id} in (${ids(f.places)}) and ${placeIdVisible(viewer, placesOfConcern.id, placesOfConcern.areaId)}`).then((found) => {
        for (const r of found) labels.set(`place:${r.id}`, `${r.name} (${label(PLACE_KINDS, r.kind, 'Place').toLowerCase()}, ${placeReference(Number(r.number))})`);
      }),
    );
  }
  for (const key of f.keys) recognised.set(key, recogniseKey(key));
  await Promise.all(jobs);
  return { labels, recognised };
}


/** Whether a key's value is a recognised identifier (a full registration, a valid number …). */
function recogniseKey(key: string): boolean {
  const kind = kindOfKey(key);
  const value = key.slice(key.indexOf(':') + 1);
  if (kind === 'online_account') return !value.startsWith('other');
  return identifierMatch(kind as IdentifierKind, value)?.recognised ?? false;
}

export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  young_person: 'Young person',
  adult: 'Adult of concern',
  place: 'Place of concern',
  vehicle: 'Vehicle',
  phone: 'Phone number',
  email: 'Email address',
  online_account: 'Online account',
};
