/**
 * The kinds of record the retention schedule covers: for each, how to find what is due in an area
 * (one query, by the area's periods), what stops it being erased, and how to erase it. Erasing
 * removes names, identifiers and free text but keeps the columns the problem profile and the
 * snapshot count by (dates, categories, levels, agencies, indicators), so the figures do not move.
 * docs/retention.md explains each period; docs/privacy.md lists what is kept.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { RetentionSettings } from './settings.ts';

/** What an erased free-text field says instead. */
export const ERASED = 'Erased under the retention schedule.';

export interface DueRecord {
  recordId: string;
  reference: string;
  dueOn: string;
  rule: keyof RetentionSettings;
  facts: Record<string, string | number>;
}

export interface RetentionKind {
  /** As the audit trail names the record kind. */
  kind: string;
  label: string;
  due(db: Db, areaId: string, periods: RetentionSettings, today: string): Promise<DueRecord[]>;
  /** Why the record must not be erased now (beyond a legal hold, checked for every kind), or null. */
  blocker?(tx: Db, recordId: string): Promise<string | null>;
  /** Erases the record inside the caller's transaction; returns counts for the audit row. */
  erase(tx: Db, areaId: string, recordId: string, at: Date): Promise<Record<string, number>>;
  /** Audit rows whose IP address and reason are redacted with the record (ids). */
  auditRows?(tx: Db, areaId: string, recordId: string): Promise<number[]>;
}

/** Not already erased, not in an open batch, and not kept with a review date still to come. */
function notUnderReview(kind: string, id: SQL, today: string): SQL {
  return sql`not exists (select 1 from retention_items ri join retention_batches rb on rb.id = ri.batch_id
    where ri.record_kind = ${kind} and ri.record_id = ${id}::text
      and (rb.status = 'open' or ri.outcome = 'erased' or (ri.outcome = 'kept' and ri.next_review_on > ${today}::date)))`;
}

const LIMIT = 500;

async function count(tx: Db, query: SQL): Promise<number> {
  const found = await rows<{ id: string }>(tx, sql`${query} returning 1 as id`);
  return found.length;
}

