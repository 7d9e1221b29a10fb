/** The data-protection module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import dataProtectionRoutes from './routes.ts';
import { dataProtectionSections } from './record-section.ts';
import { sharingProfileSection } from './sharing.ts';
import { subjectAccessDeadlines, subjectAccessWorklist } from './subject-access.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { sarReference } from './vocab.ts';

/** Subject access, corrections, restriction, who has seen a record, and sharing decisions with their lawful basis. */
export const dataProtectionModule: LanternModule = {
  name: 'data-protection',
  routes: [dataProtectionRoutes],
  navigation: [{ href: '/data-protection', text: 'Data protection', order: 125, description: 'Subject-access requests, restricted records, corrections and who has seen a record.' }],
  recordReferences: [{ recordKind: 'subject_access_request', references: numberedReferences('subject_access_requests', sarReference) }],
  recordSections: dataProtectionSections,
  worklists: [subjectAccessWorklist],
  deadlines: subjectAccessDeadlines,
  profileSections: [{ builder: sharingProfileSection }],
};
