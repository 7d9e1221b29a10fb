/**
 * Instrument versions as data, per area: the current published version, a draft for the next
 * one, publishing (validated and audited) and the history. Version 1 of every area is the
 * shipped default, created the first time the area needs an instrument, so areas that existed
 * before this module get one too.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, auditRead, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { failWithProblems, succeed, type Outcome } from '../../platform/outcome.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { users } from '../organisation/tables.ts';
import { createDefaultInstrument, DEFAULT_INSTRUMENT_ID, validateInstrument, type Instrument, type Problem } from './instrument/index.ts';
import { instrumentVersions } from './tables.ts';

export type VersionRow = typeof instrumentVersions.$inferSelect;

export interface LoadedVersion {
  row: VersionRow;
  instrument: Instrument;
}

/** A refusal that rolls back the transaction it is thrown from; the caller turns it into messages. */
export class Refusal extends Error {
  constructor(
    readonly problems: Problem[],
    readonly kind: 'invalid' | 'conflict' = 'invalid',
  ) {
    super('refused');
  }
}

// Published and retired versions never change, so their parsed instruments can be kept by row id.
const frozen = new Map<string, Instrument>();

/** The instrument a row holds, with the row's status and version (the columns are the truth). */
export function instrumentOf(row: VersionRow): Instrument {
  if (row.status !== 'draft') {
    const cached = frozen.get(row.id);
    if (cached && cached.status === row.status) return cached;
  }
  const instrument: Instrument = { ...structuredClone(row.instrument), version: row.version, status: row.status as Instrument['status'], areaId: row.areaId };
  if (row.status !== 'draft') frozen.set(row.id, instrument);
  return instrument;
}

const SYSTEM = (requestId: string): RequestContext => ({ actor: null, ip: null, requestId });

/** Creates version 1 (the shipped default) for an area that has no instrument yet; safe to call at any time. */
export async function ensureAreaInstrument(db: Db, areaId: string): Promise<void> {
  const [existing] = await db.select({ id: instrumentVersions.id }).from(instrumentVersions).where(eq(instrumentVersions.areaId, areaId)).limit(1);
  if (existing) return;
  const instrument = createDefaultInstrument();
  instrument.areaId = areaId;
  // A new area starts on the shipped default as its own version 1.
  instrument.basedOn = null;
  instrument.changeNote = 'First version, as shipped with Lantern: the level follows the kind of signs present.';
  await auditedCommand(
    db,
    SYSTEM('risk-default-instrument'),
    (id: string | null) => ({ action: 'create', recordKind: 'instrument_version', ...(id ? { recordId: id } : {}), details: { areaId, version: 1, event: 'default_created', created: id !== null } }),
    async (tx) => {
      const [row] = await tx
        .insert(instrumentVersions)
        .values({
          areaId,
          instrumentId: instrument.id,
          version: 1,
          status: 'published',
          instrument,
          changeNote: instrument.changeNote ?? null,
          publishedAt: new Date(),
        })
        .onConflictDoNothing()
        .returning({ id: instrumentVersions.id });
      return row?.id ?? null;
    },
  );
}

/** Whether a row is version 1 exactly as Lantern first created it for the area, before the signs model. */
function isUntouchedFirstDefault(row: VersionRow): boolean {
  return row.version === 1 && row.status === 'published' && row.createdByUserId === null && row.instrument.scoring?.method === undefined;
}

/**
 * Moves an area still on the untouched first shipped version to the shipped default of now, as a
 * new published version (version 1 is retired, so assessments made with it keep it and their
 * level). An area that has started its own versions keeps them: its coordinator decides.
 */