const youngPerson: RetentionKind = {
  kind: 'young_person',
  label: 'Young person’s record',
  async due(db, areaId, p, today) {
    const found = await rows<{ id: string; number: number; due_on: string; last_activity: string | null; birthday: string | null }>(
      db,
      sql`with activity as (
            select yp.id, yp.number,
              case when yp.date_of_birth is not null then (yp.date_of_birth + make_interval(years => ${p.retentionYoungPersonUntilAge}::int))::date
                   when yp.estimated_age is not null and yp.estimated_age_at is not null then (yp.estimated_age_at - make_interval(years => yp.estimated_age) + make_interval(years => ${p.retentionYoungPersonUntilAge}::int))::date
              end as birthday,
              greatest(yp.updated_at,
                (select max(c.occurred_at) from chronology_entries c where c.young_person_id = yp.id),
                (select max(c.submitted_at) from concerns c where c.young_person_id = yp.id),
                (select max(n.written_at) from case_notes n where n.young_person_id = yp.id))::date as last_activity
            from young_people yp
            where yp.area_id = ${areaId} and yp.merged_into_id is null and ${notUnderReview('young_person', sql`yp.id`, today)}
          )
          select id, number, to_char(greatest(birthday, (last_activity + make_interval(years => ${p.retentionYoungPersonYearsAfterActivity}::int))::date), 'YYYY-MM-DD') as due_on,
                 to_char(last_activity, 'YYYY-MM-DD') as last_activity, to_char(birthday, 'YYYY-MM-DD') as birthday
          from activity
          where greatest(birthday, (last_activity + make_interval(years => ${p.retentionYoungPersonYearsAfterActivity}::int))::date) <= ${today}::date
          order by number limit ${LIMIT}`,
    );
    return found.map((r) => ({
      recordId: r.id,
      reference: `YP-${r.number}`,
      dueOn: r.due_on,
      rule: r.birthday && r.birthday === r.due_on ? 'retentionYoungPersonUntilAge' : 'retentionYoungPersonYearsAfterActivity',
      facts: { lastActivity: r.last_activity ?? '', reviewBirthday: r.birthday ?? '' },
    }));
  },
  async blocker(tx, id) {
    const [open] = await rows<{ n: number }>(
      tx,
      sql`select (select count(*) from agenda_items where young_person_id = ${id} and outcome is null)::int
               + (select count(*) from panel_referrals where young_person_id = ${id} and status = 'pending')::int as n`,
    );
    return (open?.n ?? 0) > 0 ? 'has an open panel item or referral: it cannot be erased until the panel has decided it' : null;
  },
  async erase(tx, _areaId, id, at) {
    const concernsOf = sql`(select id from concerns where young_person_id = ${id})`;
    // The postcode keeps only its district (its outward code, "NB5 3JE" gives "NB5", as prevention's
    // reach by district reads it): the figures place concerns by the young person's home district.
    const postcodeDistrict = sql`nullif(upper(regexp_replace(regexp_replace(coalesce(postcode, ''), '\\s+', '', 'g'), '[0-9][A-Za-z]{2}$', '')), '')`;
    return {
      record: await count(tx, sql`update young_people set given_name = null, family_name = null, aliases = '{}', search_text = '', address = null, postcode = ${postcodeDistrict}, school = null, description = null, updated_at = ${at.toISOString()}::timestamptz where id = ${id}`),
      identifiers: await count(tx, sql`delete from young_person_identifiers where young_person_id = ${id}`),
      matchKeys: await count(tx, sql`delete from linkage_keys where young_person_id = ${id}`),
      chronology: await count(tx, sql`update chronology_entries set summary = ${ERASED} where young_person_id = ${id}`),
      caseNotes: await count(tx, sql`update case_notes set text = ${ERASED} where young_person_id = ${id}`),
      network: await count(tx, sql`update network_members set name = ${ERASED}, contact_details = null, note = null where young_person_id = ${id}`),
      viewsAndWishes: await count(tx, sql`update views_and_wishes set views = ${ERASED} where young_person_id = ${id}`),
      concernMentions: await count(tx, sql`delete from concern_mentions where concern_id in ${concernsOf}`),
      concernAdditions: await count(tx, sql`update concern_additions set details = ${ERASED} where concern_id in ${concernsOf}`),
      feedback: await count(tx, sql`update feedback_messages set message = ${ERASED} where concern_id in ${concernsOf}`),
      concerns: await count(tx, sql`update concerns set subject = '{}'::jsonb, details = ${ERASED}, when_text = null, where_text = null, outcome_note = null, external_reference = null where young_person_id = ${id}`),
      missingMentions: await count(tx, sql`delete from missing_episode_mentions where young_person_id = ${id}`),
      missingEpisodes: await count(tx, sql`update missing_episodes set last_seen_where = null, reported_by = null, police_reference = null, found_where = null, how_returned = null, while_away = null, strategy_meeting_note = null, external_reference = null where young_person_id = ${id}`),
      returnInterviews: await count(tx, sql`update return_interviews set interviewer_name = ${ERASED}, where_they_were = null, with_whom = null, disclosure_details = null, learning = null where young_person_id = ${id}`),
      strategyMeetings: await count(tx, sql`update strategy_meetings set information_shared = ${ERASED}, decisions = ${ERASED} where young_person_id = ${id}`),
      tasks: await count(tx, sql`update casework_tasks set description = ${ERASED}, completion_note = null where young_person_id = ${id}`),
      courtPlans: await count(tx, sql`update court_support_plans set case_description = ${ERASED}, case_reference = null, supporter_name = ${ERASED}, pre_trial_visit_note = null where young_person_id = ${id}`),
      panelReferrals: await count(tx, sql`update panel_referrals set reason = ${ERASED}, young_person_views = null, family_views = null, decision_reason = null where young_person_id = ${id}`),
      panelItems: await count(tx, sql`update agenda_items set notes = null, plan = null, disruption = null where young_person_id = ${id}`),
    };
  },
  async auditRows(tx, _areaId, id) {
    const found = await rows<{ id: string | number }>(
      tx,
      // Every row about the record, whoever wrote it (a row written outside a sign-in names no area).
      sql`select id from audit_events where record_kind in ('young_person', 'young_person_access_log') and record_id = ${id}
            and personal_digest is not null and redacted_at is null and (ip is not null or reason is not null)`,
    );
    return found.map((r) => Number(r.id));
  },
};

const NO_ACTION_OUTCOMES = ['no_further_action', 'advice_given'];

