/** A person as an agency recorded them: every field optional except an id. */
export interface PersonRecord {
  id: string;
  givenName?: string | null;
  middleNames?: string | null;
  familyName?: string | null;
  /** A single name field, used only when given and family names are both absent. */
  fullName?: string | null;
  /** Written date of birth in any common form, a year, or an approximate age ("about 15"). */
  dateOfBirth?: string | null;
  approximateAge?: number | string | null;
  postcode?: string | null;
  gender?: string | null;
  /** Identifiers compared exactly or with one typo: NHS number, UPN, local authority id… */
  identifiers?: Record<string, string | null | undefined>;
  /** Other text compared by similarity: address line, town, email… */
  attributes?: Record<string, string | null | undefined>;
}
