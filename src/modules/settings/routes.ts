import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, queryText } from '../../platform/http/page-input.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import type { AreaSettings } from '../organisation/tables.ts';
import { areaSettingDefinitions, settingGroups, areaSettings, defaultText, formValue, saveAreaSettings, validateAreaSettings, type SettingsInput } from './area-settings.ts';

function pageContext(values: SettingsInput, errors?: Record<string, string>, saved = false) {
  return {
    title: 'Area settings',
    saved,
    errors: errors ? formErrors(errors, areaSettingDefinitions().map((d) => d.key)) : null,
    groups: settingGroups().map((group) => ({
      name: group.group,
      settings: group.definitions.map((d) => ({
        id: d.key,
        label: d.label,
        hint: `${d.hint} Leave blank for the default, ${defaultText(d)}.`,
        suffix: d.suffix,
        decimal: Boolean(d.percent),
        value: values[d.key] ?? '',
        error: errors?.[d.key] ? { text: errors[d.key] } : undefined,
      })),
    })),
  };
}

const valuesFrom = (settings: AreaSettings): SettingsInput => Object.fromEntries(areaSettingDefinitions().map((d) => [d.key, formValue(d, settings)]));

export default async function settingsRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/settings', {
    config: { roles: COORDINATOR_ROLES, audit: { none: 'the area’s own rules and thresholds, nothing about any person' } },
    schema: { querystring: z.object({ saved: queryText }) },
  }, async (request, reply) => {
    const settings = await areaSettings(db, request.user!.areaId);
    return reply.page('settings/views/settings.njk', pageContext(valuesFrom(settings), undefined, request.query.saved === '1'));
  });

  // The modules' settings are known once Lantern has installed them, so the form is built here.
  const settingsForm = form(Object.fromEntries(areaSettingDefinitions().map((d) => [d.key, formText])));
  pages.post('/settings', { config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'area' } }, schema: { body: settingsForm } }, async (request, reply) => {
    const areaId = request.user!.areaId;
    const input: SettingsInput = Object.fromEntries(areaSettingDefinitions().map((d) => [d.key, request.body[d.key] ?? '']));
    const current = await areaSettings(db, areaId);
    const result = validateAreaSettings(current, input);
    if (!result.ok) return reply.code(400).page('settings/views/settings.njk', pageContext(input, result.errors));
    await saveAreaSettings(db, request.ctx, areaId, current, result.value);
    return reply.redirect('/settings?saved=1', 303);
  });
}
