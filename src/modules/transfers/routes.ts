/**
 * The transfer pages, for coordinators: start a transfer from a record (to an area of this Lantern,
 * or as a package to an area on another), the area's transfers, one transfer (accept or decline
 * it), import a package or an acknowledgement, and the area's transfer keys and partners.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COORDINATOR_ROLES, INTELLIGENCE_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { form, formChoices, formText, recordAddress } from '../../platform/http/page-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { findVisibleYoungPerson, personView } from '../young-people/index.ts';
import { decideTransfer, findTransfer, LAWFUL_BASES, listTransfers, OPTIONAL_SECTIONS, otherAreas, readMatchChoice, SECTION_LABELS, startTransfer, transferReference, TRANSFER_REASONS, type MatchCandidate } from './service.ts';
import { addPartner, areaKeys, exportTransfer, importPackage, keyFingerprint, partnersOf, publicKeyLine } from './package.ts';
import { areaById } from './service.ts';
import type { TransferSnapshot } from './snapshot-types.ts';
import { addKnownElsewhere, findSubject, flagsOf } from './known-elsewhere.ts';
import { recordsIntelligence } from '../intelligence/index.ts';
import { crossAreaNotices } from './cross-area.ts';

/** Packages are pasted whole; a record with a long chronology makes a large one. */
const PACKAGE_BODY_LIMIT = 32 * 1024 * 1024;

const startForm = form({ destination: formText, reason: formText, reasonNote: formText, lawfulBasis: formText, sections: formChoices });
const decisionForm = form({ decision: formText, sections: formChoices, match: formText, declineReason: formText, chosen: formText });
const importForm = form({ package: formText, match: formText });
const partnerForm = form({ name: formText, key: formText });

const radios = (options: Record<string, string>, chosen: string | undefined) => Object.entries(options).map(([value, text]) => ({ value, text, checked: chosen === value }));