const concern: RetentionKind = {
  kind: 'concern',
  label: 'Concern that led nowhere',
  async due(db, areaId, p, today) {
    const found = await rows<{ id: string; number: number; due_on: string; outcome: string }>(
      db,
      sql`select c.id, c.number, c.outcome, to_char((coalesce(c.triaged_at, c.submitted_at) + make_interval(months => ${p.retentionConcernNoActionMonths}::int))::date, 'YYYY-MM-DD') as due_on
          from concerns c
          where c.area_id = ${areaId} and c.young_person_id is null and c.outcome in (${sql.join(NO_ACTION_OUTCOMES.map((o) => sql`${o}`), sql`, `)})
            and (coalesce(c.triaged_at, c.submitted_at) + make_interval(months => ${p.retentionConcernNoActionMonths}::int))::date <= ${today}::date
            and c.details <> ${ERASED} and ${notUnderReview('concern', sql`c.id`, today)}
          order by c.number limit ${LIMIT}`,
    );
    return found.map((r) => ({ recordId: r.id, reference: `C-${r.number}`, dueOn: r.due_on, rule: 'retentionConcernNoActionMonths', facts: { outcome: r.outcome } }));
  },
  async erase(tx, _areaId, id) {
    return {
      mentions: await count(tx, sql`delete from concern_mentions where concern_id = ${id}`),
      additions: await count(tx, sql`update concern_additions set details = ${ERASED} where concern_id = ${id}`),
      feedback: await count(tx, sql`update feedback_messages set message = ${ERASED} where concern_id = ${id}`),
      concern: await count(tx, sql`update concerns set subject = '{}'::jsonb, details = ${ERASED}, when_text = null, where_text = null, outcome_note = null, external_reference = null where id = ${id}`),
    };
  },
};

const adult: RetentionKind = {
  kind: 'adult_of_concern',
  label: 'Adult of concern never linked to a child',
  async due(db, areaId, p, today) {
    const found = await rows<{ id: string; number: number; due_on: string; status: string }>(
      db,
      sql`select a.id, a.number, a.status, to_char((a.updated_at + make_interval(months => ${p.retentionAdultUnlinkedMonths}::int))::date, 'YYYY-MM-DD') as due_on
          from adults_of_concern a
          where a.area_id = ${areaId} and a.merged_into_id is null and a.status not in ('charged', 'convicted')
            and (a.updated_at + make_interval(months => ${p.retentionAdultUnlinkedMonths}::int))::date <= ${today}::date
            and not exists (select 1 from intelligence_links l where (l.adult_id = a.id or l.associate_adult_id = a.id) and l.young_person_id is not null)
            and not exists (select 1 from intelligence_subjects s join intelligence_subjects s2 on s2.entry_id = s.entry_id where s.adult_id = a.id and s2.young_person_id is not null)
            and a.name <> ${ERASED} and ${notUnderReview('adult_of_concern', sql`a.id`, today)}
          order by a.number limit ${LIMIT}`,
    );
    return found.map((r) => ({ recordId: r.id, reference: `A-${r.number}`, dueOn: r.due_on, rule: 'retentionAdultUnlinkedMonths', facts: { status: r.status } }));
  },
  async erase(tx, _areaId, id, at) {
    return {
      identifiers: await count(tx, sql`delete from record_identifiers where adult_id = ${id}`),
      adult: await count(tx, sql`update adults_of_concern set name = ${ERASED}, aliases = '{}', date_of_birth = null, description = null, addresses = '{}', other_areas = '{}', updated_at = ${at.toISOString()}::timestamptz where id = ${id}`),
    };
  },
};

const intelligence: RetentionKind = {
  kind: 'intelligence_entry',
  label: 'Intelligence entry',
  async due(db, areaId, p, today) {
    const months = sql`least(
        case when e.intelligence_grade in ('D', 'E') or e.source_grade = '3' then ${p.retentionIntelligenceDoubtfulMonths}::int else ${p.retentionIntelligenceMonths}::int end,
        case when e.handling = 'C' then ${p.retentionIntelligenceConditionsMonths}::int else 100000 end)`;
    const found = await rows<{ id: string; number: number; due_on: string; grade: string; months: number }>(
      db,
      sql`select e.id, e.number, e.source_grade || e.intelligence_grade || e.handling as grade, ${months} as months,
                 to_char((e.received_on + make_interval(months => ${months}))::date, 'YYYY-MM-DD') as due_on
          from intelligence_entries e
          where e.area_id = ${areaId} and (e.received_on + make_interval(months => ${months}))::date <= ${today}::date
            and e.text <> ${ERASED} and ${notUnderReview('intelligence_entry', sql`e.id`, today)}
          order by e.number limit ${LIMIT}`,
    );
    return found.map((r) => {
      const doubtful = /[DE]/.test(r.grade.slice(1, 2)) || r.grade.startsWith('3');
      const rule = r.grade.endsWith('C') && Number(r.months) === p.retentionIntelligenceConditionsMonths ? 'retentionIntelligenceConditionsMonths' : doubtful ? 'retentionIntelligenceDoubtfulMonths' : 'retentionIntelligenceMonths';
      return { recordId: r.id, reference: `I-${r.number}`, dueOn: r.due_on, rule, facts: { grade: r.grade } };
    });
  },
  async erase(tx, _areaId, id) {
    return {
      identifiers: await count(tx, sql`delete from intelligence_entry_identifiers where entry_id = ${id}`),
      entry: await count(tx, sql`update intelligence_entries set text = ${ERASED}, sanitised_text = ${ERASED}, handling_conditions = null where id = ${id}`),
    };
  },
};

