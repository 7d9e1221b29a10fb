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
