
export { createUser, reissueInvite } from './service.ts';
