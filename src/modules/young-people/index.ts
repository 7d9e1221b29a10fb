
export { concernGrantsRecordAccess, seesCasework, visibleYoungPeople, youngPersonIdVisible } from './policy.ts';
export { ageOn, limitFreeText, MAX_AGE_YEARS, parseDateInput, PERSON_FIELD_ORDER, type PersonDetails, personDetailsWith, searchTextFor, validatePersonDetails } from './details.ts';
export { accessPaths, displayName, findVisibleYoungPerson, listVisibleYoungPeople, referenceFor, survivingRecordId, type YoungPersonRow } from './records.ts';
export { addChronologyEntry, CHRONOLOGY_KINDS } from './chronology.ts';
export { ETHNICITIES, GENDERS, isLookedAfter, LIVING_ARRANGEMENTS, MONITORING_FIELDS, type MonitoringAnswers, type MonitoringField, PRIOR_INVOLVEMENT, YES_NO } from './monitoring.ts';
export { addTeamMember, canManageRecord, insertYoungPerson, joinTeamForTask } from './service.ts';
export { personView, riskLevelLabel } from './view-model.ts';
export { isEmptySearch, parseSearch, searchYoungPeople } from './search.ts';