async function adoptShippedDefault(db: Db, areaId: string, first: VersionRow): Promise<void> {
  const instrument = createDefaultInstrument();
  instrument.areaId = areaId;
  await auditedCommand(
    db,
    SYSTEM('risk-default-instrument'),
    (id: string | null) => ({ action: 'create', recordKind: 'instrument_version', ...(id ? { recordId: id } : {}), details: { areaId, version: 2, event: 'shipped_default_adopted', retiredVersion: 1, created: id !== null } }),
    async (tx) => {
      const versions = await tx.select({ id: instrumentVersions.id, status: instrumentVersions.status }).from(instrumentVersions).where(and(eq(instrumentVersions.areaId, areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID))).for('update');
      // Another request got here first, or the coordinator has begun a version of their own.
      if (versions.length !== 1 || versions[0]?.id !== first.id || versions[0]?.status !== 'published') return null;
      const now = new Date();
      await tx.update(instrumentVersions).set({ status: 'retired', retiredAt: now, updatedAt: now }).where(eq(instrumentVersions.id, first.id));
      const [row] = await tx
        .insert(instrumentVersions)
        .values({ areaId, instrumentId: instrument.id, version: 2, status: 'published', instrument, changeNote: instrument.changeNote ?? null, basedOnVersion: 1, publishedAt: now })
        .returning({ id: instrumentVersions.id });
      return row?.id ?? null;
    },
  );
}

/** The area's current published version (creating the default the first time, and moving an untouched first default to the shipped one). */
export async function currentVersion(db: Db, areaId: string): Promise<LoadedVersion> {
  const find = async () => {
    const [row] = await db
      .select()
      .from(instrumentVersions)
      .where(and(eq(instrumentVersions.areaId, areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID), eq(instrumentVersions.status, 'published')));
    return row;
  };
  let row = await find();
  if (!row) {
    await ensureAreaInstrument(db, areaId);
    row = await find();
  }
  if (row && isUntouchedFirstDefault(row)) {
    await adoptShippedDefault(db, areaId, row);
    row = await find();
  }
  if (!row) throw new Error('The area has no published risk instrument');
  return { row, instrument: instrumentOf(row) };
}

/**
 * The current instrument without reading its JSON when it is already known: one small indexed
 * query. For pages that only need the checklist or the level labels.
 */
export async function currentInstrument(db: Db, areaId: string): Promise<Instrument> {
  const [head] = await db
    .select({ id: instrumentVersions.id, status: instrumentVersions.status })
    .from(instrumentVersions)
    .where(and(eq(instrumentVersions.areaId, areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID), eq(instrumentVersions.status, 'published')));
  const cached = head ? frozen.get(head.id) : undefined;
  if (cached && cached.status === 'published' && !(cached.version === 1 && cached.scoring.method === undefined)) return cached;
  return (await currentVersion(db, areaId)).instrument;
}

export async function versionById(db: Db, areaId: string, id: string): Promise<LoadedVersion | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(instrumentVersions).where(and(eq(instrumentVersions.id, id), eq(instrumentVersions.areaId, areaId)));
  return row ? { row, instrument: instrumentOf(row) } : null;
}

export async function versionByNumber(db: Db, areaId: string, version: number): Promise<LoadedVersion | null> {
  if (!Number.isInteger(version) || version < 1) return null;
  const [row] = await db
    .select()
    .from(instrumentVersions)
    .where(and(eq(instrumentVersions.areaId, areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID), eq(instrumentVersions.version, version)));
  return row ? { row, instrument: instrumentOf(row) } : null;
}

export async function draftVersion(db: Db, areaId: string): Promise<LoadedVersion | null> {
  const [row] = await db
    .select()
    .from(instrumentVersions)
    .where(and(eq(instrumentVersions.areaId, areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID), eq(instrumentVersions.status, 'draft')));
  return row ? { row, instrument: instrumentOf(row) } : null;
}

/** Every version of the area's instrument, newest first, with who published it and how many assessments used it. */
export async function versionHistory(db: Db, areaId: string) {
  await ensureAreaInstrument(db, areaId);
  return rows<{ id: string; version: number; status: string; change_note: string | null; created_at: Date; published_at: Date | null; retired_at: Date | null; published_by: string | null; assessments: number }>(
    db,
    sql`select v.id, v.version, v.status, v.change_note, v.created_at, v.published_at, v.retired_at, u.name as published_by,
          (select count(*)::int from risk_assessments ra where ra.instrument_version_id = v.id) as assessments
        from ${instrumentVersions} v left join ${users} u on u.id = v.published_by_user_id
        where v.area_id = ${areaId} and v.instrument_id = ${DEFAULT_INSTRUMENT_ID}
        order by v.version desc`,
  );
}

