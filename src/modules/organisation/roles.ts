// Agency kinds are the platform's, with roles (platform/auth/roles.ts); kept here for the organisation module's own code.
export { AGENCY_KINDS, AGENCY_KIND_LABELS, type AgencyKind } from '../../platform/auth/roles.ts';
