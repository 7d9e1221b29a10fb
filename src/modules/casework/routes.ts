/** The casework pages: case notes, the family and network, views and wishes, and an adult's children. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../platform/auth/roles.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { dateInputValues, readDateInput } from '../../platform/http/date-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { form, formText, recordAddress } from '../../platform/http/page-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { londonToday } from '../../platform/time.ts';
import { adultReference, findVisibleAdult, visibleAdults } from '../intelligence/index.ts';
import { displayName, findVisibleYoungPerson, personView, referenceFor, visibleYoungPeople, type YoungPersonRow } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { adultChildInput, caseNoteInput, checkForm, networkMemberInput, viewsInput } from './input.ts';
import { recordsAdultChildren } from './policy.ts';
import { caseNotesOf, childrenOfAdult, networkOf, viewsOf } from './queries.ts';
import { keepsRecord, networkView, noteView } from './sections.ts';
import { addCaseNote, addNetworkMember, linkAdultChild, recordViews, removeNetworkMember, unlinkAdultChild, updateNetworkMember } from './service.ts';
import { CHILD_RELATIONSHIPS, CONTACT_TYPES, NOTE_VISIBILITY, PARENTAL_RESPONSIBILITY, RELATIONSHIPS } from './vocab.ts';

/** A page showing (part of) a young person's record is a view of it (decision record 0014). */
const recordView = (page: string) => ({ roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { page } } }) as const;
const adultView = (page: string) => ({ roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'adult_of_concern', recordId: 'id', details: { page } } }) as const;

const caseNoteForm = form({ 'contactOn-day': formText, 'contactOn-month': formText, 'contactOn-year': formText, contactType: formText, text: formText, visibility: formText });
const networkForm = form({ name: formText, relationship: formText, contactDetails: formText, parentalResponsibility: formText, livesWithYoungPerson: formText, note: formText, linkedYoungPersonReference: formText, adultOfConcernId: formText });
const viewsForm = form({ 'recordedOn-day': formText, 'recordedOn-month': formText, 'recordedOn-year': formText, views: formText });
const childForm = form({ youngPersonId: formText, description: formText, relationship: formText, note: formText });
const memberAddress = z.object({ id: z.string(), memberId: z.string() });
const linkAddress = z.object({ id: z.string(), linkId: z.string() });

const NOTE_FIELDS = ['contactOn', 'contactType', 'text', 'visibility'];
const NETWORK_FIELDS = ['name', 'relationship', 'contactDetails', 'parentalResponsibility', 'livesWithYoungPerson', 'note', 'linkedYoungPersonReference', 'adultOfConcernId'];
const VIEWS_FIELDS = ['recordedOn', 'views'];
const CHILD_FIELDS = ['youngPersonId', 'description', 'relationship', 'note'];

const radios = (labels: Record<string, string>, chosen: unknown) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value }));
/** Empty form fields are left out, so the schema reads them as not given rather than as blank text. */
const given = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));

/** A date input read for a schema: its ISO value, or its own message when the boxes are wrong. */
function dateField(body: unknown, prefix: string, label: string, required: string, errors: FieldErrors): string | undefined {
  const read = readDateInput(body, prefix, { label, required, latest: londonToday(), example: '27 3 2026' });
  if (read.error) errors[prefix] = read.error;
  return read.value ?? undefined;
}

