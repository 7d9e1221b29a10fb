/**
 * The command line's transfers between Lanterns (docs/transfer-package.md):
 *
 *   transfers public-key --area CODE
 *   transfers add-partner --area CODE --name NAME --key LINE
 *   transfers export --area CODE --young-person YP-12 --to CODE --reason R --basis B [--sections chronology,risk] [--note TEXT] --out FILE
 *   transfers import --area CODE --file FILE [--attach YP-3 | --new] [--ack-out FILE]
 *
 * No one is signed in: the audit rows name the command line by their request id.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { Config } from '../../platform/config.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { CommandFailed } from '../../platform/command-line.ts';
import { youngPeople } from '../young-people/tables.ts';
import { addPartner, areaKeys, exportTransfer, importPackage, keyFingerprint, publicKeyLine } from './package.ts';
import { areaByCode, LAWFUL_BASES, transferReference, TRANSFER_REASONS } from './service.ts';
import { OPTIONAL_SECTIONS } from './service.ts';

export interface TransferCommandSupport {
  withDatabase: <T>(work: (database: Database, config: Config) => Promise<T>) => Promise<T>;
  context: RequestContext;
}

class TransferCommandError extends Error {}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof TransferCommandError)) throw error;
    console.error(error.message);
    throw new CommandFailed(2);
  }
}

async function areaOf(db: Database['db'], code: string) {
  const area = await areaByCode(db, code);
  if (!area) throw new TransferCommandError(`No area with the code ${code.toUpperCase()}`);
  return area;
}

async function recordOf(db: Database['db'], areaId: string, reference: string): Promise<string> {
  const number = Number(/^YP-(\d+)$/i.exec(reference.trim())?.[1]);
  if (!Number.isSafeInteger(number)) throw new TransferCommandError(`${reference} is not a record reference like YP-12`);
  const [row] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.number, number), eq(youngPeople.areaId, areaId)));
  if (!row) throw new TransferCommandError(`The area holds no record ${reference.toUpperCase()}`);
  return row.id;
}

export function registerTransferCommands(program: Command, { withDatabase, context }: TransferCommandSupport): void {
  const transfers = program.command('transfers').description('transfers of young people’s records to areas on other Lanterns: keys, export, import');
  const ctx = (name: string): RequestContext => ({ ...context, requestId: `cli-transfers-${name}` });

  transfers
    .command('public-key')
    .description('the area’s public key line to give other areas, and its fingerprint (the keys are made the first time)')
    .requiredOption('--area <code>', 'area code')
    .action((options: { area: string }) =>
      run(() =>
        withDatabase(async ({ db }, config) => {
          const area = await areaOf(db, options.area);
          const keys = await areaKeys(db, area.id, config.auditKey);
          console.log(publicKeyLine(area.code, keys));
          console.error(`Fingerprint: ${keyFingerprint(keys.signingPublicKey, keys.encryptionPublicKey)}`);
        }),
      ),
    );

  transfers
    .command('add-partner')
    .description('add another Lantern’s area by its public key line (check its fingerprint with them first)')
    .requiredOption('--area <code>', 'your area’s code')
    .requiredOption('--name <name>', 'the other area’s name')
    .requiredOption('--key <line>', 'their public key line, starting LANTERN-AREA-KEY')
    .action((options: { area: string; name: string; key: string }) =>
      run(() =>
        withDatabase(async ({ db }) => {
          const area = await areaOf(db, options.area);
          const result = await addPartner(db, ctx('add-partner'), { userId: null, agencyId: null }, area.id, { name: options.name, key: options.key });
          if (!result.ok) throw new TransferCommandError(Object.values(result.errors).join('\n'));
          console.log(`Added ${options.name} (${result.value.code}).`);
        }),
      ),
    );

  transfers
    .command('export')
    .description('make a signed, encrypted transfer package of a young person’s record for an area on another Lantern')
    .requiredOption('--area <code>', 'your area’s code')
    .requiredOption('--young-person <reference>', 'the record, like YP-12')
    .requiredOption('--to <code>', 'the receiving area’s code (added with add-partner)')
    .requiredOption('--reason <reason>', `one of: ${Object.keys(TRANSFER_REASONS).join(', ')}`)
    .requiredOption('--basis <basis>', `lawful basis, one of: ${Object.keys(LAWFUL_BASES).join(', ')}`)
    .option('--sections <list>', `what to send besides the record, comma-separated: ${OPTIONAL_SECTIONS.join(', ')}`, OPTIONAL_SECTIONS.join(','))
    .option('--note <text>', 'what the receiving area needs to know to decide', '')
    .requiredOption('--out <file>', 'where to write the package')
    .action((options: { area: string; youngPerson: string; to: string; reason: string; basis: string; sections: string; note: string; out: string }) =>
      run(() =>
        withDatabase(async ({ db }, config) => {
          const area = await areaOf(db, options.area);
          const youngPersonId = await recordOf(db, area.id, options.youngPerson);
          const started = Date.now();
          const result = await exportTransfer(db, ctx('export'), { userId: null, agencyId: null, areaId: area.id }, config.auditKey, {
            youngPersonId,
            partner: options.to,
            reason: options.reason,
            reasonNote: options.note,
            lawfulBasis: options.basis,
            sections: options.sections.split(',').map((s) => s.trim()),
          });
          if (!result.ok) throw new TransferCommandError(Object.values(result.errors).join('\n') || 'The record cannot be transferred');
          writeFileSync(options.out, result.value.packageText);
          console.log(`Transfer ${transferReference(result.value.number)} written to ${options.out} in ${Date.now() - started} ms. Send it to the receiving area by a secure route.`);
        }),
      ),
    );

  transfers
    .command('import')
    .description('check and import a transfer package or an acknowledgement sent to your area')
    .requiredOption('--area <code>', 'your area’s code')
    .requiredOption('--file <file>', 'the package')
    .option('--attach <reference>', 'add the transfer to this record (when your area already holds the young person)')
    .option('--new', 'make a new record even though your area may hold the young person')
    .option('--ack-out <file>', 'where to write the acknowledgement to send back', 'acknowledgement.json')
    .action((options: { area: string; file: string; attach?: string; new?: boolean; ackOut: string }) =>
      run(() =>
        withDatabase(async ({ db }, config) => {
          const area = await areaOf(db, options.area);
          let text: string;
          try {
            text = readFileSync(options.file, 'utf8');
          } catch (error) {
            throw new TransferCommandError(`Cannot read ${options.file}: ${(error as Error).message}`);
          }
          const match = options.attach ? { kind: 'attach' as const, youngPersonId: await recordOf(db, area.id, options.attach) } : options.new ? { kind: 'new' as const } : null;
          const started = Date.now();
          const result = await importPackage(db, ctx('import'), { userId: null, agencyId: null }, area.id, config.auditKey, text, match);
          if (!result.ok) throw new TransferCommandError(`Refused: ${result.refusal.message}`);
          const value = result.value;
          if (value.kind === 'chooseMatch') {
            throw new TransferCommandError(
              `Nothing was imported: your area may already hold this young person.\n${value.candidates.map((c) => `  ${c.reference} (${Math.round(c.probability * 100)}%)`).join('\n')}\nRun again with --attach <reference> or --new.`,
            );
          }
          if (value.kind === 'acknowledged') {
            console.log(`Transfer ${transferReference(value.number)} is marked as received.`);
            return;
          }
          writeFileSync(options.ackOut, value.acknowledgement);
          console.log(`Imported as transfer ${transferReference(value.number)} (record ${value.matchDecision}) in ${Date.now() - started} ms. Send ${options.ackOut} back to the sending area.`);
        }),
      ),
    );
}
