import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { adultsOfConcern, placesOfConcern } from '../intelligence/tables.ts';
import type { TransferSnapshot } from './snapshot-types.ts';

/**
 * An area's two key pairs for transfers between Lanterns (decision record 0031): Ed25519 to sign
 * the packages it sends, X25519 for packages sent to it. Public keys are the 32 raw bytes in
 * base64url; private keys are sealed (AES-256-GCM under a key derived from the configured audit
 * key, which is never stored in the database) and never shown.
 */
export const areaTransferKeys = pgTable('area_transfer_keys', {
  areaId: uuid('area_id').primaryKey().references(() => areas.id),
  signingPublicKey: text('signing_public_key').notNull(),
  encryptionPublicKey: text('encryption_public_key').notNull(),
  sealedSigningKey: text('sealed_signing_key').notNull(),
  sealedEncryptionKey: text('sealed_encryption_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An area on another Lantern whose public keys this area's coordinator pasted in, once. */
export const partnerAreas = pgTable(
  'partner_areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The area here that knows the partner. */
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** The partner's own area code, as its packages name it. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    signingPublicKey: text('signing_public_key').notNull(),
    encryptionPublicKey: text('encryption_public_key').notNull(),
    addedByUserId: uuid('added_by_user_id').references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('partner_areas_area_code_key').on(t.areaId, t.code)],
);

/**
 * A transfer of a young person's record to another area. `internal`: both areas are on this
 * Lantern and share the one row (the sender's `fromAreaId`, the receiver's `toAreaId`). `outgoing`
 * and `incoming`: a package between Lanterns, one row on each side with the package's id.
 */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as TR-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    direction: text('direction').$type<'internal' | 'outgoing' | 'incoming'>().notNull(),
    fromAreaId: uuid('from_area_id').references(() => areas.id),
    toAreaId: uuid('to_area_id').references(() => areas.id),
    partnerAreaId: uuid('partner_area_id').references(() => partnerAreas.id),
    /** The package's id (outgoing and incoming): a package imported twice is refused. */
    packageId: uuid('package_id'),
    /** The sender's record (internal and outgoing). */
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    /** The record in the receiving area that the transfer was attached to or created (internal and incoming). */
    receivedYoungPersonId: uuid('received_young_person_id').references(() => youngPeople.id),
    /** attached (to a record already held) or created. */
    matchDecision: text('match_decision'),
    reason: text('reason').notNull(),
    /** What the receiving coordinator needs to know to decide; no more. */
    reasonNote: text('reason_note'),
    lawfulBasis: text('lawful_basis').notNull(),
    /** waiting, accepted, declined (internal); sent, received (outgoing); imported (incoming). */
    status: text('status').notNull(),
    /** The parts offered (outgoing: sent) and, once accepted, taken. */
    sections: text('sections').array().notNull().default(sql`'{}'::text[]`),
    /** What was shared, as sent: both areas keep it (null until an internal transfer is accepted). */
    snapshot: jsonb('snapshot').$type<TransferSnapshot>(),
    /** The signed, encrypted package as sent (outgoing) or the acknowledgement sent back (incoming). */
    packageText: text('package_text'),
    /** The other Lantern's area, as its packages name it (outgoing and incoming). */
    counterpartName: text('counterpart_name'),
    startedByUserId: uuid('started_by_user_id').references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    /** When the receiving Lantern's acknowledgement was imported (outgoing). */
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [
    index('transfers_to_area_idx').on(t.toAreaId, t.status),
    index('transfers_from_area_idx').on(t.fromAreaId, t.status),
    index('transfers_young_person_idx').on(t.youngPersonId),
    index('transfers_received_idx').on(t.receivedYoungPersonId),
    uniqueIndex('transfers_incoming_package_key').on(t.toAreaId, t.packageId).where(sql`${t.direction} = 'incoming'`),
    uniqueIndex('transfers_outgoing_package_key').on(t.packageId).where(sql`${t.direction} = 'outgoing'`),
  ],
);

/**
 * An adult or place of concern known to another area: that area's name and how to reach whoever
 * there holds what they know. Shared with a transfer's intelligence, with handling conditions.
 */
export const knownElsewhere = pgTable(
  'known_elsewhere',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    adultId: uuid('adult_id').references(() => adultsOfConcern.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    otherAreaName: text('other_area_name').notNull(),
    contactRoute: text('contact_route').notNull(),
    addedByUserId: uuid('added_by_user_id').references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('known_elsewhere_adult_idx').on(t.adultId),
    index('known_elsewhere_place_idx').on(t.placeId),
    check('known_elsewhere_one_subject', sql`num_nonnulls(${t.adultId}, ${t.placeId}) = 1`),
  ],
);

/**
 * A young person with an open record in one area who may be the young person of a concern raised
 * in another area of this Lantern (matched with the linkage engine). Both coordinators are told a
 * match exists; neither sees the other area's record unless a transfer is started and accepted.
 */
export const crossAreaMatches = pgTable(
  'cross_area_matches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    openAreaId: uuid('open_area_id').notNull().references(() => areas.id),
    openYoungPersonId: uuid('open_young_person_id').notNull().references(() => youngPeople.id),
    concernAreaId: uuid('concern_area_id').notNull().references(() => areas.id),
    concernYoungPersonId: uuid('concern_young_person_id').notNull().references(() => youngPeople.id),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('cross_area_matches_pair_key').on(t.openYoungPersonId, t.concernYoungPersonId),
    index('cross_area_matches_open_area_idx').on(t.openAreaId),
    index('cross_area_matches_concern_area_idx').on(t.concernAreaId),
  ],
);