export default async function transferRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const secret = app.lantern.config.auditKey;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function startContext(request: FastifyRequest, yp: NonNullable<Awaited<ReturnType<typeof findVisibleYoungPerson>>>, values: Record<string, unknown>, errors?: FieldErrors) {
    const user = request.user!;
    const [areasHere, partners] = await Promise.all([otherAreas(db, user.areaId), partnersOf(db, user.areaId)]);
    const chosenSections = Array.isArray(values.sections) ? (values.sections as string[]) : OPTIONAL_SECTIONS;
    return {
      title: 'Transfer to another area',
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      values,
      destinations: [
        ...areasHere.map((a) => ({ value: `area:${a.code}`, text: `${a.name} (on this Lantern)`, hint: a.hasCoordinator ? undefined : { text: 'No CSE coordinator yet: a transfer cannot be received' }, checked: values.destination === `area:${a.code}` })),
        ...partners.map((p) => ({ value: `partner:${p.code}`, text: `${p.name} (another Lantern: a package to send them)`, checked: values.destination === `partner:${p.code}` })),
      ],
      reasons: radios(TRANSFER_REASONS, values.reason as string),
      bases: radios(LAWFUL_BASES, values.lawfulBasis as string),
      sections: OPTIONAL_SECTIONS.map((s) => ({ value: s, text: SECTION_LABELS[s], checked: chosenSections.includes(s) })),
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['destination', 'reason', 'reasonNote', 'lawfulBasis']) : null,
    };
  }

  pages.get('/young-people/:id/transfer', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'transfer' } } }, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
    if (!yp || yp.mergedIntoId) throw notFound();
    return reply.page('transfers/views/start.njk', await startContext(request, yp, {}));
  });

  pages.post('/young-people/:id/transfer', { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'transfer' } }, schema: { params: recordAddress, body: startForm } }, async (request, reply) => {
    const user = request.user!;
    const yp = await findVisibleYoungPerson(db, user, request.params.id);
    if (!yp || yp.mergedIntoId) throw notFound();
    const body = request.body;
    const [kind, code] = body.destination.split(':');
    const rerender = async (status: number, errors: FieldErrors) => reply.code(status).page('transfers/views/start.njk', await startContext(request, yp, body, errors));
    if (kind === 'partner') {
      const result = await exportTransfer(db, request.ctx, { userId: user.userId, agencyId: user.agencyId, areaId: user.areaId, role: user.role }, secret, { youngPersonId: yp.id, partner: code ?? '', reason: body.reason, reasonNote: body.reasonNote, lawfulBasis: body.lawfulBasis, sections: body.sections });
      if (!result.ok) return refusalPage(result, (status, errors) => rerender(status, renamed(errors, 'partner')));
      return reply.redirect(`/transfers/${result.value.id}?done=exported`, 303);
    }
    const result = await startTransfer(db, request.ctx, user, { youngPersonId: yp.id, toArea: kind === 'area' ? (code ?? '') : '', reason: body.reason, reasonNote: body.reasonNote, lawfulBasis: body.lawfulBasis });
    if (!result.ok) return refusalPage(result, (status, errors) => rerender(status, renamed(errors, 'toArea')));
    return reply.redirect(`/transfers/${result.value.id}?done=started`, 303);
  });

  pages.get('/transfers', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'transfer', details: { list: 'transfers' } } } }, async (request, reply) => {
    const items = await listTransfers(db, request.user!);
    request.noteAudit({ details: { transferIds: items.map((i) => i.id) } });
    return reply.page('transfers/views/list.njk', { title: 'Transfers between areas', items: items.map((i) => ({ ...i, statusText: STATUS_TEXT[i.status] ?? i.status })) });
  });

  pages.get('/transfers/matches', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person', details: { list: 'cross_area_matches' } } } }, async (request, reply) => {
    const notices = await crossAreaNotices(db, request.user!);
    request.noteAudit({ details: { youngPersonIds: notices.map((n) => n.youngPersonId) } });
    return reply.page('transfers/views/matches.njk', { title: 'Young people who may be known to another area', backLink: '/transfers', notices });
  });

  async function transferContext(request: FastifyRequest, id: string, extra: Record<string, unknown> = {}) {
    const found = await findTransfer(db, request.user!, id);
    if (!found) throw notFound();
    const t = found.transfer;
    request.noteAudit({ details: { youngPersonId: found.youngPerson?.id ?? null, side: found.side } });
    return {
      title: `Transfer ${transferReference(t.number)}`,
      backLink: '/transfers',
      found,
      reference: transferReference(t.number),
      reasonText: TRANSFER_REASONS[t.reason as keyof typeof TRANSFER_REASONS] ?? t.reason,
      basisText: LAWFUL_BASES[t.lawfulBasis as keyof typeof LAWFUL_BASES] ?? t.lawfulBasis,
      statusText: STATUS_TEXT[t.status] ?? t.status,
      sectionsOffered: t.sections.filter((s) => s !== 'record').map((s) => SECTION_LABELS[s as keyof typeof SECTION_LABELS] ?? s),
      snapshot: found.snapshot ? snapshotView(found.snapshot) : null,
      canDecide: found.side === 'received' && t.direction === 'internal' && t.status === 'waiting',
      sectionItems: OPTIONAL_SECTIONS.map((s) => ({ value: s, text: SECTION_LABELS[s], checked: true })),
      hasPackage: Boolean(t.packageText),
      ...extra,
    };
  }

  pages.get('/transfers/:id', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'transfer', recordId: 'id' } }, schema: { params: recordAddress, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    return reply.page('transfers/views/transfer.njk', await transferContext(request, request.params.id, { done: request.query.done ?? null }));
  });

  pages.post('/transfers/:id/decision', { config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'transfer', recordId: 'id' } }, schema: { params: recordAddress, body: decisionForm } }, async (request, reply) => {
    const body = request.body;
    const result = await decideTransfer(db, request.ctx, request.user!, request.params.id, { decision: body.decision, sections: body.sections, match: body.match || undefined, declineReason: body.declineReason });
    if (!result.ok) {
      return refusalPage(result, async (status, errors) => reply.code(status).page('transfers/views/transfer.njk', await transferContext(request, request.params.id, { values: body, errors: formErrors(errors, ['decision', 'declineReason', 'match']) })));
    }
    if ('chooseMatch' in result.value) {
      return reply.page('transfers/views/match.njk', { title: 'Is this someone your area already holds?', backLink: `/transfers/${request.params.id}`, action: `/transfers/${request.params.id}/decision`, hidden: { decision: 'accept', sections: body.sections }, ...matchView(result.value.chooseMatch, result.value.person, result.value.from) });
    }
    if (result.value.done === 'accepted') return reply.redirect(`/transfers/${request.params.id}?done=accepted`, 303);
    return reply.redirect(`/transfers/${request.params.id}?done=declined`, 303);
  });

  pages.get('/transfers/:id/package', { config: { roles: COORDINATOR_ROLES, audit: { action: 'export', recordKind: 'transfer', recordId: 'id' } }, schema: { params: recordAddress } }, async (request, reply) => {
    const found = await findTransfer(db, request.user!, request.params.id);
    if (!found?.transfer.packageText) throw notFound();
    const t = found.transfer;
    const name = `${t.direction === 'incoming' ? 'acknowledgement' : 'transfer'}-${transferReference(t.number)}.json`;
    return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(t.packageText);
  });

  const importPage = (reply: FastifyReply, status: number, values: Record<string, string>, errors?: FieldErrors) =>
    reply.code(status).page('transfers/views/import.njk', { title: 'Import a transfer package', backLink: '/transfers', values, errors: errors ? formErrors(errors) : null });

  pages.get('/transfers/import', { config: { roles: COORDINATOR_ROLES, audit: { none: 'an empty form' } } }, async (_request, reply) => importPage(reply, 200, {}));

  pages.post('/transfers/import', { bodyLimit: PACKAGE_BODY_LIMIT, config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'transfer' } }, schema: { body: importForm } }, async (request, reply) => {
    const user = request.user!;
    const body = request.body;
    if (!body.package) return importPage(reply, 400, body, { package: 'Paste the package you were sent' });
    const result = await importPackage(db, request.ctx, { userId: user.userId, agencyId: user.agencyId }, user.areaId, secret, body.package, readMatchChoice(body.match));
    if (!result.ok) return importPage(reply, 400, body, { package: result.refusal.message });
    const value = result.value;
    if (value.kind === 'chooseMatch') {
      return reply.page('transfers/views/match.njk', { title: 'Is this someone your area already holds?', backLink: '/transfers/import', action: '/transfers/import', hidden: { package: body.package }, ...matchView(value.candidates, value.person, value.from) });
    }
    return reply.redirect(`/transfers/${value.transferId}?done=${value.kind}`, 303);
  });

  async function keysContext(request: FastifyRequest, values: Record<string, string>, errors?: FieldErrors) {
    const user = request.user!;
    const [area, keys, partners] = await Promise.all([areaById(db, user.areaId), areaKeys(db, user.areaId, secret), partnersOf(db, user.areaId)]);
    return {
      title: 'Transfer keys',
      backLink: '/transfers',
      areaName: area!.name,
      keyLine: publicKeyLine(area!.code, keys),
      fingerprint: keyFingerprint(keys.signingPublicKey, keys.encryptionPublicKey),
      partners: partners.map((p) => ({ name: p.name, code: p.code, fingerprint: keyFingerprint(p.signingPublicKey, p.encryptionPublicKey), addedAt: p.addedAt })),
      values,
      errors: errors ? formErrors(errors, ['name', 'key']) : null,
    };
  }

  pages.get('/transfers/keys', { config: { roles: COORDINATOR_ROLES, audit: { none: 'public keys only: nothing personal' } }, schema: { querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    return reply.page('transfers/views/keys.njk', { ...(await keysContext(request, {})), added: request.query.done === 'added' });
  });

  const subjectAddress = z.object({ kind: z.string(), id: z.string() });
  const knownForm = form({ otherAreaName: formText, contactRoute: formText });

  async function knownContext(request: FastifyRequest, kind: string, id: string, values: Record<string, string>, errors?: FieldErrors) {
    const subject = await findSubject(db, request.user!, kind, id);
    if (!subject) throw notFound();
    return { title: `Known to other areas – ${subject.reference}`, backLink: subject.path, subject, flags: await flagsOf(db, subject.kind, subject.id), canRecord: recordsIntelligence(request.user!), values, errors: errors ? formErrors(errors, ['otherAreaName', 'contactRoute']) : null };
  }

  pages.get('/transfers/known-elsewhere/:kind/:id', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'known_elsewhere', recordId: 'id' } }, schema: { params: subjectAddress, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    return reply.page('transfers/views/known-elsewhere.njk', { ...(await knownContext(request, request.params.kind, request.params.id, {})), added: request.query.done === 'added' });
  });

  pages.post('/transfers/known-elsewhere/:kind/:id', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'known_elsewhere', recordId: 'id' } }, schema: { params: subjectAddress, body: knownForm } }, async (request, reply) => {
    const { kind, id } = request.params;
    const result = await addKnownElsewhere(db, request.ctx, request.user!, kind, id, request.body);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('transfers/views/known-elsewhere.njk', await knownContext(request, kind, id, request.body, errors)));
    return reply.redirect(`/transfers/known-elsewhere/${kind}/${id}?done=added`, 303);
  });

  pages.post('/transfers/keys/partners', { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'partner_area' } }, schema: { body: partnerForm } }, async (request, reply) => {
    const user = request.user!;
    const result = await addPartner(db, request.ctx, { userId: user.userId, agencyId: user.agencyId }, user.areaId, request.body);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('transfers/views/keys.njk', await keysContext(request, request.body, errors)));
    return reply.redirect('/transfers/keys?done=added', 303);
  });
}

