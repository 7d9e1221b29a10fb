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

export { classifyFailure, describeError } from '../db/failures.ts';

/** How long a client is asked to wait before trying again while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;
