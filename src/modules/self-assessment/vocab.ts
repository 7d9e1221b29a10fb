/**
 * The self-assessment's lists: the themes of the default framework with its standards (drawn from
 * what the research asks of a partnership, in Lantern's own words), the rating scale and the
 * states of an action.
 */
import type { FrameworkStandard } from './tables.ts';

export const THEMES = {
  strategy: 'Strategy and protocol',
  coordination: 'Coordinator and sub-group',
  data: 'Data and monitoring',
  training: 'Training',
  prevention: 'Prevention and awareness',
  identification: 'Identification and referral',
  panel: 'Multi-agency panel',
  missing: 'Children who go missing',
  disruption: 'Disruption and prosecution',
  support: 'Support for young people, including at court',
  voice: 'The voice of young people and families',
} as const;
export type Theme = keyof typeof THEMES;

/** The rating scale, lowest first. */
export const RATINGS = {
  not_started: 'Not started',
  developing: 'Developing',
  established: 'Established',
  embedded: 'Embedded',
} as const;
export type Rating = keyof typeof RATINGS;

export const RATING_TAGS: Record<Rating, string> = { not_started: 'govuk-tag--red', developing: 'govuk-tag--yellow', established: 'govuk-tag--blue', embedded: 'govuk-tag--green' };

export const ACTION_STATUSES = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
} as const;

/** What Lantern can measure from its records, each a figure with its period. */
export const MEASURES = {
  feedback_time: 'Time to first feedback to the person who raised a concern',
  triage_within_target: 'Concerns triaged within the area’s target',
  return_interviews: 'Return interviews offered within the area’s hours of coming back',
  looked_after_meetings: 'Strategy meetings held for looked-after children who went missing',
  training_coverage: 'People with accounts in date with training, by agency',
  panel_actions: 'Panel actions completed on time',
  disruption: 'Disruption and prosecution steps',
} as const;
export type Measure = keyof typeof MEASURES;

/** The framework a new area starts from (version 1). */
export const DEFAULT_STANDARDS: FrameworkStandard[] = [
  { id: 'strategy-1', theme: 'strategy', text: 'The partnership has an agreed CSE strategy and a protocol every agency has signed, reviewed in the last two years.', measure: null },
  { id: 'strategy-2', theme: 'strategy', text: 'The board hears how the strategy is going at least twice a year, with figures from the records.', measure: null },
  { id: 'coordination-1', theme: 'coordination', text: 'A named coordinator holds the area’s CSE work together, with time and authority to do it.', measure: null },
  { id: 'coordination-2', theme: 'coordination', text: 'A CSE sub-group with every agency meets regularly and keeps an action plan.', measure: null },
  { id: 'data-1', theme: 'data', text: 'The partnership keeps a problem profile of CSE in its area, updated at least once a year, and uses it to plan.', measure: null },
  { id: 'data-2', theme: 'data', text: 'Concerns are acknowledged to the person who raised them quickly, and this is monitored.', measure: 'feedback_time' },
  { id: 'training-1', theme: 'training', text: 'Practitioners in every agency have had CSE training that is in date, and coverage is known by agency and role.', measure: 'training_coverage' },
  { id: 'training-2', theme: 'training', text: 'Training is planned across providers so that content is not duplicated and gaps are filled.', measure: null },
  { id: 'prevention-1', theme: 'prevention', text: 'Awareness work reaches schools and colleges, youth and sexual-health services, parents and communities.', measure: null },
  { id: 'prevention-2', theme: 'prevention', text: 'Licensed premises, taxi drivers and hotels are told what to look for and whom to tell.', measure: null },
  { id: 'identification-1', theme: 'identification', text: 'Every agency knows how to raise a concern, and concerns are triaged within the agreed time.', measure: 'triage_within_target' },
  { id: 'identification-2', theme: 'identification', text: 'Risk is assessed with one agreed tool, and groups less often identified (boys, older teenagers, minority ethnic young people) are looked for.', measure: null },
  { id: 'panel-1', theme: 'panel', text: 'A multi-agency panel reviews young people at risk and agrees actions with owners and dates.', measure: null },
  { id: 'panel-2', theme: 'panel', text: 'Actions agreed at panels are done on time.', measure: 'panel_actions' },
  { id: 'missing-1', theme: 'missing', text: 'Every young person who comes back from going missing is offered a return interview within 72 hours.', measure: 'return_interviews' },
  { id: 'missing-2', theme: 'missing', text: 'A strategy meeting is held for every looked-after child who goes missing, within the agreed time.', measure: 'looked_after_meetings' },
  { id: 'disruption-1', theme: 'disruption', text: 'Police and partners use every power they have to disrupt abusers and places of concern.', measure: 'disruption' },
  { id: 'disruption-2', theme: 'disruption', text: 'Evidence is gathered so that prosecutions can go ahead without relying on the young person alone.', measure: null },
  { id: 'support-1', theme: 'support', text: 'Young people at risk have a worker they trust and support for as long as they need it.', measure: null },
  { id: 'support-2', theme: 'support', text: 'Young people who give evidence are supported before, during and after court, with special measures asked for.', measure: null },
  { id: 'voice-1', theme: 'voice', text: 'Young people and their families are asked what helped and what did not, and their views change the work.', measure: null },
  { id: 'voice-2', theme: 'voice', text: 'Parents and carers are supported and kept informed, as partners in protecting their child.', measure: null },
];
