/**
 * `import young-people`: an area's existing list of young people *with their monitoring data*, so
 * the profile starts from what the area already holds. It is `import people` (linkage/import.ts:
 * the same reading, checks, duplicate finding, batches, audit and progress) with more columns,
 * written in the same transaction as each record.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { ImportExtension } from '../linkage/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, YES_NO, type MonitoringAnswers } from '../young-people/index.ts';
import { isIsoDate, londonToday } from '../../platform/time.ts';

export interface YoungPersonExtras {
  livingArrangement: string;
  priorInvolvement: string;
  monitoring: MonitoringAnswers;
  openedOn: string | null;
}

const list = (values: string[]) => values.join(', ');

export const MONITORING_IMPORT_COLUMNS: Array<{ name: string; description: string }> = [
  { name: 'opened_on', description: 'the day CSE work with them began, as 31/12/2025 or 2025-12-31 (blank: the day of the import)' },
  { name: 'living_arrangement', description: `one of ${list(LIVING_ARRANGEMENTS.map((o) => o.value))}; blank when not recorded` },
  { name: 'prior_involvement', description: `one of ${list(PRIOR_INVOLVEMENT.map((o) => o.value))}; blank when not recorded` },
  ...MONITORING_FIELDS.map((f) => ({
    name: f.key,
    description:
      f.kind === 'yes_no'
        ? `${f.label.toLowerCase()}: yes or no; blank when not recorded`
        : f.kind === 'one'
          ? `${f.label.toLowerCase()}: one of ${list(f.options.map((o) => o.value))}; blank when not recorded`
          : `${f.label.toLowerCase()}: any of ${list(f.options.map((o) => o.value))}, separated by semicolons, or none; blank when not recorded`,
  })),
];

function dayFrom(text: string): string | null {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : null;
}

export const youngPeopleImport: ImportExtension<YoungPersonExtras> = {
  columns: MONITORING_IMPORT_COLUMNS,
  validate(cells, today) {
    const problems: string[] = [];
    const cell = (name: string) => (cells[name] ?? '').trim();
    const oneOf = (name: string, options: { value: string }[]) => {
      const value = cell(name).toLowerCase();
      if (!value) return 'not_recorded';
      if (!options.some((o) => o.value === value)) {
        problems.push(`${name}: “${value.slice(0, 40)}” is not a category Lantern knows; use one of ${list(options.map((o) => o.value))}, or leave it blank`);
        return 'not_recorded';
      }
      return value;
    };
    const livingArrangement = oneOf('living_arrangement', LIVING_ARRANGEMENTS);
    const priorInvolvement = oneOf('prior_involvement', PRIOR_INVOLVEMENT);
    const monitoring: MonitoringAnswers = {};
    for (const f of MONITORING_FIELDS) {
      const raw = cell(f.key).toLowerCase();
      if (!raw) continue;
      if (f.kind === 'many') {
        const values = raw.split(';').map((v) => v.trim()).filter(Boolean);
        if (values.includes('none')) {
          if (values.length > 1) problems.push(`${f.key}: “none” cannot go with other answers`);
          else monitoring[f.key] = [];
          continue;
        }
        const unknown = values.filter((v) => !f.options.some((o) => o.value === v));
        if (unknown.length) problems.push(`${f.key}: ${unknown.map((v) => `“${v.slice(0, 40)}”`).join(', ')} not known; use ${list(f.options.map((o) => o.value))} or none, separated by semicolons`);
        else monitoring[f.key] = [...new Set(values)];
      } else {
        const options = f.kind === 'yes_no' ? YES_NO : f.options;
        const value = f.kind === 'yes_no' ? ({ y: 'yes', n: 'no' } as Record<string, string>)[raw] ?? raw : raw;
        if (!options.some((o) => o.value === value)) problems.push(`${f.key}: “${raw.slice(0, 40)}” is not a category Lantern knows; use ${list(options.map((o) => o.value))}, or leave it blank`);
        else monitoring[f.key] = value;
      }
    }
    let openedOn: string | null = null;
    const opened = cell('opened_on');
    if (opened) {
      openedOn = dayFrom(opened);
      if (!openedOn) problems.push(`opened_on: “${opened.slice(0, 20)}” is not a real date; write it like 31/12/2025`);
      else if (openedOn > londonToday(today)) problems.push('opened_on: the day CSE work began cannot be in the future');
      else if (openedOn < '1990-01-01') problems.push('opened_on: the day CSE work began is too long ago to be right');
    }
    return { value: { livingArrangement, priorInvolvement, monitoring, openedOn }, problems };
  },
  async write(tx: Db, youngPersonId: string, value: YoungPersonExtras) {
    await tx
      .update(youngPeople)
      .set({ livingArrangement: value.livingArrangement, priorInvolvement: value.priorInvolvement, monitoring: value.monitoring, ...(value.openedOn ? { openedOn: value.openedOn } : {}) })
      .where(eq(youngPeople.id, youngPersonId));
  },
};