const feedback: RetentionKind = {
  kind: 'feedback_messages',
  label: 'Updates sent to people who raised concerns',
  async due(db, areaId, p, today) {
    // One item a month of messages, so a batch is not thousands of lines of "an update".
    const found = await rows<{ month: string; n: number }>(
      db,
      sql`select to_char(date_trunc('month', f.created_at), 'YYYY-MM') as month, count(*)::int as n
          from feedback_messages f join users u on u.id = f.recipient_user_id
          where u.area_id = ${areaId} and f.message <> ${ERASED}
            and (date_trunc('month', f.created_at) + interval '1 month' + make_interval(months => ${p.retentionFeedbackMonths}::int))::date <= ${today}::date
            and ${notUnderReview('feedback_messages', sql`${areaId}::text || ':' || to_char(date_trunc('month', f.created_at), 'YYYY-MM')`, today)}
          group by 1 order by 1 limit ${LIMIT}`,
    );
    return found.map((r) => ({ recordId: `${areaId}:${r.month}`, reference: `Updates sent in ${r.month}`, dueOn: today, rule: 'retentionFeedbackMonths', facts: { messages: r.n } }));
  },
  async erase(tx, areaId, recordId) {
    const month = recordId.split(':')[1]!;
    return {
      messages: await count(
        tx,
        sql`update feedback_messages f set message = ${ERASED} from users u
            where u.id = f.recipient_user_id and u.area_id = ${areaId} and to_char(date_trunc('month', f.created_at), 'YYYY-MM') = ${month}`,
      ),
    };
  },
};

const auditPersonal: RetentionKind = {
  kind: 'audit_personal',
  label: 'IP addresses and reasons in the audit trail',
  async due(db, areaId, p, today) {
    const found = await rows<{ month: string; n: number }>(
      db,
      sql`select to_char(date_trunc('month', occurred_at), 'YYYY-MM') as month, count(*)::int as n
          from audit_events
          where area_id = ${areaId} and personal_digest is not null and redacted_at is null and (ip is not null or reason is not null)
            and (date_trunc('month', occurred_at) + interval '1 month' + make_interval(years => ${p.retentionAuditPersonalYears}::int))::date <= ${today}::date
            and ${notUnderReview('audit_personal', sql`${areaId}::text || ':' || to_char(date_trunc('month', occurred_at), 'YYYY-MM')`, today)}
          group by 1 order by 1 limit ${LIMIT}`,
    );
    return found.map((r) => ({ recordId: `${areaId}:${r.month}`, reference: `Audit rows of ${r.month}`, dueOn: today, rule: 'retentionAuditPersonalYears', facts: { rows: r.n } }));
  },
  async erase() {
    return {};
  },
  async auditRows(tx, areaId, recordId) {
    const month = recordId.split(':')[1]!;
    const found = await rows<{ id: string | number }>(
      tx,
      sql`select id from audit_events where area_id = ${areaId} and personal_digest is not null and redacted_at is null and (ip is not null or reason is not null)
            and to_char(date_trunc('month', occurred_at), 'YYYY-MM') = ${month}`,
    );
    return found.map((r) => Number(r.id));
  },
};

export const RETENTION_KINDS: readonly RetentionKind[] = [youngPerson, concern, adult, intelligence, feedback, auditPersonal];

export function retentionKind(kind: string): RetentionKind | undefined {
  return RETENTION_KINDS.find((k) => k.kind === kind);
}
