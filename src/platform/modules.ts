/**
 * What a module contributes to Lantern (decision record 0015).
 *
 * Each folder in src/modules has an `index.ts` that exports one `LanternModule` value, and
 * src/modules/index.ts lists those values in order. Everything Lantern builds from more than one
 * module (the navigation, the home page's tasks and worklists, the sections of a young person's
 * record, the problem profile, the area settings, the chronology's kinds, the demo data) is made
 * from these contributions, so adding a module never means editing a central list.
 *
 * Every field but `name` is optional: contribute only what the module has.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from './db/database.ts';
import type { Role } from './auth/roles.ts';
import type { SignedInUser } from './auth/users.ts';
import type { AreaSettings } from './auth/tables.ts';
import type { MailOptions } from './mail.ts';

export interface LanternModule {
  /** The folder's name (`young-people`). */
  name: string;
  /** Fastify plugins registering the module's pages and API routes; each route declares its roles and audit (decision 0014). */
  routes?: RoutePlugin[];
  /** Links in the service navigation, which the home page also lists as tasks. */
  navigation?: NavigationItem[];
  /** Kinds of chronology entry the module writes, with the label the record page's filter shows. */
  chronologyKinds?: Record<string, string>;
  /** The module's own area settings, shown on the Settings page in a group of their own. */
  settings?: SettingGroup;
  /** Sections the module adds to a young person's record page. */
  recordSections?: RecordSection[];
  /** Sections the module adds to the problem profile (and so to its CSVs, charts and the anonymised return). */
  profileSections?: ProfileSectionContribution[];
  /** Lists of work shown on the signed-in person's home page, above the tasks. */
  worklists?: Worklist[];
  /**
   * How the audit trail (and any page naming a record by its kind and id) writes the module's
   * records for people: their references (YP-2, C-10), never their ids.
   */
  recordReferences?: RecordReferences[];
  /** Deadlines the module keeps, which Lantern reminds their owners of. */
  deadlines?: DeadlineSource[];
  /** Background work run on a schedule (reminders). */
  jobs?: ScheduledJob[];
  /** Cheap counts shown beside navigation items on every page (unread feedback, new notices). */
  navigationCounts?: NavigationCount[];
  /** Adds the module's demonstration records to the demo area, inside its seeding transaction. */
  demo?: DemoSeeder;
  /**
   * Runs inside the transaction that creates young people's records or changes their personal
   * details, after the change (linkage keeps its match keys in step this way).
   */
  whenPersonDetailsChange?: (tx: Db, youngPersonIds: string[]) => Promise<unknown>;
  /**
   * Functions this module provides to modules that cannot import it because it imports them (the
   * risk module gives the concern form its checklist of indicators). The module that calls one
   * names it and its type in `LanternServices`; `service(name)` finds the provider.
   */
  provides?: Partial<LanternServices>;
}

/**
 * The services modules provide through `provides`, by name. Empty here: the module that calls a
 * service adds it by declaration merging (`declare module '../../platform/modules.ts' { interface
 * LanternServices { name: (…) => … } }`), so the platform knows no module's types.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LanternServices {}

export type RoutePlugin = (app: FastifyInstance) => Promise<void> | void;

export interface NavigationItem {
  /** Where the link goes. Who sees it is read from the roles declared on the GET route at this address. */
  href: string;
  text: string;
  /** What the home page says beside the link (it lists every link but Home as a task). */
  description?: string;
  /** Place in the navigation, lowest first (Home is 0); leave gaps so later modules can fit between. */
  order: number;
  /** Other paths under which this item is the current one (e.g. the pages of a journey). */
  section?: string;
  /**
   * Shows the link to fewer roles than may open the page (the page stays reachable by address).
   * Must be among the route's roles: Lantern refuses to start otherwise.
   */
  onlyFor?: readonly Role[];
}

export interface SettingGroup {
  /** The group's heading on the Settings page ("Missing episodes"). */
  group: string;
  /** Lower first. */
  order: number;
  definitions: SettingDefinition[];
  /**
   * Rules across the group's settings, once each has passed its own checks: an error message by
   * key for any that break one (the matching thresholds must stay in order).
   */
  check?: (settings: AreaSettings, errors: Readonly<Record<string, string>>) => Record<string, string>;
  /** Runs after the area's settings are saved, with the keys that changed (linkage forgets its cached model). */
  afterSave?: (areaId: string, changedKeys: string[]) => void;
}

/**
 * One number a coordinator may tune for their area. The module keeps its own default and reads
 * `areas.settings` defensively; a key left blank goes back to that default.
 */
