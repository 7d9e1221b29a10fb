/**
 * Transfers between Lanterns: an area's keys, its partners' public keys, and the signed, encrypted
 * package (docs/transfer-package.md). Every check of an incoming package is made before anything
 * is written; a refused package leaves only an audit row saying why.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, auditRead, canonicalJson, type RequestContext } from '../../platform/audit/audit.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { now } from '../../platform/time.ts';
import { addChronologyEntry, findVisibleYoungPerson } from '../young-people/index.ts';
import { areaTransferKeys, partnerAreas, transfers } from './tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { generateAreaKeyPairs, keyFingerprint, openSealed, publicKeyFrom, sealPrivateKey, sealTo, signBytes, unsealPrivateKey, verifyBytes, type Sealed } from './crypto.ts';
import { buildSnapshot } from './snapshot.ts';
import { TRANSFER_SECTIONS, type TransferSection, type TransferSnapshot } from './snapshot-types.ts';
import { areaById, auditRefusal, checkReasonAndBasis, isSection, matchesInArea, MatchGoneError, receiveSnapshot, transferReference, type MatchCandidate, type MatchChoice } from './service.ts';

export const PACKAGE_FORMAT = 'lantern-transfer-package';
export const PACKAGE_VERSION = 1;
export const ENCRYPTION_ALGORITHM = 'X25519-HKDF-SHA256-A256GCM';
const KEY_PREFIX = 'LANTERN-AREA-KEY';

/** Who acts: a signed-in coordinator, or no one (the command line). */
export interface PackageActor {
  userId: string | null;
  agencyId: string | null;
}

// ---- Keys ----

export interface AreaKeys {
  signingPublicKey: string;
  encryptionPublicKey: string;
  sealedSigningKey: string;
  sealedEncryptionKey: string;
}

/** The area's key pairs, made the first time they are needed. */
export async function areaKeys(db: Db, areaId: string, secret: string): Promise<AreaKeys> {
  const [held] = await db.select().from(areaTransferKeys).where(eq(areaTransferKeys.areaId, areaId));
  if (held) return held;
  const made = generateAreaKeyPairs();
  await db
    .insert(areaTransferKeys)
    .values({ areaId, signingPublicKey: made.signingPublicKey, encryptionPublicKey: made.encryptionPublicKey, sealedSigningKey: sealPrivateKey(made.signingPrivateKey, secret, areaId), sealedEncryptionKey: sealPrivateKey(made.encryptionPrivateKey, secret, areaId) })
    .onConflictDoNothing();
  const [row] = await db.select().from(areaTransferKeys).where(eq(areaTransferKeys.areaId, areaId));
  return row!;
}

/** The one line an area gives its partners: `LANTERN-AREA-KEY:1:<code>:<signing key>:<encryption key>`. */
export function publicKeyLine(code: string, keys: Pick<AreaKeys, 'signingPublicKey' | 'encryptionPublicKey'>): string {
  return [KEY_PREFIX, '1', code, keys.signingPublicKey, keys.encryptionPublicKey].join(':');
}

export { keyFingerprint };

export function parsePublicKeyLine(line: string): { code: string; signingPublicKey: string; encryptionPublicKey: string } | null {
  const parts = line.trim().split(':');
  if (parts.length !== 5 || parts[0] !== KEY_PREFIX || parts[1] !== '1' || !/^[A-Z0-9-]{2,12}$/.test(parts[2]!)) return null;
  try {
    publicKeyFrom('Ed25519', parts[3]!);
    publicKeyFrom('X25519', parts[4]!);
  } catch {
    return null;
  }
  return { code: parts[2]!, signingPublicKey: parts[3]!, encryptionPublicKey: parts[4]! };
}

export async function partnersOf(db: Db, areaId: string) {
  return db.select().from(partnerAreas).where(eq(partnerAreas.areaId, areaId)).orderBy(partnerAreas.name);
}

