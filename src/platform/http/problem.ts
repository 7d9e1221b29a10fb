import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem description for the JSON API. */
export function problem(reply: FastifyReply, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, ...extra });
}