export default async function caseworkRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function visibleOr404(user: SignedInUser, id: string): Promise<YoungPersonRow> {
    const yp = await findVisibleYoungPerson(db, user, id);
    if (!yp) throw notFound();
    return yp;
  }

  /** The family and network and the views are kept by those who may manage the record; others get the same 404. */
  async function keptOr404(user: SignedInUser, id: string): Promise<YoungPersonRow> {
    const yp = await visibleOr404(user, id);
    if (!(await keepsRecord(db, user, yp.id))) throw notFound();
    return yp;
  }

  // ---- Case notes ----

  pages.get('/young-people/:id/case-notes', { config: recordView('case_notes'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await visibleOr404(request.user!, request.params.id);
    const notes = await caseNotesOf(db, request.user!, yp.id);
    request.noteAudit({ details: { caseNoteIds: notes.map((n) => n.id) } });
    return reply.page('casework/views/case-notes.njk', { title: `Case notes for ${displayName(yp)}`, backLink: `/young-people/${yp.id}`, yp: personView(yp), notes: notes.map(noteView) });
  });

  const noteFormPage = (user: SignedInUser, yp: YoungPersonRow, values: Record<string, string>, errors?: FieldErrors) => ({
    title: `Add a case note for ${displayName(yp)}`,
    backLink: `/young-people/${yp.id}`,
    yp: personView(yp),
    values,
    agencyName: user.agencyName,
    contactTypes: radios(CONTACT_TYPES, values.contactType),
    visibilities: radios({ ...NOTE_VISIBILITY, agency: `${user.agencyName} only` }, values.visibility),
    errors: errors ? formErrors(errors, NOTE_FIELDS) : null,
  });

  pages.get('/young-people/:id/case-notes/new', { config: recordView('case_note_form'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await visibleOr404(request.user!, request.params.id);
    return reply.page('casework/views/case-note-form.njk', noteFormPage(request.user!, yp, { ...dateInputValues('contactOn', londonToday()) }));
  });

  pages.post('/young-people/:id/case-notes', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'case_note' } }, schema: { params: recordAddress, body: caseNoteForm } }, async (request, reply) => {
    const user = request.user!;
    const yp = await visibleOr404(user, request.params.id);
    const body = request.body;
    const dateErrors: FieldErrors = {};
    const contactOn = dateField(body, 'contactOn', 'Date of contact', 'Enter the date of contact', dateErrors);
    const checked = checkForm(caseNoteInput, given({ contactType: body.contactType, text: body.text, visibility: body.visibility, ...(contactOn ? { contactOn } : {}) }), dateErrors);
    if (!checked.ok) return reply.code(400).page('casework/views/case-note-form.njk', noteFormPage(user, yp, body, checked.errors));
    await addCaseNote(db, request.ctx, user, yp.id, checked.value);
    return reply.redirect(`/young-people/${yp.id}/case-notes`, 303);
  });

  // ---- Family and network ----

  pages.get('/young-people/:id/network', { config: recordView('network'), schema: { params: recordAddress } }, async (request, reply) => {
    const user = request.user!;
    const yp = await visibleOr404(user, request.params.id);
    const [network, canKeep] = await Promise.all([networkView(db, user, yp), keepsRecord(db, user, yp.id)]);
    return reply.page('casework/views/network.njk', { title: `Family and network of ${displayName(yp)}`, backLink: `/young-people/${yp.id}`, yp: personView(yp), network: { ...network, canKeep } });
  });

  async function networkFormPage(user: SignedInUser, yp: YoungPersonRow, values: Record<string, string>, memberId: string | null, errors?: FieldErrors) {
    const adults = await visibleAdults(db, user, 200);
    return {
      title: memberId ? `Change someone in the family and network of ${displayName(yp)}` : `Add someone to the family and network of ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}/network`,
      yp: personView(yp),
      values,
      memberId,
      relationshipItems: [{ value: '', text: 'Select a relationship' }, ...Object.entries(RELATIONSHIPS).map(([value, text]) => ({ value, text, selected: values.relationship === value }))],
      prItems: radios(PARENTAL_RESPONSIBILITY, values.parentalResponsibility),
      livesWithItems: radios({ yes: 'Yes', no: 'No' }, values.livesWithYoungPerson),
      adultItems: adults.length
        ? [{ value: '', text: 'None of them' }, ...adults.filter((a) => !a.mergedIntoId).map((a) => ({ value: a.id, text: `${a.name} (${adultReference(a.number)})`, selected: values.adultOfConcernId === a.id }))]
        : null,
      errors: errors ? formErrors(errors, NETWORK_FIELDS) : null,
    };
  }

  /** The network form read into the schema's shape: "yes"/"no" become true/false. */
  const networkCandidate = (body: z.infer<typeof networkForm>) => ({
    ...given({ ...body, livesWithYoungPerson: '' }),
    ...(body.livesWithYoungPerson === 'yes' ? { livesWithYoungPerson: true } : body.livesWithYoungPerson === 'no' ? { livesWithYoungPerson: false } : {}),
  });

  pages.get('/young-people/:id/network/add', { config: recordView('network_form'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await keptOr404(request.user!, request.params.id);
    return reply.page('casework/views/network-form.njk', await networkFormPage(request.user!, yp, {}, null));
  });

  pages.post('/young-people/:id/network', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'network_member' } }, schema: { params: recordAddress, body: networkForm } }, async (request, reply) => {
    const user = request.user!;
    const yp = await keptOr404(user, request.params.id);
    const rerender = async (errors: FieldErrors) => reply.code(400).page('casework/views/network-form.njk', await networkFormPage(user, yp, request.body, null, errors));
    const checked = checkForm(networkMemberInput, networkCandidate(request.body));
    if (!checked.ok) return rerender(checked.errors);
    const result = await addNetworkMember(db, request.ctx, user, yp.id, checked.value);
    if (!result.ok) return refusalPage(result, (_status, errors) => rerender(errors));
    return reply.redirect(`/young-people/${yp.id}/network`, 303);
  });

  pages.get('/young-people/:id/network/:memberId/edit', { config: recordView('network_form'), schema: { params: memberAddress } }, async (request, reply) => {
    const user = request.user!;
    const yp = await keptOr404(user, request.params.id);
    const member = (await networkOf(db, user, yp.id)).find((m) => m.id === request.params.memberId);
    if (!member) throw notFound();
    const values = {
      name: member.name,
      relationship: member.relationship,
      contactDetails: member.contactDetails ?? '',
      parentalResponsibility: member.parentalResponsibility,
      livesWithYoungPerson: member.livesWithYoungPerson ? 'yes' : 'no',
      note: member.note ?? '',
      linkedYoungPersonReference: member.linkedYoungPersonNumber ? referenceFor(member.linkedYoungPersonNumber) : '',
      adultOfConcernId: member.adultOfConcernId ?? '',
    };
    return reply.page('casework/views/network-form.njk', await networkFormPage(user, yp, values, member.id));
  });

  pages.post('/young-people/:id/network/:memberId', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'network_member', recordId: 'memberId' } }, schema: { params: memberAddress, body: networkForm } }, async (request, reply) => {
    const user = request.user!;
    const yp = await keptOr404(user, request.params.id);
    const memberId = request.params.memberId;
    const rerender = async (errors: FieldErrors) => reply.code(400).page('casework/views/network-form.njk', await networkFormPage(user, yp, request.body, memberId, errors));
    const checked = checkForm(networkMemberInput, networkCandidate(request.body));
    if (!checked.ok) return rerender(checked.errors);
    const result = await updateNetworkMember(db, request.ctx, user, yp.id, memberId, checked.value);
    if (!result.ok) return refusalPage(result, (_status, errors) => rerender(errors));
    return reply.redirect(`/young-people/${yp.id}/network`, 303);
  });

  pages.post('/young-people/:id/network/:memberId/remove', { config: { roles: CASEWORK_ROLES, audit: { action: 'delete', recordKind: 'network_member', recordId: 'memberId' } }, schema: { params: memberAddress } }, async (request, reply) => {
    const yp = await keptOr404(request.user!, request.params.id);
    if (!(await removeNetworkMember(db, request.ctx, request.user!, yp.id, request.params.memberId))) throw notFound();
    return reply.redirect(`/young-people/${yp.id}/network`, 303);
  });

  // ---- Views and wishes ----

  pages.get('/young-people/:id/views-and-wishes', { config: recordView('views_and_wishes'), schema: { params: recordAddress } }, async (request, reply) => {
    const user = request.user!;
    const yp = await visibleOr404(user, request.params.id);
    const [entries, canKeep] = await Promise.all([viewsOf(db, yp.id), keepsRecord(db, user, yp.id)]);
    return reply.page('casework/views/views-history.njk', { title: `Views and wishes of ${displayName(yp)}`, backLink: `/young-people/${yp.id}`, yp: personView(yp), entries, canKeep });
  });

  const viewsFormPage = (yp: YoungPersonRow, values: Record<string, string>, errors?: FieldErrors) => ({
    title: `Record the views and wishes of ${displayName(yp)}`,
    backLink: `/young-people/${yp.id}`,
    yp: personView(yp),
    values,
    errors: errors ? formErrors(errors, VIEWS_FIELDS) : null,
  });

  pages.get('/young-people/:id/views-and-wishes/new', { config: recordView('views_form'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await keptOr404(request.user!, request.params.id);
    const [current] = await viewsOf(db, yp.id);
    // Starts from what is on file, so an update can keep what still holds.
    return reply.page('casework/views/views-form.njk', viewsFormPage(yp, { ...dateInputValues('recordedOn', londonToday()), views: current?.views ?? '' }));
  });

  pages.post('/young-people/:id/views-and-wishes', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'views_and_wishes' } }, schema: { params: recordAddress, body: viewsForm } }, async (request, reply) => {
    const user = request.user!;
    const yp = await keptOr404(user, request.params.id);
    const dateErrors: FieldErrors = {};
    const recordedOn = dateField(request.body, 'recordedOn', 'Date they said this', 'Enter the date they said this', dateErrors);
    const checked = checkForm(viewsInput, given({ views: request.body.views, ...(recordedOn ? { recordedOn } : {}) }), dateErrors);
    if (!checked.ok) return reply.code(400).page('casework/views/views-form.njk', viewsFormPage(yp, request.body, checked.errors));
    await recordViews(db, request.ctx, user, yp.id, checked.value);
    return reply.redirect(`/young-people/${yp.id}/views-and-wishes`, 303);
  });

  // ---- Children of an adult of concern ----

  async function adultOr404(user: SignedInUser, id: string) {
    const adult = await findVisibleAdult(db, user, id);
    if (!adult || adult.mergedIntoId || !recordsAdultChildren(user)) throw notFound();
    return adult;
  }

  async function childFormPage(user: SignedInUser, adult: { id: string; name: string; number: number }, values: Record<string, string>, errors?: FieldErrors) {
    const [people, children] = await Promise.all([
      db
        .select({ id: youngPeople.id, number: youngPeople.number, givenName: youngPeople.givenName, familyName: youngPeople.familyName, aliases: youngPeople.aliases })
        .from(youngPeople)
        .where(visibleYoungPeople(user))
        .orderBy(asc(youngPeople.familyName), asc(youngPeople.givenName))
        .limit(1000),
      childrenOfAdult(db, user, adult.id),
    ]);
    const linked = new Set(children.map((c) => c.youngPersonId));
    const options = people.filter((p) => !linked.has(p.id));
    return {
      title: `Add a child of ${adult.name}`,
      backLink: `/intelligence/adults/${adult.id}`,
      adult: { id: adult.id, name: adult.name, reference: adultReference(adult.number) },
      values,
      youngPersonItems: [{ value: '', text: 'Not in Lantern, or not known' }, ...options.map((p) => ({ value: p.id, text: `${displayName(p)} (${referenceFor(p.number)})`, selected: values.youngPersonId === p.id }))],
      relationshipItems: radios(CHILD_RELATIONSHIPS, values.relationship),
      errors: errors ? formErrors(errors, CHILD_FIELDS) : null,
    };
  }

  pages.get('/intelligence/adults/:id/children/add', { config: adultView('child_form'), schema: { params: recordAddress } }, async (request, reply) => {
    const adult = await adultOr404(request.user!, request.params.id);
    return reply.page('casework/views/child-form.njk', await childFormPage(request.user!, adult, {}));
  });

  pages.post('/intelligence/adults/:id/children', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'adult_child' } }, schema: { params: recordAddress, body: childForm } }, async (request, reply) => {
    const user = request.user!;
    const adult = await adultOr404(user, request.params.id);
    const rerender = async (errors: FieldErrors) => reply.code(400).page('casework/views/child-form.njk', await childFormPage(user, adult, request.body, errors));
    const checked = checkForm(adultChildInput, given(request.body));
    if (!checked.ok) return rerender(checked.errors);
    const result = await linkAdultChild(db, request.ctx, user, adult.id, checked.value);
    if (!result.ok) return refusalPage(result, (_status, errors) => rerender(errors));
    return reply.redirect(`/intelligence/adults/${adult.id}#children`, 303);
  });

  pages.post('/intelligence/adults/:id/children/:linkId/remove', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'delete', recordKind: 'adult_child', recordId: 'linkId' } }, schema: { params: linkAddress } }, async (request, reply) => {
    const adult = await adultOr404(request.user!, request.params.id);
    if (!(await unlinkAdultChild(db, request.ctx, adult.id, request.params.linkId))) throw notFound();
    return reply.redirect(`/intelligence/adults/${adult.id}#children`, 303);
  });
}
