/** What the panels pages share: reading dates and choices from forms, subjects' words, finding a meeting or item. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import { formText } from '../../../platform/http/page-input.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { agendaOf, type AgendaRow } from '../queries.ts';
import { readDateInput } from '../../../platform/http/date-input.ts';
import { loadMeeting, type LoadedMeeting } from '../service.ts';

export const radios = (labels: Record<string, string>, chosen: unknown) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value }));
/** An optional text field: null when left blank. */
export const optional = (value: string) => value || null;
export const wholeNumber = (raw: string): number => (/^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN);
/** The day, month and year fields of a GOV.UK date input named `name`. */
export function dateFields<Name extends string>(name: Name) {
  return { [`${name}-day`]: formText, [`${name}-month`]: formText, [`${name}-year`]: formText } as Record<`${Name}-${'day' | 'month' | 'year'}`, typeof formText>;
}
/** A GOV.UK date input as YYYY-MM-DD, null when empty, 'invalid' otherwise: rules.ts words the message, for the API too. */
export const dateField = (body: Record<string, string>, prefix: string): string | null | 'invalid' => {
  const date = readDateInput(body, prefix, { label: prefix });
  return date.error ? 'invalid' : date.value;
};

/** Addresses naming a meeting, or an item on its agenda. */
export const meetingAddress = z.object({ meetingId: z.string() });
export const itemAddress = z.object({ meetingId: z.string(), itemId: z.string() });

/** Subject words for a row the reader may or may not see. */
export function subjectText(row: { subject_kind: string; subject_name: string | null; subject_reference: string | null }): string {
  if (!row.subject_name) return row.subject_kind === 'peer_group' ? 'A peer group you cannot see' : row.subject_kind === 'place' ? 'A place of concern you cannot see' : 'A young person you cannot see';
  if (row.subject_kind === 'peer_group') return `${row.subject_name} (peer group)`;
  return `${row.subject_name} (${row.subject_reference})`;
}

export async function meetingOr404(db: Db, request: FastifyRequest, meetingId: string): Promise<LoadedMeeting> {
  const m = await loadMeeting(db, request.user!, meetingId);
  if (!m) throw notFound();
  return m;
}

/** An item of a meeting the reader may open: members only once the agenda is issued. */
export async function itemOr404(db: Db, request: FastifyRequest, address: { meetingId: string; itemId: string }): Promise<{ m: LoadedMeeting; item: AgendaRow; agenda: AgendaRow[] }> {
  const m = await meetingOr404(db, request, address.meetingId);
  if (!m.runs && !m.meeting.agendaIssuedAt) throw notFound();
  const agenda = await agendaOf(db, request.user!, m.meeting.id);
  const item = agenda.find((i) => i.id === address.itemId);
  if (!item) throw notFound();
  return { m, item, agenda };
}
