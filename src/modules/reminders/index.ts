/** The reminders module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { remindersJob } from './job.ts';
import { REMINDER_SETTING_GROUP } from './settings.ts';

/** Reminders of every module's deadlines to their owners: due soon, then overdue, each once. */
export const remindersModule: LanternModule = {
  name: 'reminders',
  settings: REMINDER_SETTING_GROUP,
  jobs: [remindersJob],
};

export { sendDueReminders, reminderMessage, REMINDER_EMAIL_SUBJECT, reminderEmailText } from './job.ts';
