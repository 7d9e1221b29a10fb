/**
 * The training register's pages: coverage and gaps, duplication, courses and sessions (read by the
 * board, analysts, coordinator, agency leads and the partnership lead); adding a course (coordinator
 * and partnership lead); recording a session or importing attendance (also an agency lead, for
 * their own agency); and each person's own training record.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PARTNERSHIP_EDIT_ROLES, PARTNERSHIP_READ_ROLES, PARTNERSHIP_RECORDING_ROLES, ROLES, ROLE_LABELS } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { fieldNamedByData, form, formChoices, queryText } from '../../platform/http/page-input.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { areaAgencies, areaCourses, attendeeChoices, coverage, createCourse, duplication, ownTraining, recentSessions, recordSession, type AttendanceInput } from './service.ts';
import { IMPORT_COLUMNS, importAttendance } from './import.ts';
import { TRAINING_AUDIENCES, TRAINING_LEVELS, TRAINING_TOPICS, sessionReference } from './vocab.ts';

/** Rows for counts of people without accounts on the session form. */
export const COUNT_ROWS = 3;

const options = (labels: Record<string, string>, chosen: string | undefined, prompt: string) => [{ value: '', text: prompt, selected: !chosen }, ...Object.entries(labels).map(([value, text]) => ({ value, text, selected: chosen === value }))];
const percent = (share: number | null) => (share === null ? 'No accounts' : `${Math.round(share * 100)}%`);

const courseForm = form({ title: z.string().optional(), topic: z.string().optional(), level: z.string().optional(), provider: z.string().optional(), lengthMinutes: z.string().optional(), audience: z.string().optional(), validMonths: z.string().optional() });
const sessionForm = form({ attendees: formChoices }).catchall(fieldNamedByData);
const importForm = form({ csv: z.string().optional().default(''), confirm: z.string().optional() });

