import type { Db } from '../../platform/db/database.ts';
import { concernChecklist } from './instrument/index.ts';
import { currentInstrument } from './versions.ts';

type ChecklistGroup = ReturnType<typeof concernChecklist>[number];

// Published versions never change, so each version's checklist is built once.
const checklists = new WeakMap<object, ChecklistGroup[]>();

/**
 * The indicators a concern offers as a checklist: those in use in the area's current published
 * risk instrument. Provided to the concerns module as `concernChecklist` (risk/index.ts).
 */
export async function checklistForArea(db: Db, areaId: string): Promise<ChecklistGroup[]> {
  const instrument = await currentInstrument(db, areaId);
  let checklist = checklists.get(instrument);
  if (!checklist) {
    checklist = concernChecklist(instrument);
    checklists.set(instrument, checklist);
  }
  return checklist;
}
