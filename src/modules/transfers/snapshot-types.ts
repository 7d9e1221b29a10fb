/**
 * What a transfer shares, as sent: the same JSON inside a package between Lanterns
 * (docs/transfer-package.md) and in the `snapshot` both areas keep.
 */

/** The parts a transfer can carry; `record` (who the young person is) always goes. */
export const TRANSFER_SECTIONS = ['record', 'chronology', 'risk', 'missing', 'intelligence'] as const;
export type TransferSection = (typeof TRANSFER_SECTIONS)[number];

export interface SnapshotPerson {
  reference: string;
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  gender: string;
  ethnicity: string;
  address: string | null;
  postcode: string | null;
  school: string | null;
  nhsNumber: string | null;
  upn: string | null;
  localAuthorityId: string | null;
  riskLevel: string | null;
  openedOn: string | null;
}

export interface SnapshotChronologyEntry {
  occurredAt: string;
  kind: string;
  summary: string;
}

export interface SnapshotRiskAssessment {
  assessedAt: string;
  instrument: string;
  level: string;
  computedLevel: string;
  triggers: string[];
  judgementReason: string | null;
}

export interface SnapshotMissingEpisode {
  kind: string;
  lastSeenAt: string;
  lastSeenWhere: string | null;
  returnedAt: string | null;
  foundWhere: string | null;
  lookedAfter: boolean;
  status: string;
}

export interface SnapshotKnownElsewhere {
  area: string;
  contactRoute: string;
}

export interface SnapshotAdult {
  name: string;
  aliases: string[];
  approximateAge: number | null;
  status: string;
  /** How they are linked to the young person (seen_with, associate…). */
  links: string[];
  knownElsewhere: SnapshotKnownElsewhere[];
}

export interface SnapshotPlace {
  kind: string;
  name: string;
  town: string | null;
  postcode: string | null;
  links: string[];
  knownElsewhere: SnapshotKnownElsewhere[];
}

export interface TransferSnapshot {
  /** The area that sent it, by name and code. */
  from: { code: string; name: string };
  sections: TransferSection[];
  person: SnapshotPerson;
  chronology?: SnapshotChronologyEntry[];
  riskHistory?: SnapshotRiskAssessment[];
  missingEpisodes?: SnapshotMissingEpisode[];
  /** Sanitised: no addresses, dates of birth, identifiers or intelligence texts; read with its handling conditions. */
  intelligence?: { handling: string; adults: SnapshotAdult[]; places: SnapshotPlace[] };
}
