/** Reading the assessment's forms: every answer checked on the server, with GOV.UK messages. */
import { MAX_FREE_TEXT } from '../../platform/http/forms.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { londonInstant, londonParts } from '../../platform/time.ts';
import { FACT_STATUSES, isValidAnswer, YES_NO_UNKNOWN, type DraftFacts, type DraftJudgement, type DraftState, type SectionDef, type YesNoUnknown } from './model.ts';
import type { FactStatus } from './instrument/index.ts';

/** The UK wall-clock time a young person went missing, for putting a stored instant back into the form. */
export function missingSinceFields(iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const p = londonParts(new Date(iso));
  const two = (n: number) => String(n).padStart(2, '0');
  return { 'missingSince-day': String(p.day), 'missingSince-month': String(p.month), 'missingSince-year': String(p.year), 'missingSince-time': `${two(p.hour)}:${two(p.minute)}` };
}

/**
 * A section's form as the route's schema read it (routes.ts, `fieldNamedByData`): every field as
 * trimmed text. The names come from the instrument, so a field not sent is simply absent.
 */
export type SectionFields = Readonly<Record<string, string | undefined>>;

const answer = (body: SectionFields, name: string) => body[name] ?? '';

const oneOf = <T extends string>(list: readonly T[], value: string): T | undefined => (list.includes(value as T) ? (value as T) : undefined);

/** 'About the young person': every question must be answered. */
export function readFacts(body: SectionFields, now = new Date()): { facts: DraftFacts; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const facts: DraftFacts = {};
  const danger = answer(body, 'immediateDanger');
  if (danger === 'yes' || danger === 'no') facts.immediateDanger = danger;
  else errors.immediateDanger = 'Select yes if the young person is in immediate danger';
  const yesNo = (name: 'lookedAfter' | 'learningDisability', message: string) => {
    const v = oneOf<YesNoUnknown>(YES_NO_UNKNOWN, answer(body, name));
    if (v) facts[name] = v;
    else errors[name] = message;
  };
  yesNo('lookedAfter', 'Select whether the young person is looked after, or not known');
  const missing = answer(body, 'missingNow');
  if (missing === 'yes' || missing === 'no') facts.missingNow = missing;
  else errors.missingNow = 'Select yes if the young person is missing now';
  if (missing === 'yes') {
    const date = readDateInput(body, 'missingSince', { label: 'The date they went missing', example: '27 3 2026', required: 'Enter the date they went missing' });
    const t = /^(\d{1,2})[:.](\d{2})$/.exec(answer(body, 'missingSince-time'));
    if (date.error || !date.value) errors.missingSince = date.error ?? 'Enter the date they went missing';
    else if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) errors.missingSince = 'Enter the time they went missing using the 24-hour clock, like 21:30';
    else {
      const at = londonInstant(date.value, Number(t[1]), Number(t[2]));
      if (at.getTime() > now.getTime()) errors.missingSince = 'The time they went missing must be in the past';
      else if (now.getTime() - at.getTime() > 366 * 86_400_000) errors.missingSince = 'The date they went missing must be within the last year';
      else facts.missingSince = at.toISOString();
    }
  } else {
    facts.missingSince = null;
  }
  yesNo('learningDisability', 'Select whether the young person has a learning disability, or not known');
  const partner = oneOf<YesNoUnknown>(YES_NO_UNKNOWN, answer(body, 'hasPartner'));
  if (partner) facts.hasPartner = partner;
  else errors.hasPartner = 'Select whether the young person has a boyfriend, girlfriend or partner, or not known';
  if (partner === 'yes') {
    const age = answer(body, 'partnerAge');
    if (!age) errors.partnerAge = 'Enter how old their partner is: your best estimate, in years';
    else if (!/^\d{1,2}$/.test(age) || Number(age) < 10) errors.partnerAge = 'Enter the partner’s age as a whole number of years from 10 to 99, like 24';
    else facts.partnerAge = Number(age);
  } else {
    facts.partnerAge = null;
  }
  const status = (name: 'sexualActivity' | 'penetrativeSex', message: string) => {
    const v = oneOf<FactStatus>(FACT_STATUSES, answer(body, name));
    if (v) facts[name] = v;
    else errors[name] = message;
  };
  status('sexualActivity', 'Select whether there has been sexual activity, or not known');
  status('penetrativeSex', 'Select whether there has been penetrative sex, or not known');
  return { facts, errors };
}

export const FACT_FIELD_ORDER = ['immediateDanger', 'lookedAfter', 'missingNow', 'missingSince', 'learningDisability', 'hasPartner', 'partnerAge', 'sexualActivity', 'penetrativeSex'];

/**
 * One group's questions. Valid answers are kept even when others are missing (so "save and come
 * back later" keeps what was given); `errors` names each unanswered question.
 */
export function readSectionAnswers(body: SectionFields, section: SectionDef): { answers: DraftState['indicators']; errors: Record<string, string> } {
  const answers: DraftState['indicators'] = {};
  const errors: Record<string, string> = {};
  for (const item of section.items) {
    const value = answer(body, `i-${item.id}`);
    if (isValidAnswer(item, value)) answers[item.id] = value;
    else errors[`i-${item.id}`] = item.timed ? `Select when ‘${item.wording}’ applied, or that it does not apply` : `Select yes if ‘${item.wording}’ applies`;
  }
  return { answers, errors };
}

export function readJudgement(body: SectionFields): { judgement: DraftJudgement; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const level = answer(body, 'level');
  const reason = answer(body, 'reason');
  const harm = oneOf<YesNoUnknown>(YES_NO_UNKNOWN, answer(body, 'significantHarm'));
  if (!level) errors.level = 'Select the level you judge right for the young person';
  if (reason.length > MAX_FREE_TEXT) errors.reason = `Your reason must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer`;
  if (!harm) errors.significantHarm = 'Select whether you think the young person may be at risk of significant harm, or not sure';
  return { judgement: { ...(level ? { level } : {}), reason, ...(harm ? { significantHarm: harm } : {}) }, errors };
}
