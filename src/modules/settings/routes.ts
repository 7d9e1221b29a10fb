import type { FastifyInstance } from 'fastify';
import { field, formErrors } from '../../platform/http/forms.ts';
import type { AreaSettings } from '../organisation/tables.ts';
import { AREA_SETTINGS, SETTING_GROUPS, areaSettings, defaultText, formValue, saveAreaSettings, validateAreaSettings, type SettingsInput } from './area-settings.ts';

const COORDINATOR = { roles: ['coordinator'] as const };

function pageContext(values: SettingsInput, errors?: Record<string, string>, saved = false) {
  return {
    title: 'Area settings',
    saved,
    errors: errors ? formErrors(errors, AREA_SETTINGS.map((d) => d.key)) : null,
    groups: SETTING_GROUPS.map((group) => ({
      name: group,
      settings: AREA_SETTINGS.filter((d) => d.group === group).map((d) => ({
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

const valuesFrom = (settings: AreaSettings): SettingsInput => Object.fromEntries(AREA_SETTINGS.map((d) => [d.key, formValue(d, settings)]));

export default async function settingsRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  app.get('/settings', { config: COORDINATOR }, async (request, reply) => {
    const settings = await areaSettings(db, request.user!.areaId);
    return reply.page('settings/views/settings.njk', pageContext(valuesFrom(settings), undefined, (request.query as Record<string, string>).saved === '1'));
  });

  app.post('/settings', { config: COORDINATOR }, async (request, reply) => {
    const areaId = request.user!.areaId;
    const input: SettingsInput = Object.fromEntries(AREA_SETTINGS.map((d) => [d.key, field(request.body, d.key)]));
    const current = await areaSettings(db, areaId);
    const result = validateAreaSettings(current, input);
    if (!result.ok) return reply.code(400).page('settings/views/settings.njk', pageContext(input, result.errors));
    await saveAreaSettings(db, request.ctx, areaId, current, result.value);
    return reply.redirect('/settings?saved=1', 303);
  });
}
