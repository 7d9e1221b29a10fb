import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { addFilters } from './filters.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where page templates are looked up, in order: the layout and macros, each module's views, then GOV.UK Frontend's components and the Ministry of Justice's (`moj/components/…`). */
export const VIEW_FOLDERS = [path.join(root, 'src/platform/views'), path.join(root, 'src/modules'), path.join(root, 'node_modules/govuk-frontend/dist'), path.join(root, 'node_modules/@ministryofjustice/frontend')];

/** The one Nunjucks environment pages are rendered with (the app and the template tests share it). */
export function createViewEnvironment(options: { noCache: boolean }): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEW_FOLDERS, { noCache: options.noCache }), { autoescape: true, throwOnUndefined: false });
  addFilters(env);
  return env;
}
