import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { formErrors, isOneOf } from '../../platform/http/forms.ts';
import { form, formChoices, formText, pageInQuery, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { agencies, users } from '../organisation/tables.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { chronologyKinds, chronologyPage } from './chronology.ts';
import { contributions } from '../../platform/modules.ts';
import { PERSON_FIELD_ORDER, validatePersonDetails } from './details.ts';
import { ETHNICITIES, GENDERS, LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, lookedAfterProblem, validateMonitoring, type MonitoringAnswers } from './monitoring.ts';
import { accessPaths, displayName, findVisibleYoungPerson, survivingRecordId, identifiersOf, listVisibleYoungPeople, summaryFlags, teamOf, type YoungPersonRow } from './records.ts';
import { findYoungPeople, isEmptySearch, parseSearch, searchAuditDetails } from './search.ts';
import { addTeamMember, canManageRecord, removeTeamMember, updateCircumstances, updatePersonDetails } from './service.ts';
import { currentRiskLevel, personView, riskLevelsFor, timelineItems } from './view-model.ts';
import { OWN_SECTIONS, sectionLinks, sectionSlug, subNavigation } from './sections.ts';

/** Chronology entries the record's summary shows. */
const RECENT_ENTRIES = 5;
import type { SignedInUser } from '../../platform/auth/users.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { londonToday, now } from '../../platform/time.ts';

/** The young person's own forms: each shows the record, so each showing is a view of it (decision record 0014). */
const formView = (form: string) => ({ roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form } } }) as const;
const recordChange = (action: 'update' | 'permission_change') => ({ roles: CASEWORK_ROLES, audit: { action, recordKind: 'young_person', recordId: 'id' } }) as const;

const detailsForm = form({
  givenName: formText,
  familyName: formText,
  aliases: formText,
  'dateOfBirth-day': formText,
  'dateOfBirth-month': formText,
  'dateOfBirth-year': formText,
  estimatedAge: formText,
  gender: formText,
  ethnicity: formText,
  address: formText,
  postcode: formText,
  school: formText,
  nhsNumber: formText,
  upn: formText,
  localAuthorityId: formText,
});

/** A checkbox group the form may leave out altogether: absent (not recorded) rather than an empty list (none). */
const answeredChoices = formChoices.transform((list) => (list.length ? list : undefined));
const circumstancesForm = form({
  livingArrangement: formText,
  lookedAfter: formText,
  earlierMissingEpisodes: formText,
  'changedOn-day': formText,
  'changedOn-month': formText,
  'changedOn-year': formText,
  priorInvolvement: formText,
  ...Object.fromEntries(MONITORING_FIELDS.map((f) => [f.key, f.kind === 'many' ? answeredChoices : formText])),
} as Record<string, typeof formText | typeof answeredChoices>);

const teamForm = form({ agencyId: formText, userId: formText, roleInTeam: formText, lead: formText });

