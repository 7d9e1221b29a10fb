/**
 * The authorisation matrix: every role × every record kind that holds personal data × every access
 * path × read and change, through the pages and the API, generated from the tables below.
 *
 * Record kinds walked (each case gets its own, tied to its own young person):
 *   young person · concern · missing episode · risk assessment · adult of concern · place of concern ·
 *   disruption · peer group · panel referral · panel meeting and its case pack · transfer (a package
 *   sent to another area).
 * Intelligence entries have no address of their own: they are listed on the pages of the adult,
 * place or young person they concern, whose access is walked here; what a partner may read of an
 * entry (P and C handling) is tested in intelligence/http.test.ts. Risk assessments and disruptions
 * have no change address of their own (a new assessment is a change to the young person's record).
 *
 * Access paths (see PATHS): none, team around the child, raised a concern, panel window, emergency
 * (break-glass) access, temporary access that is over, a concern raised during temporary access, and
 * records in another area. Area-wide roles (coordinator, intelligence officer) see everything in
 * their own area whatever the path; the table says so through `sees`.
 *
 * The test fails when ROLES holds a role the table does not name, and when the app has a GET address
 * with an id in it that is neither walked here nor listed as out of scope with a reason, so a new
 * role or a new record page cannot be left out.
 *
 * Each (role, path) case gets its own young person and its own records, with exactly one path set up
 * for that one actor (in another area, every path at once), so a case can only pass through its own
 * path. Records are made with direct
 * inserts (their creation is tested elsewhere); every read and change goes through app.inject, pages
 * with a signed-in session and the API with a personal access token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { AREA_WIDE_ROLES, CASEWORK_ROLES, ROLE_LABELS, ROLES, type Role } from '../../platform/auth/roles.ts';
import { DEMO_AREA } from '../demo/people.ts';
import { concerns } from '../concerns/tables.ts';
import { agendaItems, panelMeetings, panelMembers, panelReferrals, panels, peerGroupMembers, peerGroups } from '../panels/tables.ts';
import { breakGlassAccesses } from './tables.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { adultsOfConcern, disruptions, disruptionSubjects, intelligenceLinks, placesOfConcern } from '../intelligence/tables.ts';
import { transfers } from '../transfers/tables.ts';
import { currentVersion } from '../risk/versions.ts';
import { completeApiBody } from '../risk/http-testing.ts';
import { dateTimeForm } from '../missing/testing.ts';
import { createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';

const PASSWORD = 'matrix-test-password';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How many cases are walked at once (within the pool of five connections a test Lantern has). */
const CASES_AT_ONCE = 4;

// ---------------------------------------------------------------------------------------------
// The roles: what each one is, written out here rather than read from the policy, so that a new
// role in ROLES fails the test until someone decides what it may do.

type RoleKind = 'need_to_know' | 'area_wide' | 'coordinator' | 'data_protection' | 'no_casework';
const ROLE_TABLE: Record<Role, RoleKind> = {
  practitioner: 'need_to_know',
  agency_lead: 'need_to_know',
  panel_member: 'need_to_know',
  intelligence_officer: 'area_wide',
  coordinator: 'coordinator',
  analyst: 'no_casework',
  board_member: 'no_casework',
  administrator: 'no_casework',
  partnership_lead: 'no_casework',
  // Sees the whole area, but only through the data protection pages: every casework page refuses the role.
  data_protection_officer: 'data_protection',
};

// ---------------------------------------------------------------------------------------------
// The access paths.

/**
 * The paths, each set up alone for the case's actor:
 *  - none: nothing ties the actor to the young person;
 *  - team: a named worker in the team around the child;
 *  - raised_concern: the actor raised a concern about them;
 *  - panel_window: the actor sits on a panel whose issued agenda has them, minutes closed an hour ago;
 *  - break_glass: unexpired emergency access;
 *  - temporary_over: emergency access that has expired, and a panel whose access window after the
 *    minutes has passed (the actor still sits on the panel);
 *  - concern_while_temporary: a concern raised while the actor's only view was temporary (stored not
 *    to grant the record), that temporary view now over: the concern stays theirs, the record does not;
 *  - other_area: every path above, but the records belong to another area.
 */
const PATHS = ['none', 'team', 'raised_concern', 'panel_window', 'break_glass', 'temporary_over', 'concern_while_temporary', 'other_area'] as const;
type Path = (typeof PATHS)[number];
const GRANTING: readonly Path[] = ['team', 'raised_concern', 'panel_window', 'break_glass'];

const casework = (role: Role) => ROLE_TABLE[role] !== 'no_casework' && ROLE_TABLE[role] !== 'data_protection';
const areaWide = (role: Role) => ROLE_TABLE[role] === 'area_wide' || ROLE_TABLE[role] === 'coordinator' || ROLE_TABLE[role] === 'data_protection';
const inArea = (path: Path) => path !== 'other_area';

/** Who sees the young person (and so everything about them): the heart of the need-to-know rule. */
const sees = (role: Role, path: Path) => casework(role) && inArea(path) && (areaWide(role) || GRANTING.includes(path));
/** Who answers for data protection on the record (subject access, corrections, restriction, who has seen it): the coordinator and the DPO, area-wide. */
const handlesDataProtection = (role: Role, path: Path) => (ROLE_TABLE[role] === 'coordinator' || ROLE_TABLE[role] === 'data_protection') && inArea(path);
/** Who manages the record (changes details and circumstances, the team): the coordinator and the team. */
const manages = (role: Role, path: Path) => casework(role) && inArea(path) && (ROLE_TABLE[role] === 'coordinator' || path === 'team');
/** The actor raised the case's concern themselves: they keep it and its feedback for good. */
const ownConcern = (role: Role, path: Path) => casework(role) && (path === 'raised_concern' || path === 'concern_while_temporary');
/** Who runs the case's panel (decides its referrals): the coordinator (a chair would too; none is named here). */
const runsPanel = (role: Role, path: Path) => ROLE_TABLE[role] === 'coordinator' && inArea(path);
/**
 * Who opens the case's panel, its meetings and minutes: the coordinator runs every panel; a member
 * sits on theirs for as long as they are a member, including after the window on one young person
 * has closed (the pages then leave that young person out, which the name check below asserts).
 */
