/** Public entry point of the risk instrument (pure logic: no database, no routes). */
export * from './types.ts';
export { validateInstrument, type ValidationResult } from './validate.ts';
export { scoreAssessment, applyJudgement, MIN_REASON_LENGTH } from './score.ts';
export { previewVersion, carryAnswers } from './preview.ts';
export type { PastAssessment, Preview, PreviewItem, PreviewSummary, PreviewChange, NotCarried } from './preview.ts';
export {
  createDefaultInstrument,
  createDefaultInstrumentVersion1,
  SHIPPED_DEFAULT_VERSION,
  concernChecklist,
  mapConcernIndicator,
  MISSING_INDICATOR_IDS,
  DEFAULT_INSTRUMENT_ID,
} from './default-instrument.ts';
export { suggestFromConcerns, suggestFromMissingEpisodes } from './suggestions.ts';
export type { Suggestion, ConcernOnFile, MissingEpisodeOnFile } from './suggestions.ts';
