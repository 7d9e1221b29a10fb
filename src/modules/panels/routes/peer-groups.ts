import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { refusalPage } from '../../../platform/http/refusals.ts';
import { fail } from '../../../platform/outcome.ts';
import { findVisibleYoungPerson, referenceFor } from '../../young-people/index.ts';
import { findVisiblePeerGroup, peerGroupMembersOf, peerGroupsVisible, youngPersonIdByNumber } from '../queries.ts';
import { createPeerGroup } from '../service.ts';
import { optional } from './shared.ts';

function groupFormContext(values: Record<string, unknown>, errors?: FieldErrors) {
  return {
    title: 'Record a peer group',
    backLink: '/panels/peer-groups',
    values,
    errors: errors && Object.keys(errors).length ? formErrors(errors, ['name', 'description', 'youngPersonIds']) : null,
  };
}

/** Peer groups: young people referred to a panel together. */
export default async function peerGroupRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  /** A young person of the area by number, only if the reader may see them. */
  async function visibleYoungPersonId(request: FastifyRequest, number: number): Promise<string | null> {
    const id = await youngPersonIdByNumber(db, request.user!.areaId, number);
    return id && (await findVisibleYoungPerson(db, request.user!, id)) ? id : null;
  }

  pages.get('/panels/peer-groups', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'peer_groups' } } }, async (request, reply) => {
    const groups = await peerGroupsVisible(db, request.user!);
    request.noteAudit({ details: { peerGroupIds: groups.map((g) => g.id) } });
    return reply.page('panels/views/peer-groups.njk', { title: 'Peer groups', backLink: '/panels', groups });
  });

  pages.get('/panels/peer-groups/new', { config: { roles: CASEWORK_ROLES, audit: { none: 'an empty form: nothing recorded is shown' } } }, async (_request, reply) => reply.page('panels/views/peer-group-form.njk', groupFormContext({})));

  pages.post('/panels/peer-groups/new', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'peer_group' } }, schema: { body: form({ name: formText, description: formText, references: formText }) } }, async (request, reply) => {
    const body = request.body;
    // Young people are given by their YP- references, one per line, so the form needs no script.
    const references = body.references
      .split(/[\s,]+/)
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const ids: string[] = [];
    const bad: string[] = [];
    for (const ref of references) {
      const match = /^(?:YP-)?(\d{1,12})$/.exec(ref);
      const id = match ? await visibleYoungPersonId(request, Number(match[1])) : null;
      if (id) ids.push(id);
      else bad.push(ref);
    }
    const result = bad.length
      ? fail('invalid', { youngPersonIds: `You cannot see a young person with the reference ${bad.join(', ')}: check the references on their records` })
      : await createPeerGroup(db, request.ctx, request.user!, { name: body.name, description: optional(body.description), youngPersonIds: ids });
    if (!result.ok) {
      return refusalPage(result, (status, refused) => {
        // The service names the ids it was given; the form asked for references.
        const errors: FieldErrors = Object.fromEntries(Object.entries(refused).map(([k, v]) => [k === 'youngPersonIds' ? 'references' : k, v]));
        return reply.code(status).page('panels/views/peer-group-form.njk', { ...groupFormContext(body, errors), errors: formErrors(errors, ['name', 'description', 'references']) });
      });
    }
    return reply.redirect(`/panels/peer-groups/${result.value}`, 303);
  });

  pages.get('/panels/peer-groups/:groupId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'peer_group', recordId: 'groupId' } }, schema: { params: z.object({ groupId: z.string() }) } }, async (request, reply) => {
    const group = await findVisiblePeerGroup(db, request.user!, request.params.groupId);
    if (!group) throw notFound();
    const members = await peerGroupMembersOf(db, request.user!, group.id);
    request.noteAudit({ details: { youngPersonIds: members.map((m) => m.id) } });
    return reply.page('panels/views/peer-group.njk', { title: group.name, backLink: '/panels/peer-groups', group, members: members.map((m) => ({ ...m, reference: referenceFor(m.number) })) });
  });
}
