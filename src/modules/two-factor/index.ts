
export { CHALLENGE_COOKIE, createChallenge, needsTwoFactor, resetTwoFactor, twoFactorStatus } from './service.ts';
