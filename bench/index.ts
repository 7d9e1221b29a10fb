/**
 * `npm run bench [-- <section>… ] [--duration=SECONDS] [--connections=N]` prints one JSON document
 * with a key per section run. With no section named, all of them run. Progress goes to stderr.
 *
 *   platform   /health, a signed-in page and a bare Fastify route at 50 connections (issue 2)
 *   casework   search, the young person's page and API intake on a generated area (issue 3);
 *              --young-people=N --concerns=N change the size (default 10,000 / 100,000 on PGlite,
 *              100,000 / 1,000,000 on PostgreSQL)
 *   network    two-step network view and identifier look-up with adults and places of concern
 *              (issue 7); --young-people --concerns --adults --places --samples change the size
 *              (default 10,000 / 100,000 / 2,000 / 1,000 on PGlite; 100,000 / 1,000,000 / 20,000 /
 *              10,000 on PostgreSQL)
 *   linkage-online  one new person matched against 200,000 held records (issue 8); on PostgreSQL
 *              when DATABASE_URL is set, otherwise on PGlite
 *   panels     a panel member's case pack (page, PDF) and young people list on the casework area (issue 5)
 *   profile    the problem profile for a year and the snapshot on a day (issue 9) on the casework
 *              bench's generated area; p95 of each, one person at a time
 *   audit      one audit row written at a time, and the row hash alone (issue 14); --writes=N
 *   identifiers-in-text  registrations, phones, emails and accounts found in a typical concern's
 *              free text (p50, p95 per concern; must stay under 2 ms); --runs=N
 *
 * PGlite always; PostgreSQL as well when DATABASE_URL is set. Add a section by adding an entry
 * to SECTIONS. (The linkage benchmark is separate: npm run bench:linkage.)
 */
import { benchPlatform } from './platform.ts';
import { benchCasework } from './casework.ts';
import { benchLinkageOnline } from './linkage-online.ts';
import { benchNetwork } from './network.ts';
import { benchPanels } from './panels.ts';
import { benchProfile } from './profile.ts';
import { benchAudit } from './audit.ts';
import { benchIdentifiersInText } from './identifiers-in-text.ts';

type Flags = Record<string, string>;

const SECTIONS: Record<string, (flags: Flags) => Promise<unknown>> = {
  platform: (flags) =>
    benchPlatform({
      databaseUrl: process.env.DATABASE_URL,
      connections: number(flags, 'connections', 50),
      durationSeconds: number(flags, 'duration', 10),
    }),
  casework: async (flags) => {
    const durationSeconds = number(flags, 'duration', 10);
    const pglite = await benchCasework({ youngPeople: number(flags, 'young-people', 10_000), concerns: number(flags, 'concerns', 100_000), durationSeconds });
    if (!process.env.DATABASE_URL) return { pglite };
    const postgresql = await benchCasework({
      databaseUrl: process.env.DATABASE_URL,
      youngPeople: number(flags, 'young-people', 100_000),
      concerns: number(flags, 'concerns', 1_000_000),
      durationSeconds,
    });
    return { pglite, postgresql };
  },
  network: async (flags) => {
    const samples = number(flags, 'samples', 200);
    const pglite = await benchNetwork({ youngPeople: number(flags, 'young-people', 10_000), concerns: number(flags, 'concerns', 100_000), adults: number(flags, 'adults', 2_000), places: number(flags, 'places', 1_000), samples });
    if (!process.env.DATABASE_URL) return { pglite };
    const postgresql = await benchNetwork({
      databaseUrl: process.env.DATABASE_URL,
      youngPeople: number(flags, 'young-people', 100_000),
      concerns: number(flags, 'concerns', 1_000_000),
      adults: number(flags, 'adults', 20_000),
      places: number(flags, 'places', 10_000),
      samples,
    });
    return { pglite, postgresql };
  },
  'linkage-online': (flags) => benchLinkageOnline({ youngPeople: number(flags, 'held', 200_000) }),
  panels: async (flags) => {
    const durationSeconds = number(flags, 'duration', 10);
    const pglite = await benchPanels({ youngPeople: number(flags, 'young-people', 10_000), concerns: number(flags, 'concerns', 100_000), durationSeconds });
    if (!process.env.DATABASE_URL) return { pglite };
    const postgresql = await benchPanels({ databaseUrl: process.env.DATABASE_URL, youngPeople: number(flags, 'young-people', 100_000), concerns: number(flags, 'concerns', 1_000_000), durationSeconds });
    return { pglite, postgresql };
  },
  profile: async (flags) => {
    const durationSeconds = number(flags, 'duration', 20);
    const pglite = await benchProfile({ youngPeople: number(flags, 'young-people', 10_000), concerns: number(flags, 'concerns', 100_000), durationSeconds });
    if (!process.env.DATABASE_URL) return { pglite };
    const postgresql = await benchProfile({ databaseUrl: process.env.DATABASE_URL, youngPeople: number(flags, 'young-people', 100_000), concerns: number(flags, 'concerns', 1_000_000), durationSeconds });
    return { pglite, postgresql };
  },
  audit: async (flags) => {
    const writes = number(flags, 'writes', 2000);
    const pglite = await benchAudit({ writes });
    if (!process.env.DATABASE_URL) return { pglite };
    return { pglite, postgresql: await benchAudit({ databaseUrl: process.env.DATABASE_URL, writes }) };
  },
  'identifiers-in-text': async (flags) => benchIdentifiersInText({ runs: number(flags, 'runs', 3000) }),
};

function number(flags: Flags, name: string, fallback: number): number {
  if (flags[name] === undefined) return fallback;
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

function parse(argv: string[]): { names: string[]; flags: Flags } {
  const names: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) names.push(arg);
    else if (arg.includes('=')) flags[arg.slice(2, arg.indexOf('='))] = arg.slice(arg.indexOf('=') + 1);
    else flags[arg.slice(2)] = argv[++i] ?? '';
  }
  return { names, flags };
}

const { names, flags } = parse(process.argv.slice(2));
const unknown = names.filter((name) => !(name in SECTIONS));
if (unknown.length) {
  console.error(`Unknown benchmark section: ${unknown.join(', ')}. Sections: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}

const report: Record<string, unknown> = {};
for (const name of names.length ? names : Object.keys(SECTIONS)) {
  process.stderr.write(`== ${name}\n`);
  report[name] = await SECTIONS[name]!(flags);
}
console.log(JSON.stringify(report, null, 2));
