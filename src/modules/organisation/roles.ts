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
};

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

/** Roles that may see personal casework at all (through need-to-know paths or area-wide). */
export const CASEWORK_ROLES: readonly Role[] = ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'];
/** Roles that see every young person in their area without a need-to-know path. */
export const AREA_WIDE_ROLES: readonly Role[] = ['coordinator', 'intelligence_officer'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
