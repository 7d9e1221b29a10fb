/** The linkage module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { LINKAGE_SETTING_GROUP } from './settings.ts';
import linkageRoutes from './routes.ts';
import { refreshLinkageKeys } from './keys.ts';
import { duplicatesWorklist } from './worklist.ts';

/** Finding and merging records of one young person: matching, imports and the coordinator's review. */
export const linkageModule: LanternModule = {
  name: 'linkage',
  routes: [linkageRoutes],
  settings: LINKAGE_SETTING_GROUP,
  worklists: [duplicatesWorklist],
  // Match keys follow a record's details in the same transaction.
  whenPersonDetailsChange: (tx, youngPersonIds) => refreshLinkageKeys(tx, youngPersonIds),
};

// Used by other modules, and by the benchmarks.
/**
 * Public API of the cross-referencing (record-linkage) engine.
 *
 * Batch: linkRecords(left, right) / dedupeRecords(records) run the whole
 * pipeline and return scored pairs, clusters and explanations.
 * Building blocks for the database-backed matcher: standardisePerson and
 * blockingKeys (store the keys in an indexed column; blocking is then a union
 * of equality joins), PairComparer + a FittedModel + explainPair to score and
 * explain pairs found there.
 */
export type { PersonRecord } from './types.ts';
export {
  standardisePerson,
  standardiseGivenNames,
  standardiseFamilyName,
  splitFullName,
  normaliseText,
  foldToAscii,
  isPlaceholderName,
  normaliseIdentifier,
  standardiseGender,
  type StandardisedPerson,
  type StandardiseOptions,
} from './standardise.ts';
export { parseDateOfBirth, dobFromApproximateAge, isDayMonthSwap, dobSwapInsensitiveKey, type StandardisedDob, type DobPrecision } from './dob.ts';
export { areNicknameEquivalent, nicknameCanonicals, nicknameGroups, nicknameTableSize } from './nicknames.ts';
export { phoneticCode } from './phonetic.ts';
export { jaro, jaroWinkler, damerauLevenshtein, levenshtein, withinOneEdit } from './similarity.ts';
export {
  blockingKeys,
  givenNameKeys,
  familyNameKeys,
  candidatePairs,
  allPairs,
  BLOCKING_RULES,
  DEFAULT_MAX_PAIRS_PER_KEY,
  type CandidatePairs,
  type CandidateOptions,
} from './blocking.ts';
export { prepareData, type PreparedData } from './prepared.ts';
export { PairComparer, NULL_LEVEL, givenNameLevel, familyNameLevel, type ComparisonDefinition, type PairComparerOptions } from './comparisons.ts';
export {
  fitModel,
  estimateU,
  runEm,
  computeGamma,
  scorePairs,
  probabilityFromWeight,
  weightFromProbability,
  type FittedModel,
  type ModelOptions,
  type ComparisonParameters,
  type LevelParameters,
} from './model.ts';
export { explainPair, type PairExplanation, type FieldExplanation } from './explain.ts';
export { clusterPairs, type Clusters } from './cluster.ts';
export {
  linkRecords,
  dedupeRecords,
  DEFAULT_THRESHOLDS,
  DEFAULT_EXHAUSTIVE_BELOW,
  type LinkageOptions,
  type LinkageResult,
  type ScoredPairs,
} from './engine.ts';
export { registerLinkageCommands, runLinkCommand } from './cli.ts';
export * from './synthetic/index.ts';
export { refreshLinkageKeys } from './keys.ts';
export { IMPORT_COLUMNS, ImportError, type ImportExtension, importPeople, importReportCsv, importReportLines } from './import.ts';
export { type DatabaseCommandSupport, progressBar, registerLinkageDatabaseCommands } from './db-cli.ts';
export { trainAreaModel } from './stored-model.ts';
export { generatePopulation, type SyntheticPerson } from './synthetic/population.ts';
export { corruptPerson } from './synthetic/corrupt.ts';
export { WRITTEN_NICKNAMES } from './synthetic/name-lists.ts';
export { explanationLines, probabilityText, tagForBand } from './presentation.ts';
export { type MatchSuggestion, bandFor, findMatches, type OnlineMatch, possibleMatchInArea, suggestMatches } from './online.ts';
export { fromDetails, type MatchableDetails } from './people.ts';
