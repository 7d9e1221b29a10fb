/**
 * The databank's part of the problem profile: referrals recorded from actions in the period, by
 * need, with the needs for which no service was found (unmet needs), and referrals by kind of
 * service and by service. Counts only. An agency lead's view counts what their agency recorded.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { table, type ProfileSectionBuilder, type Scope, areaCondition } from '../profile/index.ts';
import { NEEDS, SECTORS } from './vocab.ts';

export interface ReferralCountRow {
  need: string;
  outcome: string;
  sector: string | null;
  service_id: string | null;
  service_name: string | null;
  n: number;
}

/** Referrals recorded from `from` to `to` (UK days, both included) in the scope, by need, outcome and service. */
export async function referralCounts(db: Db, scope: Scope, from: string, to: string): Promise<ReferralCountRow[]> {
  const agency = scope.agencyId ? sql` and r.recorded_by_agency_id = ${scope.agencyId}::uuid` : sql``;
  return rows<ReferralCountRow>(
    db,
    sql`select r.need, r.outcome, s.sector, s.id::text as service_id, s.name as service_name, count(*)::int as n
          from service_referrals r left join services s on s.id = r.service_id
         where ${areaCondition(sql`r.area_id`, scope)} and r.recorded_on >= ${from}::date and r.recorded_on <= ${to}::date${agency}
         group by 1, 2, 3, 4, 5`,
  );
}

const OUTCOME_COLUMNS = [
  { key: 'referred', label: 'Referred to a service' },
  { key: 'no_service_found', label: 'No service found' },
];

export const servicesProfileSection: ProfileSectionBuilder = {
  id: 'services_used',
  title: 'Services used and unmet needs',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('referrals are counted over a period');
    const found = await referralCounts(db, scope, window.from, window.to);
    const count = (match: (r: ReferralCountRow) => boolean) => found.filter(match).reduce((t, r) => t + r.n, 0);
    const listedNeed = (need: string) => (Object.hasOwn(NEEDS, need) ? need : 'not_recorded');
    const services = [...new Map(found.filter((r) => r.service_id).map((r) => [r.service_id!, r.service_name ?? ''])).entries()].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
    return {
      id: 'services_used',
      title: 'Services used and unmet needs',
      intro: 'What came of the referrals that risk-plan tasks and panel actions asked for, recorded in the period: the service referred to, or no service found for the need.',
      tables: [
        table({
          id: 'referrals_by_need',
          title: 'Referrals recorded in the period by need',
          rowHeading: 'Need',
          columns: OUTCOME_COLUMNS,
          rows: [...Object.entries(NEEDS).map(([key, label]) => ({ key, label })), { key: 'not_recorded', label: 'Not recorded' }].map((row) => ({
            ...row,
            values: OUTCOME_COLUMNS.map((c) => count((r) => listedNeed(r.need) === row.key && r.outcome === c.key)),
          })),
          rowsAdd: true,
          columnsAdd: true,
          note: 'No service found is an unmet need: an action asked for a referral and there was no service in or around the area to meet it.',
        }),
        table({
          id: 'referrals_by_sector',
          title: 'Referrals to services in the period by kind of service',
          rowHeading: 'Kind of service',
          columns: [{ key: 'referrals', label: 'Referrals' }],
          rows: [...Object.entries(SECTORS).map(([key, label]) => ({ key, label })), { key: 'not_recorded', label: 'Not recorded' }].map((row) => ({
            ...row,
            values: [count((r) => r.outcome === 'referred' && ((r.sector !== null && Object.hasOwn(SECTORS, r.sector) ? r.sector : 'not_recorded') === row.key))],
          })),
          rowsAdd: true,
        }),
        table({
          id: 'referrals_by_service',
          title: 'Referrals in the period by service',
          rowHeading: 'Service',
          columns: [{ key: 'referrals', label: 'Referrals' }],
          rows: services.map(([id, name], i) => ({ key: `service_${i + 1}`, label: name, values: [count((r) => r.service_id === id)] })),
          rowsAdd: true,
          inReturn: false,
          note: 'Services are named here; the anonymised return counts by kind of service only.',
        }),
      ],
    };
  },
};
