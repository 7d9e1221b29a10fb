/**
 * Blocking: which pairs are worth comparing. Every record gets a handful of
 * cheap keys; two records become a candidate pair when they share any key.
 *
 * Keys are plain deterministic strings computed from one record, so the same
 * function can fill an indexed text[] column (or a side table of key, record
 * id) in PostgreSQL, where blocking becomes a union of equality joins.
 * Each key starts with a short tag naming its rule.
 */
import { dobSwapInsensitiveKey } from './dob.ts';
import { nicknameCanonicals, nicknameGroups } from './nicknames.ts';
import { phoneticCode } from './phonetic.ts';
import type { StandardisedPerson } from './standardise.ts';

/** Rule tags, kept short because keys are stored per record. */
export const BLOCKING_RULES = {
  names: 'n',
  nameAndPrefix: 'np',
  familyYear: 'fy',
  givenDob: 'gd',
  givenYearDistrict: 'gyd',
  dobInitial: 'di',
  dobDistrict: 'dp',
  sectorInitial: 'si',
  districtYearInitial: 'dyi',
  postcodeInitial: 'pi',
  identifier: 'id',
} as const;

/** Keys that stand for the given name: its phonetic code and every nickname group it belongs to. */
export function givenNameKeys(person: StandardisedPerson): string[] {
  const first = person.givenNames[0];
  if (!first || first.length < 2) return [];
  const keys = new Set<string>();
  const code = phoneticCode(first);
  if (code) keys.add(code);
  // Names in the nickname table also carry their groups' canonical names, so Kaz and Karen share a key.
  if (nicknameGroups(first).length > 0) for (const canonical of nicknameCanonicals(first)) keys.add(`~${canonical}`);
  return [...keys];
}

/** Keys that stand for the family name: phonetic code of the whole name and of each part. */
export function familyNameKeys(person: StandardisedPerson): string[] {
  const parts = person.familyNames;
  if (parts.length === 0) return [];
  const keys = new Set<string>();
  const whole = phoneticCode(parts.join(''));
  if (whole) keys.add(whole);
  if (parts.length > 1) {
    for (const part of parts) {
      const code = phoneticCode(part);
      if (code.length >= 2) keys.add(code);
    }
  }
  return [...keys];
}

function birthYears(person: StandardisedPerson): number[] {
  const dob = person.dob;
  if (!dob) return [];
  const years: number[] = [];
  for (let year = dob.yearFrom; year <= dob.yearTo && years.length < 4; year++) years.push(year);
  return years;
}

function initials(person: StandardisedPerson): string[] {
  const set = new Set<string>();
  const given = person.givenNames[0];
  const family = person.familyNames[0];
  if (given) set.add(given[0] ?? '');
  if (family) set.add(family[0] ?? '');
  set.delete('');
  return [...set];
}

/**
 * All blocking keys of one standardised person. Name keys are order-free
 * (the two codes sorted) so a record with given and family names swapped
 * shares them; the initials used with dates and postcodes are those of
 * either name for the same reason.
 */
