/**
 * The data protection pages: subject-access requests and their review (redactions, exemptions,
 * the answer as PDF and JSON), corrections, restriction, who has seen a record, and sharing
 * decisions. The coordinator and the data protection officer use them (DATA_PROTECTION_ROLES);
 * anyone who sees a record may record that they shared it.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASEWORK_ROLES, DATA_PROTECTION_ROLES } from '../../platform/auth/roles.ts';
import { writeCsv } from '../../platform/csv.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formErrors, isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { form, formText, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { isUuid } from '../../platform/ids.ts';
import { markedPdf } from '../../platform/pdf.ts';
import { isIsoDate } from '../../platform/time.ts';
import { formatDate, formatDateTime } from '../../platform/views/filters.ts';
import { agencies } from '../organisation/tables.ts';
import { findVisibleYoungPerson, personView, referenceFor } from '../young-people/index.ts';
import { correctDetail, currentRestriction, liftRestriction, restrictedRecords, restrictRecord } from './records.ts';
import { seenBy, SEEN_KINDS, type SeenFilters } from './seen-by.ts';
import { RECORDED_KINDS, recordSharingDecision } from './sharing.ts';
import { buildAnswer, completeRequest, decideRedaction, exemptionsFor, findRequest, findThirdParties, gatherHeld, listRequests, openRequest, recordAnswerShared, recordExemption, redactionsFor, type SubjectAccessAnswer } from './subject-access.ts';
import { CORRECTABLE_FIELDS, EXEMPTIONS, REDACTION_STATUSES, SHARING_BASES, sarReference } from './vocab.ts';
import { asc, eq, inArray } from 'drizzle-orm';
import { youngPeople } from '../young-people/tables.ts';
import type { Db } from '../../platform/db/database.ts';

const requestAddress = z.object({ id: z.string() });
const seenQuery = z.object({ kind: queryText, person: queryText, from: queryText, to: queryText });
const MARKING = 'OFFICIAL-SENSITIVE';

function options(list: Record<string, string>, chosen: string | undefined, first: string) {
  return [{ value: '', text: first, selected: !chosen }, ...Object.entries(list).map(([value, text]) => ({ value, text, selected: chosen === value }))];
}

function readSeenFilters(query: z.infer<typeof seenQuery>): SeenFilters {
  return {
    kind: isOneOf(SEEN_KINDS, query.kind) ? query.kind : undefined,
    userId: isUuid(query.person) ? query.person : undefined,
    from: isIsoDate(query.from) ? query.from : undefined,
    to: isIsoDate(query.to) ? query.to : undefined,
  };
}

/** The answer as a PDF: the same sections as the JSON, with the marking on every page. */
function answerPdf(answer: SubjectAccessAnswer): Promise<Buffer> {
  const title = `Information held about ${answer.youngPerson.name} (${answer.youngPerson.reference})`;
  return markedPdf({
    title,
    subject: `${MARKING}: subject-access answer ${answer.reference}`,
    marking: MARKING,
    runningHeader: `Subject-access answer ${answer.reference}`,
    body({ write, moveDown }) {
      write('H1', title, 'Helvetica-Bold', 18);
      write('P', `Answer to subject-access request ${answer.reference}, received ${formatDate(answer.receivedOn)}. Made ${formatDateTime(new Date(answer.generatedAt))} from the records in Lantern.`, 'Helvetica', 11);
      write('P', `Details that would identify other people are redacted (${answer.redactions.length}); ${answer.withheldItems} ${answer.withheldItems === 1 ? 'item is' : 'items are'} held back under an exemption.`, 'Helvetica', 11);
      for (const section of answer.sections) {
        moveDown();
        write('H2', section.heading, 'Helvetica-Bold', 15);
        for (const item of section.items) {
          moveDown(0.5);
          write('H3', `${item.title}${item.when ? ` – ${item.when}` : ''}`, 'Helvetica-Bold', 12);
          for (const l of item.lines) write('P', `${l.label}: ${l.text}`, 'Helvetica', 10, { indent: 10 });
        }
      }
      if (answer.redactions.length) {
        moveDown();
        write('H2', 'Redactions', 'Helvetica-Bold', 15);
        for (const r of answer.redactions) write('P', `${r.location}: ${r.kind}`, 'Helvetica', 10, { indent: 10 });
      }
    },
  });
}

