/** The young-people module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import youngPeopleRoutes from './routes.ts';
import youngPeopleApi from './api.ts';
import type { YoungPersonRow } from './records.ts';
import { numberedReferences } from '../../platform/db/references.ts';

// Sections of the record page (platform/modules.ts) are given the whole record.
declare module '../../platform/modules.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface RecordInView extends YoungPersonRow {}
}

/** The young person's record: details, team around the child, chronology, search. */
export const youngPeopleModule: LanternModule = {
  name: 'young-people',
  recordReferences: [{ recordKind: 'young_person', references: numberedReferences('young_people', (n) => `YP-${n}`) }, { recordKind: 'young_person_access_log', references: numberedReferences('young_people', (n) => `YP-${n}`) }],
  routes: [youngPeopleRoutes, youngPeopleApi],
  navigation: [{ href: '/young-people', text: 'Young people', order: 30, description: 'Find the young people whose records you can see.' }],
  chronologyKinds: { record: 'Record change', team: 'Team around the child' },
};

// Used by other modules.
export { chronologyEntryVisible, concernGrantsRecordAccess, restrictedCondition, seesCasework, seesRestricted, visibleYoungPeople, youngPersonIdVisible } from './policy.ts';
export { ageOn, limitFreeText, MAX_AGE_YEARS, PERSON_FIELD_ORDER, type PersonDetails, personDetailsWith, searchTextFor, validatePersonDetails } from './details.ts';
export { accessPaths, displayName, findVisibleYoungPerson, listVisibleYoungPeople, referenceFor, survivingRecordId, type YoungPersonRow } from './records.ts';
export { addChronologyEntry, chronologyKinds } from './chronology.ts';
export { ETHNICITIES, GENDERS, isLookedAfter, LIVING_ARRANGEMENTS, MONITORING_FIELDS, type MonitoringAnswers, type MonitoringField, PRIOR_INVOLVEMENT, YES_NO } from './monitoring.ts';
export { addTeamMember, canManageRecord, currentPersonDetails, insertYoungPerson, writePersonDetails, joinTeamForTask, type RiskLevelSource, setCurrentRiskLevel } from './service.ts';
export { personView, riskLevelLabel } from './view-model.ts';
export { findYoungPeople, isEmptySearch, parseSearch, searchAuditDetails } from './search.ts';
export { RISK_LEVEL_SCALE } from './risk-levels.ts';
// The one way to say a counted fact changed on a given day (decision record 0029): closing and re-opening CSE work, late changes, imports.
export { type CountedFact, type FactChange, type FactPeriod, type FactValue, knownFrom, periodProblems, recordFactChanges, recordFactPeriods } from './history.ts';
