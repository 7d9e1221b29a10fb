import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { pageInQuery, recordAddress } from '../../platform/http/page-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { visibleYoungPeople, displayName, referenceFor } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { triageOutcome } from './outcomes.ts';
import { typedSubjectSummary } from './queue.ts';
import { REFERRER_STATUS_FROM_KIND, additionsOf, concernReference, feedbackKindLabel, markFeedbackRead } from '../concerns/index.ts';
import { concerns, feedbackMessages } from '../concerns/tables.ts';

export const MY_CONCERNS_PAGE_SIZE = 20;

/** Messages that report the triage decision, whose status the concern row itself holds. */
const TRIAGE_KINDS = new Set(['triage', 'triage_outcome']);

/**
 * The status of a concern in the referrer's words: the newest step they were told of that changes
 * it (a risk assessment, the panel…), else the concern's own triage status. Later statuses fall
 * back to a readable form of their name.
 */
export function statusForReferrer(status: string, outcome: string | null, toldKinds: readonly string[] = []): { text: string; colour: string } {
  const latest = toldKinds.findLast((kind) => kind in REFERRER_STATUS_FROM_KIND || TRIAGE_KINDS.has(kind));
  if (latest && !TRIAGE_KINDS.has(latest)) return REFERRER_STATUS_FROM_KIND[latest]!;
  if (status === 'new') return { text: 'Sent – waiting for the coordinator', colour: 'blue' };
  if (status === 'triaged') return { text: triageOutcome(outcome)?.referrerLabel ?? 'Reviewed by the coordinator', colour: 'green' };
  if (status === 'closed') return { text: 'Closed', colour: 'grey' };
  return { text: status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), colour: 'grey' };
}

const concernColumns = {
  id: concerns.id,
  number: concerns.number,
  submittedAt: concerns.submittedAt,
  status: concerns.status,
  outcome: concerns.outcome,
  subjectKind: concerns.subjectKind,
  subject: concerns.subject,
  urgent: concerns.urgent,
  // The linked record's name only when the referrer may see that record (the policy, in the join).
  yp: { id: youngPeople.id, number: youngPeople.number, givenName: youngPeople.givenName, familyName: youngPeople.familyName, aliases: youngPeople.aliases },
};

type ConcernListRow = {
  id: string;
  number: number;
  submittedAt: Date;
  status: string;
  outcome: string | null;
  subjectKind: string;
  subject: Parameters<typeof typedSubjectSummary>[0];
  urgent: boolean;
  yp: { id: string; number: number; givenName: string | null; familyName: string | null; aliases: string[] } | null;
};

function aboutText(row: ConcernListRow): string {
  if (row.yp) return `${displayName(row.yp)} (${referenceFor(row.yp.number)})`;
  return typedSubjectSummary(row.subject, row.subjectKind);
}

async function feedbackFor(db: Db, userId: string, concernIds: string[]) {
  if (!concernIds.length) return [];
  return db
    .select({ id: feedbackMessages.id, concernId: feedbackMessages.concernId, kind: feedbackMessages.kind, message: feedbackMessages.message, createdAt: feedbackMessages.createdAt, readAt: feedbackMessages.readAt })
    .from(feedbackMessages)
    .where(and(eq(feedbackMessages.recipientUserId, userId), inArray(feedbackMessages.concernId, concernIds)))
    .orderBy(asc(feedbackMessages.createdAt), asc(feedbackMessages.id));
}

/** Updates about other things the user reported (a missing episode, say): the newest, whichever they are. */
async function otherUpdatesFor(db: Db, userId: string) {
  return db
    .select({ id: feedbackMessages.id, concernId: feedbackMessages.concernId, kind: feedbackMessages.kind, message: feedbackMessages.message, createdAt: feedbackMessages.createdAt, readAt: feedbackMessages.readAt })
    .from(feedbackMessages)
    .where(and(eq(feedbackMessages.recipientUserId, userId), isNull(feedbackMessages.concernId)))
    .orderBy(desc(feedbackMessages.createdAt))
    .limit(50);
}

