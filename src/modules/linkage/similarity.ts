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
  ensureFlags(Math.max(lengthA, lengthB));
  flagsA.fill(0, 0, lengthA);
  flagsB.fill(0, 0, lengthB);
  const window = Math.max(0, (Math.max(lengthA, lengthB) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lengthB - 1, i + window);
    const code = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / lengthA + m / lengthB + (m - transpositions / 2) / m) / 3;
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
