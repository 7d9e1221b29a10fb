export * from './nhs-number.ts';
export * from './upn.ts';
export * from './vehicle.ts';
export * from './phone.ts';
export * from './email.ts';
export * from './online-handle.ts';
export * from './local-authority-id.ts';
export * from './identifier-key.ts';