export default async function youngPeopleRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  /** The record if the signed-in user may see it; otherwise the same 404 as an id that does not exist. */
  async function visibleOr404(user: SignedInUser, id: string): Promise<YoungPersonRow> {
    const yp = await findVisibleYoungPerson(db, user, id);
    if (!yp) throw notFound();
    return yp;
  }

  async function manageableOr404(user: SignedInUser, id: string) {
    const yp = await visibleOr404(user, id);
    const paths = await accessPaths(db, user, yp.id);
    if (!canManageRecord(user, paths)) throw notFound();
    return yp;
  }

  pages.get('/young-people', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person_list' } },
    schema: { querystring: z.object({ q: queryText, page: pageInQuery }) },
  }, async (request, reply) => {
    const user = request.user!;
    const q = request.query.q.slice(0, 200);
    if (q) {
      const criteria = parseSearch(q);
      const results = isEmptySearch(criteria) ? [] : await findYoungPeople(db, user, criteria);
      request.noteAudit({ details: { search: true, ...searchAuditDetails(criteria, results) } });
      return reply.page('young-people/views/list.njk', { title: 'Young people', q, searched: true, unusable: isEmptySearch(criteria), people: results.map(personView) });
    }
    const page = request.query.page;
    const { people, hasNext } = await listVisibleYoungPeople(db, user, page);
    request.noteAudit({ details: { page, resultIds: people.map((p) => p.id) } });
    return reply.page('young-people/views/list.njk', {
      title: 'Young people',
      people: people.map(personView),
      previous: page > 1 ? { href: `?page=${page - 1}` } : null,
      next: hasNext ? { href: `?page=${page + 1}` } : null,
    });
  });

  /**
   * The record for `requested`, or null after sending a merged record's reader on to the record it
   * was merged into (at the same section), for those who may see that.
   */
  async function recordOrOnwards(user: SignedInUser, requested: string, reply: FastifyReply, suffix = ''): Promise<YoungPersonRow | null> {
    const found = await findVisibleYoungPerson(db, user, requested);
    if (found) return found;
    const survivor = await survivingRecordId(db, user.areaId, requested);
    if (survivor && (await findVisibleYoungPerson(db, user, survivor))) {
      await reply.redirect(`/young-people/${survivor}${suffix}`, 303);
      return null;
    }
    throw notFound();
  }

  /** What every page of the record shows above its section: who, the current level, alerts and the sub-navigation. */
  async function recordFrame(user: SignedInUser, yp: YoungPersonRow, current: string) {
    const [paths, flags, levels] = await Promise.all([accessPaths(db, user, yp.id), summaryFlags(db, yp), riskLevelsFor(app.lantern.modules, db, user.areaId)]);
    const links = sectionLinks(yp.id, contributions('recordSections', app.lantern.modules), user);
    const currentTitle = links.find((l) => l.key === current)?.title ?? '';
    return {
      paths,
      links,
      context: {
        title: current === 'summary' ? displayName(yp) : `${currentTitle} – ${displayName(yp)}`,
        yp: personView(yp),
        record: yp,
        breakGlass: paths.length === 1 && paths[0] === 'break_glass',
        canManage: canManageRecord(user, paths),
        flags,
        level: currentRiskLevel(yp, levels),
        sectionTitle: currentTitle,
        subNavigation: subNavigation(links, current),
      },
    };
  }

  pages.get('/young-people/:id', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { section: 'summary' } } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const user = request.user!;
    const yp = await recordOrOnwards(user, request.params.id, reply);
    if (!yp) return reply;
    const frame = await recordFrame(user, yp, 'summary');
    // Only the sections with something for the summary are read here; the rest wait for their own pages.
    const summarised = frame.links.flatMap((l) => (l.contributed?.summary ? [l.contributed] : []));
    const [team, recent, sectionData] = await Promise.all([
      teamOf(db, yp.id),
      chronologyPage(db, user, yp.id, {}, 1, RECENT_ENTRIES),
      Promise.all(summarised.map((section) => section.load(db, user, yp))),
    ]);
    const items = summarised.flatMap((section, i) => section.summary!(sectionData[i]));
    const sectionAudit = Object.assign({}, ...summarised.map((section, i) => section.auditDetails?.(sectionData[i]) ?? {})) as Record<string, unknown>;
    request.noteAudit({ details: { paths: frame.paths, ...sectionAudit } });
    const kinds = chronologyKinds();
    return reply.page('young-people/views/record-summary.njk', {
      ...frame.context,
      leads: team.filter((m) => m.isLeadProfessional),
      teamSize: team.length,
      alerts: items.filter((i) => i.kind === 'alert'),
      deadlines: items.filter((i) => i.kind === 'deadline').sort((a, b) => Number(b.overdue ?? false) - Number(a.overdue ?? false) || (a.due ?? '9999').localeCompare(b.due ?? '9999')),
      recent: timelineItems(recent.entries, kinds),
      chronologyTotal: recent.total,
    });
  });

  pages.get('/young-people/:id/:section', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id' } },
    schema: { params: z.object({ id: recordAddress.shape.id, section: z.string().max(60) }), querystring: z.object({ page: pageInQuery, agency: queryText, kind: queryText }) },
  }, async (request, reply) => {
    const user = request.user!;
    const { section } = request.params;
    const contributed = contributions('recordSections', app.lantern.modules).find((s) => s.template && !s.href && sectionSlug(s) === section && (!s.visibleTo || s.visibleTo(user)));
    if (!contributed && !(OWN_SECTIONS as readonly string[]).includes(section)) throw notFound();
    const yp = await recordOrOnwards(user, request.params.id, reply, `/${section}`);
    if (!yp) return reply;
    const frame = await recordFrame(user, yp, contributed?.id ?? section);
    if (contributed) {
      const data = await contributed.load(db, user, yp);
      request.noteAudit({ details: { section: contributed.id, paths: frame.paths, ...(contributed.auditDetails?.(data) ?? {}) } });
      return reply.page('young-people/views/record-section.njk', { ...frame.context, [contributed.id]: data, sectionTemplate: contributed.template! });
    }
    if (section === 'team') {
      request.noteAudit({ details: { section, paths: frame.paths } });
      return reply.page('young-people/views/record-team.njk', { ...frame.context, team: await teamOf(db, yp.id) });
    }
    if (section === 'about') {
      request.noteAudit({ details: { section, paths: frame.paths } });
      return reply.page('young-people/views/record-about.njk', {
        ...frame.context,
        identifiers: await identifiersOf(db, yp.id),
        monitoring: monitoringSummary(yp.monitoring),
        livingArrangement: LIVING_ARRANGEMENTS.find((o) => o.value === yp.livingArrangement)?.label ?? 'Not recorded',
        priorInvolvement: PRIOR_INVOLVEMENT.find((o) => o.value === yp.priorInvolvement)?.label ?? 'Not recorded',
      });
    }
    const query = request.query;
    const page = query.page;
    const kinds = chronologyKinds();
    const filters = { agencyId: query.agency && /^[0-9a-f-]{36}$/i.test(query.agency) ? query.agency : undefined, kind: isOneOf(kinds, query.kind) ? query.kind : undefined };
    const [chronology, areaAgencies] = await Promise.all([
      chronologyPage(db, user, yp.id, filters, page),
      db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.areaId, user.areaId)).orderBy(asc(agencies.name)),
    ]);
    request.noteAudit({ details: { section, paths: frame.paths, chronologyPage: page } });
    const filterQuery = (p: number) => `?${new URLSearchParams(Object.entries({ agency: filters.agencyId, kind: filters.kind, page: String(p) }).filter(([, v]) => v) as [string, string][])}`;
    return reply.page('young-people/views/record-chronology.njk', {
      ...frame.context,
      chronology,
      timeline: timelineItems(chronology.entries, kinds),
      chronologyFilters: filters,
      kindItems: [{ value: '', text: 'All kinds' }, ...Object.entries(kinds).map(([value, text]) => ({ value, text, selected: value === filters.kind }))],
      agencyItems: [{ value: '', text: 'All agencies' }, ...areaAgencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === filters.agencyId }))],
      previous: page > 1 ? { href: filterQuery(page - 1) } : null,
      next: page < chronology.pages ? { href: filterQuery(page + 1) } : null,
      page,
    });
  });

  pages.get('/young-people/:id/details', { config: formView('details'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    const identifiers = await identifiersOf(db, yp.id);
    const byKind = Object.fromEntries(identifiers.map((i) => [i.kind, i.value]));
    const [year, month, day] = (yp.dateOfBirth ?? '--').split('-');
    return reply.page('young-people/views/details-form.njk', detailsContext(yp, {
      givenName: yp.givenName ?? '', familyName: yp.familyName ?? '', aliases: yp.aliases.join(', '),
      'dateOfBirth-day': day ?? '', 'dateOfBirth-month': month ?? '', 'dateOfBirth-year': year ?? '',
      estimatedAge: yp.estimatedAge?.toString() ?? '', gender: yp.gender, ethnicity: yp.ethnicity, address: yp.address ?? '', postcode: yp.postcode ?? '', school: yp.school ?? '',
      nhsNumber: byKind.nhs_number ?? '', upn: byKind.upn ?? '', localAuthorityId: byKind.local_authority_id ?? '',
    }));
  });

  function detailsContext(yp: YoungPersonRow, values: Record<string, unknown>, errors?: Record<string, string>) {
    return {
      title: `Change personal details – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}/about`,
      yp: personView(yp),
      values,
      genderItems: [{ value: 'not_recorded', text: 'Not recorded' }, ...GENDERS.map((g) => ({ value: g.value, text: g.label }))].map((i) => ({ ...i, selected: i.value === values.gender })),
      ethnicityItems: [{ value: 'not_recorded', text: 'Not recorded' }, ...ETHNICITIES.map((e) => ({ value: e.value, text: `${e.group}: ${e.label}` }))].map((i) => ({ ...i, selected: i.value === values.ethnicity })),
      errors: errors ? formErrors(errors, PERSON_FIELD_ORDER) : null,
    };
  }

  pages.post('/young-people/:id/details', { config: recordChange('update'), schema: { params: recordAddress, body: detailsForm } }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    const body = request.body;
    const { details, errors } = validatePersonDetails(body);
    if (!details.givenName && !details.familyName && !details.aliases.length) errors.givenName = 'Enter a first name, a last name or a name they are known by';
    if (Object.keys(errors).length) return reply.code(400).page('young-people/views/details-form.njk', detailsContext(yp, body, errors));
    await updatePersonDetails(db, request.ctx, request.user!, yp.id, details);
    return reply.redirect(`/young-people/${yp.id}/about`, 303);
  });

  pages.get('/young-people/:id/circumstances', { config: formView('circumstances'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    return reply.page('young-people/views/circumstances-form.njk', circumstancesContext(yp, { livingArrangement: yp.livingArrangement, lookedAfter: yp.lookedAfter, earlierMissingEpisodes: yp.earlierMissingEpisodes?.toString() ?? '', priorInvolvement: yp.priorInvolvement, ...yp.monitoring }));
  });

  function circumstancesContext(yp: YoungPersonRow, values: Record<string, unknown>, errors?: Record<string, string>) {
    const notRecorded = { value: 'not_recorded', text: 'Not recorded' };
    const selectedIn = (key: string, value: string) => {
      const current = values[key];
      return Array.isArray(current) ? current.includes(value) : current === value;
    };
    return {
      title: `Circumstances and monitoring – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}/about`,
      yp: personView(yp),
      livingItems: [notRecorded, ...LIVING_ARRANGEMENTS.map((o) => ({ value: o.value, text: o.label }))].map((i) => ({ ...i, checked: i.value === (values.livingArrangement ?? 'not_recorded') })),
      lookedAfterItems: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }, notRecorded].map((i) => ({ ...i, checked: i.value === (values.lookedAfter || 'not_recorded') })),
      earlierMissingEpisodes: values.earlierMissingEpisodes ?? '',
      changedOn: { day: values['changedOn-day'] ?? '', month: values['changedOn-month'] ?? '', year: values['changedOn-year'] ?? '' },
      priorItems: [notRecorded, ...PRIOR_INVOLVEMENT.map((o) => ({ value: o.value, text: o.label }))].map((i) => ({ ...i, checked: i.value === (values.priorInvolvement ?? 'not_recorded') })),
      fields: MONITORING_FIELDS.map((f) => {
        const recorded = values[f.key] !== undefined && values[f.key] !== 'not_recorded' && values[f.key] !== '';
        if (f.kind === 'many') {
          const none = Array.isArray(values[f.key]) && (values[f.key] as string[]).length === 0;
          return { ...f, items: [...f.options.map((o) => ({ value: o.value, text: o.label, checked: selectedIn(f.key, o.value) })), { divider: 'or' }, { value: 'none', text: 'None', behaviour: 'exclusive', checked: none || selectedIn(f.key, 'none') }] };
        }
        const options = f.kind === 'yes_no' ? [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] : f.options;
        return { ...f, items: [...options.map((o) => ({ value: o.value, text: o.label, checked: selectedIn(f.key, o.value) })), { value: 'not_recorded', text: 'Not recorded', checked: !recorded }] };
      }),
      errors: errors ? formErrors(errors, ['changedOn', 'livingArrangement', 'lookedAfter', 'earlierMissingEpisodes', 'priorInvolvement', ...MONITORING_FIELDS.map((f) => f.key)]) : null,
    };
  }

  pages.post('/young-people/:id/circumstances', { config: recordChange('update'), schema: { params: recordAddress, body: circumstancesForm } }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    const body = request.body;
    const { answers, errors } = validateMonitoring(body);
    const livingArrangement = (body.livingArrangement as string) || 'not_recorded';
    const priorInvolvement = (body.priorInvolvement as string) || 'not_recorded';
    if (livingArrangement !== 'not_recorded' && !LIVING_ARRANGEMENTS.some((o) => o.value === livingArrangement)) errors.livingArrangement = 'Select where they live from the list';
    if (priorInvolvement !== 'not_recorded' && !PRIOR_INVOLVEMENT.some((o) => o.value === priorInvolvement)) errors.priorInvolvement = 'Select earlier involvement from the list';
    let lookedAfter = (body.lookedAfter as string) || 'not_recorded';
    if (!['yes', 'no', 'not_recorded'].includes(lookedAfter)) errors.lookedAfter = 'Select yes, no or not recorded';
    else if (lookedAfterProblem(livingArrangement, lookedAfter)) errors.lookedAfter = lookedAfterProblem(livingArrangement, lookedAfter)!;
    else if (livingArrangement.startsWith('looked_after_')) lookedAfter = 'yes';
    const missingText = String(body.earlierMissingEpisodes ?? '').trim();
    if (missingText && (!/^\d{1,4}$/.test(missingText) || Number(missingText) > 1000)) errors.earlierMissingEpisodes = 'Enter the number of times as a whole number, like 0 or 12, or leave it blank if not known';
    const changed = readDateInput(body, 'changedOn', { label: 'The day this changed', example: '27 3 2026', latest: londonToday(now()) });
    if (changed.error) errors.changedOn = changed.error;
    if (Object.keys(errors).length) return reply.code(400).page('young-people/views/circumstances-form.njk', circumstancesContext(yp, body, errors));
    const outcome = await updateCircumstances(db, request.ctx, request.user!, yp.id, { livingArrangement, lookedAfter, earlierMissingEpisodes: missingText ? Number(missingText) : null, priorInvolvement, monitoring: answers, changedOn: changed.value });
    if (!outcome.ok) return reply.code(400).page('young-people/views/circumstances-form.njk', circumstancesContext(yp, body, { changedOn: outcome.errors.effectiveFrom ?? 'Check the day this changed' }));
    return reply.redirect(`/young-people/${yp.id}/about`, 303);
  });

  pages.get('/young-people/:id/team/add', { config: formView('team_add'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    return reply.page('young-people/views/team-form.njk', await teamFormContext(request.user!.areaId, yp, {}));
  });

  async function teamFormContext(areaId: string, yp: YoungPersonRow, values: Record<string, string>, errors?: Record<string, string>) {
    const people = await db
      .select({ id: users.id, name: users.name, jobTitle: users.jobTitle, agencyId: agencies.id, agencyName: agencies.name })
      .from(users)
      .innerJoin(agencies, eq(agencies.id, users.agencyId))
      .where(and(eq(users.areaId, areaId), eq(users.active, true)))
      .orderBy(asc(agencies.name), asc(users.name));
    const areaAgencies = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.areaId, areaId)).orderBy(asc(agencies.name));
    return {
      title: `Add to the team around ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}/team`,
      yp: personView(yp),
      values,
      agencyItems: [{ value: '', text: 'Select an agency' }, ...areaAgencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.agencyId }))],
      userItems: [{ value: '', text: 'The agency as a whole' }, ...people.map((p) => ({ value: p.id, text: `${p.name}${p.jobTitle ? `, ${p.jobTitle}` : ''} – ${p.agencyName}`, selected: p.id === values.userId }))],
      errors: errors ? formErrors(errors, ['agencyId', 'userId', 'roleInTeam']) : null,
    };
  }

  pages.post('/young-people/:id/team', { config: recordChange('permission_change'), schema: { params: recordAddress, body: teamForm } }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    const values = request.body;
    const result = await addTeamMember(db, request.ctx, request.user!, yp.id, { agencyId: values.agencyId, userId: values.userId || null, roleInTeam: values.roleInTeam || null, isLeadProfessional: values.lead === 'yes' });
    if (!result.ok) return reply.code(400).page('young-people/views/team-form.njk', await teamFormContext(request.user!.areaId, yp, values, result.errors));
    return reply.redirect(`/young-people/${yp.id}/team`, 303);
  });

  pages.post('/young-people/:id/team/:memberId/remove', {
    config: recordChange('permission_change'),
    schema: { params: z.object({ id: z.string(), memberId: z.string() }) },
  }, async (request, reply) => {
    const yp = await manageableOr404(request.user!, request.params.id);
    const removed = await removeTeamMember(db, request.ctx, request.user!, yp.id, request.params.memberId);
    if (!removed) throw notFound();
    // Removing yourself can end your own access: go where you still can.
    const stillVisible = await findVisibleYoungPerson(db, request.user!, yp.id);
    return reply.redirect(stillVisible ? `/young-people/${yp.id}/team` : '/young-people', 303);
  });
}

function monitoringSummary(answers: MonitoringAnswers) {
  return MONITORING_FIELDS.map((f) => {
    const value = answers[f.key];
    let text = 'Not recorded';
    if (Array.isArray(value)) text = value.length ? value.map((v) => (f.kind === 'many' ? f.options.find((o) => o.value === v)?.label ?? v : v)).join(', ') : 'None';
    else if (value !== undefined) text = f.kind === 'one' ? (f.options.find((o) => o.value === value)?.label ?? value) : value === 'yes' ? 'Yes' : 'No';
    return { key: { text: f.label }, value: { text } };
  });
}