const sitsOnPanel = (role: Role, path: Path) => runsPanel(role, path) || (casework(role) && (path === 'panel_window' || path === 'temporary_over'));
/** Who opens an agenda item and its case pack: someone on the panel who may also see the young person. */
const readsCasePack = (role: Role, path: Path) => runsPanel(role, path) || (sitsOnPanel(role, path) && sees(role, path));

const CASEWORK: readonly Role[] = CASEWORK_ROLES;
const COORDINATOR: readonly Role[] = ['coordinator'];
const OFFICERS: readonly Role[] = ['coordinator', 'intelligence_officer'];
const DATA_PROTECTION: readonly Role[] = ['coordinator', 'data_protection_officer'];

// ---------------------------------------------------------------------------------------------
// One case: one actor, one path, and one of every record kind.

interface Case {
  role: Role;
  path: Path;
  ypId: string;
  /** The young person's family name, unique to the case: it must not appear where they may not be seen. */
  ypName: string;
  concernId: string;
  apiReferralId: string;
  episodeId: string;
  apiEpisodeId: string;
  assessmentId: string;
  adultId: string;
  placeId: string;
  disruptionId: string;
  peerGroupId: string;
  panelId: string;
  meetingId: string;
  itemId: string;
  referralId: string;
  transferId: string;
}

/** A GET address for one record kind: who may use the address at all, and who may open this record. */
interface Read {
  route: string;
  url(c: Case): string;
  roles: readonly Role[];
  allowed(role: Role, path: Path): boolean;
  /** The answer names the young person whenever it is allowed (so the name check below is known to bite). */
  namesYoungPerson?: true;
}

/** One representative change: refused attempts must leave the row exactly as it was. */
interface Change {
  name: string;
  via: 'page' | 'api';
  table: string;
  id(c: Case): string;
  url(c: Case): string;
  method: 'POST' | 'PATCH' | 'PUT';
  body(c: Case): Record<string, unknown>;
  roles: readonly Role[];
  allowed(role: Role, path: Path): boolean;
}

interface Kind {
  name: string;
  pages: Read[];
  api: Read[];
  changes: Change[];
}

