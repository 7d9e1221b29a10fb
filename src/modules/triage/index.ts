
export { feedbackTimesBetween } from './queue.ts';
export { DEFAULT_TRIAGE_SETTINGS } from './settings.ts';
export { WORKING_HOURS_PER_DAY } from './working-hours.ts';
export { triageOutcome } from './outcomes.ts';
