import { z } from 'zod';

/**
 * Page numbers for every paged list, on pages and in the API. A bound keeps the database's
 * offset arithmetic far from overflow whatever is typed into the address bar.
 */
export const MAX_PAGE = 10_000;

/** The API's `page` query parameter: a whole number from 1 to MAX_PAGE, 1 when left out. */
export const pageQuery = z.coerce.number().int().min(1).max(MAX_PAGE).default(1);

/**
 * A page's `?page=` value, read leniently because people edit addresses by hand: a number past the
 * end goes to the last page Lantern will show; anything that is not a whole number from 1 goes to
 * the first.
 */
export function pageNumber(raw: unknown): number {
  const parsed = pageQuery.safeParse(raw ?? undefined);
  if (parsed.success) return parsed.data;
  const asNumber = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  return asNumber > MAX_PAGE ? MAX_PAGE : 1;
}