export interface SettingDefinition {
  /** The key in the area's settings (`AreaSettings` in platform/auth/tables.ts). */
  key: keyof AreaSettings;
  label: string;
  hint: string;
  /** What the number counts, after the input ("hours", "agencies", "%"). */
  suffix: string;
  min: number;
  max: number;
  defaultValue: number;
  /** Probabilities are asked for as percentages (one decimal place) and stored as fractions. */
  percent?: boolean;
}

/**
 * The young person whose record is shown. The young-people module fills in the rest of the type
 * (its `YoungPersonRow`) by declaration merging, since the platform does not know its tables.
 */
export interface RecordInView {
  id: string;
  areaId: string;
}

export interface RecordSection {
  /**
   * The name the section's data has in the page, which its template reads (`risk`, `missing`).
   * Unique across modules.
   */
  id: string;
  /** The template drawing the section on its page, found from src/modules (`missing/views/_record-section.njk`); not needed with `href`. */
  template?: string;
  /**
   * Where the section comes in the record's sub-navigation: those placed after the team come
   * before those placed after the circumstances. (The record was once one long page, in this order.)
   */
  place: 'after-team' | 'after-circumstances';
  /** Lower first within a place. */
  order: number;
  /** The section's name in the record's sub-navigation; without one, made from `id`. */
  title?: string;
  /** The last part of the section's own page's address (`/young-people/:id/<slug>`); `id` in kebab case without one. */
  slug?: string;
  /** A page the module serves itself for the record; the sub-navigation links there instead of drawing `template`. */
  href?(recordId: string): string;
  /** Who sees the section in the sub-navigation (and may open its page); everyone who may see the record without it. */
  visibleTo?(user: SignedInUser): boolean;
  /** The section's data for this viewer; the page has already checked they may see the record. */
  load(db: Db, user: SignedInUser, record: RecordInView): Promise<unknown>;
  /** Non-personal facts the record view's audit row keeps (the ids of intelligence entries shown). */
  auditDetails?(data: unknown): Record<string, unknown>;
  /** Deadlines and alerts from the section's data for the summary at the top of the record. */
  summary?(data: unknown): RecordSummaryItem[];
}

/** One line in the record's summary: something due, late, or needing attention now. */
export interface RecordSummaryItem {
  kind: 'deadline' | 'alert';
  text: string;
  /** A date (YYYY-MM-DD) the item is due by, for deadlines. */
  due?: string | null;
  overdue?: boolean;
  href?: string;
}

/**
 * A section of the problem profile, placed at the end or before the section `before` names. The
 * profile module adds `builder` (its `ProfileSectionBuilder`) to this type by declaration merging.
 */
export interface ProfileSectionContribution {
  before?: string;
}

export interface Worklist {
  /** The name its data has in the home page, which its template reads. */
  id: string;
  /**
   * The template drawing the list. Leave it out when `load` returns `WorkCounts`: the home page
   * draws those itself (a count per line, the oldest item's age, a link to the list counted).
   */
  template?: string;
  /** Only loaded for these roles: anyone else's home page skips the list without a query. */
  roles?: readonly Role[];
  /**
   * The list's data for this person, or null when they have no such work (nothing is shown). A list
   * that names people notes them for the home page's view row: `request.noteAudit({ details: { [id]: ids } })`.
   * Counts are made in one query each, through the module's policy, and name nobody.
   */
  load(request: FastifyRequest): Promise<unknown | null>;
}

/** A worklist of counts (a `Worklist` without a template returns this). */
export interface WorkCounts {
  heading: string;
  counts: WorkCount[];
}

export interface WorkCount {
  /** What is counted, after the number ("concerns waiting for triage"). */
  label: string;
  /** The same for a count of one ("concern waiting for triage"), when it differs. */
  one?: string;
  count: number;
  /** The list of exactly what is counted. */
  href: string;
  /** When the oldest item counted arrived or fell due; its age is shown beside the count. */
  oldest?: Date | null;
  /** Late work: shown in red when the count is not zero. */
  late?: boolean;
}

export interface RecordReferences {
  /** The record kind as audit rows name it (`young_person`). */
  recordKind: string;
  /** References by id for those of `ids` that exist (ids of other kinds are ignored). */
  references(db: Db, ids: string[]): Promise<Map<string, string>>;
}

/**
 * Something that must be done by a time: Lantern reminds its owner when it is due soon and again
 * when it is overdue (the reminders module reads every module's `deadlines`).
 */