export async function addPartner(db: Db, ctx: RequestContext, actor: PackageActor, areaId: string, input: { name: string; key: string }): Promise<Outcome<{ id: string; code: string }>> {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Enter the other area’s name';
  else if (name.length > 200) errors.name = 'The name must be 200 characters or fewer';
  const parsed = parsePublicKeyLine(input.key);
  if (!parsed) errors.key = 'Paste the whole public key line the other area gave you; it starts LANTERN-AREA-KEY';
  const area = await areaById(db, areaId);
  if (parsed && area && parsed.code === area.code) errors.key = 'This is your own area’s key: paste the other area’s';
  if (parsed && !errors.key) {
    const [known] = await db.select({ id: partnerAreas.id }).from(partnerAreas).where(and(eq(partnerAreas.areaId, areaId), eq(partnerAreas.code, parsed.code)));
    if (known) errors.key = `You already hold a key for the area ${parsed.code}`;
  }
  if (Object.keys(errors).length) {
    await auditRefusal(db, ctx, 'create', { partner: true, fields: Object.keys(errors) });
    return fail('invalid', errors);
  }
  const done = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'create', recordKind: 'partner_area', recordId: r.id, details: { code: parsed!.code, fingerprint: keyFingerprint(parsed!.signingPublicKey, parsed!.encryptionPublicKey) } }),
    async (tx) => {
      const [row] = await tx.insert(partnerAreas).values({ areaId, code: parsed!.code, name, signingPublicKey: parsed!.signingPublicKey, encryptionPublicKey: parsed!.encryptionPublicKey, addedByUserId: actor.userId }).returning({ id: partnerAreas.id, code: partnerAreas.code });
      return row!;
    },
  );
  return succeed(done);
}

// ---- The package ----

export interface PackageHeader {
  format: typeof PACKAGE_FORMAT;
  version: number;
  type: 'transfer' | 'acknowledgement';
  packageId: string;
  createdAt: string;
  from: { code: string; name: string };
  to: { code: string; name: string };
}

export interface TransferPackage extends PackageHeader {
  encryption: Omit<Sealed, 'ciphertext'> & { algorithm: typeof ENCRYPTION_ALGORITHM };
  ciphertext: string;
  signature: string;
}

export interface TransferContent {
  transferReference: string;
  reason: string;
  reasonNote: string | null;
  lawfulBasis: string;
  sentAt: string;
  snapshot: TransferSnapshot;
}

export interface AcknowledgementContent {
  transferPackageId: string;
  receivedAt: string;
  receivedReference: string;
}

const headerOf = (p: PackageHeader): PackageHeader => ({ format: p.format, version: p.version, type: p.type, packageId: p.packageId, createdAt: p.createdAt, from: { code: p.from.code, name: p.from.name }, to: { code: p.to.code, name: p.to.name } });
const signedBytes = (p: Omit<TransferPackage, 'signature'>) => Buffer.from(canonicalJson({ ...headerOf(p), encryption: p.encryption, ciphertext: p.ciphertext }), 'utf8');

function makePackage(header: PackageHeader, content: unknown, recipientEncryptionKey: string, senderKeys: AreaKeys, secret: string, senderAreaId: string): TransferPackage {
  const aad = Buffer.from(canonicalJson(header), 'utf8');
  const { ciphertext, ...sealed } = sealTo(publicKeyFrom('X25519', recipientEncryptionKey), Buffer.from(JSON.stringify(content), 'utf8'), aad);
  const unsigned = { ...header, encryption: { algorithm: ENCRYPTION_ALGORITHM as typeof ENCRYPTION_ALGORITHM, ...sealed }, ciphertext };
  return { ...unsigned, signature: signBytes(unsealPrivateKey(senderKeys.sealedSigningKey, secret, senderAreaId), signedBytes(unsigned)) };
}

export interface ExportInput {
  youngPersonId: string;
  /** The partner area's code. */
  partner: string;
  reason: string;
  reasonNote: string;
  lawfulBasis: string;
  sections: string[];
}

/**
 * Starts a transfer to an area on another Lantern: the package is made, kept with the transfer
 * (so it can be downloaded again) and returned. `viewer`, when given, must be able to see the record.
 */
