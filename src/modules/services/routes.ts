/**
 * The databank's pages: search services by need and words, read one, add and edit them (the
 * coordinator), mark one checked, resources, the CSV import, and recording what came of an action's
 * "refer to …".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASEWORK_ROLES, PARTNERSHIP_EDIT_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { form, formChoices, formText, queryText } from '../../platform/http/page-input.ts';
import { dateInputValues, readDateInput } from '../../platform/http/date-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { addDays, londonToday, now } from '../../platform/time.ts';
import { DATABANK_READ_ROLES } from './access.ts';
import { NEEDS, REFERRAL_OUTCOMES, RESOURCE_AUDIENCES, RESOURCE_KINDS, SECTORS, SEXES } from './vocab.ts';
import {
  RESOURCE_FIELDS,
  SERVICE_FIELDS,
  areaAgencies,
  createResource,
  createService,
  findService,
  markServiceChecked,
  resourceView,
  searchResources,
  searchServices,
  serviceView,
  updateService,
  type ServiceDraft,
  type ServiceRow,
} from './service.ts';
import { actionForReferral, recordReferral, referralCountsFor, referralsForAction, REFERRAL_FIELDS } from './referrals.ts';
import { importServices, SERVICE_IMPORT_COLUMNS } from './import.ts';

const NO_PERSONAL_DATA = 'the databank lists services and resources, naming no young person';
const serviceAddress = z.object({ serviceId: z.string() });
const dateFields = (prefix: string) => ({ [`${prefix}-day`]: formText, [`${prefix}-month`]: formText, [`${prefix}-year`]: formText });
const serviceForm = form({
  name: formText,
  sector: formText,
  provider: formText,
  agencyId: formText,
  offer: formText,
  needs: formChoices,
  minAge: formText,
  maxAge: formText,
  sex: formText,
  referPhone: formText,
  referEmail: formText,
  referWebsite: formText,
  ways: formChoices,
  contact: formText,
  waitingTime: formText,
  coverage: formText,
  ...dateFields('lastCheckedOn'),
});
type ServiceForm = z.infer<typeof serviceForm>;
const resourceForm = form({ title: formText, kind: formText, audience: formText, description: formText, link: formText, needs: formChoices, ...dateFields('lastCheckedOn') });

const options = (labels: Record<string, string>, chosen: string | undefined, first?: string) => [
  ...(first !== undefined ? [{ value: '', text: first, selected: !chosen }] : []),
  ...Object.entries(labels).map(([value, text]) => ({ value, text, selected: chosen === value })),
];
const checks = (labels: Record<string, string>, chosen: readonly string[]) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen.includes(value) }));

function draftFromForm(body: ServiceForm, today: string): ServiceDraft {
  const date = readDateInput(body, 'lastCheckedOn', { label: 'The date last checked', required: 'Enter the date the entry was last checked', latest: today });
  return {
    name: body.name,
    sector: body.sector,
    provider: body.provider,
    agencyId: body.agencyId,
    offer: body.offer,
    needs: body.needs,
    minAge: body.minAge,
    maxAge: body.maxAge,
    sex: body.sex,
    referPhone: body.referPhone,
    referEmail: body.referEmail,
    referWebsite: body.referWebsite,
    selfReferral: body.ways.includes('self'),
    dropIn: body.ways.includes('drop_in'),
    contact: body.contact,
    waitingTime: body.waitingTime,
    coverage: body.coverage,
    lastCheckedOn: date.error ? { error: date.error } : (date.value ?? ''),
  };
}

function formFromService(s: ServiceRow): Record<string, string | string[]> {
  return {
    name: s.name,
    sector: s.sector,
    provider: s.provider,
    agencyId: s.agencyId ?? '',
    offer: s.offer,
    needs: s.needs,
    minAge: s.minAge === null ? '' : String(s.minAge),
    maxAge: s.maxAge === null ? '' : String(s.maxAge),
    sex: s.sex,
    referPhone: s.referPhone ?? '',
    referEmail: s.referEmail ?? '',
    referWebsite: s.referWebsite ?? '',
    ways: [s.selfReferral ? 'self' : '', s.dropIn ? 'drop_in' : ''].filter(Boolean),
    contact: s.contact ?? '',
    waitingTime: s.waitingTime ?? '',
    coverage: s.coverage ?? '',
    ...dateInputValues('lastCheckedOn', s.lastCheckedOn),
  };
}

export default async function serviceRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  // ---- Services ----

  pages.get(
    '/services',
    { config: { roles: DATABANK_READ_ROLES, audit: { none: NO_PERSONAL_DATA } }, schema: { querystring: z.object({ need: queryText, q: queryText, show: queryText, done: queryText }) } },
    async (request, reply) => {
      const user = request.user!;
      const today = londonToday(now());
      const { need, q, show } = request.query;
      const stale = show === 'stale';
      const found = await searchServices(db, user.areaId, { need, q: q.slice(0, 100), staleOnly: stale }, today);
      return reply.page('services/views/list.njk', {
        title: stale ? 'Services not checked in a year' : 'Services and resources',
        need,
        q,
        stale,
        done: request.query.done,
        needItems: options(NEEDS, need, 'Any need'),
        services: found.map((s) => serviceView(s, today)),
        mayEdit: PARTNERSHIP_EDIT_ROLES.includes(user.role),
      });
    },
  );

  async function serviceFormContext(request: FastifyRequest, values: Record<string, unknown>, errors: FieldErrors | null, serviceId?: string) {
    const agencies = await areaAgencies(db, request.user!.areaId);
    return {
      title: serviceId ? 'Change a service' : 'Add a service',
      backLink: serviceId ? `/services/${serviceId}` : '/services',
      action: serviceId ? `/services/${serviceId}` : '/services',
      values,
      sectorItems: Object.entries(SECTORS).map(([value, text]) => ({ value, text, checked: values.sector === value })),
      sexItems: Object.entries(SEXES).map(([value, text]) => ({ value, text, checked: (values.sex ?? 'any') === value })),
      agencyItems: [{ value: '', text: 'None: runs outside the partnership', selected: !values.agencyId }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id }))],
      needItems: checks(NEEDS, (values.needs as string[] | undefined) ?? []),
      wayItems: checks({ self: 'Young people may refer themselves', drop_in: 'Young people may drop in' }, (values.ways as string[] | undefined) ?? []),
      errors: errors && Object.keys(errors).length ? formErrors(errors, SERVICE_FIELDS) : null,
    };
  }

  pages.get('/services/new', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { none: 'an empty form: nothing recorded is shown' } } }, async (request, reply) =>
    reply.page('services/views/service-form.njk', await serviceFormContext(request, { sex: 'any', ...dateInputValues('lastCheckedOn', londonToday(now())) }, null)),
  );

  pages.post('/services', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'service' } }, schema: { body: serviceForm } }, async (request, reply) => {
    const result = await createService(db, request.ctx, request.user!, draftFromForm(request.body, londonToday(now())), now());
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('services/views/service-form.njk', await serviceFormContext(request, request.body, errors)));
    return reply.redirect(`/services/${result.value.id}?done=added`, 303);
  });

  pages.get(
    '/services/:serviceId',
    { config: { roles: DATABANK_READ_ROLES, audit: { none: NO_PERSONAL_DATA } }, schema: { params: serviceAddress, querystring: z.object({ done: queryText }) } },
    async (request, reply) => {
      const user = request.user!;
      const found = await findService(db, user.areaId, request.params.serviceId);
      if (!found) throw notFound();
      const today = londonToday(now());
      const agencies = await areaAgencies(db, user.areaId);
      return reply.page('services/views/service.njk', {
        title: found.name,
        backLink: '/services',
        service: serviceView(found, today),
        agencyName: agencies.find((a) => a.id === found.agencyId)?.name ?? null,
        referrals: await referralCountsFor(db, found.id, addDays(today, -365)),
        mayEdit: PARTNERSHIP_EDIT_ROLES.includes(user.role),
        done: request.query.done,
      });
    },
  );

  pages.get('/services/:serviceId/edit', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { none: NO_PERSONAL_DATA } }, schema: { params: serviceAddress } }, async (request, reply) => {
    const found = await findService(db, request.user!.areaId, request.params.serviceId);
    if (!found) throw notFound();
    return reply.page('services/views/service-form.njk', await serviceFormContext(request, formFromService(found), null, found.id));
  });

  pages.post('/services/:serviceId', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'service', recordId: 'serviceId' } }, schema: { params: serviceAddress, body: serviceForm } }, async (request, reply) => {
    const result = await updateService(db, request.ctx, request.user!, request.params.serviceId, draftFromForm(request.body, londonToday(now())), now());
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('services/views/service-form.njk', await serviceFormContext(request, request.body, errors, request.params.serviceId)));
    return reply.redirect(`/services/${request.params.serviceId}?done=changed`, 303);
  });

  pages.post('/services/:serviceId/checked', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'service', recordId: 'serviceId' } }, schema: { params: serviceAddress } }, async (request, reply) => {
    const result = await markServiceChecked(db, request.ctx, request.user!, request.params.serviceId, now());
    if (!result.ok) throw notFound();
    return reply.redirect(`/services/${request.params.serviceId}?done=checked`, 303);
  });

  // ---- Resources ----

  pages.get(
    '/services/resources',
    { config: { roles: DATABANK_READ_ROLES, audit: { none: NO_PERSONAL_DATA } }, schema: { querystring: z.object({ need: queryText, q: queryText, audience: queryText, show: queryText, done: queryText }) } },
    async (request, reply) => {
      const user = request.user!;
      const today = londonToday(now());
      const { need, q, audience, show } = request.query;
      const stale = show === 'stale';
      const found = await searchResources(db, user.areaId, { need, q: q.slice(0, 100), audience, staleOnly: stale }, today);
      return reply.page('services/views/resources.njk', {
        title: stale ? 'Resources not checked in a year' : 'Resources',
        backLink: '/services',
        need,
        q,
        stale,
        done: request.query.done,
        needItems: options(NEEDS, need, 'Any need'),
        audienceItems: options(RESOURCE_AUDIENCES, audience, 'Anyone'),
        resources: found.map((r) => resourceView(r, today)),
        mayEdit: PARTNERSHIP_EDIT_ROLES.includes(user.role),
      });
    },
  );

  const resourceFormContext = (values: Record<string, unknown>, errors: FieldErrors | null) => ({
    title: 'Add a resource',
    backLink: '/services/resources',
    values,
    kindItems: Object.entries(RESOURCE_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
    audienceItems: Object.entries(RESOURCE_AUDIENCES).map(([value, text]) => ({ value, text, checked: values.audience === value })),
    needItems: checks(NEEDS, (values.needs as string[] | undefined) ?? []),
    errors: errors && Object.keys(errors).length ? formErrors(errors, RESOURCE_FIELDS) : null,
  });

  pages.get('/services/resources/new', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { none: 'an empty form: nothing recorded is shown' } } }, async (_request, reply) =>
    reply.page('services/views/resource-form.njk', resourceFormContext(dateInputValues('lastCheckedOn', londonToday(now())), null)),
  );

  pages.post('/services/resources', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'resource' } }, schema: { body: resourceForm } }, async (request, reply) => {
    const body = request.body;
    const date = readDateInput(body, 'lastCheckedOn', { label: 'The date last checked', required: 'Enter the date the resource was last checked', latest: londonToday(now()) });
    const result = await createResource(db, request.ctx, request.user!, { ...body, lastCheckedOn: date.error ? { error: date.error } : (date.value ?? '') }, now());
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('services/views/resource-form.njk', resourceFormContext(body, errors)));
    return reply.redirect('/services/resources?done=added', 303);
  });

  // ---- Import ----

  const importContext = (values: Record<string, string>, report: Awaited<ReturnType<typeof importServices>> | null, errors: FieldErrors | null) => ({
    title: 'Import services from a CSV file',
    backLink: '/services',
    columns: SERVICE_IMPORT_COLUMNS,
    values,
    report,
    errors: errors && Object.keys(errors).length ? formErrors(errors, ['csv']) : null,
  });

  pages.get('/services/import', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { none: 'an empty form: nothing recorded is shown' } } }, async (_request, reply) => reply.page('services/views/import.njk', importContext({}, null, null)));

  pages.post('/services/import', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'service_import' } }, schema: { body: form({ csv: z.string().default(''), confirm: formText }) } }, async (request, reply) => {
    const { csv, confirm } = request.body;
    if (!csv.trim()) return reply.code(400).page('services/views/import.njk', importContext({ csv }, null, { csv: 'Paste the contents of the CSV file, header row first' }));
    if (csv.length > 2_000_000) return reply.code(400).page('services/views/import.njk', importContext({ csv: '' }, null, { csv: 'The file is too large: import it in parts of under 2 MB' }));
    const report = await importServices(db, request.ctx, request.user!, new TextEncoder().encode(csv), confirm === 'yes', now());
    if (report.problems.length) {
      return reply.code(400).page('services/views/import.njk', importContext({ csv }, report, { csv: `${report.problems.length === 1 ? 'One problem was' : `${report.problems.length} problems were`} found, so nothing was imported: correct the rows listed and try again` }));
    }
    if (report.confirmed) return reply.redirect(`/services?done=imported-${report.created}`, 303);
    return reply.page('services/views/import.njk', importContext({ csv }, report, null));
  });

  // ---- Referrals from actions ----

  const referralQuery = z.object({ kind: queryText, action: queryText });
  async function referralContext(request: FastifyRequest, action: NonNullable<Awaited<ReturnType<typeof actionForReferral>>>, values: Record<string, string>, errors: FieldErrors | null) {
    const found = await searchServices(db, request.user!.areaId, { need: values.need }, londonToday(now()));
    return {
      title: 'Refer to a service',
      backLink: action.backLink,
      action,
      values,
      needItems: options(NEEDS, values.need, 'Choose a need'),
      outcomeItems: Object.entries(REFERRAL_OUTCOMES).map(([value, text]) => ({ value, text, checked: values.outcome === value })),
      serviceItems: [{ value: '', text: 'Choose a service', selected: !values.serviceId }, ...found.map((s) => ({ value: s.id, text: `${s.name} (${s.provider})`, selected: values.serviceId === s.id }))],
      recorded: await referralsForAction(db, action.kind, action.id),
      errors: errors && Object.keys(errors).length ? formErrors(errors, REFERRAL_FIELDS) : null,
    };
  }

  pages.get(
    '/services/referrals/new',
    { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'service_referral', details: { form: 'referral' } } }, schema: { querystring: referralQuery.extend({ need: queryText, done: queryText }) } },
    async (request, reply) => {
      const action = await actionForReferral(db, request.user!, request.query.kind, request.query.action);
      if (!action) throw notFound();
      request.noteAudit({ details: { actionKind: action.kind, actionId: action.id, youngPersonId: action.youngPersonId } });
      return reply.page('services/views/referral-form.njk', { ...(await referralContext(request, action, { need: request.query.need }, null)), done: request.query.done });
    },
  );

  pages.post(
    '/services/referrals',
    { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'service_referral' } }, schema: { body: form({ kind: formText, action: formText, need: formText, outcome: formText, serviceId: formText, show: formText }) } },
    async (request, reply) => {
      const body = request.body;
      const action = await actionForReferral(db, request.user!, body.kind, body.action);
      if (!action) throw notFound();
      // Without JavaScript, choosing the need first narrows the list of services.
      if (body.show) return reply.page('services/views/referral-form.njk', await referralContext(request, action, body, null));
      const result = await recordReferral(db, request.ctx, request.user!, body.kind, body.action, body, now());
      if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('services/views/referral-form.njk', await referralContext(request, action, body, errors)));
      return reply.redirect(`/services/referrals/new?kind=${action.kind}&action=${action.id}&done=recorded`, 303);
    },
  );
}
