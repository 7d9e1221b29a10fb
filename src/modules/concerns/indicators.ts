import { concernChecklist, createDefaultInstrument } from '../risk/instrument/index.ts';

export type ChecklistGroup = ReturnType<typeof concernChecklist>[number];

const defaultChecklist = concernChecklist(createDefaultInstrument());

/**
 * The indicators a concern offers as a checklist: those of the area's current risk instrument.
 * Until an area publishes its own version, the default instrument's.
 */
export async function checklistForArea(_areaId: string): Promise<ChecklistGroup[]> {
  return defaultChecklist;
}

export function indicatorWording(checklist: ChecklistGroup[], id: string): string | undefined {
  for (const group of checklist) {
    const found = group.indicators.find((i) => i.id === id);
    if (found) return found.wording;
  }
  return undefined;
}