/** A page of the concerns `user` raised, newest first, each with the feedback sent to them about it. */
export async function myConcernsPage(db: Db, user: SignedInUser, page: number) {
  const list = (await db
    .select(concernColumns)
    .from(concerns)
    .leftJoin(youngPeople, and(eq(youngPeople.id, concerns.youngPersonId), visibleYoungPeople(user)))
    .where(eq(concerns.raisedByUserId, user.userId))
    .orderBy(desc(concerns.submittedAt), desc(concerns.number))
    .limit(MY_CONCERNS_PAGE_SIZE + 1)
    .offset((page - 1) * MY_CONCERNS_PAGE_SIZE)) as ConcernListRow[];
  const shown = list.slice(0, MY_CONCERNS_PAGE_SIZE);
  const feedback = await feedbackFor(db, user.userId, shown.map((c) => c.id));
  return { concerns: shown, feedback, hasNext: list.length > MY_CONCERNS_PAGE_SIZE };
}

/** One concern, only for the person who raised it. */
export async function myConcern(db: Db, user: SignedInUser, concernId: string) {
  if (!isUuid(concernId)) return null;
  const [row] = await db
    .select({ ...concernColumns, details: concerns.details, whenText: concerns.whenText, whereText: concerns.whereText, occurredOn: concerns.occurredOn })
    .from(concerns)
    .leftJoin(youngPeople, and(eq(youngPeople.id, concerns.youngPersonId), visibleYoungPeople(user)))
    .where(and(eq(concerns.id, concernId), eq(concerns.raisedByUserId, user.userId)));
  if (!row) return null;
  const feedback = await feedbackFor(db, user.userId, [row.id]);
  return { concern: row as ConcernListRow & { details: string; whenText: string | null; whereText: string | null; occurredOn: string | null }, feedback };
}

function messageView(f: Awaited<ReturnType<typeof feedbackFor>>[number]) {
  return { id: f.id, kindLabel: feedbackKindLabel(f.kind), message: f.message, createdAt: f.createdAt, unread: f.readAt === null };
}

/** `feedback` oldest first, as feedbackFor returns it. */
function concernView(row: ConcernListRow, feedback: readonly { kind: string }[]) {
  return {
    id: row.id,
    reference: concernReference(row.number),
    submittedAt: row.submittedAt,
    about: aboutText(row),
    linkedId: row.yp?.id ?? null,
    urgent: row.urgent,
    status: statusForReferrer(row.status, row.outcome, feedback.map((f) => f.kind)),
  };
}

export default async function myConcernsRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/my-concerns', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'my_concerns' } },
    schema: { querystring: z.object({ page: pageInQuery }) },
  }, async (request, reply) => {
    const user = request.user!;
    const page = request.query.page;
    const { concerns: list, feedback, hasNext } = await myConcernsPage(db, user, page);
    const otherUpdates = page === 1 ? await otherUpdatesFor(db, user.userId) : [];
    const unreadIds = [...feedback, ...otherUpdates].filter((f) => f.readAt === null).map((f) => f.id);
    // Seeing the page is reading the messages on it: the view's row says how many were read.
    const read = await markFeedbackRead(db, user.userId, unreadIds);
    request.noteAudit({ details: { page, concernIds: list.map((c) => c.id), feedbackRead: read } });
    return reply.page('triage/views/my-concerns.njk', {
      title: 'My concerns',
      unreadShown: unreadIds.length,
      concerns: list.map((c) => {
        const about = feedback.filter((f) => f.concernId === c.id);
        return { ...concernView(c, about), messages: about.map(messageView) };
      }),
      otherUpdates: otherUpdates.map(messageView),
      previous: page > 1 ? { href: `?page=${page - 1}` } : null,
      next: hasNext ? { href: `?page=${page + 1}` } : null,
      page,
    });
  });

  pages.get('/my-concerns/:id', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'concern', recordId: 'id', details: { purpose: 'my_concerns' } } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const user = request.user!;
    const found = await myConcern(db, user, request.params.id);
    // Anyone but the person who raised it gets the same answer as for an id that does not exist.
    if (!found) throw notFound();
    const { concern, feedback } = found;
    const unreadIds = feedback.filter((f) => f.readAt === null).map((f) => f.id);
    request.noteAudit({ details: { feedbackRead: await markFeedbackRead(db, user.userId, unreadIds) } });
    return reply.page('triage/views/my-concerns-concern.njk', {
      title: `Concern ${concernReference(concern.number)}`,
      c: {
        ...concernView(concern, feedback),
        details: concern.details
          .split(/\n\s*\n/)
          .map((p) => p.trim())
          .filter(Boolean),
        whenText: concern.whenText,
        whereText: concern.whereText,
        occurredOn: concern.occurredOn,
      },
      messages: feedback.map(messageView),
      additions: await additionsOf(db, concern.id),
    });
  });
}
