/**
 * The "Multi-agency panels" section of a young person's record: where they have been or will be
 * discussed (directly or in a peer group), what was decided, and open actions. The caller has
 * already checked that the reader may see the young person (and audits the record view).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { RecordSummaryItem } from '../../platform/modules.ts';
import type { YoungPersonRow } from '../young-people/index.ts';
import { riskLevelLabel } from '../young-people/index.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { londonToday } from '../../platform/time.ts';

export interface PanelHistoryRow {
  meeting_id: string;
  panel_name: string;
  meets_on: string;
  via_group: string | null;
  outcome: string | null;
  level_agreed: string | null;
  next_review_on: string | null;
  open_actions: number;
  overdue_actions: number;
}

export async function panelSection(db: Db, user: SignedInUser, yp: Pick<YoungPersonRow, 'id'>) {
  const today = londonToday();
  const history = await rows<PanelHistoryRow>(
    db,
    sql`select m.id as meeting_id, p.name as panel_name, m.meets_on::text, g.name as via_group, ai.outcome, ai.level_agreed, ai.next_review_on::text,
          (select count(*)::int from panel_actions pa where pa.agenda_item_id = ai.id and pa.status = 'open') as open_actions,
          (select count(*)::int from panel_actions pa where pa.agenda_item_id = ai.id and pa.status = 'open' and pa.due_on < ${today}::date) as overdue_actions
        from agenda_items ai
        join panel_meetings m on m.id = ai.meeting_id
        join panels p on p.id = m.panel_id and p.area_id = ${user.areaId}
        left join peer_groups g on g.id = ai.peer_group_id
        where ai.young_person_id = ${yp.id}
           or exists (select 1 from peer_group_members gm where gm.peer_group_id = ai.peer_group_id and gm.young_person_id = ${yp.id} and gm.removed_at is null)
        order by m.meets_on desc limit 20`,
  );
  return {
    youngPersonId: yp.id,
    runsMeetings: user.role === 'coordinator',
    history: history.map((h) => ({
      ...h,
      status: h.outcome === 'decided' ? `Discussed${h.level_agreed ? `: ${riskLevelLabel(h.level_agreed)}` : ''}${h.next_review_on ? `; review by ${formatDate(h.next_review_on)}` : ''}` : h.outcome === 'deferred' ? 'Deferred to the next meeting' : 'On the agenda',
    })),
  };
}

/** For the record's summary: the next panel review and the actions still open. */
export function panelSummary(data: unknown): RecordSummaryItem[] {
  const panels = data as Awaited<ReturnType<typeof panelSection>>;
  const today = londonToday();
  const items: RecordSummaryItem[] = [];
  const review = panels.history.find((h) => h.outcome === 'decided' && h.next_review_on);
  if (review) items.push({ kind: 'deadline', text: `Panel review (${review.panel_name})`, due: review.next_review_on, overdue: review.next_review_on! < today, href: `/young-people/${panels.youngPersonId}/panels` });
  const open = panels.history.reduce((n, h) => n + h.open_actions, 0);
  const overdue = panels.history.reduce((n, h) => n + h.overdue_actions, 0);
  if (open) items.push({ kind: 'deadline', text: `${open} open panel ${open === 1 ? 'action' : 'actions'}${overdue ? `, ${overdue} late` : ''}`, overdue: overdue > 0, href: `/young-people/${panels.youngPersonId}/panels` });
  return items;
}
