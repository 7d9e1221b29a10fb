/**
 * The prevention log's pages: where prevention reached by postcode district against the concerns
 * and hotspots of the same period (a table and server-drawn charts), the sessions themselves, and
 * recording one (the coordinator for any agency, an agency lead for their own).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PARTNERSHIP_READ_ROLES, PARTNERSHIP_RECORDING_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { form, formText } from '../../platform/http/page-input.ts';
import { dateInputValues, readDateInput } from '../../platform/http/date-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { addDays, londonToday, now } from '../../platform/time.ts';
import { horizontalBars, table } from '../profile/index.ts';
import { AUDIENCES, TOPICS } from './vocab.ts';
import { SESSION_FIELDS, agencyChoices, mayChoosePlace, placeChoices, reachByDistrict, recordSession, sessionsIn, type DistrictReach } from './service.ts';
import { placeReference } from '../intelligence/index.ts';

const dateFields = (prefix: string) => ({ [`${prefix}-day`]: formText, [`${prefix}-month`]: formText, [`${prefix}-year`]: formText });
const sessionForm = form({ agencyId: formText, provider: formText, audience: formText, topic: formText, title: formText, reached: formText, district: formText, placeId: formText, ...dateFields('deliveredOn') });

/** The period asked for, or the last twelve months; a bad date is reported beside its field. */
export function periodFrom(query: Record<string, unknown>, today: string) {
  const errors: FieldErrors = {};
  const from = readDateInput(query, 'from', { label: 'The start of the period', latest: today, acceptIsoField: true });
  const to = readDateInput(query, 'to', { label: 'The end of the period', latest: today, acceptIsoField: true });
  if (from.error) errors.from = from.error;
  if (to.error) errors.to = to.error;
  let period = { from: from.value ?? addDays(today, -364), to: to.value ?? today };
  if (!errors.from && !errors.to && period.from > period.to) errors.to = 'The end of the period must be the same as or after its start';
  if (Object.keys(errors).length) period = { from: addDays(today, -364), to: today };
  return { period, errors };
}

export function reachTables(reach: DistrictReach[]) {
  const oneColumn = (id: string, title: string, label: string, pick: (r: DistrictReach) => number) =>
    table({ id, title, rowHeading: 'Postcode district', columns: [{ key: id, label }], rows: reach.map((r) => ({ key: r.district === 'Not known' ? 'not_recorded' : r.district, label: r.district, values: [pick(r)] })), rowsAdd: true });
  return {
    reachedChart: horizontalBars(oneColumn('reached', 'People reached by prevention sessions', 'People reached', (r) => r.reached)),
    concernsChart: horizontalBars(oneColumn('concerns', 'Concerns received', 'Concerns', (r) => r.concerns)),
  };
}

export default async function preventionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(
    '/prevention',
    { config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'prevention_reach' } }, schema: { querystring: z.record(z.string(), z.unknown()) } },
    async (request, reply) => {
      const user = request.user!;
      const today = londonToday(now());
      const { period, errors } = periodFrom(request.query, today);
      const scope = { areaIds: [user.areaId], agencyId: user.role === 'agency_lead' ? user.agencyId : null };
      const [reach, sessions] = await Promise.all([reachByDistrict(db, scope, period.from, period.to), sessionsIn(db, user, period.from, period.to)]);
      request.noteAudit({ details: { from: period.from, to: period.to, agencyId: scope.agencyId ?? undefined } });
      const total = (pick: (r: DistrictReach) => number) => reach.reduce((t, r) => t + pick(r), 0);
      return reply.code(Object.keys(errors).length ? 400 : 200).page('prevention/views/reach.njk', {
        title: 'Prevention and awareness',
        period,
        values: { ...dateInputValues('from', period.from), ...dateInputValues('to', period.to), ...(request.query as Record<string, string>) },
        errors: formErrors(errors, ['from', 'to']),
        agencyOnly: Boolean(scope.agencyId),
        reach,
        totals: { sessions: total((r) => r.sessions), reached: total((r) => r.reached), concerns: total((r) => r.concerns), hotspots: scope.agencyId ? null : total((r) => r.hotspots ?? 0) },
        notReached: reach.filter((r) => r.district !== 'Not known' && r.sessions === 0 && (r.concerns > 0 || (r.hotspots ?? 0) > 0)).map((r) => r.district),
        ...reachTables(reach),
        sessions,
        mayRecord: PARTNERSHIP_RECORDING_ROLES.includes(user.role),
        done: typeof request.query.done === 'string' ? request.query.done : '',
      });
    },
  );

  async function sessionFormContext(request: FastifyRequest, values: Record<string, unknown>, errors: FieldErrors | null) {
    const user = request.user!;
    const agencies = user.role === 'coordinator' ? await agencyChoices(db, user.areaId) : [];
    const places = await placeChoices(db, user);
    return {
      title: 'Record a prevention session',
      backLink: '/prevention',
      values,
      agencyName: user.agencyName,
      agencyItems: agencies.length ? [{ value: '', text: 'Choose an agency', selected: !values.agencyId }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id }))] : null,
      audienceItems: Object.entries(AUDIENCES).map(([value, text]) => ({ value, text, checked: values.audience === value })),
      topicItems: Object.entries(TOPICS).map(([value, text]) => ({ value, text, checked: values.topic === value })),
      placeItems: mayChoosePlace(user) ? [{ value: '', text: 'Not at a place of concern', selected: !values.placeId }, ...places.map((p) => ({ value: p.id, text: `${placeReference(p.number)} ${p.name}${p.postcode ? ` (${p.postcode})` : ''}`, selected: values.placeId === p.id }))] : null,
      errors: errors && Object.keys(errors).length ? formErrors(errors, SESSION_FIELDS) : null,
    };
  }

  pages.get('/prevention/sessions/new', { config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { none: 'an empty form: nothing recorded is shown' } } }, async (request, reply) =>
    reply.page('prevention/views/session-form.njk', await sessionFormContext(request, {}, null)),
  );

  pages.post('/prevention/sessions', { config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'create', recordKind: 'prevention_session' } }, schema: { body: sessionForm } }, async (request, reply) => {
    const body = request.body;
    const date = readDateInput(body, 'deliveredOn', { label: 'The date delivered', required: 'Enter the date the session was delivered', example: '27 3 2026' });
    const result = await recordSession(db, request.ctx, request.user!, { ...body, deliveredOn: date.error ? { error: date.error } : (date.value ?? '') }, now());
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('prevention/views/session-form.njk', await sessionFormContext(request, body, errors)));
    return reply.redirect('/prevention?done=recorded', 303);
  });
}
