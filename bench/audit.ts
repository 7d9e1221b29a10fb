/**
 * The audit write on its own (issue 14): every request appends one row, so its cost is paid
 * everywhere. Writes `writes` rows one after another in process and reports the latency of each
 * (p50, p95, mean, in milliseconds) and the hashing alone (microseconds per row).
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/platform/db/database.ts';
import { auditRead, auditRowHash, ensureAuditChains, GENESIS_HASH, type RequestContext } from '../src/platform/audit/audit.ts';

export interface AuditBenchOptions {
  databaseUrl?: string;
  writes: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchAudit(options: AuditBenchOptions) {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, poolSize: 2 });
  try {
    await database.migrate();
    await ensureAuditChains(database.db);
    const context: RequestContext = { actor: null, ip: '192.0.2.50', requestId: null };
    const times: number[] = [];
    for (let i = 0; i < options.writes; i++) {
      const started = performance.now();
      await auditRead(database.db, context, { action: 'view', recordKind: 'bench', recordId: String(i), details: { i } });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const hashRuns = 20_000;
    const row = {
      chain: 1, chainSeq: 1, occurredAt: new Date(), actorUserId: null, actorAgencyId: null, actorRole: null, areaId: null,
      action: 'view', recordKind: 'bench', recordId: '1', outcome: 'success', ip: '192.0.2.50', requestId: 'r', reason: null, details: { i: 1 }, prevHash: GENESIS_HASH,
    };
    const hashStarted = performance.now();
    for (let i = 0; i < hashRuns; i++) auditRowHash({ ...row, chainSeq: i });
    const hashMicros = ((performance.now() - hashStarted) * 1000) / hashRuns;
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      database: database.kind,
      writes: options.writes,
      writeMs: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), mean: round(times.reduce((a, b) => a + b, 0) / times.length) },
      hashMicrosPerRow: round(hashMicros),
    };
  } finally {
    await database.close();
  }
}
