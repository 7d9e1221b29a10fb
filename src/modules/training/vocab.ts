/** The training register's lists: what a course may cover, its level and who it is for. */
import { AGENCY_KIND_LABELS } from '../../platform/auth/roles.ts';

export const TRAINING_TOPICS = {
  cse_awareness: 'Recognising child sexual exploitation',
  online_safety: 'Online safety and online grooming',
  missing: 'Missing children and return interviews',
  risk_assessment: 'Using the risk assessment',
  disruption: 'Disrupting abusers and gathering evidence',
  trauma_informed: 'Working with young people after trauma',
  court: 'Supporting young witnesses at court',
} as const;
export type TrainingTopic = keyof typeof TRAINING_TOPICS;

export const TRAINING_LEVELS = {
  awareness: 'Awareness (level 1)',
  core: 'Core practice (level 2)',
  advanced: 'Advanced practice (level 3)',
  specialist: 'Specialist (level 4)',
} as const;

export const TRAINING_AUDIENCES: Record<string, string> = {
  multi_agency: 'Practitioners of every agency',
  ...AGENCY_KIND_LABELS,
};

export const sessionReference = (number: number) => `TS-${number}`;

/** How many days before expiry a refresher falls due. */
export const REFRESHER_DAYS_BEFORE_EXPIRY = 60;

/** The coverage the partnership aims for when the area has not set its own. */
export const DEFAULT_COVERAGE_TARGET = 0.8;
