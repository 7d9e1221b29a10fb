/**
 * How long each kind of record is kept before it comes up for review, per area (Settings page).
 * docs/retention.md gives the reasons for each default.
 */
import type { SettingGroup } from '../../platform/modules.ts';
import type { AreaSettings } from '../organisation/tables.ts';

export const RETENTION_DEFAULTS = {
  retentionYoungPersonUntilAge: 25,
  retentionYoungPersonYearsAfterActivity: 6,
  retentionConcernNoActionMonths: 24,
  retentionAdultUnlinkedMonths: 24,
  retentionIntelligenceMonths: 72,
  retentionIntelligenceDoubtfulMonths: 24,
  retentionIntelligenceConditionsMonths: 36,
  retentionAuditPersonalYears: 7,
  retentionFeedbackMonths: 12,
} as const satisfies Partial<Record<keyof AreaSettings, number>>;

export type RetentionSettings = { -readonly [K in keyof typeof RETENTION_DEFAULTS]: number };

/** The area's periods: each stored whole positive number, else the default. */
export function retentionSettingsFrom(settings: AreaSettings | null | undefined): RetentionSettings {
  const out: RetentionSettings = { ...RETENTION_DEFAULTS };
  for (const key of Object.keys(RETENTION_DEFAULTS) as (keyof RetentionSettings)[]) {
    const value = settings?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) out[key] = value;
  }
  return out;
}

const definition = (key: keyof RetentionSettings, label: string, hint: string, suffix: string, min: number, max: number) => ({ key, label, hint, suffix, min, max, defaultValue: RETENTION_DEFAULTS[key] });

/** The retention periods on the Settings page. */
export const RETENTION_SETTING_GROUP: SettingGroup = {
  group: 'Retention',
  order: 95,
  definitions: [
    definition('retentionYoungPersonUntilAge', 'Keep a young person’s record at least until they are this old', 'Their record comes up for review at this birthday, or later if there was activity recently (next setting).', 'years old', 18, 30),
    definition('retentionYoungPersonYearsAfterActivity', 'Keep a young person’s record at least this long after the last thing recorded', 'Counted from the latest concern, case note or chronology entry.', 'years', 1, 15),
    definition('retentionConcernNoActionMonths', 'Review a concern that led nowhere after', 'A concern closed with no further action or advice only, never linked to a young person on record.', 'months', 6, 120),
    definition('retentionAdultUnlinkedMonths', 'Review an adult of concern never linked to a child after', 'Counted from the last change to the adult’s record.', 'months', 6, 120),
    definition('retentionIntelligenceMonths', 'Review intelligence graded A to C after', 'Counted from the date the intelligence was received.', 'months', 12, 240),
    definition('retentionIntelligenceDoubtfulMonths', 'Review doubtful intelligence after', 'Graded D or E, or from a source graded 3 (not reliable).', 'months', 6, 240),
    definition('retentionIntelligenceConditionsMonths', 'Review intelligence shared only with conditions (handling code C) at the latest after', 'The shorter of this and the period for its grade applies.', 'months', 6, 240),
    definition('retentionAuditPersonalYears', 'Redact IP addresses and written reasons in the audit trail after', 'Who did what, and when, is kept; only these details are removed.', 'years', 2, 20),
    definition('retentionFeedbackMonths', 'Review updates sent to people who raised concerns after', 'Messages in people’s updates, counted from when they were sent.', 'months', 3, 60),
  ],
};
