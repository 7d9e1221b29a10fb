// Every table, gathered for drizzle-kit and for the typed database handle.
export * from './organisation/tables.ts';
export * from '../platform/auth/tables.ts';
export * from '../platform/audit/tables.ts';
export * from '../platform/jobs/tables.ts';
export * from './young-people/tables.ts';
export * from './concerns/tables.ts';
export * from './panels/tables.ts';
export * from './access/tables.ts';
export * from './linkage/tables.ts';
export * from './missing/tables.ts';
export * from './risk/tables.ts';
export * from './intelligence/tables.ts';
export * from './two-factor/tables.ts';
export * from './casework/tables.ts';
export * from './reminders/tables.ts';
export * from './plans/tables.ts';
export * from './data-protection/tables.ts';
