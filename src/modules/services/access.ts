import { CASEWORK_ROLES, PARTNERSHIP_READ_ROLES, type Role } from '../../platform/auth/roles.ts';

/**
 * Who reads the databank: everyone signed in who works with young people, and those who read the
 * partnership's own work. It holds services and resources, never anyone's personal data.
 */
export const DATABANK_READ_ROLES: readonly Role[] = [...new Set([...CASEWORK_ROLES, ...PARTNERSHIP_READ_ROLES])];
