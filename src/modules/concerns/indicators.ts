import type { Db } from '../../platform/db/database.ts';
import { service } from '../../platform/modules.ts';
import type { concernChecklist } from '../risk/index.ts';

export type ChecklistGroup = ReturnType<typeof concernChecklist>[number];

declare module '../../platform/modules.ts' {
  interface LanternServices {
    /** The indicators a concern offers as a checklist, for an area: the risk module provides them from its current instrument. */
    concernChecklist: (db: Db, areaId: string) => Promise<ChecklistGroup[]>;
  }
}

/**
 * The indicators a concern offers as a checklist: those in use in the area's current published risk
 * instrument. The risk module provides them (it imports this module, so this one cannot import it).
 */
export async function checklistForArea(db: Db, areaId: string): Promise<ChecklistGroup[]> {
  return service('concernChecklist')(db, areaId);
}

export function indicatorWording(checklist: ChecklistGroup[], id: string): string | undefined {
  for (const group of checklist) {
    const found = group.indicators.find((i) => i.id === id);
    if (found) return found.wording;
  }
  return undefined;
}
