import type { Db } from '../../platform/db/database.ts';

export interface DemoIds {
  areaId: string;
  agencyIds: Map<string, string>;
  userIds: Map<string, string>;
}

/** Fictional young people and their history, so every page has something to show. */
export async function seedDemoCasework(_tx: Db, _ids: DemoIds): Promise<void> {
  // Filled in as the casework modules arrive.
}
