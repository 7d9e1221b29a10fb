/**
 * The numbers a coordinator may tune for their area, on one page. Each module contributes its own
 * group of settings (`settings` in its index.ts, platform/modules.ts): which of its keys a person
 * may change, in what range, and how they are asked for. A key left blank goes back to the
 * module's default.
 */
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { installedModules, type SettingDefinition, type SettingGroup } from '../../platform/modules.ts';
import { areas, type AreaSettings } from '../organisation/tables.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';

export { areaSettings };

type SettingKey = keyof AreaSettings;

/** The modules' groups of settings, in the page's order. */
export function settingGroups(): SettingGroup[] {
  return installedModules()
    .flatMap((m) => (m.settings ? [m.settings] : []))
    .sort((a, b) => a.order - b.order);
}

/** Every setting on the page, in order. */
export function areaSettingDefinitions(): SettingDefinition[] {
  return settingGroups().flatMap((group) => group.definitions);
}




/** What the form shows for one setting: the stored value, or blank when the default applies. */
export function formValue(definition: SettingDefinition, settings: AreaSettings): string {
  const stored = settings[definition.key];
  if (typeof stored !== 'number') return '';
  return definition.percent ? String(Math.round(stored * 1000) / 10) : String(stored);
}

export function defaultText(definition: SettingDefinition): string {
  return `${Math.round(definition.defaultValue * 10) / 10}${definition.suffix === '%' ? '%' : ` ${definition.suffix}`}`;
}

export type SettingsInput = Partial<Record<SettingKey, string>>;

/** Checks every field; returns the new settings (unchanged keys kept, blanks removed) or an error per field. */
export function validateAreaSettings(current: AreaSettings, input: SettingsInput): Outcome<AreaSettings, 'invalid'> {
  const errors: Record<string, string> = {};
  const settings: AreaSettings = { ...current };
  const groups = settingGroups();
  for (const definition of groups.flatMap((group) => group.definitions)) {
    const raw = (input[definition.key] ?? '').trim().replace(/%$/, '').trim();
    if (raw === '') {
      delete settings[definition.key];
      continue;
    }
    const value = Number(raw);
    const wholeOnly = !definition.percent;
    const label = definition.label.charAt(0).toLowerCase() + definition.label.slice(1);
    if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
      errors[definition.key] = `Enter ${label} as a number, like ${definition.defaultValue}, or leave it blank for the default`;
    } else if (wholeOnly && !Number.isInteger(value)) {
      errors[definition.key] = `Enter ${label} as a whole number`;
    } else if (definition.percent && Math.round(value * 10) !== value * 10) {
      errors[definition.key] = `Enter ${label} to no more than one decimal place`;
    } else if (value < definition.min || value > definition.max) {
      errors[definition.key] = `Enter ${label} between ${definition.min} and ${definition.max}${definition.suffix === '%' ? '%' : ''}`;
    } else {
      (settings as Record<string, number>)[definition.key] = definition.percent ? value / 100 : value;
    }
  }
  for (const group of groups) if (group.check) Object.assign(errors, group.check(settings, errors));
  return Object.keys(errors).length ? fail('invalid', errors) : succeed(settings);
}

/** Saves the settings with an audit row naming the keys that changed, from and to. */
export async function saveAreaSettings(db: Db, ctx: RequestContext, areaId: string, before: AreaSettings, after: AreaSettings): Promise<string[]> {
  const groups = settingGroups();
  const changed = groups.flatMap((group) => group.definitions.map((d) => d.key)).filter((key) => before[key] !== after[key]);
  if (!changed.length) return changed;
  const changes = Object.fromEntries(changed.map((key) => [key, { from: before[key] ?? null, to: after[key] ?? null }]));
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'area', recordId: areaId, details: { change: 'area_settings', changes } }, async (tx) => {
    await tx.update(areas).set({ settings: after }).where(eq(areas.id, areaId));
  });
  for (const group of groups) group.afterSave?.(areaId, changed);
  return changed;
}
