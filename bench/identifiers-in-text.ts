/**
 * Finding identifiers in free text, as a concern is submitted: every vehicle, phone and account
 * line and the account of what happened are read. Reports the time for one typical concern's
 * text (all its fields together), p50, p95 and mean in milliseconds, after a warm-up, and the CPU
 * time per concern (which the machine's other work does not inflate).
 */
import { performance } from 'node:perf_hooks';
import { findIdentifiersInText } from '../src/modules/identifiers/index.ts';

export interface IdentifiersInTextBenchOptions {
  runs: number;
}

/** Fictional concerns as partners write them: short lines and a paragraph or two of narrative. */
const TYPICAL_CONCERNS: ReadonlyArray<readonly string[]> = [
  [
    'black Audi AB12 CDE',
    '07700 900123',
    'snap: mimi_x',
    'Jade was seen getting into a black Audi outside school at 15:30 on 3 March 2026. The driver, an older man, has been calling her on 07700 900456 and messaging her on Snapchat (@deano_77). Her friend said they went to the Mill Street Grill, LU1 3AB, and she came home at 23:00 with a new phone.',
  ],
  [
    'silver Ford Focus, partial plate NB19',
    'Staff at the takeaway reported a girl aged about 14 with two men in their 20s, one in a grey van, registration possibly A123 BCD. She gave her number as +44 7700 900789 and said her insta is jay.k99. Police PC 1234 attended and spoke to the manager. No further incidents since 2024.',
  ],
  [
    'She told her teacher that an adult she met online asked for photos. She would not name him but showed a message from dean.m@example.com and said he lives near the A1 in a flat above the shops at 14 High Street. She was upset and asked that her mum is not told yet. The school nurse saw her at 10:30 the next day.',
  ],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function benchIdentifiersInText(options: IdentifiersInTextBenchOptions) {
  const readConcern = (fields: readonly string[]) => {
    let found = 0;
    for (const field of fields) found += findIdentifiersInText(field).found.length;
    return found;
  };
  for (let i = 0; i < 200; i++) for (const concern of TYPICAL_CONCERNS) readConcern(concern);
  const times: number[] = [];
  // CPU time as well as wall time: on a shared machine a wall-clock p95 also counts the time the process waited for a core.
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < options.runs; i++) {
    const concern = TYPICAL_CONCERNS[i % TYPICAL_CONCERNS.length]!;
    const started = performance.now();
    readConcern(concern);
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    concerns: options.runs,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    meanMs: round(times.reduce((sum, t) => sum + t, 0) / times.length),
    cpuMsPerConcern: round((cpu.user + cpu.system) / 1000 / options.runs),
  };
}
