/**
 * `lantern rescan-identifiers [--confirm]`: reads the concerns, missing episodes, adults and places
 * of concern and intelligence entries already held for identifiers written in free text, as new records are read. Without
 * --confirm it only counts what would change. Prints counts only, never what was found.
 */
import type { Command } from 'commander';
import { rescanConcernIdentifiers, type RescanCounts } from '../modules/concerns/index.ts';
import { rescanIntelligenceIdentifiers } from '../modules/intelligence/index.ts';
import type { DatabaseCommandSupport } from '../modules/linkage/index.ts';
import { rescanEpisodeIdentifiers } from '../modules/missing/index.ts';
import { runCommand } from '../modules/profile/index.ts';

function describe(what: string, counts: RescanCounts, write: boolean): string {
  const verb = write ? '' : ' would be';
  return `${what}: ${counts.read} read, ${counts.changed}${verb} changed (${counts.rekeyed} line${counts.rekeyed === 1 ? '' : 's'}${verb} re-keyed, ${counts.added} identifier${counts.added === 1 ? '' : 's'}${verb} added)`;
}

export function registerRescanIdentifiersCommand(program: Command, { withDatabase, context }: DatabaseCommandSupport): void {
  program
    .command('rescan-identifiers')
    .description('find registrations, phone numbers, emails and accounts written in the free text of records already held; a dry run unless --confirm')
    .option('--confirm', 'make the changes (one audited change per record); without it, a dry run that only counts them')
    .action((options: { confirm?: boolean }) =>
      runCommand(() =>
        withDatabase(async ({ db }) => {
          const write = Boolean(options.confirm);
          const ctx = { ...context, requestId: 'cli-rescan-identifiers' };
          console.log(describe('Concerns', await rescanConcernIdentifiers(db, ctx, { write }), write));
          console.log(describe('Missing episodes', await rescanEpisodeIdentifiers(db, ctx, { write }), write));
          console.log(describe('Adults, places of concern and intelligence entries', await rescanIntelligenceIdentifiers(db, ctx, { write }), write));
          if (!write) console.log('Nothing was written. When the counts are right, run the same command with --confirm.');
        }),
      ),
    );
}
