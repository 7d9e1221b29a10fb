/** The intelligence module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { seedDemoIntelligence as seedDemo } from './demo.ts';
import { intelligenceProfileSections } from './profile-section.ts';
import { linkedAdultsAndPlaces, type YoungPersonIntelligence } from './section.ts';
import intelligenceRoutes from './routes.ts';
import intelligenceApi from './api.ts';
import { unrecognisedIdentifiersWorklist, unrecognisedRoutes } from './worklist.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { adultReference, placeReference } from './vocab.ts';

/** Adults and places of concern, graded intelligence, disruption and the network. */
export const intelligenceModule: LanternModule = {
  name: 'intelligence',
  recordReferences: [{ recordKind: 'adult_of_concern', references: numberedReferences('adults_of_concern', adultReference) }, { recordKind: 'place_of_concern', references: numberedReferences('places_of_concern', placeReference) }],
  routes: [intelligenceRoutes, intelligenceApi, unrecognisedRoutes],
  worklists: [unrecognisedIdentifiersWorklist],
  navigation: [
    {
      href: '/intelligence',
      text: 'Intelligence',
      order: 70,
      description: 'Adults and places of concern, graded intelligence, disruption and prosecution, and who is linked to whom.',
    },
  ],
  chronologyKinds: { disruption: 'Disruption' },
  // Before the panels' section, as the profile has always shown them.
  profileSections: intelligenceProfileSections.map((builder) => ({ builder, before: 'panel_actions' })),
  demo: { order: 10, seed: seedDemo },
  recordSections: [
    {
      id: 'intel',
      title: 'Intelligence',
      slug: 'intelligence',
      template: 'intelligence/views/_record-section.njk',
      place: 'after-circumstances',
      order: 30,
      load: (db, user, record) => linkedAdultsAndPlaces(db, user, record.id),
      // The record view's audit row names the intelligence entries it showed.
      auditDetails: (intel) => ({ intelligenceEntries: (intel as YoungPersonIntelligence | null)?.intelligence.map((e) => e.id) ?? [] }),
    },
  ],
};

// Used by other modules.
export { linkedAdultsAndPlaces } from './section.ts';
export { findVisibleAdult, findVisiblePlace, placeSummary, visibleAdults } from './records.ts';
export { DEMO_TAKEAWAY } from './demo.ts';
export { type DisruptionForViewer, disruptionsFor } from './disruptions.ts';
export { entriesFor, entryTextWithConditions, type EntryForViewer } from './entries.ts';
export { adultIdVisible, disruptionVisible, placeIdVisible, recordsIntelligence, seesFullIntelligence } from './policy.ts';
export { PROSECUTION_KINDS } from './vocab.ts';
export { areaIntelligenceCounts } from './hotspots.ts';
export { DISRUPTION_KINDS, DISRUPTION_OUTCOMES, adultReference, disruptionReference, label, placeReference } from './vocab.ts';
export { CONCERN_PLACE_FIELDS, concernPlaceFlash, concernPlaceSection, postConcernPlace } from './concern-place-form.ts';
export { rescanIntelligenceIdentifiers } from './rescan.ts';
export { placeSuggestionsForEpisode, placesLinkedToEpisode, type PlaceSuggestion } from './place-suggestions.ts';
