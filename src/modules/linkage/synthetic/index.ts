/**
 * Fictional UK population and corrupter, for benchmarks, demo data and
 * `lantern generate`. Everything is reproducible from a seed.
 */
export { Random, WeightedPicker } from '../../../platform/random.ts';
export { generatePopulation, nhsCheckDigit, DEFAULT_REFERENCE_DATE, type SyntheticPerson, type PopulationOptions } from './population.ts';
export {
  CORRUPTION_KINDS,
  corruptPerson,
  applyCorruption,
  isApplicable,
  writePerson,
  generateLinkageBenchmark,
  typo,
  phoneticMisspelling,
  type CorruptionKind,
  type CorruptedPerson,
  type WrittenPerson,
  type LinkageBenchmark,
  type LinkageBenchmarkOptions,
  RIGHT_RECORD_KINDS,
  type RightRecordKind,
} from './corrupt.ts';
export { LOOK_ALIKE_KINDS, DEFAULT_LOOK_ALIKE_SHARES, makeLookAlikes, type LookAlike, type LookAlikeKind } from './families.ts';
export { HERITAGE_WEIGHTS, TRANSLITERATION_SETS, WRITTEN_NICKNAMES, type Heritage } from './name-lists.ts';