export function blockingKeys(person: StandardisedPerson): string[] {
  const keys = new Set<string>();
  const givenKeys = givenNameKeys(person);
  const familyKeys = familyNameKeys(person);
  const years = birthYears(person);
  const dobKey = person.dob ? dobSwapInsensitiveKey(person.dob) : '';
  const letters = initials(person);
  const postcode = person.postcode;
  const R = BLOCKING_RULES;

  for (const given of givenKeys) {
    for (const family of familyKeys) {
      keys.add(given < family ? `${R.names}:${given}|${family}` : `${R.names}:${family}|${given}`);
    }
  }
  // One name by sound, the other by its first letters: survives a typo that changes the sound of the other.
  const givenFirst = person.givenNames[0] ?? '';
  const familyCompact = person.familyNames.join('');
  if (givenFirst.length >= 2 && familyCompact.length >= 3) {
    const givenCode = phoneticCode(givenFirst);
    const familyCode = phoneticCode(familyCompact);
    if (givenCode) keys.add(`${R.nameAndPrefix}:${givenCode}|${familyCompact.slice(0, 3)}`);
    if (familyCode && givenFirst.length >= 3) keys.add(`${R.nameAndPrefix}:${familyCode}|${givenFirst.slice(0, 3)}`);
  }
  // Family name with year and the given name's initial: survives a garbled given name.
  const givenInitial = person.givenNames[0]?.[0] ?? '';
  for (const family of familyKeys) for (const year of years) keys.add(`${R.familyYear}:${family}|${year}|${givenInitial}`);
  // Swapped names: the "family" slot then holds the forename, so add it under the given keys too.
  for (const given of givenKeys) {
    if (dobKey) keys.add(`${R.givenDob}:${given}|${dobKey}`);
    if (postcode) for (const year of years) keys.add(`${R.givenYearDistrict}:${given}|${year}|${postcode.district}`);
  }
  if (dobKey) {
    for (const letter of letters) keys.add(`${R.dobInitial}:${dobKey}|${letter}`);
    if (postcode) keys.add(`${R.dobDistrict}:${dobKey}|${postcode.district}`);
    else if (person.postcodeText) keys.add(`${R.dobDistrict}:${dobKey}|${person.postcodeText}`);
  }
  if (postcode) {
    for (const letter of letters) {
      if (!postcode.outwardOnly) keys.add(`${R.sectorInitial}:${postcode.sector}|${letter}`);
      for (const year of years) keys.add(`${R.districtYearInitial}:${postcode.district}|${year}|${letter}`);
    }
  } else if (person.postcodeText) {
    for (const letter of letters) keys.add(`${R.postcodeInitial}:${person.postcodeText}|${letter}`);
  }
  for (const [name, value] of Object.entries(person.identifiers)) {
    if (value.length >= 4) keys.add(`${R.identifier}:${name}|${value}`);
  }
  return [...keys];
}

export interface CandidatePairs {
  /** Record index on the left side (or in the single file). */
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** Keys skipped because their block would have produced more pairs than allowed. */
  skippedKeys: number;
}

/**
 * A key shared by more records than this many pairs is too common to be
 * worth comparing on (e.g. "Smith born 2007"): its pairs are left to the
 * other, more specific keys.
 */
export const DEFAULT_MAX_PAIRS_PER_KEY = 10_000;

export interface CandidateOptions {
  /** A key whose block would yield more pairs than this is ignored (too common to be useful). */
  maxPairsPerKey?: number;
}

/** Record indices grouped by key id, in compressed (offsets + members) form. */
interface KeyIndex {
  keyIds: Map<string, number>;
  recordKeyOffsets: Int32Array;
  recordKeys: Int32Array;
}

function indexRecordKeys(keyLists: string[][], keyIds: Map<string, number>): KeyIndex {
  const recordKeyOffsets = new Int32Array(keyLists.length + 1);
  let total = 0;
  for (let i = 0; i < keyLists.length; i++) {
    total += keyLists[i]?.length ?? 0;
    recordKeyOffsets[i + 1] = total;
  }
  const recordKeys = new Int32Array(total);
  let at = 0;
  for (const keys of keyLists) {
    for (const key of keys) {
      let id = keyIds.get(key);
      if (id === undefined) {
        id = keyIds.size;
        keyIds.set(key, id);
      }
      recordKeys[at++] = id;
    }
  }
  return { keyIds, recordKeyOffsets, recordKeys };
}

function membersByKey(index: KeyIndex, keyCount: number): { offsets: Int32Array; members: Int32Array } {
  const offsets = new Int32Array(keyCount + 1);
  const { recordKeyOffsets, recordKeys } = index;
  for (let k = 0; k < recordKeys.length; k++) {
    const key = recordKeys[k] ?? 0;
    offsets[key + 1] = (offsets[key + 1] ?? 0) + 1;
  }
  for (let k = 0; k < keyCount; k++) offsets[k + 1] = (offsets[k + 1] ?? 0) + (offsets[k] ?? 0);
  const fill = offsets.slice(0, keyCount);
  const members = new Int32Array(recordKeys.length);
  const records = recordKeyOffsets.length - 1;
  for (let record = 0; record < records; record++) {
    for (let at = recordKeyOffsets[record] ?? 0; at < (recordKeyOffsets[record + 1] ?? 0); at++) {
      const key = recordKeys[at] ?? 0;
      const position = fill[key] ?? 0;
      members[position] = record;
      fill[key] = position + 1;
    }
  }
  return { offsets, members };
}