export async function exportTransfer(db: Db, ctx: RequestContext, actor: PackageActor & { areaId: string; role?: string }, secret: string, input: ExportInput): Promise<Outcome<{ id: string; number: number; packageText: string }>> {
  const yp = actor.userId ? await findVisibleYoungPerson(db, { userId: actor.userId, agencyId: actor.agencyId!, areaId: actor.areaId, role: actor.role ?? 'coordinator' }, input.youngPersonId) : await youngPersonOfArea(db, actor.areaId, input.youngPersonId);
  if (!yp || yp.mergedIntoId) return fail('not_found');
  const errors: FieldErrors = {};
  const partners = await partnersOf(db, actor.areaId);
  const partner = partners.find((p) => p.code === input.partner.trim().toUpperCase() || p.id === input.partner);
  if (!input.partner.trim()) errors.partner = 'Choose the area the young person is moving to';
  else if (!partner) errors.partner = 'Your area holds no public key for that area: add it under transfer keys first';
  checkReasonAndBasis(input, errors);
  if (Object.keys(errors).length) {
    await auditRefusal(db, ctx, 'create', { youngPersonId: yp.id, package: true, fields: Object.keys(errors) });
    return fail('invalid', errors);
  }
  const sections = input.sections.filter(isSection) as TransferSection[];
  const snapshot = await buildSnapshot(db, yp.id, sections);
  const area = (await areaById(db, actor.areaId))!;
  const keys = await areaKeys(db, actor.areaId, secret);
  const packageId = randomUUID();
  const done = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'export', recordKind: 'transfer', recordId: r.id, details: { youngPersonId: yp.id, partnerAreaId: partner!.id, packageId, sections: snapshot.sections, chronologyEntries: snapshot.chronology?.length ?? 0 } }),
    async (tx) => {
      const [row] = await tx
        .insert(transfers)
        .values({ direction: 'outgoing', fromAreaId: actor.areaId, partnerAreaId: partner!.id, counterpartName: partner!.name, packageId, youngPersonId: yp.id, reason: input.reason, reasonNote: input.reasonNote.trim() || null, lawfulBasis: input.lawfulBasis, status: 'sent', sections: snapshot.sections, snapshot, startedByUserId: actor.userId, startedAt: now() })
        .returning({ id: transfers.id, number: transfers.number });
      const content: TransferContent = { transferReference: transferReference(row!.number), reason: input.reason, reasonNote: input.reasonNote.trim() || null, lawfulBasis: input.lawfulBasis, sentAt: now().toISOString(), snapshot };
      const header: PackageHeader = { format: PACKAGE_FORMAT, version: PACKAGE_VERSION, type: 'transfer', packageId, createdAt: now().toISOString(), from: { code: area.code, name: area.name }, to: { code: partner!.code, name: partner!.name } };
      const packageText = JSON.stringify(makePackage(header, content, partner!.encryptionPublicKey, keys, secret, actor.areaId));
      await tx.update(transfers).set({ packageText }).where(eq(transfers.id, row!.id));
      await addChronologyEntry(tx, { youngPersonId: yp.id, occurredAt: now(), kind: 'transfer', agencyId: actor.agencyId, sourceKind: 'transfer', sourceId: row!.id, summary: `Transfer ${transferReference(row!.number)} to ${partner!.name} (another Lantern) sent as a package` });
      return { id: row!.id, number: row!.number, packageText };
    },
  );
  return succeed(done);
}

async function youngPersonOfArea(db: Db, areaId: string, id: string) {
  const [row] = await db.select({ id: youngPeople.id, mergedIntoId: youngPeople.mergedIntoId }).from(youngPeople).where(and(eq(youngPeople.id, id), eq(youngPeople.areaId, areaId)));
  return row ?? null;
}

/** Why a package was refused; `reason` goes in the audit row, `message` to the person. */
export interface PackageRefusal {
  reason: 'unreadable' | 'format' | 'version' | 'wrong_area' | 'unknown_sender' | 'signature' | 'tampered' | 'duplicate' | 'unknown_transfer';
  message: string;
}

type Verified = { header: PackageHeader; partner: typeof partnerAreas.$inferSelect } & ({ type: 'transfer'; content: TransferContent } | { type: 'acknowledgement'; content: AcknowledgementContent });

