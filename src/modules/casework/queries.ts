/** Reading casework records, each through the policy (policy.ts) in the query itself. */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { adultIdVisible } from '../intelligence/index.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { adultChildVisible, caseNoteVisible } from './policy.ts';

export interface CaseNoteRow {
  id: string;
  contactOn: string;
  contactType: string;
  text: string;
  visibility: 'agency' | 'partnership';
  writtenBy: string;
  agencyName: string;
  writtenAt: Date;
}

/** The case notes on a young person's record that `viewer` may read, newest contact first. */
export async function caseNotesOf(db: Db, viewer: Actor, youngPersonId: string, limit = 200): Promise<CaseNoteRow[]> {
  return rows<CaseNoteRow>(
    db,
    sql`select n.id, n.contact_on::text as "contactOn", n.contact_type as "contactType", n.text, n.visibility, u.name as "writtenBy", ag.name as "agencyName", n.written_at as "writtenAt"
        from case_notes n join users u on u.id = n.written_by_user_id join agencies ag on ag.id = n.agency_id
        where n.young_person_id = ${youngPersonId} and ${caseNoteVisible(viewer)}
        order by n.contact_on desc, n.written_at desc limit ${limit}`,
  );
}

export interface NetworkMemberRow {
  id: string;
  name: string;
  relationship: string;
  contactDetails: string | null;
  parentalResponsibility: string;
  livesWithYoungPerson: boolean;
  note: string | null;
  /** Only when the viewer may see that record. */
  linkedYoungPerson: { id: string; number: number } | null;
  /** Only when the viewer may see that adult. */
  adultOfConcern: { id: string; number: number; name: string } | null;
  linkedYoungPersonNumber: number | null;
  adultOfConcernId: string | null;
}

/** The family and network on the record, for a viewer who may see the record. */
export async function networkOf(db: Db, viewer: Actor, youngPersonId: string): Promise<NetworkMemberRow[]> {
  const found = await rows<Omit<NetworkMemberRow, 'linkedYoungPerson' | 'adultOfConcern'> & { ypId: string | null; ypNumber: number | null; ypVisible: boolean; adultId: string | null; adultNumber: number | null; adultName: string | null; adultVisible: boolean }>(
    db,
    sql`select m.id, m.name, m.relationship, m.contact_details as "contactDetails", m.parental_responsibility as "parentalResponsibility", m.lives_with_young_person as "livesWithYoungPerson", m.note,
          yp.id as "ypId", yp.number::int as "ypNumber", coalesce(${youngPersonIdVisible(viewer, sql`m.linked_young_person_id`)}, false) as "ypVisible",
          a.id as "adultId", a.number::int as "adultNumber", a.name as "adultName", coalesce(${adultIdVisible(viewer, sql`a.id`, sql`a.area_id`)}, false) as "adultVisible"
        from network_members m
        left join young_people yp on yp.id = m.linked_young_person_id
        left join adults_of_concern a on a.id = m.adult_of_concern_id
        where m.young_person_id = ${youngPersonId} and m.removed_at is null
        order by m.added_at, m.id`,
  );
  return found.map(({ ypId, ypNumber, ypVisible, adultId, adultNumber, adultName, adultVisible, ...member }) => ({
    ...member,
    linkedYoungPerson: ypId && ypVisible ? { id: ypId, number: ypNumber! } : null,
    adultOfConcern: adultId && adultVisible ? { id: adultId, number: adultNumber!, name: adultName! } : null,
    linkedYoungPersonNumber: ypId && ypVisible ? ypNumber : null,
    adultOfConcernId: adultId && adultVisible ? adultId : null,
  }));
}

export interface ViewsRow {
  id: string;
  recordedOn: string;
  views: string;
  recordedBy: string;
  agencyName: string;
  recordedAt: Date;
}

/** Every entry of the young person's views and wishes, the current one first. */
export async function viewsOf(db: Db, youngPersonId: string): Promise<ViewsRow[]> {
  return rows<ViewsRow>(
    db,
    sql`select v.id, v.recorded_on::text as "recordedOn", v.views, u.name as "recordedBy", ag.name as "agencyName", v.recorded_at as "recordedAt"
        from views_and_wishes v join users u on u.id = v.recorded_by_user_id join agencies ag on ag.id = v.agency_id
        where v.young_person_id = ${youngPersonId}
        order by v.recorded_on desc, v.recorded_at desc`,
  );
}

export interface AdultChildRow {
  id: string;
  relationship: string;
  description: string | null;
  note: string | null;
  youngPersonId: string | null;
  youngPersonNumber: number | null;
  givenName: string | null;
  familyName: string | null;
  adultId: string;
  adultNumber: number;
  adultName: string;
}

const adultChildColumns = sql`c.id, c.relationship, c.description, c.note, yp.id as "youngPersonId", yp.number::int as "youngPersonNumber", yp.given_name as "givenName", yp.family_name as "familyName",
  a.id as "adultId", a.number::int as "adultNumber", a.name as "adultName"`;

/** The children recorded for an adult of concern that `viewer` may know of. */
export async function childrenOfAdult(db: Db, viewer: Actor, adultId: string): Promise<AdultChildRow[]> {
  return rows<AdultChildRow>(
    db,
    sql`select ${adultChildColumns} from adult_children c join adults_of_concern a on a.id = c.adult_id left join young_people yp on yp.id = c.young_person_id
        where c.adult_id = ${adultId} and c.removed_at is null and ${adultChildVisible(viewer)}
        order by c.recorded_at, c.id`,
  );
}

/** The adults of concern recorded as a young person's parent or carer, those `viewer` may see. */
export async function adultsAsParentsOf(db: Db, viewer: Actor, youngPersonId: string): Promise<AdultChildRow[]> {
  return rows<AdultChildRow>(
    db,
    sql`select ${adultChildColumns} from adult_children c join adults_of_concern a on a.id = c.adult_id left join young_people yp on yp.id = c.young_person_id
        where c.young_person_id = ${youngPersonId} and c.removed_at is null and ${adultChildVisible(viewer)}
        order by c.recorded_at, c.id`,
  );
}
