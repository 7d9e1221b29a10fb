import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { areas, type AreaSettings } from '../organisation/tables.ts';
import { WORKING_HOURS_PER_DAY } from './working-hours.ts';

/** An area's triage settings, with the defaults of the issue: one working day, two agencies, thirty days. */
export interface TriageSettings {
  targetWorkingHours: number;
  weakSignalAgencies: number;
  weakSignalWindowDays: number;
}

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  targetWorkingHours: WORKING_HOURS_PER_DAY,
  weakSignalAgencies: 2,
  weakSignalWindowDays: 30,
};

function positive(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : fallback;
}

/** Reads the settings jsonb defensively: a missing or nonsensical value falls back to the default. */
export function triageSettingsFrom(settings: AreaSettings | null | undefined): TriageSettings {
  return {
    targetWorkingHours: positive(settings?.triageTargetWorkingHours, DEFAULT_TRIAGE_SETTINGS.targetWorkingHours, 24 * 365),
    weakSignalAgencies: Math.round(positive(settings?.weakSignalAgencies, DEFAULT_TRIAGE_SETTINGS.weakSignalAgencies, 100)),
    weakSignalWindowDays: Math.round(positive(settings?.weakSignalWindowDays, DEFAULT_TRIAGE_SETTINGS.weakSignalWindowDays, 3650)),
  };
}

export async function triageSettingsForArea(db: Db, areaId: string): Promise<TriageSettings> {
  const [area] = await db.select({ settings: areas.settings }).from(areas).where(eq(areas.id, areaId));
  return triageSettingsFrom(area?.settings);
}