/** The service names the destination by its kind; the form has one field for both. */
function renamed(errors: FieldErrors, key: string): FieldErrors {
  const { [key]: destination, ...rest } = errors;
  return destination ? { destination, ...rest } : rest;
}

export const STATUS_TEXT: Record<string, string> = {
  waiting: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
  sent: 'Package made, not yet acknowledged',
  received: 'Received (acknowledged)',
  imported: 'Imported',
};

function matchView(candidates: MatchCandidate[], person: TransferSnapshot['person'], from: string) {
  return {
    from,
    person: { name: [person.givenName, person.familyName].filter(Boolean).join(' ') || person.aliases[0] || 'No name given', dateOfBirth: person.dateOfBirth, postcode: person.postcode },
    items: [
      ...candidates.map((c) => ({ value: `attach:${c.youngPersonId}`, text: `Add to ${c.reference}: ${c.name}`, hint: { text: `${c.dateOfBirth ? `Born ${c.dateOfBirth}. ` : ''}${c.postcode ? `Postcode ${c.postcode}. ` : ''}${c.band === 'likely' ? 'A likely match' : 'A possible match'} (${Math.round(c.probability * 100)}%)` } })),
      { divider: 'or' },
      { value: 'new', text: 'None of these: make a new record' },
    ],
  };
}

function snapshotView(snapshot: TransferSnapshot) {
  return {
    ...snapshot,
    personName: [snapshot.person.givenName, snapshot.person.familyName].filter(Boolean).join(' ') || snapshot.person.aliases[0] || 'No name given',
    sectionLabels: snapshot.sections.map((s) => SECTION_LABELS[s]),
  };
}
