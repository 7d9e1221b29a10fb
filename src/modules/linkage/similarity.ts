/**
 * String similarity measures used by the comparison levels. They reuse
 * module-level scratch buffers so that scoring millions of pairs does not
 * allocate per call (the engine is single-threaded).
 */

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
let rowPrevPrev = new Int32Array(66);
let rowPrev = new Int32Array(66);
let rowCurrent = new Int32Array(66);

function ensureFlags(length: number): void {
  if (flagsA.length < length) {
    flagsA = new Uint8Array(length * 2);
    flagsB = new Uint8Array(length * 2);
  }
}

function ensureRows(length: number): void {
  if (rowPrev.length < length + 2) {
    rowPrevPrev = new Int32Array(length * 2 + 2);
    rowPrev = new Int32Array(length * 2 + 2);
    rowCurrent = new Int32Array(length * 2 + 2);
  }
}

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return lengthA === lengthB ? 1 : 0;
  if (a === b) return 1;
  ensureFlags(lengthA > lengthB ? lengthA : lengthB);
  const matchedA = flagsA;
  const matchedB = flagsB;
  for (let i = 0; i < lengthA; i++) matchedA[i] = 0;
  for (let j = 0; j < lengthB; j++) matchedB[j] = 0;
  const longer = lengthA > lengthB ? lengthA : lengthB;
  const window = longer >> 1 > 1 ? (longer >> 1) - 1 : 0;
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = i > window ? i - window : 0;
    const to = i + window < lengthB - 1 ? i + window : lengthB - 1;
    const code = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  return (matches / lengthA + matches / lengthB + (matches - halfTranspositions / 2) / matches) / 3;
}

/** Jaro-Winkler similarity with the usual prefix scale 0.1 over up to 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  if (similarity <= 0.7) return similarity;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return similarity + prefix * 0.1 * (1 - similarity);
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein where a transposed
 * pair of adjacent letters costs one edit). Stops early and returns
 * `limit + 1` once the distance must exceed `limit`.
 */
export function damerauLevenshtein(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > limit) return limit + 1;
  if (lengthA === 0) return lengthB;
  if (lengthB === 0) return lengthA;
  ensureRows(lengthB);
  let twoBack = rowPrevPrev;
  let previous = rowPrev;
  let current = rowCurrent;
  for (let j = 0; j <= lengthB; j++) previous[j] = j;
  for (let i = 1; i <= lengthA; i++) {
    current[0] = i;
    let rowMinimum = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= lengthB; j++) {
      const charB = b.charCodeAt(j - 1);
      const cost = charA === charB ? 0 : 1;
      let best = (previous[j - 1] ?? 0) + cost;
      const deletion = (previous[j] ?? 0) + 1;
      if (deletion < best) best = deletion;
      const insertion = (current[j - 1] ?? 0) + 1;
      if (insertion < best) best = insertion;
      if (i > 1 && j > 1 && charA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === charB) {
        const transposition = (twoBack[j - 2] ?? 0) + 1;
        if (transposition < best) best = transposition;
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > limit) return limit + 1;
    const spare = twoBack;
    twoBack = previous;
    previous = current;
    current = spare;
  }
  return previous[lengthB] ?? 0;
}

/** Plain Levenshtein distance (no transpositions). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  ensureRows(b.length);
  let previous = rowPrev;
  let current = rowCurrent;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (charA === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    const spare = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length] ?? 0;
}

/**
 * True when the two strings are at most one edit apart (substitution,
 * insertion, deletion or adjacent transposition), in linear time.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA - lengthB > 1 || lengthB - lengthA > 1) return false;
  const shorter = lengthA < lengthB ? lengthA : lengthB;
  let prefix = 0;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (prefix === shorter) return true;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    a.charCodeAt(lengthA - 1 - suffix) === b.charCodeAt(lengthB - 1 - suffix)
  ) {
    suffix++;
  }
  const middleA = lengthA - prefix - suffix;
  const middleB = lengthB - prefix - suffix;
  if (middleA <= 1 && middleB <= 1) return true;
  return (
    middleA === 2 &&
    middleB === 2 &&
    a.charCodeAt(prefix) === b.charCodeAt(prefix + 1) &&
    a.charCodeAt(prefix + 1) === b.charCodeAt(prefix)
  );
}

const letterCounts = new Int16Array(65536);

/**
 * A cheap upper bound on Jaro-Winkler: Jaro can match at most the letters
 * the strings have in common, and the prefix bonus is known exactly. Lets the
 * comparison skip the full computation for clearly different strings.
 */
export function jaroWinklerUpperBound(a: string, b: string): number {
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return lengthA === lengthB ? 1 : 0;
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(i);
    letterCounts[code] = (letterCounts[code] ?? 0) + 1;
  }
  let common = 0;
  for (let j = 0; j < lengthB; j++) {
    const code = b.charCodeAt(j);
    const available = letterCounts[code] ?? 0;
    if (available > 0) {
      letterCounts[code] = available - 1;
      common++;
    }
  }
  for (let i = 0; i < lengthA; i++) letterCounts[a.charCodeAt(i)] = 0;
  if (common === 0) return 0;
  const jaroBound = (common / lengthA + common / lengthB + 1) / 3;
  const limit = Math.min(4, lengthA, lengthB);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaroBound + prefix * 0.1 * (1 - jaroBound);
}
