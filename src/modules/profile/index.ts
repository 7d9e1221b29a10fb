
export { type FigureColumn, type FigureTable, fullGrid, hasTotalColumn, type ProfileSection, table } from './figure-table.ts';
export { registerProfileSection } from './sections.ts';
export { addDays, areaCondition, type Scope, ukDayStart, ukToday, type Window, windowEnd } from './window.ts';
export { PROFILE_ROLES, RETURN_ROLES } from './request.ts';
export { buildProfile } from './profile.ts';
export { registerProfileCommands } from './cli.ts';
