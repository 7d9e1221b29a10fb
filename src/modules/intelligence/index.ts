
export { linkedAdultsAndPlaces } from './section.ts';
export { findVisiblePlace, placeSummary } from './records.ts';
export { DEMO_TAKEAWAY, seedDemoIntelligence } from './demo.ts';
export { type DisruptionForViewer, disruptionsFor } from './disruptions.ts';
export { entriesFor, type EntryForViewer } from './entries.ts';
export { placeIdVisible, seesFullIntelligence } from './policy.ts';
export { DISRUPTION_KINDS, DISRUPTION_OUTCOMES, label, placeReference } from './vocab.ts';
export { CONCERN_PLACE_FIELDS, concernPlaceFlash, concernPlaceSection, postConcernPlace } from './concern-place-form.ts';