class PairBuffer {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  count = 0;

  push(i: number, j: number): void {
    if (this.count === this.left.length) {
      const grownLeft = new Int32Array(this.left.length * 2);
      grownLeft.set(this.left);
      this.left = grownLeft;
      const grownRight = new Int32Array(this.right.length * 2);
      grownRight.set(this.right);
      this.right = grownRight;
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.count++;
  }
}

/**
 * Candidate pairs: every pair sharing at least one key, each pair once.
 * With `rightKeys` null the file is deduplicated and only pairs i < j are returned.
 */
export function candidatePairs(leftKeys: string[][], rightKeys: string[][] | null, options: CandidateOptions = {}): CandidatePairs {
  const maxPairsPerKey = options.maxPairsPerKey ?? DEFAULT_MAX_PAIRS_PER_KEY;
  const keyIds = new Map<string, number>();
  const leftIndex = indexRecordKeys(leftKeys, keyIds);
  const rightIndex = rightKeys ? indexRecordKeys(rightKeys, keyIds) : leftIndex;
  const keyCount = keyIds.size;
  const leftMembers = membersByKey(leftIndex, keyCount);
  const rightMembers = rightKeys ? membersByKey(rightIndex, keyCount) : leftMembers;

  const blockSize = (members: { offsets: Int32Array }, key: number): number =>
    (members.offsets[key + 1] ?? 0) - (members.offsets[key] ?? 0);
  const allowed = new Uint8Array(keyCount);
  let skippedKeys = 0;
  for (let key = 0; key < keyCount; key++) {
    const pairs = rightKeys
      ? blockSize(leftMembers, key) * blockSize(rightMembers, key)
      : (blockSize(leftMembers, key) * (blockSize(leftMembers, key) - 1)) / 2;
    if (pairs <= maxPairsPerKey) allowed[key] = 1;
    else skippedKeys++;
  }

  // "Last seen" marks make each pair unique without a hash set.
  const rightCount = rightIndex.recordKeyOffsets.length - 1;
  const seenBy = new Int32Array(rightCount).fill(-1);
  const buffer = new PairBuffer();
  const leftCount = leftIndex.recordKeyOffsets.length - 1;
  const { recordKeyOffsets, recordKeys } = leftIndex;
  const { offsets, members } = rightMembers;
  const dedupe = rightKeys === null;
  for (let i = 0; i < leftCount; i++) {
    for (let at = recordKeyOffsets[i] ?? 0; at < (recordKeyOffsets[i + 1] ?? 0); at++) {
      const key = recordKeys[at] ?? 0;
      if (allowed[key] === 0) continue;
      for (let m = offsets[key] ?? 0; m < (offsets[key + 1] ?? 0); m++) {
        const j = members[m] ?? 0;
        if (dedupe && j <= i) continue;
        if (seenBy[j] === i) continue;
        seenBy[j] = i;
        buffer.push(i, j);
      }
    }
  }
  return { left: buffer.left.subarray(0, buffer.count), right: buffer.right.subarray(0, buffer.count), count: buffer.count, skippedKeys };
}

/** Every pair: used instead of blocking when the inputs are small enough to compare exhaustively. */
export function allPairs(leftSize: number, rightSize: number, dedupe: boolean): CandidatePairs {
  const count = dedupe ? (leftSize * (leftSize - 1)) / 2 : leftSize * rightSize;
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < leftSize; i++) {
    for (let j = dedupe ? i + 1 : 0; j < rightSize; j++) {
      left[at] = i;
      right[at] = j;
      at++;
    }
  }
  return { left, right, count, skippedKeys: 0 };
}
