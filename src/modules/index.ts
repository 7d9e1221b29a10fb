import type { FastifyInstance, FastifyRequest } from 'fastify';
import healthRoutes from '../platform/http/health.ts';
import signInRoutes from './sign-in/routes.ts';
import twoFactorRoutes from './two-factor/routes.ts';
import homeRoutes from './home/routes.ts';
import organisationRoutes from './organisation/routes.ts';
import youngPeopleRoutes from './young-people/routes.ts';
import accessRoutes from './access/routes.ts';
import concernRoutes from './concerns/routes.ts';
import concernApi from './concerns/api.ts';
import youngPeopleApi from './young-people/api.ts';
import figuresRoutes from './figures/routes.ts';
import triageRoutes from './triage/routes.ts';
import myConcernsRoutes from './triage/my-concerns.ts';
import linkageRoutes from './linkage/routes.ts';
import missingRoutes from './missing/routes.ts';
import missingApi from './missing/api.ts';
import riskRoutes from './risk/routes.ts';
import instrumentRoutes from './risk/instrument-routes.ts';
import reviewRoutes from './risk/review-routes.ts';
import riskApi from './risk/api.ts';
import settingsRoutes from './settings/routes.ts';
import intelligenceRoutes from './intelligence/routes.ts';
import intelligenceApi from './intelligence/api.ts';
import panelRoutes from './panels/routes.ts';
import panelApi from './panels/api.ts';
import profileRoutes from './profile/routes.ts';
import profileApi from './profile/api.ts';
import returnsRoutes from './returns/routes.ts';
import returnsApi from './returns/api.ts';
// Their problem-profile sections register themselves when imported (decision record 0011).
import './intelligence/profile-section.ts';
import './panels/profile-section.ts';
import { unreadFeedbackCount } from './concerns/feedback.ts';
import { unreadNoticeCount } from './panels/queries.ts';
import { seesCasework } from './young-people/policy.ts';
export { twoFactorGate as signedInGate } from './two-factor/gate.ts';

/** Every module's routes, in one list so the app and the tests build the same Lantern. */
export const MODULES: ((app: FastifyInstance) => Promise<void>)[] = [
  healthRoutes,
  signInRoutes,
  twoFactorRoutes,
  homeRoutes,
  organisationRoutes,
  youngPeopleRoutes,
  accessRoutes,
  concernRoutes,
  concernApi,
  youngPeopleApi,
  figuresRoutes,
  triageRoutes,
  myConcernsRoutes,
  linkageRoutes,
  missingRoutes,
  missingApi,
  riskRoutes,
  instrumentRoutes,
  reviewRoutes,
  riskApi,
  settingsRoutes,
  intelligenceRoutes,
  intelligenceApi,
  panelRoutes,
  panelApi,
  profileRoutes,
  profileApi,
  returnsRoutes,
  returnsApi,
];

/** What every signed-in page needs: kept to one cheap indexed count. */
export async function pageContext(request: FastifyRequest): Promise<Record<string, unknown>> {
  const user = request.user;
  if (!user || !seesCasework(user.role)) return {};
  const db = request.server.lantern.database.db;
  const [unread, notices] = await Promise.all([unreadFeedbackCount(db, user.userId), unreadNoticeCount(db, user.userId)]);
  return { unread: { '/my-concerns': unread, '/panels': notices } };
}