export interface DeadlineSource {
  /** A lower-case word naming the kind of deadline (`return_interview`); with the id it keys each reminder. */
  kind: string;
  /** What the reminder calls one ("a return interview"); never personal. */
  label: string;
  /** Where the owner sees the work, for the reminder's link. */
  href: string;
  /**
   * The area's deadlines not yet met that fall due before `until` (overdue ones included), oldest
   * first; one indexed query.
   */
  due(db: Db, areaId: string, until: Date): Promise<Deadline[]>;
}

export interface Deadline {
  /** The record whose deadline it is (an episode's id, an action's id). */
  id: string;
  dueAt: Date;
  /**
   * Who is reminded: the people named, and everyone in the area holding one of `ownerRoles`
   * (within `ownerAgencyId` when it is given: an agency is reminded through its agency leads).
   */
  ownerUserIds?: string[];
  ownerAgencyId?: string | null;
  ownerRoles?: readonly Role[];
  /** A reference the recipient knows (M-12, A-3): never a name. */
  reference: string;
}

/** Work done in the background on a schedule (src/platform/jobs.ts runs it, once across every Lantern instance sharing the database). */
export interface ScheduledJob {
  /** Unique across modules; the jobs table keys its row by this name. */
  name: string;
  /** Seconds between runs. */
  everySeconds: number;
  run(context: JobContext): Promise<void>;
}

export interface JobContext {
  db: Db;
  now: Date;
  /** The instance's mail settings (emails say nothing personal: see platform/mail.ts). */
  mail: MailOptions;
  log: { info(details: Record<string, unknown>, message: string): void; warn(details: Record<string, unknown>, message: string): void };
}

export interface NavigationCount {
  /** The navigation item the count is shown beside. */
  href: string;
  count(db: Db, user: SignedInUser): Promise<number>;
  /** Only these roles are counted for (the count is skipped for anyone else). */
  roles: readonly Role[];
}

/** What the demo area gives a module's seeder: its id, agency ids by the demo's keys, user ids by e-mail address. */
export interface DemoArea {
  areaId: string;
  agencyIds: Map<string, string>;
  userIds: Map<string, string>;
}

export interface DemoSeeder {
  /** Lower first: a module whose demo names another's records seeds after it. */
  order: number;
  seed(tx: Db, area: DemoArea): Promise<void>;
}

let installed: readonly LanternModule[] = [];

/**
 * Makes the list of modules the one Lantern is built from (src/modules/index.ts, buildApp and the
 * command line call it with the same list). Code that gathers contributions outside a request
 * (the profile for a return on the command line, the demo seed) reads them with `contributions`.
 */
export function installModules(modules: readonly LanternModule[]): readonly LanternModule[] {
  const unique = (what: string, names: string[]) => {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new Error(`Two ${what} are called ${name}`);
      seen.add(name);
    }
  };
  unique('modules', modules.map((m) => m.name));
  // Their ids name their data in one page, so two would overwrite each other.
  unique('record sections', contributions('recordSections', modules).map((s) => s.id));
  unique('worklists', contributions('worklists', modules).map((w) => w.id));
  unique('deadline kinds', contributions('deadlines', modules).map((d) => d.kind));
  unique('jobs', contributions('jobs', modules).map((j) => j.name));
  unique('record reference kinds', contributions('recordReferences', modules).map((r) => r.recordKind));
  installed = modules;
  return modules;
}

export function installedModules(): readonly LanternModule[] {
  return installed;
}

/** The function a module provides under this name (see `provides`); fails if no installed module provides it. */
export function service<K extends keyof LanternServices>(name: K, modules: readonly LanternModule[] = installed): NonNullable<LanternServices[K]> {
  const provider = modules.find((m) => m.provides?.[name] !== undefined);
  if (!provider) throw new Error(`No module provides ${String(name)}`);
  return provider.provides![name] as NonNullable<LanternServices[K]>;
}

/** Tells every module that young people's details changed (`whenPersonDetailsChange`), inside the caller's transaction. */
export async function personDetailsChanged(tx: Db, youngPersonIds: string[], modules: readonly LanternModule[] = installed): Promise<void> {
  for (const m of modules) if (m.whenPersonDetailsChange) await m.whenPersonDetailsChange(tx, youngPersonIds);
}

type ListKey = { [K in keyof LanternModule]-?: NonNullable<LanternModule[K]> extends readonly unknown[] ? K : never }[keyof LanternModule];

/** Every module's contributions of one kind, in the modules' order. */
export function contributions<K extends ListKey>(key: K, modules: readonly LanternModule[] = installed): NonNullable<LanternModule[K]> {
  return modules.flatMap((m) => (m[key] ?? []) as unknown[]) as NonNullable<LanternModule[K]>;
}
