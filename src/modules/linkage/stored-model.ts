/**
 * Each area's model in the database: trained from the area's own records, stored as JSON with
 * when it was trained, loaded once per process and checked now and then for staleness.
 *
 * - Missing (or made by an older engine): trained there and then, before the first match.
 * - Stale (the area has grown or shrunk by a fifth, or it is half a year old): the stored model
 *   keeps serving while a new one is trained in the background, in a worker thread so the web
 *   server keeps answering.
 * - `npm run lantern -- linkage train [--area CODE]` retrains on demand.
 */
import { Worker } from 'node:worker_threads';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { AreaSettings } from '../organisation/tables.ts';
import { fitAreaModel, MIN_TRAINING_RECORDS, MODEL_VERSION, scoringModel, type AreaFit, type ScoringModel } from './area-model.ts';
import { DEFAULT_THRESHOLDS } from './engine.ts';
import { rebuildAreaKeys } from './keys.ts';
import { loadMatchable, type MatchablePerson } from './people.ts';
import { linkageModels } from './tables.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';

export interface Thresholds {
  /** Shown to the coordinator as a possible duplicate; a practitioner is told a possible match exists. */
  review: number;
  /** Offered proactively; an import does not create a record matching an existing one this closely. */
  autoSuggest: number;
}

export function thresholdsFrom(settings: AreaSettings | null | undefined): Thresholds {
  const valid = (value: unknown, fallback: number) => (typeof value === 'number' && value > 0 && value < 1 ? value : fallback);
  const review = valid(settings?.linkageReviewThreshold, DEFAULT_THRESHOLDS.review);
  return { review, autoSuggest: Math.max(review, valid(settings?.linkageAutoSuggestThreshold, DEFAULT_THRESHOLDS.autoSuggest)) };
}

export async function areaThresholds(db: Db, areaId: string): Promise<Thresholds> {
  return thresholdsFrom(await areaSettings(db, areaId));
}

export interface LoadedModel extends ScoringModel {
  areaId: string;
  trainedAt: Date;
  recordCount: number;
  thresholds: Thresholds;
}

/** The system acting on its own (automatic training): audit rows say so by their request id. */
const SYSTEM_CONTEXT: RequestContext = { actor: null, ip: null, requestId: 'linkage-model' };

/** How often a process looks again at the stored model (a retrain elsewhere, staleness, thresholds). */
const RECHECK_MS = 60_000;
const STALE_AFTER_DAYS = 180;
/** A model is stale once the area's record count differs from the training count by this share… */
const STALE_SHARE = 0.2;
/** …and by at least this many records (a handful of new records in a small area changes nothing). */
const STALE_MIN_RECORDS = 50;

const cache = new Map<string, { loaded: LoadedModel; checkedAt: number }>();
const training = new Map<string, Promise<TrainSummary>>();

export function isStale(trainedCount: number, currentCount: number, trainedAt: Date, now = new Date()): boolean {
  const change = Math.abs(currentCount - trainedCount);
  if (change >= STALE_MIN_RECORDS && change > STALE_SHARE * Math.max(1, trainedCount)) return true;
  return now.getTime() - trainedAt.getTime() > STALE_AFTER_DAYS * 86_400_000;
}

/** Forget cached models (after training, and in tests). */
export function forgetCachedModel(areaId?: string): void {
  if (areaId) cache.delete(areaId);
  else cache.clear();
}

/**
 * The area's model, trained first if there is none. Cheap after the first call: the stored row is
 * looked at again only once a minute.
 */