/** Starts the next version as a copy of the current one; answers the existing draft if there is one. */
export async function startDraftVersion(db: Db, ctx: RequestContext, user: SignedInUser): Promise<LoadedVersion> {
  const existing = await draftVersion(db, user.areaId);
  if (existing) return existing;
  const current = await currentVersion(db, user.areaId);
  const [top] = await db
    .select({ version: instrumentVersions.version })
    .from(instrumentVersions)
    .where(and(eq(instrumentVersions.areaId, user.areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID)))
    .orderBy(desc(instrumentVersions.version))
    .limit(1);
  const version = (top?.version ?? current.row.version) + 1;
  const instrument: Instrument = {
    ...structuredClone(current.instrument),
    version,
    status: 'draft',
    areaId: user.areaId,
    basedOn: { id: current.instrument.id, version: current.row.version },
    changeNote: '',
  };
  const id = await auditedCommand(
    db,
    ctx,
    (created: string | null) => ({ action: 'create', recordKind: 'instrument_version', ...(created ? { recordId: created } : {}), details: { version, basedOn: current.row.version, event: 'draft_started' } }),
    async (tx) => {
      const [row] = await tx
        .insert(instrumentVersions)
        .values({ areaId: user.areaId, instrumentId: instrument.id, version, status: 'draft', instrument, basedOnVersion: current.row.version, createdByUserId: user.userId })
        .onConflictDoNothing()
        .returning({ id: instrumentVersions.id });
      return row?.id ?? null;
    },
  );
  // Two coordinators starting at once: the second finds the first one's draft.
  const draft = id ? await versionById(db, user.areaId, id) : await draftVersion(db, user.areaId);
  if (!draft) throw new Error('The draft version could not be created');
  return draft;
}

/**
 * A change to a version: refused as `invalid` with the change's problems, or as a `conflict` when
 * the version may not change (it is not a draft, or there is no draft).
 */
export type VersionChange = Outcome<undefined, 'invalid' | 'conflict' | 'not_found', Problem>;

/**
 * Applies one change to the area's draft version, in a transaction that locks it. `change`
 * mutates the instrument and returns problems with the input (nothing is saved when it does).
 * Only drafts change: a published or retired version, or one an assessment has used, is frozen
 * (the database refuses it too).
 */
export async function changeDraft(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  what: { change: string; details?: Record<string, unknown> },
  change: (instrument: Instrument) => Problem[],
): Promise<VersionChange> {
  try {
    await auditedCommand(
      db,
      ctx,
      (id: string) => ({ action: 'update', recordKind: 'instrument_version', recordId: id, details: { change: what.change, ...what.details } }),
      async (tx) => {
        const [row] = await tx
          .select()
          .from(instrumentVersions)
          .where(and(eq(instrumentVersions.areaId, user.areaId), eq(instrumentVersions.instrumentId, DEFAULT_INSTRUMENT_ID), eq(instrumentVersions.status, 'draft')))
          .for('update');
        if (!row) throw new Refusal([{ path: '', message: 'There is no draft version to change. Start a new draft from the current version.' }], 'conflict');
        const instrument = structuredClone(row.instrument);
        const problems = change(instrument);
        if (problems.length > 0) throw new Refusal(problems);
        await tx.update(instrumentVersions).set({ instrument, updatedAt: new Date() }).where(eq(instrumentVersions.id, row.id));
        return row.id;
      },
    );
    return succeed();
  } catch (error) {
    if (error instanceof Refusal) return failWithProblems(error.kind, error.problems);
    throw error;
  }
}

/**
 * Refuses to change any version that is not a draft. Exists so callers that hold a version id
 * (not just "the area's draft") get the same answer as the database's trigger, in words.
 */
export async function changeVersion(db: Db, ctx: RequestContext, user: SignedInUser, versionId: string, change: (instrument: Instrument) => Problem[]): Promise<VersionChange> {
  const loaded = await versionById(db, user.areaId, versionId);
  if (!loaded) return failWithProblems('not_found', [{ path: '', message: 'There is no such version of the instrument.' }]);
  const [used] = await rows<{ n: number }>(db, sql`select count(*)::int as n from risk_assessments where instrument_version_id = ${versionId}`);
  if (loaded.row.status !== 'draft' || (used?.n ?? 0) > 0) {
    return failWithProblems('conflict', [
      {
        path: '',
        message: `Version ${loaded.row.version} is ${loaded.row.status}${(used?.n ?? 0) > 0 ? ` and ${used!.n} assessment${used!.n === 1 ? ' has' : 's have'} used it` : ''}, so it cannot be changed. Start a draft of a new version instead; earlier assessments keep the version they were made with.`,
      },
    ]);
  }
  return changeDraft(db, ctx, user, { change: 'edit', details: { versionId } }, change);
}

