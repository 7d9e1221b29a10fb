
export { recordAccessLog } from './audit-trail.ts';
export { DEFAULT_BREAK_GLASS_HOURS, DEFAULT_BREAK_GLASS_PER_DAY } from './service.ts';
