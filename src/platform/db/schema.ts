// Every table, gathered for drizzle-kit and for the typed database handle.
export * from '../../modules/organisation/tables.ts';
export * from '../auth/tables.ts';
export * from '../audit/tables.ts';
export * from '../../modules/young-people/tables.ts';
export * from '../../modules/concerns/tables.ts';
export * from '../../modules/panels/tables.ts';
export * from '../../modules/access/tables.ts';
export * from '../../modules/linkage/tables.ts';
export * from '../../modules/missing/tables.ts';
export * from '../../modules/risk/tables.ts';
export * from '../../modules/intelligence/tables.ts';
export * from '../../modules/two-factor/tables.ts';