export async function getAreaModel(db: Db, areaId: string): Promise<LoadedModel> {
  const cached = cache.get(areaId);
  const now = Date.now();
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached.loaded;

  const [head] = await rows<{ trained_at: string | Date; record_count: number; version: number | null; settings: AreaSettings | null; current: number }>(
    db,
    sql`select m.trained_at, m.record_count, (m.model->>'version')::int as version, a.settings,
          (select count(*)::int from young_people yp where yp.area_id = a.id and yp.merged_into_id is null) as current
        from areas a left join linkage_models m on m.area_id = a.id where a.id = ${areaId}`,
  );
  if (!head) throw new Error('No such area');
  const thresholds = thresholdsFrom(head.settings);
  if (!head.trained_at || head.version !== MODEL_VERSION) {
    const training = trainOnce(db, areaId, SYSTEM_CONTEXT, { offThread: true });
    if (head.current > MIN_TRAINING_RECORDS) {
      // A large area without a model (say, just upgraded): answer now with a model of the same
      // engine fitted to fictional records, and use the area's own as soon as it is ready.
      training.catch(() => {});
      return { ...(await interimModel()), areaId, trainedAt: new Date(0), recordCount: 0, thresholds };
    }
    // A small area is trained there and then (a few seconds), off the main thread.
    await training;
    return loadStored(db, areaId, thresholds);
  }
  const trainedAt = new Date(head.trained_at);
  if (isStale(head.record_count, head.current, trainedAt)) {
    // Keep serving the stored model; a fresh one replaces it when ready.
    void trainOnce(db, areaId, SYSTEM_CONTEXT, { offThread: true }).catch(() => {});
  }
  if (cached && cached.loaded.trainedAt.getTime() === trainedAt.getTime()) {
    cached.loaded.thresholds = thresholds;
    cached.checkedAt = now;
    return cached.loaded;
  }
  return loadStored(db, areaId, thresholds);
}

let interim: Promise<ScoringModel> | null = null;

/** A model fitted to fictional records only, for a large area whose own model is still being trained. */
function interimModel(): Promise<ScoringModel> {
  interim ??= (async () => {
    const options = { reviewThreshold: DEFAULT_THRESHOLDS.review, referenceDate: new Date() };
    const fit = await fitInWorker([], options).catch(() => fitAreaModel([], options));
    return scoringModel(fit.stored);
  })();
  return interim;
}

async function loadStored(db: Db, areaId: string, thresholds: Thresholds): Promise<LoadedModel> {
  const [row] = await db.select().from(linkageModels).where(eq(linkageModels.areaId, areaId));
  if (!row) throw new Error('The area has no linkage model');
  const loaded: LoadedModel = { ...scoringModel(row.model), areaId, trainedAt: row.trainedAt, recordCount: row.recordCount, thresholds };
  cache.set(areaId, { loaded, checkedAt: Date.now() });
  return loaded;
}

export interface TrainSummary {
  areaId: string;
  records: number;
  syntheticRecords: number;
  candidatePairs: number;
  pairsAtReview: number;
  milliseconds: number;
}

/** One training per area at a time in this process; a second caller waits for the first. */
function trainOnce(db: Db, areaId: string, ctx: RequestContext, options: { offThread: boolean }): Promise<TrainSummary> {
  const running = training.get(areaId);
  if (running) return running;
  const started = trainAreaModel(db, ctx, areaId, options).finally(() => training.delete(areaId));
  training.set(areaId, started);
  return started;
}

/** Reads the area's records, fits its model (in a worker thread when asked), and stores it with the pairs it found. */
export async function trainAreaModel(db: Db, ctx: RequestContext, areaId: string, options: { offThread?: boolean; referenceDate?: Date } = {}): Promise<TrainSummary> {
  const readAt = new Date();
  const thresholds = await areaThresholds(db, areaId);
  // Records written before keys were stored (an upgraded database) get theirs first.
  const [coverage] = await rows<{ records: number; keyed: number }>(
    db,
    sql`select count(*)::int as records, count(*) filter (where exists (select 1 from linkage_keys k where k.young_person_id = yp.id))::int as keyed
        from young_people yp where yp.area_id = ${areaId} and yp.merged_into_id is null`,
  );
  if (coverage && coverage.keyed < coverage.records) await rebuildAreaKeys(db, areaId);
  const people = await loadMatchable(db, sql`yp.area_id = ${areaId} and yp.merged_into_id is null`, sql`order by yp.number`);
  const fitOptions = { reviewThreshold: thresholds.review, referenceDate: options.referenceDate ?? readAt };
  const fit = options.offThread ? await fitInWorker(people, fitOptions).catch(() => fitAreaModel(people, fitOptions)) : fitAreaModel(people, fitOptions);
  await saveFit(db, ctx, areaId, fit, readAt);
  forgetCachedModel(areaId);
  return {
    areaId,
    records: fit.stored.recordCount,
    syntheticRecords: fit.stored.syntheticRecords,
    candidatePairs: fit.stored.candidatePairs,
    pairsAtReview: fit.pairs.length,
    milliseconds: Math.round(fit.milliseconds),
  };
}

