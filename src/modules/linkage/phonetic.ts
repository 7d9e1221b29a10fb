/**
 * A phonetic key for British names, in the spirit of Metaphone but written
 * for this project: consonant skeleton with the spelling variants common in
 * UK records folded together (Smith/Smyth, Kayleigh/Kayley/Kaylee,
 * Mohammed/Muhammad/Mohamed, Stephen/Steven, Catherine/Kathryn).
 *
 * The output is deterministic ASCII so it can be stored in an indexed column
 * and joined on in SQL.
 */

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.has(ch);
}

/** Phonetic code of one name token (letters only; other characters are ignored). */
export function phoneticCode(name: string, maxLength = 6): string {
  // Names repeat a great deal across a batch (Smith, Oliver): each is coded once.
  if (maxLength !== 6) return computePhoneticCode(name, maxLength);
  const known = codes.get(name);
  if (known !== undefined) return known;
  const code = computePhoneticCode(name, maxLength);
  if (codes.size >= PHONETIC_CACHE_SIZE) codes.clear();
  codes.set(name, code);
  return code;
}

/** Most names whose codes are remembered at once (a few megabytes). */
const PHONETIC_CACHE_SIZE = 100_000;
const codes = new Map<string, string>();

function computePhoneticCode(name: string, maxLength: number): string {
  const word = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (word.length === 0) return '';
  let text = word;
  // Silent or softened openings.
  if (/^(KN|GN|PN|WR|PS)/.test(text)) text = text.slice(1);
  else if (text.startsWith('X')) text = 'S' + text.slice(1);
  else if (text.startsWith('WH')) text = 'W' + text.slice(2);
  // Endings that only spell a vowel sound (Kayleigh, Leigh, Hugh).
  text = text.replace(/(EIGH|IGH|AIGH)$/, 'E').replace(/GH$/, '');

  let code = '';
  const emit = (symbol: string): void => {
    if (code.length > 0 && code[code.length - 1] === symbol) return;
    code += symbol;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const next = text[i + 1];
    const afterNext = text[i + 2];
    const previous = text[i - 1];
    if (isVowel(ch) || ch === 'Y') {
      if (i === 0) emit(ch === 'Y' && isVowel(next) ? 'Y' : 'A');
      else if (ch === 'Y' && isVowel(next) && !isVowel(previous)) emit('Y');
      continue;
    }
    switch (ch) {
      case 'B':
        if (!(previous === 'M' && i === text.length - 1)) emit('P');
        break;
      case 'C':
        if (next === 'H') {
          // Hard in Christopher, Chloe, Schmidt; soft in Charlotte, Rachel.
          const hard = previous === 'S' || (i === 0 && afterNext !== undefined && !isVowel(afterNext));
          emit(hard ? 'K' : 'X');
          i++;
        } else if (next === 'I' || next === 'E' || next === 'Y') {
          emit('S');
        } else if (next === 'K' || next === 'Q') {
          emit('K');
          i++;
        } else {
          emit('K');
        }
        break;
      case 'D':
        if (next === 'G' && (afterNext === 'E' || afterNext === 'I' || afterNext === 'Y')) {
          emit('J');
          i++;
        } else {
          emit('T');
        }
        break;
      case 'G':
        if (next === 'H') {
          // Gh before a vowel is hard (Ghislaine), otherwise silent (Vaughan).
          if (isVowel(afterNext) && i === 0) emit('K');
          i++;
        } else if (next === 'N' && (afterNext === undefined || (afterNext === 'E' && text[i + 3] === undefined))) {
          // Silent in -gn endings.
        } else if ((next === 'I' || next === 'E' || next === 'Y') && previous !== 'G') {
          emit('J');
        } else {
          emit('K');
        }
        break;
      case 'H':
        // Only pronounced between a non-softening letter and a vowel.
        if (isVowel(next) && !'CSPTGW'.includes(previous ?? '-')) emit('H');
        break;
      case 'K':
        emit('K');
        break;
      case 'P':
        if (next === 'H') {
          emit('F');
          i++;
        } else if (previous === 'M' && (next === 'S' || next === 'T')) {
          // Silent p in Thompson, Sampson.
        } else {
          emit('P');
        }
        break;
      case 'Q':
        emit('K');
        break;
      case 'S':
        if (next === 'H' || (next === 'C' && afterNext === 'H' && text[i + 3] !== undefined && !isVowel(text[i + 3]))) {
          emit('X');
          i++;
        } else if (next === 'I' && (afterNext === 'O' || afterNext === 'A')) {
          emit('X');
        } else {
          emit('S');
        }
        break;
      case 'T':
        if (next === 'H') {
          // Thomas and Tomas, Smith and Smit: th is folded into t.
          emit('T');
          i++;
        } else if (next === 'I' && (afterNext === 'O' || afterNext === 'A')) {
          emit('X');
        } else if (next === 'C' && afterNext === 'H') {
          // The t in -tch is silent.
        } else {
          emit('T');
        }
        break;
      case 'V':
        emit('F');
        break;
      case 'W':
        if (isVowel(next)) emit('W');
        break;
      case 'X':
        emit('K');
        emit('S');
        break;
      case 'Z':
        emit('S');
        break;
      case 'J':
        emit('J');
        break;
      default:
        emit(ch);
    }
    if (code.length >= maxLength) break;
  }
  return code.slice(0, maxLength);
}