export async function discardDraftVersion(db: Db, ctx: RequestContext, user: SignedInUser): Promise<boolean> {
  const draft = await draftVersion(db, user.areaId);
  if (!draft) return false;
  return auditedCommand(db, ctx, { action: 'delete', recordKind: 'instrument_version', recordId: draft.row.id, details: { version: draft.row.version, event: 'draft_discarded' } }, async (tx) => {
    const removed = await tx.delete(instrumentVersions).where(and(eq(instrumentVersions.id, draft.row.id), eq(instrumentVersions.status, 'draft'))).returning({ id: instrumentVersions.id });
    return removed.length > 0;
  });
}

export const MAX_CHANGE_NOTE = 2000;

/** The problems that stop a draft being published, from the instrument's own validation. */
export function publishProblems(instrument: Instrument): Problem[] {
  const result = validateInstrument({ ...instrument, status: 'published' });
  return result.ok ? [] : result.problems;
}

/**
 * Publishes the area's draft: validated first (refused with the validation's messages), then
 * the current version is retired and the draft becomes current, in one audited transaction.
 * Assessments already made keep their version; drafts of assessments on the old version must
 * be carried over before they can be submitted.
 */
export async function publishDraft(db: Db, ctx: RequestContext, user: SignedInUser, changeNote: string): Promise<Outcome<{ version: number }, 'invalid' | 'conflict', Problem>> {
  const draft = await draftVersion(db, user.areaId);
  if (!draft) return failWithProblems('conflict', [{ path: '', message: 'There is no draft version to publish.' }]);
  const note = changeNote.trim();
  const problems: Problem[] = [];
  if (!note) problems.push({ path: 'changeNote', message: 'Say what has changed in this version, so that assessors understand the difference.' });
  else if (note.length > MAX_CHANGE_NOTE) problems.push({ path: 'changeNote', message: `What has changed must be ${MAX_CHANGE_NOTE} characters or fewer.` });
  problems.push(...publishProblems(draft.instrument));
  if (problems.length > 0) {
    await auditRead(db, ctx, { action: 'update', recordKind: 'instrument_version', recordId: draft.row.id, outcome: 'failure', details: { event: 'publish_refused', version: draft.row.version, problems: problems.length } });
    return failWithProblems('invalid', problems);
  }
  try {
    const version = await auditedCommand(
      db,
      ctx,
      (v: { version: number; previous: number | null }) => ({ action: 'update', recordKind: 'instrument_version', recordId: draft.row.id, details: { event: 'published', version: v.version, retiredVersion: v.previous } }),
      async (tx) => {
        const [row] = await tx.select().from(instrumentVersions).where(and(eq(instrumentVersions.id, draft.row.id), eq(instrumentVersions.status, 'draft'))).for('update');
        if (!row) throw new Refusal([{ path: '', message: 'This draft has already been published or discarded.' }], 'conflict');
        // Validated again under the lock: the draft may have changed since the check above.
        const again = publishProblems(row.instrument);
        if (again.length > 0) throw new Refusal(again);
        const now = new Date();
        const [previous] = await tx
          .update(instrumentVersions)
          .set({ status: 'retired', retiredAt: now })
          .where(and(eq(instrumentVersions.areaId, user.areaId), eq(instrumentVersions.instrumentId, row.instrumentId), eq(instrumentVersions.status, 'published')))
          .returning({ version: instrumentVersions.version });
        await tx
          .update(instrumentVersions)
          .set({ status: 'published', instrument: { ...row.instrument, status: 'published', changeNote: note }, changeNote: note, publishedAt: now, publishedByUserId: user.userId, updatedAt: now })
          .where(eq(instrumentVersions.id, row.id));
        return { version: row.version, previous: previous?.version ?? null };
      },
    );
    return succeed({ version: version.version });
  } catch (error) {
    if (error instanceof Refusal) return failWithProblems(error.kind, error.problems);
    throw error;
  }
}
