/**
 * A text helper for the linkage pages' tests (not a test file itself). Starting Lantern and signing
 * in are src/test-support's.
 */

/** Text of a page without tags, for assertions about what a user can read. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
