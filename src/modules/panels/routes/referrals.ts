import { refusalPage } from '../../../platform/http/refusals.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText, queryText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { findVisibleYoungPerson, displayName, referenceFor } from '../../young-people/index.ts';
import { findVisiblePlace, placeReference } from '../../intelligence/index.ts';
import { emailFeedbackAfterCommit } from '../../concerns/index.ts';
import { mailOptions } from '../../../platform/mail.ts';
import { panelRole, setsUpPanels } from '../policy.ts';
import { panelsToReferTo, peerGroupsVisible, placeIdByNumber, referralsWhere } from '../queries.ts';
import { PLACE_NOT_FOUND, decideReferral, openReferralWords, openReferralsAbout, refer, withdrawReferral } from '../service.ts';
import { REFERRAL_SOURCES, REFERRAL_STATUSES, URGENCIES, label, referralReference, urgencyLabel } from '../vocab.ts';
import { optional, radios, subjectText } from './shared.ts';

const REFERRAL_FIELDS = ['panelId', 'subjectKind', 'youngPersonId', 'peerGroupId', 'placeId', 'placeReference', 'source', 'reason', 'urgency', 'youngPersonViews', 'familyViews', 'acknowledgeOpenReferral'];

const referralForm = form({
  panelId: formText,
  subjectKind: formText,
  youngPersonId: formText,
  peerGroupId: formText,
  placeId: formText,
  placeReference: formText,
  source: formText,
  reason: formText,
  urgency: formText,
  youngPersonViews: formText,
  familyViews: formText,
  acknowledgeOpenReferral: formText,
});
const referralAddress = z.object({ referralId: z.string() });

/** The referral the form describes: only the subject of the kind chosen is kept. */
function referralFromForm(body: z.infer<typeof referralForm>) {
  const { subjectKind } = body;
  return {
    panelId: body.panelId,
    subjectKind,
    youngPersonId: subjectKind === 'young_person' ? optional(body.youngPersonId) : null,
    peerGroupId: subjectKind === 'peer_group' ? optional(body.peerGroupId) : null,
    placeId: subjectKind === 'place' ? optional(body.placeId) : null,
    source: body.source,
    reason: body.reason,
    urgency: body.urgency,
    youngPersonViews: optional(body.youngPersonViews),
    familyViews: optional(body.familyViews),
    acknowledgeOpenReferral: body.acknowledgeOpenReferral === 'yes',
  };
}

