/**
 * Text PostgreSQL cannot hold. It refuses the NUL character (U+0000) in text and in jsonb, and an
 * unpaired UTF-16 surrogate cannot be written as UTF-8 at all (it would be stored as U+FFFD, a
 * changed value). Such input is refused once, before any route sees it, rather than failing
 * half-way through a transaction.
 */

const NUL = String.fromCharCode(0);
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a person is told when a form they sent holds such a character. */
export const UNSTORABLE_TEXT_MESSAGE = 'What you entered contains a character Lantern cannot store, such as a null character';

/** Whether `text` can be stored exactly as it is. */
export function isStorableText(text: string): boolean {
  return !text.includes(NUL) && !UNPAIRED_SURROGATE.test(text);
}

/**
 * The dotted path of the first string (or object key) in `value` that cannot be stored, or null.
 * Walks with its own stack, so a deeply nested JSON body cannot overflow the call stack.
 */
export function findUnstorableText(value: unknown, root: string): string | null {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (!isStorableText(item)) return path;
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => pending.push([element, `${path}[${index}]`]));
    } else if (item && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        // The key is reported by position only: a key that cannot be stored cannot be shown either.
        if (!isStorableText(key)) return `${path} (a field name)`;
        pending.push([element, `${path}.${key}`]);
      }
    }
  }
  return null;
}
