/**
 * Fictional past missing episodes for the demo area, recorded through the same services as the
 * pages (so they carry chronology entries, mentions, interviews and audit rows like real ones).
 */
import type { Db } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { isLookedAfter } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { and, eq, isNull, like } from 'drizzle-orm';
import { feedbackMessages } from '../concerns/tables.ts';
import type { MentionInput } from './mentions.ts';
import { DAY_MS, HOUR_MS } from './rules.ts';
import { recordEpisode, recordStrategyMeeting, saveReturnInterview } from './service.ts';
import { londonInstant, londonParts } from '../../platform/time.ts';
import type { HowReturned, InterviewResponse } from './vocab.ts';

export interface DemoEpisode {
  /** Last seen this many days ago, at this UK time ("22:40"). */
  daysAgo: number;
  at: string;
  hoursAway: number;
  kind?: 'missing' | 'away';
  by: string;
  lastSeenWhere?: string;
  reportedBy?: string;
  policeReference?: string;
  placement?: string;
  foundWhere?: string;
  foundWithAdults?: string[];
  foundWithYoungPeople?: string[];
  vehicles?: string[];
  howReturned: HowReturned;
  whileAway?: string;
  strategyMeetingNote?: string;
  interview?: {
    by: string;
    interviewerName: string;
    agency: string;
    hoursAfterReturn: number;
    response: InterviewResponse;
    held?: { hoursAfterOffer: number; push: string[]; pull: string[]; where?: string; withWhom?: string; disclosure?: string; learning: string };
  };
}

interface DemoIdsLike {
  areaId: string;
  agencyIds: Map<string, string>;
  userIds: Map<string, string>;
}

function lastSeen(daysAgo: number, at: string, now: Date): Date {
  const day = londonParts(new Date(now.getTime() - daysAgo * DAY_MS));
  const [hour, minute] = at.split(':').map(Number) as [number, number];
  return londonInstant(`${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`, hour, minute);
}

const later = (from: Date, hours: number) => new Date(from.getTime() + hours * HOUR_MS);

export async function seedDemoEpisodes(tx: Db, ids: DemoIdsLike, youngPersonId: string, episodes: DemoEpisode[], now = new Date()): Promise<void> {
  const ctx: RequestContext = { actor: null, ip: null, requestId: 'demo-seed' };
  const users = new Map<string, SignedInUser>();
  const as = async (email: string) => {
    if (!users.has(email)) users.set(email, (await loadSignedInUser(tx, ids.userIds.get(email)!))!);
    return users.get(email)!;
  };
  const [yp] = await tx.select({ livingArrangement: youngPeople.livingArrangement, lookedAfter: youngPeople.lookedAfter }).from(youngPeople).where(eq(youngPeople.id, youngPersonId));
  const coordinator = await as('coordinator@northbridge.example');
  for (const e of [...episodes].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const seen = lastSeen(e.daysAgo, e.at, now);
    const back = later(seen, e.hoursAway);
    const mentions: MentionInput[] = [
      ...(e.foundWithAdults ?? []).map((value) => ({ kind: 'adult' as const, context: 'found_with' as const, value })),
      ...(e.foundWithYoungPeople ?? []).map((value) => ({ kind: 'young_person' as const, context: 'found_with' as const, value })),
      ...(e.vehicles ?? []).map((value) => ({ kind: 'vehicle' as const, context: 'while_away' as const, value })),
    ];
    const result = await recordEpisode(
      tx,
      ctx,
      await as(e.by),
      youngPersonId,
      {
        kind: e.kind ?? 'missing',
        lastSeenAt: seen,
        lastSeenWhere: e.lastSeenWhere ?? null,
        reportedAt: later(seen, 1),
        reportedBy: e.reportedBy ?? null,
        policeReference: e.policeReference ?? null,
        lookedAfter: isLookedAfter(yp?.livingArrangement, yp?.lookedAfter),
        placement: e.placement ?? null,
      },
      { source: 'web' },
      { returnedAt: back, foundWhere: e.foundWhere ?? null, howReturned: e.howReturned, whileAway: e.whileAway ?? null, mentions, interviewAgencyId: e.interview ? ids.agencyIds.get(e.interview.agency)! : null },
      now,
    );
    if (!result.ok) throw new Error(`Demo missing episode refused: ${JSON.stringify(result.errors)}`);
    const episodeId = result.value.id;
    if (e.strategyMeetingNote) {
      await recordStrategyMeeting(tx, ctx, coordinator, episodeId, { outcome: 'held', at: later(seen, 40), note: e.strategyMeetingNote }, now);
    }
    if (e.interview) {
      const i = e.interview;
      const offeredAt = later(back, i.hoursAfterReturn);
      const held = i.held;
      await saveReturnInterview(
        tx,
        ctx,
        await as(i.by),
        episodeId,
        {
          offer: { offeredAt, interviewerName: i.interviewerName, interviewerAgencyId: ids.agencyIds.get(i.agency)!, independent: true, response: i.response },
          outcome: held
            ? {
                completedAt: later(offeredAt, held.hoursAfterOffer),
                pushFactors: held.push,
                pullFactors: held.pull,
                whereTheyWere: held.where ?? null,
                withWhom: held.withWhom ?? null,
                disclosure: held.disclosure ? 'yes' : 'no',
                disclosureDetails: held.disclosure ?? null,
                learning: held.learning,
                mentions: [],
              }
            : undefined,
        },
        now,
      );
    }
  }
  // The demo's past episodes were long since read about by whoever reported them.
  await tx.update(feedbackMessages).set({ readAt: now }).where(and(like(feedbackMessages.kind, 'missing_%'), isNull(feedbackMessages.readAt)));
}
