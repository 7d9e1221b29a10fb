/** RFC 9457 problem descriptions: how the JSON API says no. */
import type { FastifyReply } from 'fastify';

export function problem(reply: FastifyReply, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, ...extra });
}