/** Every check before anything is written: shape, version, addressee, sender's key, signature, decryption. */
export async function verifyPackage(db: Db, areaId: string, secret: string, text: string): Promise<{ ok: true; value: Verified } | { ok: false; refusal: PackageRefusal }> {
  const refuse = (reason: PackageRefusal['reason'], message: string) => ({ ok: false as const, refusal: { reason, message } });
  let parsed: TransferPackage;
  try {
    parsed = JSON.parse(text) as TransferPackage;
  } catch {
    return refuse('unreadable', 'This is not a transfer package: it cannot be read as JSON');
  }
  if (!parsed || typeof parsed !== 'object' || parsed.format !== PACKAGE_FORMAT) return refuse('format', 'This is not a Lantern transfer package');
  if (parsed.version !== PACKAGE_VERSION) return refuse('version', `This package is in format version ${String(parsed.version)}, which this Lantern does not know (it reads version ${PACKAGE_VERSION})`);
  const shaped =
    (parsed.type === 'transfer' || parsed.type === 'acknowledgement') &&
    typeof parsed.packageId === 'string' &&
    /^[0-9a-f-]{36}$/.test(parsed.packageId) &&
    typeof parsed.createdAt === 'string' &&
    typeof parsed.from?.code === 'string' &&
    typeof parsed.from?.name === 'string' &&
    typeof parsed.to?.code === 'string' &&
    typeof parsed.to?.name === 'string' &&
    parsed.encryption?.algorithm === ENCRYPTION_ALGORITHM &&
    ['ephemeralKey', 'salt', 'iv', 'tag'].every((k) => typeof (parsed.encryption as unknown as Record<string, unknown>)[k] === 'string') &&
    typeof parsed.ciphertext === 'string' &&
    typeof parsed.signature === 'string';
  if (!shaped) return refuse('format', 'This package is incomplete or damaged: a part of it is missing');
  const area = await areaById(db, areaId);
  if (!area || parsed.to.code !== area.code) return refuse('wrong_area', `This package is for the area ${parsed.to.code} (${parsed.to.name}), not for ${area?.name ?? 'this area'}`);
  const [partner] = await db.select().from(partnerAreas).where(and(eq(partnerAreas.areaId, areaId), eq(partnerAreas.code, parsed.from.code)));
  if (!partner) return refuse('unknown_sender', `Your area holds no public key for the sending area ${parsed.from.code}: add their key under transfer keys, after checking its fingerprint with them`);
  if (!verifyBytes(publicKeyFrom('Ed25519', partner.signingPublicKey), signedBytes(parsed), parsed.signature)) {
    return refuse('signature', `The package’s signature does not match ${partner.name}’s key: it was changed after it was signed, or not signed by them. Nothing was imported`);
  }
  const keys = await areaKeys(db, areaId, secret);
  let content: unknown;
  try {
    const { ciphertext, encryption } = parsed;
    content = JSON.parse(openSealed(unsealPrivateKey(keys.sealedEncryptionKey, secret, areaId), { ...encryption, ciphertext }, Buffer.from(canonicalJson(headerOf(parsed)), 'utf8')).toString('utf8'));
  } catch {
    return refuse('tampered', 'The package cannot be opened with this area’s key: it was made for another key, or it was damaged. Nothing was imported');
  }
  const header = headerOf(parsed);
  if (parsed.type === 'transfer') {
    const c = content as TransferContent;
    if (!c?.snapshot?.person || !Array.isArray(c.snapshot.sections) || typeof c.reason !== 'string' || typeof c.lawfulBasis !== 'string') return refuse('format', 'The package opened but its content is not a transfer');
    return { ok: true, value: { header, partner, type: 'transfer', content: c } };
  }
  const c = content as AcknowledgementContent;
  if (typeof c?.transferPackageId !== 'string') return refuse('format', 'The package opened but its content is not an acknowledgement');
  return { ok: true, value: { header, partner, type: 'acknowledgement', content: c } };
}

export type ImportResult =
  | { kind: 'imported'; transferId: string; number: number; youngPersonId: string; matchDecision: string; acknowledgement: string }
  | { kind: 'acknowledged'; transferId: string; number: number }
  | { kind: 'chooseMatch'; candidates: MatchCandidate[]; person: TransferSnapshot['person']; from: string };

/**
 * Imports a package into `areaId`: a transfer (matched against the area's records first; with
 * likely matches and no `match` choice, nothing is written and the candidates are returned) or
 * the acknowledgement of one this area sent.
 */