/** Referring a young person, a peer group or a place to a panel, and deciding or withdrawing a referral. */
export default async function referralRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function referralFormContext(request: FastifyRequest, values: Record<string, unknown>, errors?: FieldErrors) {
    const user = request.user!;
    const [panelList, groups] = await Promise.all([panelsToReferTo(db, user.areaId), peerGroupsVisible(db, user)]);
    const ypId = String(values.youngPersonId ?? '');
    const yp = ypId ? await findVisibleYoungPerson(db, user, ypId) : null;
    const choosingPlace = values.subjectKind === 'place';
    const place = choosingPlace && values.placeId ? await findVisiblePlace(db, user, String(values.placeId)) : null;
    // Typed as a reference, a place's refusal belongs to the reference box.
    const shown = errors && !place && choosingPlace && errors.placeId ? { ...errors, placeReference: errors.placeId, placeId: undefined } : errors;
    const fieldErrors = shown ? (Object.fromEntries(Object.entries(shown).filter(([, v]) => v)) as FieldErrors) : undefined;
    const group = values.subjectKind === 'peer_group' && values.peerGroupId ? groups.find((g) => g.id === values.peerGroupId) : undefined;
    // Warned before sending, about a subject the referrer may see: the young person, place or group chosen.
    const openReferrals = yp
      ? await openReferralsAbout(db, user.areaId, { subjectKind: 'young_person', youngPersonId: yp.id, peerGroupId: null, placeId: null })
      : place
        ? await openReferralsAbout(db, user.areaId, { subjectKind: 'place', youngPersonId: null, peerGroupId: null, placeId: place.id })
        : group
          ? await openReferralsAbout(db, user.areaId, { subjectKind: 'peer_group', youngPersonId: null, peerGroupId: group.id, placeId: null })
          : [];
    return {
      openReferrals: openReferrals.map(openReferralWords),
      title: 'Refer to a panel',
      backLink: yp ? `/young-people/${yp.id}` : place ? `/intelligence/places/${place.id}` : '/panels',
      values,
      youngPerson: yp ? { id: yp.id, name: displayName(yp), reference: referenceFor(yp.number) } : null,
      choosingPlace,
      place: place ? { id: place.id, name: place.name, reference: placeReference(place.number) } : null,
      panels: [{ value: '', text: 'Choose a panel' }, ...panelList.map((p) => ({ value: p.id, text: p.name, selected: values.panelId === p.id }))],
      groups: [{ value: '', text: 'Choose a peer group' }, ...groups.map((g) => ({ value: g.id, text: `${g.name} (${g.members} young people)`, selected: values.peerGroupId === g.id }))],
      hasGroups: groups.length > 0,
      sources: radios(REFERRAL_SOURCES, values.source),
      urgencies: Object.entries(URGENCIES).map(([value, u]) => ({ value, text: u.label, checked: values.urgency === value })),
      errors: fieldErrors && Object.keys(fieldErrors).length ? formErrors(fieldErrors, REFERRAL_FIELDS) : null,
    };
  }

  // The form names the young person, peer group or place referred, and lists the peer groups the referrer may see.
  const subjectInQuery = z.object({ placeId: queryText, subject: queryText, peerGroupId: queryText, youngPersonId: queryText });
  pages.get('/panels/referrals/new', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_referral', details: { purpose: 'new' } } }, schema: { querystring: subjectInQuery } }, async (request, reply) => {
    const query = request.query;
    const placeId = isUuid(query.placeId) ? query.placeId : '';
    const subjectKind = placeId || query.subject === 'place' ? 'place' : query.peerGroupId ? 'peer_group' : 'young_person';
    const values: Record<string, unknown> = { subjectKind, youngPersonId: isUuid(query.youngPersonId) ? query.youngPersonId : '', peerGroupId: isUuid(query.peerGroupId) ? query.peerGroupId : '', placeId };
    if (values.youngPersonId && !(await findVisibleYoungPerson(db, request.user!, String(values.youngPersonId)))) throw notFound();
    if (placeId && !(await findVisiblePlace(db, request.user!, placeId))) throw notFound();
    request.noteAudit({ details: Object.fromEntries(Object.entries({ youngPersonId: values.youngPersonId, peerGroupId: values.peerGroupId, placeId }).filter(([, id]) => id)) });
    return reply.page('panels/views/referral-form.njk', await referralFormContext(request, values));
  });

  pages.post('/panels/referrals', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'panel_referral' } }, schema: { body: referralForm } }, async (request, reply) => {
    const body = request.body;
    const input = referralFromForm(body);
    if (input.subjectKind === 'place' && !input.placeId) {
      // A place typed as its reference (P-3): found in the area here; whether the referrer may see it is the service's decision.
      const number = /^P-?(\d{1,12})$/i.exec(body.placeReference.replace(/\s+/g, ''))?.[1];
      if (!number) return reply.code(400).page('panels/views/referral-form.njk', await referralFormContext(request, body, { placeReference: 'Enter the reference of the place of concern as shown on its page, for example P-3' }));
      const found = await placeIdByNumber(db, request.user!.areaId, Number(number));
      if (!found) return reply.code(404).page('panels/views/referral-form.njk', await referralFormContext(request, body, { placeReference: PLACE_NOT_FOUND }));
      input.placeId = found;
    }
    const result = await refer(db, request.ctx, request.user!, input);
    // A subject the referrer may not see stays on the form (with its choice cleared), so the referral can be corrected.
    if (!result.ok) return reply.code(result.kind === 'not_found' ? 404 : 400).page('panels/views/referral-form.njk', await referralFormContext(request, result.kind === 'not_found' ? { ...body, youngPersonId: '', placeId: '' } : body, result.errors));
    return reply.redirect(`/panels/referrals/${result.value.id}?done=referred`, 303);
  });

  // The coordinator's "waiting" list (`?status=pending`): every referral in the area still to be decided.
  pages.get('/panels/referrals', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_referrals' } }, schema: { querystring: z.object({ status: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const waiting = request.query.status === 'pending' && setsUpPanels(user);
    const list = waiting ? (await referralsWhere(db, user, { status: 'pending' })).reverse() : await referralsWhere(db, user, { referredByUserId: user.userId });
    request.noteAudit({ details: { waiting, referralIds: list.map((r) => r.id) } });
    return reply.page('panels/views/referrals.njk', {
      title: waiting ? 'Referrals waiting for a decision' : 'Your referrals to panels',
      backLink: '/panels',
      waiting,
      referrals: list.map((r) => ({ ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency), statusLabel: label(REFERRAL_STATUSES, r.status) })),
    });
  });

  async function referralPage(request: FastifyRequest, reply: FastifyReply, referralId: string, status = 200, errors?: FieldErrors, values: Record<string, unknown> = {}, done = '') {
    const user = request.user!;
    if (!isUuid(referralId)) throw notFound();
    const [r] = await referralsWhere(db, user, { id: referralId });
    if (!r) throw notFound();
    const role = await panelRole(db, user, r.panel_id);
    const isReferrer = r.referred_by_user_id === user.userId;
    if (!role?.runs && !isReferrer) throw notFound();
    // Others about the same subject, for the coordinator deciding and the referrer's confirmation; only while this one is open.
    const open = ['pending', 'accepted'].includes(r.status) && !r.discussed_at && r.subject_name ? await openReferralsAbout(db, user.areaId, { subjectKind: r.subject_kind, youngPersonId: r.young_person_id, peerGroupId: r.peer_group_id, placeId: r.place_id }, r.id) : [];
    return reply.code(status).page('panels/views/referral.njk', {
      alsoOpen: open.map(openReferralWords),
      title: `Referral ${referralReference(r.number)}`,
      backLink: role?.runs ? `/panels/${r.panel_id}` : '/panels/referrals',
      r: { ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency), statusLabel: label(REFERRAL_STATUSES, r.status), sourceLabel: label(REFERRAL_SOURCES, r.source) },
      runs: role?.runs ?? false,
      isReferrer,
      done,
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['decision', 'reason']) : null,
    });
  }

  pages.get('/panels/referrals/:referralId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_referral', recordId: 'referralId' } }, schema: { params: referralAddress, querystring: z.object({ done: queryText }) } }, async (request, reply) =>
    referralPage(request, reply, request.params.referralId, 200, undefined, {}, request.query.done),
  );

  pages.post('/panels/referrals/:referralId/decision', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'panel_referral', recordId: 'referralId' } }, schema: { params: referralAddress, body: form({ decision: formText, reason: formText }) } }, async (request, reply) => {
    const { referralId } = request.params;
    const body = request.body;
    const { decision } = body;
    if (decision !== 'accept' && decision !== 'decline') return referralPage(request, reply, referralId, 400, { decision: 'Select whether to accept or decline the referral' }, body);
    const result = await decideReferral(db, request.ctx, request.user!, referralId, decision, body.reason);
    if (!result.ok) return refusalPage(result, (status, errors) => referralPage(request, reply, referralId, status, errors, body));
    emailFeedbackAfterCommit(db, mailOptions(app.lantern.config, request.log), result.value.feedback);
    return reply.redirect(`/panels/referrals/${referralId}?done=${decision}`, 303);
  });

  pages.post('/panels/referrals/:referralId/withdraw', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'panel_referral', recordId: 'referralId' } }, schema: { params: referralAddress, body: form({ withdrawReason: formText }) } }, async (request, reply) => {
    const { referralId } = request.params;
    const body = request.body;
    const result = await withdrawReferral(db, request.ctx, request.user!, referralId, body.withdrawReason);
    if (!result.ok) return refusalPage(result, (status, errors) => referralPage(request, reply, referralId, status, errors.reason ? { withdrawReason: errors.reason } : errors, body));
    return reply.redirect(`/panels/referrals/${referralId}?done=withdrawn`, 303);
  });
}
