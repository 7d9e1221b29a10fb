
export { buildReturn, combineReturns, validateMonthPeriod } from './build.ts';
export { ESTIMATE_COLUMNS, estimateUnderIdentification, MIN_AREAS, readIndicators } from './estimate.ts';
export { returnCsv } from './format.ts';
