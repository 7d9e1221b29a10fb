import type { RawConcern } from './concern-input.ts';

/** The question pages, in order. A page applies only when earlier answers call for it. */
export const STEPS = ['danger', 'about', 'known', 'person', 'unidentified', 'indicators', 'details', 'others', 'sharing'] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

export function stepApplies(step: Step, answers: RawConcern): boolean {
  if (step === 'known') return answers.subjectKind === 'known';
  if (step === 'person') return answers.subjectKind === 'new';
  if (step === 'unidentified') return answers.subjectKind === 'unidentified';
  return true;
}

/** Where to go after `step`: the next page that applies, or check-your-answers once the user has been there. */
export function nextPage(step: Step, answers: RawConcern & { reachedCheck?: boolean }): Step | 'check' {
  if (answers.reachedCheck && step !== 'about') return 'check';
  const rest = STEPS.slice(STEPS.indexOf(step) + 1).filter((s) => stepApplies(s, answers));
  return rest[0] ?? 'check';
}

export function previousPage(step: Step, answers: RawConcern): Step | null {
  const before = STEPS.slice(0, STEPS.indexOf(step)).filter((s) => stepApplies(s, answers));
  return before[before.length - 1] ?? null;
}