export default async function dataProtectionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function recordOr404(user: Parameters<typeof findVisibleYoungPerson>[1], id: string) {
    const yp = isUuid(id) ? await findVisibleYoungPerson(db, user, id) : null;
    if (!yp) throw notFound();
    return yp;
  }

  // ---- Overview ----

  pages.get('/data-protection', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'data_protection_overview' } } }, async (request, reply) => {
    const user = request.user!;
    const [requests, restricted] = await Promise.all([listRequests(db, user.areaId, 'open'), restrictedRecords(db, user.areaId)]);
    const numbers = await referencesOf(db, restricted.map((r) => r.youngPersonId));
    request.noteAudit({ details: { restrictedIds: restricted.map((r) => r.youngPersonId) } });
    return reply.page('data-protection/views/overview.njk', { title: 'Data protection', requests, restricted: restricted.map((r) => ({ ...r, reference: numbers.get(r.youngPersonId) ?? '' })) });
  });

  pages.get('/data-protection/requests', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'subject_access_request' } }, schema: { querystring: z.object({ show: queryText }) } }, async (request, reply) => {
    const show = request.query.show === 'open' || request.query.show === 'overdue' ? request.query.show : 'all';
    const requests = await listRequests(db, request.user!.areaId, show);
    request.noteAudit({ details: { show, requestIds: requests.map((r) => r.id) } });
    return reply.page('data-protection/views/requests.njk', { title: show === 'overdue' ? 'Overdue subject-access requests' : show === 'open' ? 'Subject-access requests to answer' : 'Subject-access requests', backLink: '/data-protection', requests, show });
  });

  // ---- Subject access ----

  const requestForm = (yp: Awaited<ReturnType<typeof recordOr404>>, values: Record<string, string>, errors?: FieldErrors) => ({
    title: 'Open a subject-access request',
    backLink: `/young-people/${yp.id}`,
    yp: personView(yp),
    values,
    errors: errors ? formErrors(errors, ['requester', 'receivedOn']) : null,
  });

  pages.get('/young-people/:id/subject-access/new', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'subject_access' } } }, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await recordOr404(request.user!, request.params.id);
    return reply.page('data-protection/views/request-form.njk', requestForm(yp, {}));
  });

  pages.post('/young-people/:id/subject-access', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'create', recordKind: 'subject_access_request' } },
    schema: { params: recordAddress, body: form({ requester: formText, 'receivedOn-day': formText, 'receivedOn-month': formText, 'receivedOn-year': formText, receivedOn: formText }) },
  }, async (request, reply) => {
    const result = await openRequest(db, request.ctx, request.user!, { youngPersonId: request.params.id, requester: request.body.requester, body: request.body });
    if (result.ok) return reply.redirect(`/data-protection/requests/${result.value.id}`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/request-form.njk', requestForm(await recordOr404(request.user!, request.params.id), request.body, errors)));
  });

  async function reviewPage(requestId: string, user: Parameters<typeof findRequest>[1], errors?: FieldErrors, values: Record<string, string> = {}) {
    const found = await findRequest(db, user, requestId);
    if (!found) throw notFound();
    const items = await gatherHeld(db, user, found.yp);
    const redactions = await redactionsFor(db, found.request.id, await findThirdParties(db, found.yp, items));
    const exemptions = await exemptionsFor(db, found.request.id);
    const answer = await buildAnswer(db, user, found);
    return {
      found,
      context: {
        title: `Subject-access request ${sarReference(found.request.number)}`,
        backLink: '/data-protection/requests',
        yp: personView(found.yp),
        request: { ...found.request, reference: sarReference(found.request.number) },
        redactions: redactions.map((r) => ({ ...r, statusLabel: REDACTION_STATUSES[r.status] })),
        exemptions,
        itemItems: [{ value: '', text: 'Choose an item' }, ...items.map((i) => ({ value: i.key, text: `${i.section}: ${i.title}${i.when ? `, ${i.when}` : ''}`, selected: values.itemKey === i.key }))],
        exemptionItems: Object.entries(EXEMPTIONS).map(([value, text]) => ({ value, text, checked: values.exemption === value })),
        answer,
        values,
        errors: errors ? formErrors(errors, ['itemKey', 'exemption', 'reason', 'decision', 'complete']) : null,
      },
    };
  }

  pages.get('/data-protection/requests/:id', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'subject_access_request', recordId: 'id' } }, schema: { params: requestAddress } }, async (request, reply) => {
    const { found, context } = await reviewPage(request.params.id, request.user!);
    request.noteAudit({ details: { youngPersonId: found.yp.id } });
    return reply.page('data-protection/views/request.njk', context);
  });

  pages.post('/data-protection/requests/:id/redactions', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'update', recordKind: 'subject_access_request', recordId: 'id' } },
    schema: { params: requestAddress, body: form({ itemKey: formText, value: formText, decision: formText }) },
  }, async (request, reply) => {
    const result = await decideRedaction(db, request.ctx, request.user!, request.params.id, request.body);
    if (result.ok) return reply.redirect(`/data-protection/requests/${request.params.id}#redactions`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/request.njk', (await reviewPage(request.params.id, request.user!, errors)).context));
  });

  pages.post('/data-protection/requests/:id/exemptions', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'update', recordKind: 'subject_access_request', recordId: 'id' } },
    schema: { params: requestAddress, body: form({ itemKey: formText, exemption: formText, reason: formText }) },
  }, async (request, reply) => {
    const result = await recordExemption(db, request.ctx, request.user!, request.params.id, request.body);
    if (result.ok) return reply.redirect(`/data-protection/requests/${request.params.id}#exemptions`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/request.njk', (await reviewPage(request.params.id, request.user!, errors, request.body)).context));
  });

  pages.post('/data-protection/requests/:id/complete', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'update', recordKind: 'subject_access_request', recordId: 'id' } },
    schema: { params: requestAddress },
  }, async (request, reply) => {
    const result = await completeRequest(db, request.ctx, request.user!, request.params.id);
    if (result.ok) return reply.redirect('/data-protection/requests', 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/request.njk', (await reviewPage(request.params.id, request.user!, errors)).context));
  });

  for (const format of ['pdf', 'json'] as const) {
    pages.get(`/data-protection/requests/:id/answer.${format}`, {
      config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'export', recordKind: 'subject_access_request', recordId: 'id', details: { format } } },
      schema: { params: requestAddress },
    }, async (request, reply) => {
      const found = await findRequest(db, request.user!, request.params.id);
      if (!found) throw notFound();
      const answer = await buildAnswer(db, request.user!, found);
      const counts = { redactions: answer.redactions.length, withheldItems: answer.withheldItems };
      await recordAnswerShared(db, request.ctx, request.user!, found, format, counts);
      request.noteAudit({ details: { youngPersonId: found.yp.id, ...counts } });
      const name = `subject-access-${answer.reference}`;
      reply.header('content-disposition', `attachment; filename="${name}.${format}"`).header('cache-control', 'no-store');
      if (format === 'json') return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer, null, 2));
      return reply.header('content-type', 'application/pdf').send(await answerPdf(answer));
    });
  }

  // ---- Corrections ----

  const correctionForm = (yp: Awaited<ReturnType<typeof recordOr404>>, values: Record<string, string>, errors?: FieldErrors) => ({
    title: 'Correct a detail',
    backLink: `/young-people/${yp.id}/corrections`,
    yp: personView(yp),
    values,
    fieldItems: options(CORRECTABLE_FIELDS, values.field, 'Choose the detail'),
    errors: errors ? formErrors(errors, ['field', 'value', 'dateOfBirth', 'reason']) : null,
  });

  pages.get('/young-people/:id/corrections/new', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'correction' } } }, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await recordOr404(request.user!, request.params.id);
    return reply.page('data-protection/views/correction-form.njk', correctionForm(yp, {}));
  });

  pages.post('/young-people/:id/corrections', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
    schema: { params: recordAddress, body: form({ field: formText, value: formText, reason: formText, dateOfBirth: formText, 'dateOfBirth-day': formText, 'dateOfBirth-month': formText, 'dateOfBirth-year': formText }) },
  }, async (request, reply) => {
    const result = await correctDetail(db, request.ctx, request.user!, request.params.id, { field: request.body.field, reason: request.body.reason, body: request.body });
    if (result.ok) return reply.redirect(`/young-people/${request.params.id}/corrections`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/correction-form.njk', correctionForm(await recordOr404(request.user!, request.params.id), request.body, errors)));
  });

  // ---- Restriction ----

  async function restrictionPage(user: Parameters<typeof findVisibleYoungPerson>[1], id: string, values: Record<string, string> = {}, errors?: FieldErrors) {
    const yp = await recordOr404(user, id);
    return { title: 'Restrict this record', backLink: `/young-people/${yp.id}`, yp: personView(yp), current: await currentRestriction(db, yp.id), values, errors: errors ? formErrors(errors, ['reason', 'reviewOn', 'liftReason']) : null };
  }

  pages.get('/young-people/:id/restriction', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'record_restriction', recordId: 'id' } }, schema: { params: recordAddress } }, async (request, reply) => {
    return reply.page('data-protection/views/restriction.njk', await restrictionPage(request.user!, request.params.id));
  });

  pages.post('/young-people/:id/restriction', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'update', recordKind: 'record_restriction', recordId: 'id' } },
    schema: { params: recordAddress, body: form({ reason: formText, reviewOn: formText, 'reviewOn-day': formText, 'reviewOn-month': formText, 'reviewOn-year': formText }) },
  }, async (request, reply) => {
    const result = await restrictRecord(db, request.ctx, request.user!, request.params.id, { reason: request.body.reason, body: request.body });
    if (result.ok) return reply.redirect(`/young-people/${request.params.id}/restriction`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/restriction.njk', await restrictionPage(request.user!, request.params.id, request.body, errors)));
  });

  pages.post('/young-people/:id/restriction/lift', {
    config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'update', recordKind: 'record_restriction', recordId: 'id' } },
    schema: { params: recordAddress, body: form({ liftReason: formText }) },
  }, async (request, reply) => {
    const result = await liftRestriction(db, request.ctx, request.user!, request.params.id, request.body.liftReason);
    if (result.ok) return reply.redirect(`/young-people/${request.params.id}/restriction`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/restriction.njk', await restrictionPage(request.user!, request.params.id, request.body, errors)));
  });

  // ---- Who has seen this record ----

  pages.get('/young-people/:id/seen-by', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'view', recordKind: 'young_person_seen_by', recordId: 'id' } }, schema: { params: recordAddress, querystring: seenQuery } }, async (request, reply) => {
    const user = request.user!;
    const yp = await recordOr404(user, request.params.id);
    const filters = readSeenFilters(request.query);
    const [entries, everyone] = await Promise.all([seenBy(db, user.areaId, yp.id, filters), seenBy(db, user.areaId, yp.id)]);
    const people = [...new Map(everyone.filter((e) => e.userId).map((e) => [e.userId!, e.userName ?? ''])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
    request.noteAudit({ details: { filtered: Object.values(filters).some(Boolean) } });
    const csvQuery = new URLSearchParams(Object.entries(request.query).filter(([, v]) => v)).toString();
    return reply.page('data-protection/views/seen-by.njk', {
      title: `Who has seen ${referenceFor(yp.number)}`,
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      entries: entries.map((e) => ({ ...e, kindLabel: SEEN_KINDS[e.kind] })),
      filters: request.query,
      kindItems: options(SEEN_KINDS, filters.kind, 'Any kind'),
      personItems: [{ value: '', text: 'Anyone', selected: !filters.userId }, ...people.map(([value, text]) => ({ value, text, selected: value === filters.userId }))],
      csvHref: `/young-people/${yp.id}/seen-by.csv${csvQuery ? `?${csvQuery}` : ''}`,
    });
  });

  pages.get('/young-people/:id/seen-by.csv', { config: { roles: DATA_PROTECTION_ROLES, audit: { action: 'export', recordKind: 'young_person_seen_by', recordId: 'id', details: { format: 'csv' } } }, schema: { params: recordAddress, querystring: seenQuery } }, async (request, reply) => {
    const user = request.user!;
    const yp = await recordOr404(user, request.params.id);
    const entries = await seenBy(db, user.areaId, yp.id, readSeenFilters(request.query));
    request.noteAudit({ details: { rows: entries.length } });
    const csv = writeCsv(['when', 'kind', 'what', 'person', 'agency', 'role', 'reason', 'outcome'], entries.map((e) => [e.occurredAt.toISOString(), SEEN_KINDS[e.kind], e.what, e.userName, e.agencyName, e.roleLabel, e.reason, e.outcome]));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="seen-by-${referenceFor(yp.number)}.csv"`).header('cache-control', 'no-store').send(csv);
  });

  // ---- Sharing decisions ----

  async function sharingForm(user: Parameters<typeof findVisibleYoungPerson>[1], id: string, values: Record<string, string> = {}, errors?: FieldErrors) {
    const yp = await recordOr404(user, id);
    const agencyList = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.areaId, user.areaId)).orderBy(asc(agencies.name));
    return {
      title: 'Record a sharing decision',
      backLink: `/young-people/${yp.id}/sharing`,
      yp: personView(yp),
      values,
      kindItems: Object.entries(RECORDED_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
      agencyItems: [{ value: '', text: 'Choose an agency', selected: !values.agencyId }, ...agencyList.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id }))],
      basisItems: Object.entries(SHARING_BASES).filter(([value]) => value !== 'right_of_access').map(([value, text]) => ({ value, text, checked: values.basis === value })),
      errors: errors ? formErrors(errors, ['kind', 'agencyId', 'basis', 'reference']) : null,
    };
  }

  pages.get('/young-people/:id/sharing/new', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'sharing_decision' } } }, schema: { params: recordAddress } }, async (request, reply) => {
    return reply.page('data-protection/views/sharing-form.njk', await sharingForm(request.user!, request.params.id));
  });

  pages.post('/young-people/:id/sharing', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'sharing_decision' } },
    schema: { params: recordAddress, body: form({ kind: formText, agencyId: formText, basis: formText, reference: formText }) },
  }, async (request, reply) => {
    const result = await recordSharingDecision(db, request.ctx, request.user!, request.params.id, request.body);
    if (result.ok) return reply.redirect(`/young-people/${request.params.id}/sharing`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('data-protection/views/sharing-form.njk', await sharingForm(request.user!, request.params.id, request.body, errors)));
  });
}

async function referencesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await db.select({ id: youngPeople.id, number: youngPeople.number }).from(youngPeople).where(inArray(youngPeople.id, ids));
  return new Map(found.map((r) => [r.id, referenceFor(r.number)]));
}