const KINDS: Kind[] = [
  {
    name: 'young person',
    pages: [
      { route: '/young-people/:id', url: (c) => `/young-people/${c.ypId}`, roles: CASEWORK, allowed: sees, namesYoungPerson: true },
      { route: '/young-people/:id/:section', url: (c) => `/young-people/${c.ypId}/chronology`, roles: CASEWORK, allowed: sees, namesYoungPerson: true },
      { route: '/young-people/:id/:section', url: (c) => `/young-people/${c.ypId}/intelligence`, roles: CASEWORK, allowed: sees, namesYoungPerson: true },
      { route: '/young-people/:id/details', url: (c) => `/young-people/${c.ypId}/details`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/circumstances', url: (c) => `/young-people/${c.ypId}/circumstances`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/team/add', url: (c) => `/young-people/${c.ypId}/team/add`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/access-log', url: (c) => `/young-people/${c.ypId}/access-log`, roles: COORDINATOR, allowed: sees },
      { route: '/young-people/:id/seen-by', url: (c) => `/young-people/${c.ypId}/seen-by`, roles: DATA_PROTECTION, allowed: handlesDataProtection },
      { route: '/young-people/:id/seen-by.csv', url: (c) => `/young-people/${c.ypId}/seen-by.csv`, roles: DATA_PROTECTION, allowed: handlesDataProtection },
      { route: '/young-people/:id/subject-access/new', url: (c) => `/young-people/${c.ypId}/subject-access/new`, roles: DATA_PROTECTION, allowed: handlesDataProtection },
      { route: '/young-people/:id/corrections/new', url: (c) => `/young-people/${c.ypId}/corrections/new`, roles: DATA_PROTECTION, allowed: handlesDataProtection },
      { route: '/young-people/:id/restriction', url: (c) => `/young-people/${c.ypId}/restriction`, roles: DATA_PROTECTION, allowed: handlesDataProtection },
      { route: '/young-people/:id/sharing/new', url: (c) => `/young-people/${c.ypId}/sharing/new`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/missing/new', url: (c) => `/young-people/${c.ypId}/missing/new`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/assessments', url: (c) => `/young-people/${c.ypId}/assessments`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/assessments/draft', url: (c) => `/young-people/${c.ypId}/assessments/draft`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/assessments/draft/check', url: (c) => `/young-people/${c.ypId}/assessments/draft/check`, roles: CASEWORK, allowed: manages },
      {
        route: '/young-people/:id/assessments/draft/sections/:section',
        url: (c) => `/young-people/${c.ypId}/assessments/draft/sections/about`,
        roles: CASEWORK,
        allowed: manages,
      },
      { route: '/intelligence/network/:kind/:id', url: (c) => `/intelligence/network/young_person/${c.ypId}`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/case-notes', url: (c) => `/young-people/${c.ypId}/case-notes`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/case-notes/new', url: (c) => `/young-people/${c.ypId}/case-notes/new`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/network', url: (c) => `/young-people/${c.ypId}/network`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/network/add', url: (c) => `/young-people/${c.ypId}/network/add`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/views-and-wishes', url: (c) => `/young-people/${c.ypId}/views-and-wishes`, roles: CASEWORK, allowed: sees },
      { route: '/young-people/:id/views-and-wishes/new', url: (c) => `/young-people/${c.ypId}/views-and-wishes/new`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/strategy-meetings/new', url: (c) => `/young-people/${c.ypId}/strategy-meetings/new`, roles: CASEWORK, allowed: manages },
      { route: '/young-people/:id/court-support/new', url: (c) => `/young-people/${c.ypId}/court-support/new`, roles: CASEWORK, allowed: manages },
      // Closing, re-opening and transition at 18 (moving-on module). The case's record is open and has
      // no date of birth: the closure form and the transition plan are drawn, while re-opening (only for
      // a closed record) and the decision at 18 (only for someone 18 or over) answer the allowed reader
      // with a redirect to the record's section. Each looks the record up for the reader first, so a
      // reader who may not see it gets 404 either way; the forms' changes are tested in
      // moving-on/moving-on.test.ts.
      { route: '/young-people/:id/:section', url: (c) => `/young-people/${c.ypId}/moving-on`, roles: CASEWORK, allowed: sees, namesYoungPerson: true },
      { route: '/young-people/:id/close', url: (c) => `/young-people/${c.ypId}/close`, roles: COORDINATOR, allowed: sees, namesYoungPerson: true },
      { route: '/young-people/:id/reopen', url: (c) => `/young-people/${c.ypId}/reopen`, roles: COORDINATOR, allowed: sees },
      { route: '/young-people/:id/turning-18', url: (c) => `/young-people/${c.ypId}/turning-18`, roles: COORDINATOR, allowed: sees },
      { route: '/young-people/:id/transition-plan', url: (c) => `/young-people/${c.ypId}/transition-plan`, roles: CASEWORK, allowed: manages, namesYoungPerson: true },
      // The form that starts a transfer to another area: the coordinator, for a record they see.
      { route: '/young-people/:id/transfer', url: (c) => `/young-people/${c.ypId}/transfer`, roles: COORDINATOR, allowed: sees, namesYoungPerson: true },
    ],
    api: [
      { route: '/api/v1/young-people/:id', url: (c) => `/api/v1/young-people/${c.ypId}`, roles: CASEWORK, allowed: sees, namesYoungPerson: true },
      { route: '/api/v1/young-people/:id/missing-episodes', url: (c) => `/api/v1/young-people/${c.ypId}/missing-episodes`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/assessments', url: (c) => `/api/v1/young-people/${c.ypId}/assessments`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/network/:kind/:id', url: (c) => `/api/v1/network/young_person/${c.ypId}`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/case-notes', url: (c) => `/api/v1/young-people/${c.ypId}/case-notes`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/network', url: (c) => `/api/v1/young-people/${c.ypId}/network`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/views-and-wishes', url: (c) => `/api/v1/young-people/${c.ypId}/views-and-wishes`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/strategy-meetings', url: (c) => `/api/v1/young-people/${c.ypId}/strategy-meetings`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/tasks', url: (c) => `/api/v1/young-people/${c.ypId}/tasks`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/court-support-plans', url: (c) => `/api/v1/young-people/${c.ypId}/court-support-plans`, roles: CASEWORK, allowed: sees },
      { route: '/api/v1/young-people/:id/cse-involvement', url: (c) => `/api/v1/young-people/${c.ypId}/cse-involvement`, roles: CASEWORK, allowed: sees },
    ],
    changes: [
      {
        name: 'circumstances form',
        via: 'page',
        table: 'young_people',
        id: (c) => c.ypId,
        url: (c) => `/young-people/${c.ypId}/circumstances`,
        method: 'POST',
        body: () => ({ livingArrangement: 'with_family', priorInvolvement: '' }),
        roles: CASEWORK,
        allowed: manages,
      },
    ],
  },
  {
    // The case's concern is the actor's own on the "raised a concern" path and someone else's otherwise.
    name: 'concern',
    pages: [
      { route: '/concerns/:id/recorded', url: (c) => `/concerns/${c.concernId}/recorded`, roles: CASEWORK, allowed: ownConcern },
      { route: '/my-concerns/:id', url: (c) => `/my-concerns/${c.concernId}`, roles: CASEWORK, allowed: ownConcern },
      { route: '/triage/:concernId', url: (c) => `/triage/${c.concernId}`, roles: COORDINATOR, allowed: sees },
    ],
    api: [{ route: '/api/v1/concerns/:id', url: (c) => `/api/v1/concerns/${c.concernId}`, roles: CASEWORK, allowed: (role, path) => sees(role, path) || ownConcern(role, path) }],
    changes: [
      {
        name: 'linked to a place through the API',
        via: 'api',
        table: 'concerns',
        id: (c) => c.concernId,
        url: (c) => `/api/v1/concerns/${c.concernId}/place`,
        method: 'PUT',
        body: (c) => ({ placeId: c.placeId }),
        roles: OFFICERS,
        allowed: sees,
      },
    ],
  },
  {
    name: 'missing episode',
    pages: [
      { route: '/missing/:episodeId', url: (c) => `/missing/${c.episodeId}`, roles: CASEWORK, allowed: sees },
      { route: '/missing/:episodeId/recorded', url: (c) => `/missing/${c.episodeId}/recorded`, roles: CASEWORK, allowed: sees },
      { route: '/missing/:episodeId/return', url: (c) => `/missing/${c.episodeId}/return`, roles: CASEWORK, allowed: sees },
      { route: '/missing/:episodeId/interview/offer', url: (c) => `/missing/${c.episodeId}/interview/offer`, roles: CASEWORK, allowed: sees },
      { route: '/missing/:episodeId/interview/outcome', url: (c) => `/missing/${c.episodeId}/interview/outcome`, roles: CASEWORK, allowed: sees },
      { route: '/missing/:episodeId/strategy-meeting', url: (c) => `/missing/${c.episodeId}/strategy-meeting`, roles: COORDINATOR, allowed: sees },
    ],
    api: [],
    changes: [
      {
        name: 'return form',
        via: 'page',
        table: 'missing_episodes',
        id: (c) => c.episodeId,
        url: (c) => `/missing/${c.episodeId}/return`,
        method: 'POST',
        body: () => ({ ...dateTimeForm('returnedAt', new Date(Date.now() - 4 * DAY)), howReturned: 'own_accord' }),
        roles: CASEWORK,
        allowed: sees,
      },
      {
        name: 'return through the API',
        via: 'api',
        table: 'missing_episodes',
        id: (c) => c.apiEpisodeId,
        url: (c) => `/api/v1/missing-episodes/${c.apiEpisodeId}`,
        method: 'PATCH',
        body: () => ({ returnedAt: new Date(Date.now() - HOUR).toISOString(), howReturned: 'own_accord' }),
        roles: CASEWORK,
        allowed: sees,
      },
    ],
  },
  {
    name: 'risk assessment',
    pages: [{ route: '/risk/assessments/:assessmentId', url: (c) => `/risk/assessments/${c.assessmentId}`, roles: CASEWORK, allowed: sees }],
    api: [],
    changes: [],
  },
  {
    name: 'adult of concern',
    pages: [
      { route: '/intelligence/adults/:id', url: (c) => `/intelligence/adults/${c.adultId}`, roles: CASEWORK, allowed: sees },
      { route: '/intelligence/adults/:id/edit', url: (c) => `/intelligence/adults/${c.adultId}/edit`, roles: OFFICERS, allowed: sees },
      { route: '/intelligence/adults/:id/link', url: (c) => `/intelligence/adults/${c.adultId}/link`, roles: OFFICERS, allowed: sees },
      { route: '/intelligence/adults/:id/children/add', url: (c) => `/intelligence/adults/${c.adultId}/children/add`, roles: OFFICERS, allowed: sees },
      { route: '/transfers/known-elsewhere/:kind/:id', url: (c) => `/transfers/known-elsewhere/adult/${c.adultId}`, roles: OFFICERS, allowed: sees },
    ],
    api: [{ route: '/api/v1/adults-of-concern/:id/children', url: (c) => `/api/v1/adults-of-concern/${c.adultId}/children`, roles: CASEWORK, allowed: sees }],
    changes: [
      {
        name: 'status form',
        via: 'page',
        table: 'adults_of_concern',
        id: (c) => c.adultId,
        url: (c) => `/intelligence/adults/${c.adultId}/status`,
        method: 'POST',
        body: () => ({ status: 'charged', mappa: 'yes' }),
        roles: OFFICERS,
        allowed: sees,
      },
      {
        name: 'record replaced through the API',
        via: 'api',
        table: 'adults_of_concern',
        id: (c) => c.adultId,
        url: (c) => `/api/v1/adults-of-concern/${c.adultId}`,
        method: 'PUT',
        body: () => ({ name: 'Matrix Adult Renamed', status: 'suspected', mappa: 'no' }),
        roles: OFFICERS,
        allowed: sees,
      },
    ],
  },
  {
    name: 'place of concern',
    pages: [
      { route: '/intelligence/places/:id', url: (c) => `/intelligence/places/${c.placeId}`, roles: CASEWORK, allowed: sees },
      { route: '/intelligence/places/:id/edit', url: (c) => `/intelligence/places/${c.placeId}/edit`, roles: OFFICERS, allowed: sees },
      { route: '/intelligence/places/:id/link', url: (c) => `/intelligence/places/${c.placeId}/link`, roles: OFFICERS, allowed: sees },
      { route: '/transfers/known-elsewhere/:kind/:id', url: (c) => `/transfers/known-elsewhere/place/${c.placeId}`, roles: OFFICERS, allowed: sees },
    ],
    api: [],
    changes: [
      {
        name: 'record replaced through the API',
        via: 'api',
        table: 'places_of_concern',
        id: (c) => c.placeId,
        url: (c) => `/api/v1/places/${c.placeId}`,
        method: 'PUT',
        body: () => ({ kind: 'other', name: 'Matrix Place Renamed' }),
        roles: OFFICERS,
        allowed: sees,
      },
    ],
  },
  {
    name: 'disruption',
    pages: [{ route: '/intelligence/disruptions/:id', url: (c) => `/intelligence/disruptions/${c.disruptionId}`, roles: CASEWORK, allowed: sees }],
    api: [],
    changes: [],
  },
  {
    name: 'panel referral',
    // A referral is read by the panel's runner and by whoever made it, whatever their path to the young person.
    pages: [{ route: '/panels/referrals/:referralId', url: (c) => `/panels/referrals/${c.referralId}`, roles: CASEWORK, allowed: runsPanel }],
    api: [],
    changes: [
      {
        name: 'decision form',
        via: 'page',
        table: 'panel_referrals',
        id: (c) => c.referralId,
        url: (c) => `/panels/referrals/${c.referralId}/decision`,
        method: 'POST',
        body: () => ({ decision: 'accept', reason: 'Fictional reason given by the matrix test.' }),
        roles: CASEWORK,
        allowed: runsPanel,
      },
      {
        // A second referral, as the first is decided by then.
        name: 'decision through the API',
        via: 'api',
        table: 'panel_referrals',
        id: (c) => c.apiReferralId,
        url: (c) => `/api/v1/referrals/${c.apiReferralId}/decision`,
        method: 'POST',
        body: () => ({ decision: 'decline', reason: 'Fictional reason given by the matrix test.' }),
        roles: CASEWORK,
        allowed: runsPanel,
      },
    ],
  },
  {
    // The case's group has the case's young person as its only member.
    name: 'peer group',
    pages: [{ route: '/panels/peer-groups/:groupId', url: (c) => `/panels/peer-groups/${c.peerGroupId}`, roles: CASEWORK, allowed: sees }],
    api: [],
    changes: [],
  },
  {
    name: 'panel meeting and case pack',
    pages: [
      { route: '/panels/:panelId', url: (c) => `/panels/${c.panelId}`, roles: CASEWORK, allowed: sitsOnPanel },
      { route: '/panels/meetings/:meetingId', url: (c) => `/panels/meetings/${c.meetingId}`, roles: CASEWORK, allowed: sitsOnPanel },
      { route: '/panels/meetings/:meetingId/items/:itemId', url: (c) => `/panels/meetings/${c.meetingId}/items/${c.itemId}`, roles: CASEWORK, allowed: readsCasePack },
      { route: '/panels/meetings/:meetingId/items/:itemId/pack', url: (c) => `/panels/meetings/${c.meetingId}/items/${c.itemId}/pack`, roles: CASEWORK, allowed: readsCasePack },
      { route: '/panels/meetings/:meetingId/items/:itemId/pack.pdf', url: (c) => `/panels/meetings/${c.meetingId}/items/${c.itemId}/pack.pdf`, roles: CASEWORK, allowed: readsCasePack },
      { route: '/panels/meetings/:meetingId/minutes', url: (c) => `/panels/meetings/${c.meetingId}/minutes`, roles: CASEWORK, allowed: sitsOnPanel },
    ],
    api: [
      { route: '/api/v1/panels/:id/meetings', url: (c) => `/api/v1/panels/${c.panelId}/meetings`, roles: CASEWORK, allowed: sitsOnPanel },
      { route: '/api/v1/panels/:id/meetings/:meetingId/agenda', url: (c) => `/api/v1/panels/${c.panelId}/meetings/${c.meetingId}/agenda`, roles: CASEWORK, allowed: sitsOnPanel },
    ],
    changes: [],
  },
  {
    // The case's transfer: a package sent from the case's area to an area on another Lantern, with
    // the package kept. Only the coordinator of the area that sent it opens it and downloads the package.
    name: 'transfer',
    pages: [
      { route: '/transfers/:id', url: (c) => `/transfers/${c.transferId}`, roles: COORDINATOR, allowed: sees },
      { route: '/transfers/:id/package', url: (c) => `/transfers/${c.transferId}/package`, roles: COORDINATOR, allowed: sees },
    ],
    api: [],
    changes: [],
  },
];

/** GET addresses with an id that are deliberately not walked here, each with the reason. */
const OUT_OF_SCOPE: Record<string, string> = {
  '/data-protection/requests/:id': 'addressed by a subject-access request the table does not seed; it opens only for the coordinator and DPO of its area while they see its young person, as /young-people/:id/subject-access/new walked here (data-protection/data-protection.test.ts)',
  '/data-protection/requests/:id/answer.pdf': 'as /data-protection/requests/:id',
  '/data-protection/requests/:id/answer.json': 'as /data-protection/requests/:id',
  '/api/v1/places/:id/suggested-records': 'only intelligence officers and coordinators read places in full; the role check is the route declaration, and the records offered are filtered by their own modules\' read rules (intelligence/place-suggestions.test.ts)',
  '/risk-plans/:assessmentId/tasks/new': 'addressed by an assessment the table does not seed; it opens by the same manage check as /young-people/:id/strategy-meetings/new, walked here',
  '/strategy-meetings/:meetingId': 'addressed by a meeting the table does not seed; it is shown only to someone who may see the young person it is about (plans/plans.test.ts)',
  '/tasks/:taskId/complete': 'addressed by a task the table does not seed; only its owner, their agency or the team may complete it (plans/plans.test.ts)',
  '/concerns/:id/add-information': 'only the referrer or their agency may add to a sent concern; walked in concerns/additions.test.ts',
  '/court-support/:planId/edit': 'addressed by a court-support plan the table does not seed; it opens by the same manage check as /young-people/:id/court-support/new, walked here',
  '/young-people/:id/network/:memberId/edit': 'changing someone in the family and network is refused or allowed by the same check as adding someone (/young-people/:id/network/add, walked here)',
  '/concerns/drafts/:draftId/:step': 'an unsent draft is tied to its author alone and names no young person on record yet; no access path applies',
  '/young-people/merges/:mergeId': 'a merge of two records, opened only by the coordinator, who sees every record of the area anyway',
  '/panels/actions/:actionId/complete':
    'an action opens only for the person or agency it is assigned to, whatever their path, and names the young person only to those who may see them (the young-person rule walked here)',
  '/admin/areas/:id': 'administration of an area (its agencies and accounts): no child’s record; administrators only',
  '/admin/areas/:id/users/new': 'administration of an area’s accounts: no child’s record; administrators only',
  '/admin/users/:id': 'administration of an account: no child’s record; administrators only',
  '/invite/:token': 'a sign-up link for a new account, opened signed out; the token is the secret',
  '/risk/instrument/versions/:version': 'the area’s risk instrument: questions and scoring, no personal data',
  '/risk/instrument/draft/indicators/:indicatorId': 'the area’s risk instrument: questions and scoring, no personal data',
  '/risk/instrument/draft/indicators/:indicatorId/retire': 'the area’s risk instrument: questions and scoring, no personal data',
  '/risk/instrument/draft/groups/:groupId/add': 'the area’s risk instrument: questions and scoring, no personal data',
  '/risk/instrument/draft/actions/:levelId': 'the area’s risk instrument: questions and scoring, no personal data',
  '/self-assessment/:year': 'the partnership’s own self-assessment: ratings, written evidence and counts, no child’s record (self-assessment/self-assessment.test.ts)',
  '/self-assessment/:year/standards/:standardId': 'one standard of the partnership’s self-assessment: counts and written evidence, no child’s record (self-assessment/self-assessment.test.ts)',
  '/api/v1/self-assessment/:year': 'the partnership’s own self-assessment through the API: counts and written evidence, no child’s record (self-assessment/self-assessment.test.ts)',
  '/retention/batches/:batchId': 'a retention review batch: record references only, no names; coordinators only, who see every record of the area anyway (retention/retention.test.ts)',
  '/retention/batches/:batchId/items/:itemId': 'one record of a retention review batch: its reference and why it is due, no names; coordinators only (retention/retention.test.ts)',
  '/api/v1/retention/batches/:batchId': 'a retention review batch through the API: record references and ids only; coordinators only (retention/retention.test.ts)',
  '/services/:serviceId': 'a service in the area’s directory of local services (what it offers, who runs it, referral counts): no personal data; read and edit rules in services/services.test.ts',
  '/services/:serviceId/edit': 'the form to change a service in the area’s directory: no personal data; coordinators and partnership leads only (services/services.test.ts)',
  '/api/v1/services/:serviceId': 'a service in the area’s directory through the API: no personal data (services/services.test.ts)',
};

// ---------------------------------------------------------------------------------------------

/** The GET addresses Fastify holds, read from its own route tree (each line's label added to its parent's). */
function getRoutes(tree: string): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([\s│]*)(?:├── |└── )(.*) \(([^)]*)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = full;
    if (match[3]!.split(', ').includes('GET')) found.push(full);
  }
  return found;
}

/**
 * A role that may not use an address at all: a page says so (403); the API may also answer as if the
 * record did not exist (404), which tells the caller no more.
 */
function refusedRole(via: 'page' | 'api'): number[] {
  return via === 'page' ? [403] : [403, 404];
}

async function rowJson(db: Db, table: string, id: string): Promise<string> {
  const [row] = await rows<{ row: string }>(db, sql`select to_jsonb(t)::text as row from ${sql.identifier(table)} t where t.id = ${id}`);
  return row?.row ?? '';
}

// ---------------------------------------------------------------------------------------------

describe('authorisation matrix: every role × record kind × access path × read and change', () => {
  let lantern: TestLantern;
  let db: Db;
  const cases: Case[] = [];
  const clients = new Map<Role, TestClient>();
  const tokens = new Map<Role, string>();

  before(async () => {
    lantern = await createTestLantern();
    db = lantern.db;
    const [area] = await db.select().from(areas).where(eq(areas.code, DEMO_AREA.code));
    const homeAreaId = area!.id;
    const passwordHash = await hashPassword(PASSWORD);
    const [otherArea] = await db.insert(areas).values({ name: 'Matrix Other Partnership', code: 'MTXO' }).returning();

    // Someone in an agency of their own records everything the cases are about, so no actor gets a
    // path through a colleague.
    const [outsiderAgency] = await db.insert(agencies).values({ areaId: homeAreaId, name: 'Matrix outside agency', kind: 'police' }).returning();
    const [outsider] = await db
      .insert(users)
      .values({ areaId: homeAreaId, agencyId: outsiderAgency!.id, email: 'matrix.outsider@northbridge.example', name: 'Matrix Outsider', role: 'intelligence_officer', passwordHash })
      .returning();
    const by = { userId: outsider!.id, agencyId: outsiderAgency!.id };

    // One risk assessment made through the API, copied for each case's young person.
    const [coordinator] = await db.select().from(users).where(eq(users.email, 'coordinator@northbridge.example'));
    const { token: coordinatorToken } = await createApiToken(db, { actor: null, ip: null, requestId: 'matrix' }, coordinator!.id, 'matrix');
    const [template] = await db.insert(youngPeople).values({ areaId: homeAreaId, givenName: 'Matrix', familyName: 'Template' }).returning();
    const { instrument } = await currentVersion(db, homeAreaId);
    const created = await lantern.app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      headers: { authorization: `Bearer ${coordinatorToken}` },
      payload: completeApiBody(instrument, template!.id, {}, { level: 'at_risk', reason: 'Fictional judgement recorded by the matrix test.' }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const templateAssessmentId = created.json().id as string;

    let n = 0;
    for (const role of ROLES) {
      const [agency] = await db.insert(agencies).values({ areaId: homeAreaId, name: `Matrix agency for ${role}`, kind: 'voluntary' }).returning();
      const email = `matrix.${role}@northbridge.example`;
      const [user] = await db.insert(users).values({ areaId: homeAreaId, agencyId: agency!.id, email, name: `Matrix ${role}`, role, passwordHash }).returning();
      const actor = { userId: user!.id, agencyId: agency!.id };
      tokens.set(role, (await createApiToken(db, { actor: null, ip: null, requestId: 'matrix' }, user!.id, 'matrix')).token);

      for (const path of PATHS) {
        n += 1;
        // Which paths this case sets up: one each, except in another area, where it is all of them.
        const has = (...paths: Path[]) => paths.includes(path) || path === 'other_area';
        const areaId = path === 'other_area' ? otherArea!.id : homeAreaId;
        const ypName = `Casename${n}q`;
        const [yp] = await db.insert(youngPeople).values({ areaId, givenName: 'Matrix', familyName: ypName }).returning();
        const ypId = yp!.id;
        if (has('team')) await db.insert(teamMembers).values({ youngPersonId: ypId, agencyId: actor.agencyId, userId: actor.userId });
        if (has('break_glass') || path === 'temporary_over' || path === 'concern_while_temporary') {
          const expiresAt = has('break_glass') ? new Date(Date.now() + HOUR) : new Date(Date.now() - HOUR);
          await db.insert(breakGlassAccesses).values({ areaId, userId: actor.userId, youngPersonId: ypId, reason: 'Fictional emergency in the matrix test', expiresAt });
        }
        // A concern is always raised in the raiser's own area, so that path never crosses areas.
        const raiser = path === 'raised_concern' || path === 'concern_while_temporary' ? actor : by;
        const [concern] = await db
          .insert(concerns)
          .values({
            areaId,
            raisedByUserId: raiser.userId,
            raisedByAgencyId: raiser.agencyId,
            subjectKind: 'known',
            youngPersonId: ypId,
            immediateDanger: false,
            urgent: false,
            details: 'Fictional concern written by the matrix test.',
            howLearned: 'observed',
            youngPersonAware: 'not_known',
            lawfulBasis: 'safeguarding',
            grantsRecordAccess: path !== 'concern_while_temporary',
          })
          .returning();
        // Two episodes: an older one for the return page (back four days ago) and a recent one for the
        // API (back an hour ago). The page's change runs first, so the recent return never overlaps an
        // episode still open.
        const episode = (lastSeenAt: Date, strategyMeetingDueAt: Date | null) =>
          db
            .insert(missingEpisodes)
            .values({ areaId, youngPersonId: ypId, kind: 'missing', lastSeenAt, strategyMeetingDueAt, lookedAfter: false, recordedByUserId: by.userId, recordedByAgencyId: by.agencyId })
            .returning()
            .then(([row]) => row!.id);
        const episodeId = await episode(new Date(Date.now() - 5 * DAY), new Date(Date.now() + DAY));
        const apiEpisodeId = await episode(new Date(Date.now() - DAY), null);
        const [assessment] = await rows<{ id: string }>(
          db,
          sql`insert into risk_assessments select (jsonb_populate_record(null::risk_assessments,
                to_jsonb(r) - 'id' - 'number' || jsonb_build_object('id', gen_random_uuid(), 'area_id', ${areaId}::uuid, 'young_person_id', ${ypId}::uuid, 'number', nextval(pg_get_serial_sequence('risk_assessments', 'number'))))).*
              from risk_assessments r where r.id = ${templateAssessmentId} returning id`,
        );
        const [adult] = await db.insert(adultsOfConcern).values({ areaId, name: `Matrix Adult ${n}`, createdByUserId: by.userId }).returning();
        const [place] = await db.insert(placesOfConcern).values({ areaId, kind: 'other', name: `Matrix Place ${n}`, createdByUserId: by.userId }).returning();
        await db.insert(intelligenceLinks).values([
          { areaId, adultId: adult!.id, youngPersonId: ypId, linkKind: 'seen_with', recordedByUserId: by.userId },
          { areaId, placeId: place!.id, youngPersonId: ypId, linkKind: 'seen_at', recordedByUserId: by.userId },
        ]);
        const [disruption] = await db
          .insert(disruptions)
          .values({ areaId, kind: 'arrest', occurredOn: new Date().toISOString().slice(0, 10), recordedByUserId: by.userId, recordedByAgencyId: by.agencyId })
          .returning();
        await db.insert(disruptionSubjects).values({ disruptionId: disruption!.id, youngPersonId: ypId });
        const [group] = await db.insert(peerGroups).values({ areaId, name: `Matrix group ${n}`, createdByUserId: by.userId }).returning();
        await db.insert(peerGroupMembers).values({ peerGroupId: group!.id, youngPersonId: ypId });
        // Every case has a panel with the young person on an issued agenda; only on the panel path is the actor a member.
        const [panel] = await db.insert(panels).values({ areaId, name: `Matrix panel ${n}`, kind: 'serac', accessAfterCloseDays: 30 }).returning();
        if (has('panel_window') || path === 'temporary_over') await db.insert(panelMembers).values({ panelId: panel!.id, userId: actor.userId });
        // Minutes closed an hour ago keep the 30-day window open; forty days ago it is over.
        const minutesClosedAt = new Date(Date.now() - (path === 'temporary_over' ? 40 * DAY : HOUR));
        const [meeting] = await db
          .insert(panelMeetings)
          .values({ panelId: panel!.id, meetsOn: minutesClosedAt.toISOString().slice(0, 10), agendaIssuedAt: new Date(minutesClosedAt.getTime() - DAY), minutesClosedAt })
          .returning();
        const [item] = await db.insert(agendaItems).values({ meetingId: meeting!.id, youngPersonId: ypId }).returning();
        const [referral, apiReferral] = await db
          .insert(panelReferrals)
          .values(
            [1, 2].map(() => ({
              areaId,
              panelId: panel!.id,
              subjectKind: 'young_person',
              youngPersonId: ypId,
              source: 'other',
              reason: 'Fictional referral by the matrix test.',
              urgency: 'routine',
              referredByUserId: by.userId,
              referredByAgencyId: by.agencyId,
            })),
          )
          .returning();
        const [transfer] = await db
          .insert(transfers)
          .values({
            direction: 'outgoing',
            fromAreaId: areaId,
            youngPersonId: ypId,
            reason: 'moved_home',
            lawfulBasis: 's47',
            status: 'sent',
            packageText: '{"fictional":"package written by the matrix test"}',
            counterpartName: 'Matrix Partner Lantern',
            startedByUserId: by.userId,
            startedAt: new Date(),
          })
          .returning();
        cases.push({
          role,
          path,
          ypId,
          ypName,
          concernId: concern!.id,
          apiReferralId: apiReferral!.id,
          episodeId,
          apiEpisodeId,
          assessmentId: assessment!.id,
          adultId: adult!.id,
          placeId: place!.id,
          disruptionId: disruption!.id,
          peerGroupId: group!.id,
          panelId: panel!.id,
          meetingId: meeting!.id,
          itemId: item!.id,
          referralId: referral!.id,
          transferId: transfer!.id,
        });
      }
    }
    for (const role of ROLES) clients.set(role, await signInAs(lantern.app, `matrix.${role}@northbridge.example`, { password: PASSWORD }));
  });
  after(() => lantern?.close());

  /**
   * Walks the cases a few at a time: each case has its own records, so they cannot interfere, and on
   * PostgreSQL one case's queries overlap another's round trips.
   */
  async function forEachCase(check: (c: Case) => Promise<void>): Promise<void> {
    for (let i = 0; i < cases.length; i += CASES_AT_ONCE) await Promise.all(cases.slice(i, i + CASES_AT_ONCE).map(check));
  }

  test('the table names every role', () => {
    assert.deepEqual(Object.keys(ROLE_TABLE).sort(), [...ROLES].sort());
    // The table's idea of area-wide roles and the organisation's agree.
    assert.deepEqual(ROLES.filter(areaWide).sort(), [...AREA_WIDE_ROLES].sort());
    assert.deepEqual(ROLES.filter(casework).sort(), [...CASEWORK_ROLES].sort());
  });

  test('every GET address with an id is walked by the table or listed as out of scope with a reason', () => {
    const routes = getRoutes(lantern.app.printRoutes({ commonPrefix: false, method: 'GET' }));
    assert.ok(routes.includes('/young-people/:id'), 'the route tree was read');
    const withId = routes.filter((route) => route.includes(':'));
    const walked = new Set(KINDS.flatMap((kind) => [...kind.pages, ...kind.api].map((read) => read.route)));
    const missing = withId.filter((route) => !walked.has(route) && !(route in OUT_OF_SCOPE));
    assert.deepEqual(missing, [], 'addresses neither walked nor out of scope');
    // Nothing stale: every address the table names exists.
    const stale = [...walked, ...Object.keys(OUT_OF_SCOPE)].filter((route) => !withId.includes(route));
    assert.deepEqual(stale, [], 'addresses in the table that the app does not have');
    for (const [route, reason] of Object.entries(OUT_OF_SCOPE)) assert.ok(reason.length > 20, `a reason for ${route}`);
  });

  for (const kind of KINDS) {
    describe(kind.name, () => {
      for (const via of ['page', 'api'] as const) {
        const reads = via === 'page' ? kind.pages : kind.api;
        if (!reads.length) continue;
        test(`read through the ${via === 'page' ? 'pages' : 'API'}`, async () => {
          const failures: string[] = [];
          await forEachCase(async (c) => {
            for (const read of reads) {
              const mayUse = read.roles.includes(c.role);
              const allowed = mayUse && read.allowed(c.role, c.path);
              const url = read.url(c);
              const { status, body } =
                via === 'page'
                  ? await clients.get(c.role)!.get(url)
                  : await lantern.app.inject({ url, headers: { authorization: `Bearer ${tokens.get(c.role)}` } }).then((r) => ({ status: r.statusCode, body: r.body }));
              const wanted = allowed ? [200, 303] : mayUse ? [404] : refusedRole(via);
              const label = `${ROLE_LABELS[c.role]} | ${c.path} | ${read.route}`;
              if (!wanted.includes(status)) failures.push(`${label}: ${status}, wanted ${wanted.join(' or ')}`);
              // Whatever answers, it never names a young person the reader may not see.
              // (The data protection pages show the record to the DPO, who sees it through them only.)
              const readsRecord = sees(c.role, c.path) || (allowed && read.allowed === handlesDataProtection);
              if (!readsRecord && body.includes(c.ypName)) failures.push(`${label}: shows the young person's name`);
              if (allowed && read.namesYoungPerson && !body.includes(c.ypName)) failures.push(`${label}: allowed, but the young person's name is not there`);
            }
          });
          assert.deepEqual(failures.sort(), []);
        });
      }
      for (const change of kind.changes) {
        test(`change: ${change.name} (${change.via})`, async () => {
          const failures: string[] = [];
          await forEachCase(async (c) => {
            const mayUse = change.roles.includes(c.role);
            const allowed = mayUse && change.allowed(c.role, c.path);
            const before = await rowJson(db, change.table, change.id(c));
            let status: number;
            let said: string;
            if (change.via === 'page') {
              const form = Object.fromEntries(Object.entries(change.body(c)).map(([k, v]) => [k, String(v)]));
              const page = await clients.get(c.role)!.post(change.url(c), form);
              status = page.status;
              said = page.errors.join('; ');
            } else {
              const response = await lantern.app.inject({ method: change.method, url: change.url(c), headers: { authorization: `Bearer ${tokens.get(c.role)}` }, payload: change.body(c) });
              status = response.statusCode;
              said = status >= 400 ? response.body.slice(0, 300) : '';
            }
            const afterwards = await rowJson(db, change.table, change.id(c));
            const label = `${ROLE_LABELS[c.role]} | ${c.path}`;
            if (allowed) {
              // A page answers a change with a redirect; the API with the record, or 204 when it has nothing to say.
              if (![200, 204, 303].includes(status)) failures.push(`${label}: ${status}, wanted 200, 204 or 303 ${said}`);
              if (afterwards === before) failures.push(`${label}: allowed, but the row did not change`);
            } else {
              const wanted = mayUse ? [404] : refusedRole(change.via);
              if (!wanted.includes(status)) failures.push(`${label}: ${status}, wanted ${wanted.join(' or ')}`);
              if (afterwards !== before) failures.push(`${label}: refused, but the row changed`);
            }
          });
          assert.deepEqual(failures.sort(), []);
        });
      }
    });
  }
});
