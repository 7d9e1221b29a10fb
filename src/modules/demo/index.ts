
export { DEMO_PASSWORD, DEMO_USERS, seedDemoIfEmpty } from './seed.ts';
export { generateArea } from './generate.ts';
