/** The roles people hold in Lantern (the README lists the demo user for each). A user holds exactly one. */
export const ROLES = [
  'practitioner',
  'agency_lead',
  'coordinator',
  'panel_member',
  'intelligence_officer',
  'analyst',
  'board_member',
  'administrator',
  'partnership_lead',
  'data_protection_officer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  practitioner: 'Practitioner',
  agency_lead: 'Agency lead',
  coordinator: 'CSE coordinator',
  panel_member: 'Panel member',
  intelligence_officer: 'Intelligence officer',
  analyst: 'Analyst',
  board_member: 'Board member or auditor',
  administrator: 'Administrator',
  partnership_lead: 'Partnership lead',
  data_protection_officer: 'Data protection officer',
};

/*
 * The named groups of roles. Every route declaration, navigation item and policy uses one of these
 * rather than a list of its own, so a role's reach is changed in one place.
 */
/** Roles that may see personal casework at all (through need-to-know paths or area-wide). */
export const CASEWORK_ROLES: readonly Role[] = ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'];
/** Roles that see every young person in their area without a need-to-know path. */
export const AREA_WIDE_ROLES: readonly Role[] = ['coordinator', 'intelligence_officer', 'data_protection_officer'];
/** The CSE coordinator's own work: triage, settings, emergency access, approvals, merging records. */
export const COORDINATOR_ROLES: readonly Role[] = ['coordinator'];
/** Those who keep and grade intelligence about adults and places of concern. */
export const INTELLIGENCE_ROLES: readonly Role[] = ['coordinator', 'intelligence_officer'];
/** Roles that may see the problem profile: anonymised figures only (an agency lead, their agency's). */
export const PROFILE_ROLES: readonly Role[] = ['analyst', 'board_member', 'coordinator', 'agency_lead'];
/** Roles that may prepare and combine returns and estimate under-identification for the area. */
export const RETURN_ROLES: readonly Role[] = ['analyst', 'board_member', 'coordinator'];
/** Roles that read the partnership's own work (databank, prevention, training, self-assessment): counts and services, never young people's names. */
export const PARTNERSHIP_READ_ROLES: readonly Role[] = ['board_member', 'analyst', 'coordinator', 'agency_lead', 'partnership_lead'];
/** Roles that edit the partnership's self-assessment framework, training register and databank of services. */
export const PARTNERSHIP_EDIT_ROLES: readonly Role[] = ['coordinator', 'partnership_lead'];
/** Roles that record training and prevention sessions (an agency lead, their own agency's only). */
export const PARTNERSHIP_RECORDING_ROLES: readonly Role[] = ['coordinator', 'partnership_lead', 'agency_lead'];
/**
 * Those who answer for the area's data protection: subject-access requests, corrections, restricted
 * records and the list of who has seen a record. The data protection officer sees every record in
 * the area (AREA_WIDE_ROLES) but only through these pages, and is the only role besides the
 * coordinator that still sees a restricted record (decision record on restriction).
 */
export const DATA_PROTECTION_ROLES: readonly Role[] = ['coordinator', 'data_protection_officer'];
/** Roles that may read the audit trail. */
export const AUDIT_TRAIL_ROLES: readonly Role[] = ['board_member', 'coordinator', 'administrator'];
/** Accounts and agencies. */
export const ADMINISTRATOR_ROLES: readonly Role[] = ['administrator'];
/** Roles whose accounts must sign in with a second factor: they reach personal data or grant access to it. */
export const TWO_FACTOR_ROLES: readonly Role[] = [...CASEWORK_ROLES, 'administrator', 'data_protection_officer'];
/** Those who may reset another person's second factor. */
export const TWO_FACTOR_RESET_ROLES: readonly Role[] = ['coordinator', 'administrator'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The kinds of agency in a partnership. Roles themselves are the platform's (platform/auth/roles.ts). */
export const AGENCY_KINDS = [
  'police',
  'childrens_social_care',
  'health',
  'education',
  'youth_offending',
  'housing',
  'voluntary',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  police: 'Police',
  childrens_social_care: "Children's social care",
  health: 'Health',
  education: 'Education',
  youth_offending: 'Youth offending',
  housing: 'Housing',
  voluntary: 'Voluntary and community sector',
};