async function saveFit(db: Db, ctx: RequestContext, areaId: string, fit: AreaFit, readAt: Date): Promise<void> {
  await auditedCommand(
    db,
    ctx,
    {
      action: 'update',
      recordKind: 'linkage_model',
      recordId: areaId,
      details: { records: fit.stored.recordCount, syntheticRecords: fit.stored.syntheticRecords, candidatePairs: fit.stored.candidatePairs, pairsAtReview: fit.pairs.length, milliseconds: Math.round(fit.milliseconds) },
    },
    async (tx) => {
      const values = { model: fit.stored, trainedAt: new Date(), recordCount: fit.stored.recordCount, trainingMs: Math.round(fit.milliseconds), pairsRefreshedAt: readAt };
      await tx.insert(linkageModels).values({ areaId, ...values }).onConflictDoUpdate({ target: linkageModels.areaId, set: values });
      await tx.execute(sql`delete from linkage_pairs where area_id = ${areaId}`);
      await insertPairs(tx, areaId, fit.pairs);
    },
  );
}

/** Writes pairs (a < b) for the duplicates list, replacing any earlier score of the same pair. */
export async function insertPairs(tx: Db, areaId: string, found: Array<{ a: string; b: string; matchProbability: number; matchWeight: number }>): Promise<void> {
  // A pair found from both ends is written once, at its best score.
  const best = new Map<string, (typeof found)[number]>();
  for (const pair of found) {
    const key = `${pair.a}|${pair.b}`;
    const current = best.get(key);
    if (!current || pair.matchWeight > current.matchWeight) best.set(key, pair);
  }
  const pairs = [...best.values()];
  const CHUNK = 20_000;
  for (let start = 0; start < pairs.length; start += CHUNK) {
    const slice = pairs.slice(start, start + CHUNK);
    await tx.execute(sql`insert into linkage_pairs (area_id, young_person_a, young_person_b, match_probability, match_weight)
      select ${areaId}::uuid, a, b, p, w from unnest(${`{${slice.map((pair) => pair.a).join(',')}}`}::uuid[], ${`{${slice.map((pair) => pair.b).join(',')}}`}::uuid[],
        ${`{${slice.map((pair) => pair.matchProbability).join(',')}}`}::float8[], ${`{${slice.map((pair) => pair.matchWeight).join(',')}}`}::float8[]) as t(a, b, p, w)
      on conflict (young_person_a, young_person_b) do update set match_probability = excluded.match_probability, match_weight = excluded.match_weight, found_at = now()`);
  }
}

/**
 * Runs the fit in a worker thread. The worker registers tsx's loader itself (Node 20 workers do
 * not inherit it), then imports the fitting code.
 */
function fitInWorker(people: MatchablePerson[], options: { reviewThreshold: number; referenceDate: Date }): Promise<AreaFit> {
  const target = new URL('./area-model-worker.ts', import.meta.url).href;
  const loader = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
  return new Promise<AreaFit>((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: { people, options: { ...options, referenceDate: options.referenceDate.toISOString() } } });
    worker.once('message', (fit: AreaFit) => {
      resolve(fit);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The training worker stopped (exit code ${code})`));
    });
  });
}
