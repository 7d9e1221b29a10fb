/**
 * The modules Lantern is built from, in order: their routes are registered in this order, and
 * their contributions (record sections, profile sections, chronology kinds…) are gathered in it
 * too; the navigation has its own `order`.
 * Adding a module means adding its entry here, nothing else (docs/adding-a-module.md).
 */
import { installModules, type LanternModule } from '../platform/modules.ts';
import { signInModule } from './sign-in/index.ts';
import { twoFactorModule, twoFactorGate } from './two-factor/index.ts';
import { homeModule } from './home/index.ts';
import { organisationModule } from './organisation/index.ts';
import { identifiersModule } from './identifiers/index.ts';
import { youngPeopleModule } from './young-people/index.ts';
import { accessModule } from './access/index.ts';
import { concernsModule } from './concerns/index.ts';
import { figuresModule } from './figures/index.ts';
import { triageModule } from './triage/index.ts';
import { linkageModule } from './linkage/index.ts';
import { missingModule } from './missing/index.ts';
import { riskModule } from './risk/index.ts';
import { settingsModule } from './settings/index.ts';
import { intelligenceModule } from './intelligence/index.ts';
import { panelsModule } from './panels/index.ts';
import { profileModule } from './profile/index.ts';
import { returnsModule } from './returns/index.ts';
import { caseworkModule } from './casework/index.ts';
import { remindersModule } from './reminders/index.ts';
import { plansModule } from './plans/index.ts';
import { servicesModule } from './services/index.ts';
import { preventionModule } from './prevention/index.ts';
import { movingOnModule } from './moving-on/index.ts';
import { transfersModule } from './transfers/index.ts';
import { dataProtectionModule } from './data-protection/index.ts';
import { demoModule } from './demo/index.ts';
import { trainingModule } from './training/index.ts';
import { selfAssessmentModule } from './self-assessment/index.ts';
import { retentionModule } from './retention/index.ts';

export const MODULES: readonly LanternModule[] = installModules([
  signInModule,
  twoFactorModule,
  homeModule,
  organisationModule,
  identifiersModule,
  concernsModule,
  triageModule,
  youngPeopleModule,
  accessModule,
  figuresModule,
  linkageModule,
  riskModule,
  missingModule,
  plansModule,
  movingOnModule,
  settingsModule,
  panelsModule,
  intelligenceModule,
  caseworkModule,
  servicesModule,
  preventionModule,
  profileModule,
  returnsModule,
  trainingModule,
  selfAssessmentModule,
  remindersModule,
  retentionModule,
  transfersModule,
  dataProtectionModule,
  demoModule,
]);

/** Asked before every signed-in page: sends people who must set up two-factor sign-in there first. */
export const signedInGate = twoFactorGate;