export default async function trainingRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/training', { config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'training_register' } }, schema: { querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const today = londonToday();
    const from = addDays(today, -365);
    const [cover, duplicates, courses, sessions] = await Promise.all([coverage(db, user.areaId, today), duplication(db, user.areaId, from, today), areaCourses(db, user.areaId), recentSessions(db, user.areaId)]);
    return reply.page('training/views/register.njk', {
      title: 'Training register',
      cover: { ...cover, targetText: percent(cover.target), totalShare: percent(cover.totals.share) },
      lines: cover.lines.map((l) => ({ ...l, shareText: percent(l.share) })),
      byAgency: cover.byAgency.map((a) => ({ ...a, shareText: percent(a.share) })),
      duplicates,
      from,
      courses: courses.map((c) => ({ ...c, levelLabel: TRAINING_LEVELS[c.level as keyof typeof TRAINING_LEVELS] ?? c.level, audienceLabel: TRAINING_AUDIENCES[c.audience] ?? c.audience, topicLabel: TRAINING_TOPICS[c.topic as keyof typeof TRAINING_TOPICS] ?? c.topic })),
      sessions,
      mayEdit: PARTNERSHIP_EDIT_ROLES.includes(user.role),
      mayRecord: PARTNERSHIP_RECORDING_ROLES.includes(user.role),
      done: request.query.done,
    });
  });

  // ---- Courses ----

  const courseContext = (values: Record<string, string | undefined>, errors?: FieldErrors) => ({
    title: 'Add a course',
    backLink: '/training',
    values,
    topics: options(TRAINING_TOPICS, values.topic, 'Choose what it covers'),
    levels: Object.entries(TRAINING_LEVELS).map(([value, text]) => ({ value, text, checked: values.level === value })),
    audiences: options(TRAINING_AUDIENCES, values.audience, 'Choose who it is for'),
    errors: errors && Object.keys(errors).length ? formErrors(errors, ['title', 'topic', 'level', 'provider', 'lengthMinutes', 'audience', 'validMonths']) : null,
  });

  pages.get('/training/courses/new', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { none: 'an empty form for a course: no personal data' } } }, async (_request, reply) => reply.page('training/views/course-form.njk', courseContext({ validMonths: '24' })));

  pages.post('/training/courses', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'training_course' } }, schema: { body: courseForm } }, async (request, reply) => {
    const body = request.body;
    const result = await createCourse(db, request.ctx, request.user!, body);
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('training/views/course-form.njk', courseContext(body, errors)));
    return reply.redirect('/training?done=course', 303);
  });

  // ---- Sessions ----

  async function sessionContext(request: FastifyRequest, values: Record<string, string | string[] | undefined>, errors?: FieldErrors) {
    const user = request.user!;
    const [courses, agencyList, people] = await Promise.all([areaCourses(db, user.areaId), areaAgencies(db, user.areaId), attendeeChoices(db, user)]);
    const own = user.role === 'agency_lead' ? agencyList.filter((a) => a.id === user.agencyId) : agencyList;
    const chosen = new Set([values.attendees ?? []].flat());
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');
    return {
      title: 'Record a training session',
      backLink: '/training',
      values,
      courses: [{ value: '', text: 'Choose a course', selected: !text('courseId') }, ...courses.map((c) => ({ value: c.id, text: `${c.title} (${c.provider})`, selected: text('courseId') === c.id }))],
      agencies: [{ value: '', text: 'Choose an agency', selected: !text('agencyId') }, ...own.map((a) => ({ value: a.id, text: a.name, selected: text('agencyId') === a.id }))],
      people: people.map((p) => ({ value: p.id, text: `${p.name}, ${ROLE_LABELS[p.role]} (${p.agencyName})`, checked: chosen.has(p.id) })),
      countRows: Array.from({ length: COUNT_ROWS }, (_, i) => {
        const n = i + 1;
        return {
          n,
          agencies: [{ value: '', text: 'Choose an agency', selected: !text(`count-${n}-agency`) }, ...own.map((a) => ({ value: a.id, text: a.name, selected: text(`count-${n}-agency`) === a.id }))],
          roles: [{ value: '', text: 'Choose a role', selected: !text(`count-${n}-role`) }, ...ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], selected: text(`count-${n}-role`) === r }))],
          count: text(`count-${n}`),
        };
      }),
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['courseId', 'heldOn', 'places', 'agencyId', 'attendees', 'attendance']) : null,
    };
  }

  pages.get('/training/sessions/new', { config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'view', recordKind: 'training_register', details: { form: 'session' } } } }, async (request, reply) => reply.page('training/views/session-form.njk', await sessionContext(request, {})));

  pages.post('/training/sessions', { config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'create', recordKind: 'training_session' } }, schema: { body: sessionForm } }, async (request, reply) => {
    const body = request.body as Record<string, string | string[]>;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const errors: FieldErrors = {};
    const heldOn = readDateInput(body, 'heldOn', { label: 'The date of the session', required: 'Enter the date of the session', example: '27 3 2026' });
    if (heldOn.error) errors.heldOn = heldOn.error;
    const attendance: AttendanceInput[] = [...new Set([body.attendees ?? []].flat())].map((userId) => ({ userId }));
    for (let n = 1; n <= COUNT_ROWS; n++) {
      const [agencyId, role, count] = [text(`count-${n}-agency`), text(`count-${n}-role`), text(`count-${n}`)];
      if (agencyId || role || count) attendance.push({ agencyId, role, count: count === '' ? Number.NaN : Number(count) });
    }
    const placesText = text('places');
    const input = { courseId: text('courseId'), heldOn: heldOn.value ?? '', places: placesText === '' ? Number.NaN : Number(placesText), agencyId: text('agencyId'), attendance };
    const result = await recordSession(db, request.ctx, request.user!, input);
    if (!result.ok || Object.keys(errors).length) {
      const all = { ...(result.ok ? {} : result.errors), ...errors };
      const status = !result.ok && result.kind === 'forbidden' ? 403 : 400;
      return reply.code(status).page('training/views/session-form.njk', await sessionContext(request, body, all));
    }
    return reply.redirect(`/training?done=${sessionReference(result.value.number)}`, 303);
  });

  // ---- Import ----

  const importContext = (values: { csv?: string }, report?: Awaited<ReturnType<typeof importAttendance>>) => ({
    title: 'Import training attendance',
    backLink: '/training',
    columnRows: IMPORT_COLUMNS.map((c) => ({ key: { text: c.name }, value: { text: c.description } })),
    values,
    report,
    errors: report && report.problems.length ? formErrors({ csv: `${report.problems.length === 1 ? 'One row has a problem' : `${report.problems.length} problems were found`}; nothing was saved` }) : null,
  });

  pages.get('/training/import', { config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { none: 'an empty upload form: no personal data' } } }, async (_request, reply) => reply.page('training/views/import.njk', importContext({})));

  pages.post('/training/import', { config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'create', recordKind: 'training_session' } }, schema: { body: importForm } }, async (request, reply) => {
    const { csv, confirm } = request.body;
    if (!csv.trim()) return reply.code(400).page('training/views/import.njk', { ...importContext({ csv }), errors: formErrors({ csv: 'Paste the CSV file’s contents, with its header row' }) });
    const report = await importAttendance(db, request.ctx, request.user!, csv, confirm === 'yes');
    return reply.code(report.problems.length ? 400 : 200).page('training/views/import.njk', importContext({ csv }, report));
  });

  // ---- One's own record ----

  pages.get('/my-training', { config: { roles: ROLES, audit: { action: 'view', recordKind: 'training_record' } } }, async (request, reply) => {
    const today = londonToday();
    const found = await ownTraining(db, request.user!.userId);
    request.noteAudit({ recordId: request.user!.userId });
    return reply.page('training/views/mine.njk', {
      title: 'My training',
      today,
      entries: found.map((e) => ({ ...e, reference: sessionReference(e.number), levelLabel: TRAINING_LEVELS[e.level as keyof typeof TRAINING_LEVELS] ?? e.level, expired: e.expiresOn < today, refresherDue: e.refresherDueOn <= today })),
    });
  });
}