export async function importPackage(db: Db, ctx: RequestContext, actor: PackageActor, areaId: string, secret: string, text: string, match: MatchChoice | null): Promise<{ ok: true; value: ImportResult } | { ok: false; refusal: PackageRefusal }> {
  const refused = async (refusal: PackageRefusal) => {
    await auditRefusal(db, ctx, 'create', { import: true, refused: refusal.reason });
    return { ok: false as const, refusal };
  };
  const verified = await verifyPackage(db, areaId, secret, text);
  if (!verified.ok) return refused(verified.refusal);
  const { header, partner } = verified.value;
  if (verified.value.type === 'acknowledgement') {
    const ack = verified.value.content;
    const [sent] = await db.select().from(transfers).where(and(eq(transfers.direction, 'outgoing'), eq(transfers.fromAreaId, areaId), eq(transfers.packageId, ack.transferPackageId), eq(transfers.partnerAreaId, partner.id)));
    if (!sent) return refused({ reason: 'unknown_transfer', message: 'This acknowledgement is for a transfer this area did not send' });
    if (sent.acknowledgedAt) return refused({ reason: 'duplicate', message: `Transfer ${transferReference(sent.number)} was already marked as received` });
    await auditedCommand(db, ctx, { action: 'update', recordKind: 'transfer', recordId: sent.id, details: { acknowledged: true, packageId: header.packageId } }, async (tx) => {
      await tx.update(transfers).set({ status: 'received', acknowledgedAt: now() }).where(eq(transfers.id, sent.id));
      await addChronologyEntry(tx, { youngPersonId: sent.youngPersonId!, occurredAt: now(), kind: 'transfer', agencyId: actor.agencyId, sourceKind: 'transfer', sourceId: sent.id, summary: `Transfer ${transferReference(sent.number)} received by ${partner.name} (their reference ${ack.receivedReference})` });
    });
    return { ok: true, value: { kind: 'acknowledged', transferId: sent.id, number: sent.number } };
  }
  const content = verified.value.content;
  const [already] = await db.select({ number: transfers.number }).from(transfers).where(and(eq(transfers.direction, 'incoming'), eq(transfers.toAreaId, areaId), eq(transfers.packageId, header.packageId)));
  if (already) return refused({ reason: 'duplicate', message: `This package was already imported as transfer ${transferReference(already.number)}` });
  if (!match) {
    const candidates = await matchesInArea(db, areaId, content.snapshot.person);
    await auditRead(db, ctx, { action: 'search', recordKind: 'young_person', details: { purpose: 'transfer_match', packageId: header.packageId, resultIds: candidates.map((c) => c.youngPersonId) } });
    if (candidates.length) return { ok: true, value: { kind: 'chooseMatch', candidates, person: content.snapshot.person, from: header.from.name } };
  }
  const area = (await areaById(db, areaId))!;
  const keys = await areaKeys(db, areaId, secret);
  try {
    const result = await auditedCommand(
      db,
      ctx,
      (r: { transferId: string; youngPersonId: string; matchDecision: string }) => ({ action: 'create', recordKind: 'transfer', recordId: r.transferId, details: { import: true, packageId: header.packageId, partnerAreaId: partner.id, sections: content.snapshot.sections, matchDecision: r.matchDecision, receivedYoungPersonId: r.youngPersonId } }),
      async (tx) => {
        const [row] = await tx
          .insert(transfers)
          .values({ direction: 'incoming', toAreaId: areaId, partnerAreaId: partner.id, counterpartName: partner.name, packageId: header.packageId, reason: content.reason, reasonNote: content.reasonNote, lawfulBasis: content.lawfulBasis, status: 'imported', sections: content.snapshot.sections, snapshot: content.snapshot, startedAt: new Date(content.sentAt), decidedByUserId: actor.userId, decidedAt: now() })
          .returning({ id: transfers.id, number: transfers.number });
        const received = await receiveSnapshot(tx, areaId, actor.userId, content.snapshot, row!.id, `${transferReference(row!.number)}, their reference ${content.transferReference}`, match ?? { kind: 'new' });
        const ackHeader: PackageHeader = { format: PACKAGE_FORMAT, version: PACKAGE_VERSION, type: 'acknowledgement', packageId: randomUUID(), createdAt: now().toISOString(), from: { code: area.code, name: area.name }, to: { code: partner.code, name: partner.name } };
        const ackContent: AcknowledgementContent = { transferPackageId: header.packageId, receivedAt: now().toISOString(), receivedReference: transferReference(row!.number) };
        const acknowledgement = JSON.stringify(makePackage(ackHeader, ackContent, partner.encryptionPublicKey, keys, secret, areaId));
        await tx.update(transfers).set({ receivedYoungPersonId: received.youngPersonId, matchDecision: received.matchDecision, packageText: acknowledgement }).where(eq(transfers.id, row!.id));
        return { transferId: row!.id, number: row!.number, youngPersonId: received.youngPersonId, matchDecision: received.matchDecision, acknowledgement };
      },
    );
    return { ok: true, value: { kind: 'imported', ...result } };
  } catch (error) {
    if (error instanceof MatchGoneError) return refused({ reason: 'unknown_transfer', message: 'The record chosen to add to is not in this area: choose again' });
    throw error;
  }
}

export { TRANSFER_SECTIONS };
