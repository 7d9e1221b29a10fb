/** An error whose message is safe to show the user, with the status to answer. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'Page not found');
export const forbidden = () => new HttpError(403, 'You do not have access to this page');

/** A failure to reach PostgreSQL, as opposed to a bug: answered 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown } | undefined;
  if (!e) return false;
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(code)) return true;
  if (/closed|terminat|Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|after calling end on the pool/i.test(e.message ?? '')) return true;
  return e.cause ? isDatabaseUnavailable(e.cause) : false;
}
