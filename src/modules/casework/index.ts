/** The casework module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import caseworkRoutes from './routes.ts';
import caseworkApi from './api.ts';
import { seedDemoCasework } from './demo.ts';
import { childrenOfAdult } from './queries.ts';
import { recordsAdultChildren } from './policy.ts';
import { caseNotesSection, networkSection, viewsSection } from './sections.ts';
import { referenceFor } from '../young-people/index.ts';
import { CHILD_RELATIONSHIPS, label } from './vocab.ts';

/** Case notes, the family and network, the young person's views and wishes, and the children of adults of concern. */
export const caseworkModule: LanternModule = {
  name: 'casework',
  routes: [caseworkRoutes, caseworkApi],
  chronologyKinds: { case_note: 'Case note', network: 'Family and network', views: 'Views and wishes' },
  recordSections: [
    { id: 'viewsAndWishes', template: 'casework/views/_views-section.njk', place: 'after-team', order: 20, load: viewsSection },
    { id: 'network', template: 'casework/views/_network-section.njk', place: 'after-team', order: 30, load: networkSection },
    {
      id: 'caseNotes',
      template: 'casework/views/_case-notes-section.njk',
      place: 'after-circumstances',
      order: 40,
      load: caseNotesSection,
      // The record view's audit row names the case notes it showed.
      auditDetails: (data) => ({ caseNoteIds: (data as Awaited<ReturnType<typeof caseNotesSection>>).notes.map((n) => n.id) }),
    },
  ],
  demo: { order: 30, seed: seedDemoCasework },
  provides: {
    adultRecordSections: async (db, user, adultId) => {
      const children = await childrenOfAdult(db, user, adultId);
      return [
        {
          template: 'casework/views/_adult-children.njk',
          data: {
            adultId,
            canRecord: recordsAdultChildren(user),
            children: children.map((c) => ({
              id: c.id,
              youngPersonId: c.youngPersonId,
              name: c.youngPersonId ? [c.givenName, c.familyName].filter(Boolean).join(' ') || referenceFor(c.youngPersonNumber!) : null,
              reference: c.youngPersonNumber ? referenceFor(c.youngPersonNumber) : null,
              description: c.description,
              relationship: label(CHILD_RELATIONSHIPS, c.relationship),
              note: c.note,
            })),
          },
        },
      ];
    },
  },
};
