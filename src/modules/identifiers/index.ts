/** The identifiers module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';

/** Parsing and matching identifiers (NHS number, UPN, postcode, phone…): no pages of its own. */
export const identifiersModule: LanternModule = {
  name: 'identifiers',
};

// Used by other modules.
export * from './nhs-number.ts';
export * from './upn.ts';
export * from './vehicle.ts';
export * from './phone.ts';
export * from './email.ts';
export * from './online-handle.ts';
export * from './local-authority-id.ts';
export * from './identifier-key.ts';
export * from './postcode.ts';
export * from './in-text.ts';
