
export { concernReference, emailFeedbackAfterCommit, feedbackKindLabel, type FeedbackSent, markFeedbackRead, notifyConcernRaisers, sendFeedback } from './feedback.ts';
export { mentionMatchKey } from './submission.ts';
export { addConcernToChronology } from './chronology.ts';
export { checklistForArea, indicatorWording } from './indicators.ts';
