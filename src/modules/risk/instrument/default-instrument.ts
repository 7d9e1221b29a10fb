/**
 * The default CSE risk instrument shipped with Lantern (fictional authorship;
 * all wording is Lantern's own). Areas copy it into a new version and adapt it.
 *
 * Wording rules followed throughout: describe what is seen or heard, never
 * judge appearance, clothing, religion or culture; the young person is the
 * person harmed, never the one "doing" the exploitation; apparent consent,
 * age 16–17 or gender never lessen the concern.
 */
import { RISK_LEVEL_SCALE } from '../../young-people/index.ts';
import type {
  IndicatorDef,
  IndicatorWeights,
  Instrument,
  ProtectiveFactorDef,
  RecommendedAction,
} from './types.ts';

// Weights by the level an indicator points to. Time windows weigh less the
// further back they are, so a recent sign counts more than an old one, but an
// old sign never counts for nothing: patterns matter in exploitation.
const AT_RISK: IndicatorWeights = { timed: true, now: 2, last6Months: 1, sixTo12Months: 1 };
const SWAPPING: IndicatorWeights = { timed: true, now: 4, last6Months: 3, sixTo12Months: 2 };
const ENTRENCHED: IndicatorWeights = { timed: true, now: 6, last6Months: 4, sixTo12Months: 3 };
const REL_LIGHT: IndicatorWeights = { timed: true, now: 2, last6Months: 1, sixTo12Months: 1 };
const REL_HEAVY: IndicatorWeights = { timed: true, now: 3, last6Months: 2, sixTo12Months: 1 };
// Vulnerabilities are circumstances, not events: one weight, no time window.
const VULNERABLE: IndicatorWeights = { timed: false, present: 1 };

type Spec = [id: string, wording: string, hint: string, tags?: string[]];

function build(
  groupId: string,
  kind: IndicatorDef['kind'],
  pointsTo: string,
  weights: IndicatorWeights,
  strand: string | undefined,
  specs: Spec[],
): IndicatorDef[] {
  return specs.map(([id, wording, hint, tags]) => ({
    id,
    groupId,
    kind,
    ...(strand ? { strand } : {}),
    pointsTo,
    wording,
    hint,
    // Copied so that editing one indicator's weights never changes another's.
    weights: { ...weights },
    ...(tags ? { tags: [...tags] } : {}),
  }));
}

const MISSING = ['missing'];

const contactAtRisk = build('contact_at_risk', 'exploitation', 'at_risk', AT_RISK, 'contact', [
  [
    'ar.going_missing',
    'Has begun to go missing from home, care or school, even for short spells',
    'Count late returns and unexplained absences from lessons as well as reported missing episodes.',
    MISSING,
  ],
  [
    'ar.places_of_concern',
    'Goes to, or talks about, places the partnership has concerns about',
    'For example an address, venue, park or business already recorded as a place of concern.',
  ],
  [
    'ar.older_associates',
    'Spends time with people clearly older than them, and it is unclear how they know each other',
    'Older by several years matters more than any particular age. Note names or nicknames if known.',
  ],
  [
    'ar.unexplained_items',
    'Has money, a phone, gifts or other things that nobody can account for',
    'Ask where things came from without accusing. Gifts are a common first step in drawing a young person in.',
  ],
  [
    'ar.unknown_lifts',
    'Is collected or dropped off by adults or vehicles that family or carers do not know',
    'Record vehicle details, times and places where possible; they help police and the panel.',
  ],
]);

const contactSwapping = build('contact_swapping', 'exploitation', 'swapping', SWAPPING, 'contact', [
  [
    'sw.regularly_missing',
    'Goes missing often, or stays out overnight without anyone knowing where',
    'Several episodes in a few months, or a pattern of the same days, places or people.',
    MISSING,
  ],
  [
    'sw.exploited_peers',
    'Spends time with other young people who are known or thought to be exploited',
    'Peers can be used to introduce others; the young person may be under pressure from them too.',
  ],
  [
    'sw.known_places',
    'Goes back repeatedly to addresses or venues linked to exploitation',
    'Different from a single visit: this is a place they return to.',
  ],
  [
    'sw.substance_escalation',
    'Use of alcohol or drugs is growing into a problem',
    'Note who supplies them. Substances are often used to draw young people in and to keep them there.',
  ],
  [
    'sw.exchange_for_needs',
    'Appears to be given something in return for sexual activity',
    'A place to stay, food, alcohol, drugs, money, lifts, status or affection. What they are given is not payment for a choice; it is a means of abuse.',
  ],
  [
    'sw.violence',
    'Has been hurt, threatened or assaulted by people in their social circle',
    'Include injuries they cannot or will not explain.',
  ],
]);

const contactEntrenched = build('contact_entrenched', 'exploitation', 'entrenched', ENTRENCHED, 'contact', [
  [
    'en.abusive_relationships',
    'Is caught up in one or more relationships in which they are sexually abused or controlled',
    'They may call the person a boyfriend, girlfriend or friend. The label does not change what is happening.',
  ],
  [
    'en.known_abusers',
    'Is in contact with someone known to have sexually harmed or exploited children',
    'Check records held by police and social care; share what you know through the panel.',
  ],
  [
    'en.missing_long_or_repeated',
    'Goes missing for long spells, or runs away and cannot be found',
    'Overnight or longer, or episodes so frequent that they have become the pattern of their life.',
    MISSING,
  ],
  [
    'en.substance_dependence',
    'Alcohol or drug use now shapes their daily life',
    'Dependence can be used to control them. Offer health support; never treat it as a reason to step back.',
  ],
  [
    'en.fear_intimidation',
    'Lives with fear, threats or violence from the people harming them',
    'Fear of what will happen to them or their family if they speak can explain silence and returning.',
  ],
  [
    'en.moved_between_areas',
    'Is taken to other towns or areas, or brought here from elsewhere, for sexual abuse',
    'Moving a child for exploitation is trafficking, even within the UK. Tell the other areas involved.',
  ],
]);

const onlineAtRisk = build('online_at_risk', 'exploitation', 'at_risk', AT_RISK, 'online', [
  [
    'ol.ar.time_online',
    'Is spending much more time on social media or chat apps than before',
    'A change from their usual pattern matters more than the amount.',
  ],
  [
    'ol.ar.night_online',
    'Is often online late at night or through the night',
    'Tiredness at school can be the first visible sign.',
  ],
  [
    'ol.ar.adult_dating_apps',
    'Uses dating or hook-up apps meant for adults, on a phone or other device',
    'Age checks on these apps are easy to get around; adults seeking children use them.',
  ],
  [
    'ol.ar.unexplained_credit',
    'Has phone, data, gaming or gift-card credit that nobody can account for',
    'Credit and in-game items are a common first gift online.',
  ],
  [
    'ol.ar.new_distant_contacts',
    'Has new online contacts who are older or who live in other areas',
    'Ask what they know about the contact that is not from the contact themselves.',
  ],
  [
    'ol.ar.hidden_contacts',
    'Keeps online contacts hidden: will not say who they talk to, or uses secret accounts or devices',
    'Some privacy is normal for a teenager; look for secrecy that is new or insisted on by someone else.',
  ],
  [
    'ol.ar.online_to_offline',
    'An online friendship may have moved to meeting face to face',
    'Where and when they meet, and who else is there, matters.',
  ],
  [
    'ol.ar.images_circulating',
    'There is a worry that intimate images of them are being passed around',
    'Do not view, copy or forward images. Follow your agency procedure and tell police.',
  ],
]);

const onlineSwapping = build('online_swapping', 'exploitation', 'swapping', SWAPPING, 'online', [
  [
    'ol.sw.meets_online_contacts',
    'Arranges to meet people they first got to know online',
    'Especially when they go alone, travel some distance, or keep the meeting secret.',
  ],
  [
    'ol.sw.images_for_rewards',
    'Sends images of themselves in return for credit, game items, gifts or favours',
    'Producing and sharing such images of a child is a crime by the adult asking, not by the child.',
  ],
  [
    'ol.sw.pressured_for_images',
    'Is thought to be pressured, tricked or threatened into sending images',
    'Threats to share images already sent (sextortion) are a form of this.',
  ],
  [
    'ol.sw.images_shared_peers',
    'Intimate images of them or of other young people are shared within their friendship group',
    'Respond as a safeguarding matter; the aim is to protect, not to blame.',
  ],
  [
    'ol.sw.worrying_online_relationship',
    'Has a relationship with an older person, or someone known only online, that worries those around them',
    'Record what the worry is based on.',
  ],
  [
    'ol.sw.missing',
    'Goes missing, possibly to meet someone contacted online',
    'Check devices and accounts for clues only through proper procedure.',
    MISSING,
  ],
]);

const onlineSelling = build('online_selling', 'exploitation', 'entrenched', ENTRENCHED, 'online', [
  [
    'ol.se.offered_rewards',
    'Is being offered money or rewards for sexual activity online',
    'Whoever makes the offer is the one committing the offence.',
  ],
  [
    'ol.se.images_sold',
    'Images or videos of them are being sold or traded online',
    'Report to police at once; the material is evidence of child sexual abuse.',
  ],
  [
    'ol.se.escalating_demands',
    'Is being pushed to make more and more explicit images or videos',
    'Escalating demands are a sign of someone taking control.',
  ],
  [
    'ol.se.advertised',
    'Is being advertised or offered online for sexual contact, whoever posts it',
    'An adult may make the young person post it themselves; that does not make it their choice.',
  ],
  [
    'ol.se.missing',
    'Goes missing in connection with contact arranged online',
    'Tell police what is known about the platform, account names and meeting places.',
    MISSING,
  ],
]);

// The "factors to take into account": they describe the relationships around
// the young person, and each is itself a sign of exploitation.
const relationshipLight = build('relationships', 'exploitation', 'at_risk', REL_LIGHT, undefined, [
  [
    'rel.age_gap',
    'A person they are in a sexual or romantic relationship with is much older than them',
    'Weigh the gap against their age and understanding: a few years can be a large gap at 14.',
  ],
  [
    'rel.excess_secrecy',
    'A partner or adult insists on more secrecy than is usual in a relationship between young people',
    'For example telling them not to mention the relationship to anyone, or using hidden accounts.',
  ],
  [
    'rel.concerns_minimised',
    'The young person denies or plays down what others are worried about',
    'This is a common effect of grooming and fear, not a sign that nothing is wrong or that they are uncooperative.',
  ],
  [
    'rel.withdrawn_fearful',
    'Seems withdrawn, anxious or frightened, especially around particular people or messages',
    'Describe what you noticed, when, and around whom.',
  ],
]);

const relationshipHeavy = build('relationships', 'exploitation', 'swapping', REL_HEAVY, undefined, [
  [
    'rel.power_imbalance',
    'Someone holds clear power over them, through aggression, money, housing, status or information',
    'An imbalance of power is what marks a relationship out as exploitative.',
  ],
  [
    'rel.coercion_bribery',
    'Someone uses pressure, threats, gifts or bribes to get them to do things',
    'Include pressure passed on through other young people.',
  ],
  [
    'rel.grooming_pattern',
    'The way someone has built a connection with them fits a grooming pattern',
    'Special attention and gifts, then cutting them off from others, then taking control. See the grooming stages section.',
  ],
  [
    'rel.person_known_to_agencies',
    'A partner or adult around them is known to police, social care or another agency for harming children',
    'Share through the panel so all agencies can check their records.',
  ],
  [
    'rel.substances_disinhibit',
    'Alcohol or drugs are given to them or used around sexual activity, so they cannot make a free, informed choice',
    'Note who provides the substances.',
  ],
  [
    'rel.family_member_harmed_children',
    'Someone in the family or household has sexually harmed children or is suspected of it',
    'Abuse within the family is a child protection matter in its own right.',
  ],
]);

const vulnerabilities = build('vulnerabilities', 'vulnerability', 'at_risk', VULNERABLE, undefined, [
  [
    'vul.history_missing',
    'Has a history of running away or going missing (more than a year ago)',
    'Recent episodes belong in the at risk, swapping or entrenched sections.',
    MISSING,
  ],
  [
    'vul.care_experience',
    'Is looked after, or is leaving or has left care',
    'Placement moves and distance from home add to the risk.',
  ],
  [
    'vul.learning_disability',
    'Has a learning disability or learning difficulty',
    'Affects how they recognise and tell others about abuse. The level can never be "no apparent risk" when signs of exploitation are present.',
  ],
  [
    'vul.special_needs',
    'Has other special educational needs or a disability',
    'Include needs recognised by school or health, whether or not there is a formal plan.',
  ],
  [
    'vul.migrant_separated',
    'Is a migrant, an unaccompanied or separated child, or has an uncertain immigration status',
    'Fear about immigration status can stop them asking for help. A young person whose age is disputed is treated as a child.',
  ],
  [
    'vul.out_of_education',
    'Is out of education: not on a school roll, excluded, or often absent',
    'Being missing from education is one of the earliest signs.',
  ],
  ['vul.substance_use', 'Uses alcohol or drugs', 'Any use by a child is worth noting, with who supplies them.'],
  [
    'vul.gang_involvement',
    'Is involved with, or on the edges of, a gang or a group involved in crime',
    'Consider criminal exploitation alongside sexual exploitation.',
  ],
  [
    'vul.abuse_family_difficulty',
    'Has experienced abuse or neglect, or family relationships are under strain',
    'Include past child protection or child in need involvement.',
  ],
  [
    'vul.domestic_abuse',
    'Has lived with domestic abuse, or has experienced abuse in their own relationships',
    'Include controlling behaviour as well as violence.',
  ],
  [
    'vul.homeless',
    'Has no settled home: homeless, sofa-surfing or in temporary or unsuitable accommodation',
    'A need for somewhere to stay is easily exploited.',
  ],
  [
    'vul.mental_health',
    'Has mental health difficulties, self-harms or has thought about suicide',
    'Make sure a health professional knows.',
  ],
  [
    'vul.sexual_health',
    'Has had sexual health concerns such as infections, pregnancy or a termination',
    'Health services can offer a safe place to talk; share concerns as your agency procedure allows.',
  ],
  [
    'vul.isolated_from_peers',
    'Is cut off from friends their own age, or has drifted away from previous friends',
    'Isolation can be a deliberate step by someone grooming them.',
  ],
  [
    'vul.no_trusted_adult',
    'Has no adult they trust who looks out for them',
    'Ask the young person who they would go to; the answer may be nobody.',
  ],
]);

function protective(id: string, wording: string, hint: string): ProtectiveFactorDef {
  return { id, groupId: 'protective', wording, hint, weight: -1 };
}

const protectiveFactors: ProtectiveFactorDef[] = [
  protective(
    'pro.trusted_adult',
    'Has at least one adult they trust and talk to',
    'A parent, carer, relative, teacher, youth worker or anyone else.',
  ),
  protective(
    'pro.carers_protective',
    'Parents or carers see the risk and act to keep them safe',
    'Asking for help is a sign of a protective parent, not a failing one.',
  ),
  protective(
    'pro.education_engaged',
    'Goes to school, college, training or work regularly and feels they belong there',
    'Attendance alone is not enough; a sense of belonging is what protects.',
  ),
  protective(
    'pro.positive_friends',
    'Has friends their own age who look out for them',
    'Friends are often the first to notice something is wrong.',
  ),
  protective(
    'pro.positive_activities',
    'Takes part in activities, interests or groups they enjoy',
    'Sport, arts, faith or community groups, volunteering, clubs.',
  ),
  protective(
    'pro.engages_with_support',
    'Keeps in touch with a worker or service that is helping them',
    'Engagement often comes and goes; persistence by the worker matters.',
  ),
  protective(
    'pro.settled_home',
    'Has a settled, safe place to live',
    'Where they live now, not where they are registered.',
  ),
  protective(
    'pro.recognises_healthy_relationships',
    'Knows what a healthy relationship looks like and where to get help',
    'This protects but does not make them responsible for keeping themselves safe.',
  ),
];

/** Indicators that describe going missing; missing episodes pre-fill suggestions for these. */
export const MISSING_INDICATOR_IDS: readonly string[] = [
  'ar.going_missing',
  'sw.regularly_missing',
  'en.missing_long_or_repeated',
  'ol.sw.missing',
  'ol.se.missing',
  'vul.history_missing',
];

const MISSING_NOW_IDS = MISSING_INDICATOR_IDS.filter((id) => id !== 'vul.history_missing');

const ALL_WINDOWS = ['now', 'last_6_months', '6_to_12_months'] as const;

// Actions are cumulative: each level keeps the work of the level below and
// adds to it, so stepping up never loses a plan already in place.
const actionsNoApparentRisk: RecommendedAction[] = [
  {
    id: 'nar.feedback',
    text: 'Tell whoever raised the concern what the assessment found, and record it in the chronology.',
    withinDays: 5,
  },
  {
    id: 'nar.universal',
    text: 'Make sure the young person can get good relationships and sex education and confidential health and sexual health advice.',
  },
  {
    id: 'nar.watch',
    text: 'Record any new worry as a concern straight away; the assessment is repeated if anything changes.',
  },
];

const actionsAtRisk: RecommendedAction[] = [
  {
    id: 'ar.team',
    text: 'Name a lead professional and bring the agencies involved together as a team around the young person, meeting regularly.',
    lead: 'Lead professional',
    withinDays: 10,
  },
  {
    id: 'ar.keep_in_touch',
    text: 'Agree how workers will update each other between meetings, and who does what.',
    lead: 'Lead professional',
    withinDays: 10,
  },
  {
    id: 'ar.missing_response',
    text: 'Treat every missing episode as significant: offer a return interview each time and involve whoever has parental responsibility.',
    lead: 'Children’s social care',
  },
  {
    id: 'ar.divert',
    text: 'Offer positive activities and youth work, and help to stay in or return to education.',
    lead: 'Education and youth services',
    withinDays: 28,
  },
  {
    id: 'ar.health',
    text: 'Address health needs, including substance use, mental health and sexual health, through services the young person can reach easily.',
    lead: 'Health',
    withinDays: 28,
  },
  {
    id: 'ar.awareness',
    text: 'Work with the young person, at their pace, on healthy relationships, consent and staying safe online.',
    withinDays: 28,
  },
  {
    id: 'ar.rapport',
    text: 'Find out who the young person trusts and how they prefer to talk, and build the work around that relationship.',
  },
  {
    id: 'ar.support_carers',
    text: 'Help parents or carers to recognise the signs and to protect, and support them in coping.',
    withinDays: 28,
  },
  {
    id: 'ar.warn_adults',
    text: 'Where an adult is known to be allowing the young person to stay with them, consider telling them, with police, that this must stop.',
    lead: 'Police',
  },
];

const actionsSwapping: RecommendedAction[] = [
  ...actionsAtRisk,
  {
    id: 'sw.social_care',
    text: 'Consider a referral to children’s social care and whether child protection enquiries under section 47 are needed.',
    lead: 'Children’s social care',
    withinDays: 2,
  },
  {
    id: 'sw.panel',
    text: 'Refer the young person to the multi-agency exploitation panel.',
    lead: 'Lead professional',
    withinDays: 7,
  },
  {
    id: 'sw.consult',
    text: 'Consult the child protection coordinator or independent reviewing officer.',
    lead: 'Children’s social care',
    withinDays: 7,
  },
  {
    id: 'sw.intelligence',
    text: 'Gather and share what is known about adults, places, vehicles and phones of concern, and pass it to police as intelligence.',
    lead: 'All agencies',
    withinDays: 7,
  },
  {
    id: 'sw.disrupt',
    text: 'Consider disruption: warning letters, child abduction warning notices, licensing or housing action against those involved.',
    lead: 'Police',
    withinDays: 14,
  },
  {
    id: 'sw.persist',
    text: 'Keep contact going even when the young person does not engage; do not close the work because of missed appointments.',
  },
];

const actionsEntrenched: RecommendedAction[] = [
  ...actionsSwapping,
  {
    id: 'en.strategy',
    text: 'Hold a strategy meeting with social care, police, health, education and the other agencies involved to plan protection, disruption and investigation.',
    lead: 'Children’s social care',
    withinDays: 2,
  },
  {
    id: 'en.cp_referral',
    text: 'Make a child protection referral; consider section 47 enquiries, a child protection conference and whether legal orders are needed.',
    lead: 'Children’s social care',
    withinDays: 1,
  },
  {
    id: 'en.investigate',
    text: 'Police to consider a criminal investigation, including evidence that does not depend on the young person giving testimony.',
    lead: 'Police',
    withinDays: 7,
  },
  {
    id: 'en.safety_plan',
    text: 'Agree a safety plan for now, including safe accommodation that keeps the young person close to the people who matter to them; secure accommodation only as a last resort.',
    lead: 'Children’s social care',
    withinDays: 2,
  },
  {
    id: 'en.specialist',
    text: 'Offer intensive support from a specialist service, with one consistent worker.',
    withinDays: 7,
  },
  {
    id: 'en.other_areas',
    text: 'If the young person has been moved between areas, tell the other areas involved and share intelligence with them.',
    lead: 'Police',
    withinDays: 7,
  },
];

export const DEFAULT_INSTRUMENT_ID = 'lantern-cse';

/** The version of the default instrument Lantern ships now. */
export const SHIPPED_DEFAULT_VERSION = 2;

/**
 * Returns a fresh deep copy of the default instrument as shipped now (version 2, levels by the
 * kind of signs present), so callers can adapt it freely: the indicator lists above are shared
 * module constants.
 */
export function createDefaultInstrument(): Instrument {
  return structuredClone(signsModelInstrument());
}

/**
 * Version 1 as first shipped: the level from cut-offs on the total. Kept so that an area still on
 * it can be moved to version 2 with its earlier assessments untouched, and for tests of that method.
 */
export function createDefaultInstrumentVersion1(): Instrument {
  return structuredClone(defaultInstrument());
}

/** What a rule is, in plain words, for each statutory trigger of the default instrument. */
const TRIGGER_RULES: Record<string, string> = {
  'trigger.immediate_danger': 'Anyone who thinks a child is in immediate danger calls the police on 999 straight away.',
  'trigger.under13_penetrative':
    'In law a child under 13 cannot agree to sexual activity of any kind; penetrative sex with a child under 13 is rape (Sexual Offences Act 2003, section 5).',
  'trigger.under13_sexual_activity':
    'In law a child under 13 cannot agree to sexual activity of any kind (Sexual Offences Act 2003, sections 5 to 8), so any such activity is a child protection matter.',
  'trigger.looked_after_missing':
    'When a looked-after child goes missing, the partnership’s missing protocol requires a strategy meeting within 72 hours of them going missing.',
  'trigger.age_gap':
    'The age of consent is 16. An adult of 18 or over who has sexual activity with a child under 16 commits an offence whatever the child says (Sexual Offences Act 2003, sections 9 to 12), and a relationship like this is referred to children’s social care.',
  'trigger.significant_harm':
    'Where there is reasonable cause to suspect a child is suffering, or likely to suffer, significant harm, children’s social care must make enquiries (Children Act 1989, section 47).',
  'trigger.under13_minimum': 'For a child under 13, any sign of exploitation means the level is at least ‘at risk’.',
  'trigger.learning_disability_minimum': 'For a young person with a learning disability, any sign of exploitation means the level is at least ‘at risk’.',
};

/**
 * Version 2: the level is the highest whose defining signs are present (at risk, swapping,
 * entrenched; online at risk, swapping, selling), one sign each; the total is supporting detail.
 * The floor rules of version 1 only restated this, so they are gone. Adds the age-gap trigger and
 * states every trigger's rule.
 */
function signsModelInstrument(): Instrument {
  const first = defaultInstrument();
  const triggers = [...first.triggers];
  const after = triggers.findIndex((t) => t.id === 'trigger.under13_sexual_activity') + 1;
  triggers.splice(after, 0, {
    id: 'trigger.age_gap',
    kind: 'age_gap',
    childUnder: 16,
    partnerAtLeast: 18,
    title: 'A child under 16 in a relationship with an adult',
    whatToDo:
      'Refer to children’s social care today and tell the police. Do not treat it as a consensual relationship: plan how to keep the young person safe and to disrupt the adult’s contact.',
    guidance: 'Young people often describe an exploiting adult as a boyfriend or girlfriend; the age gap is itself the concern.',
    urgency: 'same_day',
  });
  return {
    ...first,
    version: SHIPPED_DEFAULT_VERSION,
    basedOn: { id: DEFAULT_INSTRUMENT_ID, version: 1 },
    changeNote:
      'The level now follows the kind of signs present (the highest level with a sign present), with the total shown for information only; adds the statutory trigger for a child under 16 with a partner of 18 or over, and states the rule behind each trigger.',
    scoring: { ...first.scoring, method: 'signs', signsNeeded: { at_risk: 1, swapping: 1, entrenched: 1 } },
    floorRules: [],
    triggers: triggers.map((t) => (TRIGGER_RULES[t.id] ? { ...t, rule: TRIGGER_RULES[t.id] } : t)),
  };
}

function defaultInstrument(): Instrument {
  return {
    id: DEFAULT_INSTRUMENT_ID,
    version: 1,
    status: 'published',
    title: 'Lantern child sexual exploitation risk assessment',
    description:
      'A shared assessment for every agency in the partnership: it adds up what is known, explains the result, says what should happen next and flags anything that must be acted on now.',
    areaId: null,
    basedOn: null,
    changeNote: 'First version shipped with Lantern.',
    // The scale is the young person's record's (young-people/risk-levels.ts); the instrument explains it.
    levels: RISK_LEVEL_SCALE.map((level) => ({ ...level })),
    strands: [
      {
        id: 'contact',
        label: 'In person',
        description: 'Exploitation through contact in person.',
        levelLabels: {},
      },
      {
        id: 'online',
        label: 'Online',
        description:
          'Exploitation through phones, apps, games and the internet. Its top level is called "selling" and ranks the same as "entrenched".',
        levelLabels: { entrenched: 'Selling' },
      },
    ],
    groups: [
      {
        id: 'contact_at_risk',
        title: 'In person: early signs (at risk)',
        description: 'Signs that someone may be starting to draw the young person in.',
      },
      {
        id: 'contact_swapping',
        title: 'In person: swapping',
        description: 'Signs that the young person is being drawn into exchanges and is going missing more.',
      },
      {
        id: 'contact_entrenched',
        title: 'In person: entrenched',
        description: 'Signs that abuse is established and controlling.',
      },
      {
        id: 'online_at_risk',
        title: 'Online: early signs (at risk)',
        description: 'Changes in how the young person uses phones, apps and games that may mean someone is targeting them.',
      },
      {
        id: 'online_swapping',
        title: 'Online: swapping',
        description: 'Signs that images or meetings are being traded or pressured for.',
      },
      {
        id: 'online_selling',
        title: 'Online: selling',
        description: 'Signs that the young person is being sold or traded online.',
      },
      {
        id: 'relationships',
        title: 'The relationships around them',
        description: 'Things to weigh about the people the young person is involved with.',
      },
      {
        id: 'vulnerabilities',
        title: 'Vulnerabilities',
        description: 'Unmet needs and circumstances that make a young person easier to target.',
      },
      {
        id: 'protective',
        title: 'Strengths and protective factors',
        description: 'What is helping to keep the young person safe.',
      },
    ],
    indicators: [
      ...contactAtRisk,
      ...contactSwapping,
      ...contactEntrenched,
      ...onlineAtRisk,
      ...onlineSwapping,
      ...onlineSelling,
      ...relationshipLight,
      ...relationshipHeavy,
      ...vulnerabilities,
    ],
    protectiveFactors,
    scoring: {
      // With the weights above: three vulnerabilities, or one early sign now
      // plus one vulnerability, reach "at risk"; about two swapping signs now
      // plus context reach "swapping"; "entrenched" needs the equivalent of
      // three entrenched signs now (floor rules reach it sooner).
      cutOffs: [
        { level: 'at_risk', minTotal: 3 },
        { level: 'swapping', minTotal: 10 },
        { level: 'entrenched', minTotal: 18 },
      ],
      // Strengths matter, but four points at most, so they can soften a
      // borderline score and never outweigh serious signs.
      maxProtectiveReduction: 4,
    },
    floorRules: [
      {
        id: 'floor.top_now_raises',
        description: 'A sign of entrenched abuse or online selling present now raises the level one step above the score.',
        when: { select: { pointsTo: 'entrenched', kind: 'exploitation' }, windows: ['now'], minCount: 1 },
        effect: { kind: 'raise_by', steps: 1 },
      },
      {
        id: 'floor.top_now_swapping',
        description: 'A sign of entrenched abuse or online selling present now means at least "swapping".',
        when: { select: { pointsTo: 'entrenched', kind: 'exploitation' }, windows: ['now'], minCount: 1 },
        effect: { kind: 'at_least', level: 'swapping' },
      },
      {
        id: 'floor.two_top_recent',
        description: 'Two or more signs of entrenched abuse or online selling in the last 6 months mean "entrenched".',
        when: {
          select: { pointsTo: 'entrenched', kind: 'exploitation' },
          windows: ['now', 'last_6_months'],
          minCount: 2,
        },
        effect: { kind: 'at_least', level: 'entrenched' },
      },
      {
        id: 'floor.three_swapping_recent',
        description: 'Three or more signs at "swapping" or above in the last 6 months mean at least "swapping".',
        when: {
          select: { pointsToAtLeast: 'swapping', kind: 'exploitation' },
          windows: ['now', 'last_6_months'],
          minCount: 3,
        },
        effect: { kind: 'at_least', level: 'swapping' },
      },
      {
        id: 'floor.swapping_now_at_risk',
        description: 'Any sign at "swapping" or above present now means at least "at risk", whatever the strengths.',
        when: { select: { pointsToAtLeast: 'swapping', kind: 'exploitation' }, windows: ['now'], minCount: 1 },
        effect: { kind: 'at_least', level: 'at_risk' },
      },
    ],
    triggers: [
      {
        id: 'trigger.immediate_danger',
        kind: 'immediate_danger',
        title: 'The young person is in immediate danger',
        whatToDo:
          'Call the police on 999 now. Do not wait to finish this assessment. Then tell your designated safeguarding lead and children’s social care.',
        guidance: 'Immediate danger overrides every other step; the assessment can be completed afterwards.',
        urgency: 'immediate',
      },
      {
        id: 'trigger.under13_penetrative',
        kind: 'under_age_penetrative_sex',
        ageUnder: 13,
        title: 'Penetrative sex with a child under 13',
        whatToDo:
          'In law this is rape, whatever the child says about it. Make a child protection referral to children’s social care and police today, and make sure a strategy discussion follows.',
        guidance: 'A child under 13 cannot consent to sexual activity of any kind.',
        urgency: 'same_day',
      },
      {
        id: 'trigger.under13_sexual_activity',
        kind: 'under_age_sexual_activity',
        ageUnder: 13,
        title: 'Sexual activity involving a child under 13',
        whatToDo:
          'Discuss this with your agency’s nominated child protection lead today and agree the referral to children’s social care.',
        guidance: 'Known or indicated sexual activity of any kind involving a child under 13 is always a child protection matter.',
        urgency: 'same_day',
      },
      {
        id: 'trigger.looked_after_missing',
        kind: 'looked_after_missing',
        withinHours: 72,
        missingIndicatorIds: MISSING_NOW_IDS,
        title: 'A looked-after young person is missing',
        whatToDo:
          'Hold a strategy meeting within 72 hours of the young person going missing, with social care, police, health, education and the placement. Tell the placing authority and the independent reviewing officer.',
        guidance: 'Offer a return interview when the young person is found, and assess each episode.',
        urgency: 'within_hours',
      },
      {
        id: 'trigger.significant_harm',
        kind: 'significant_harm',
        whenLevelAtLeast: 'entrenched',
        whenAnyPresent: {
          indicatorIds: [
            'en.abusive_relationships',
            'en.known_abusers',
            'en.moved_between_areas',
            'ol.se.images_sold',
            'ol.se.advertised',
            'rel.family_member_harmed_children',
          ],
          windows: ['now'],
        },
        title: 'The young person may be at risk of significant harm',
        whatToDo:
          'Consider a referral to children’s social care for child protection enquiries under section 47 of the Children Act 1989, and a strategy meeting to plan assessment, investigation and disruption. Consult the child protection coordinator or independent reviewing officer.',
        guidance:
          'Reasonable cause to suspect significant harm is enough; proof is not needed, and the young person does not have to agree that they are being harmed.',
        urgency: 'same_day',
      },
      {
        id: 'trigger.under13_minimum',
        kind: 'minimum_level',
        atLeast: 'at_risk',
        windows: [...ALL_WINDOWS],
        condition: { kind: 'age_under', years: 13 },
        title: 'A child under 13 with signs of exploitation',
        whatToDo:
          'The level cannot be "no apparent risk" for a child under 13 when any sign of exploitation is present. Discuss with your child protection lead.',
        guidance: 'Younger children are less able to recognise or report exploitation.',
        urgency: 'promptly',
      },
      {
        id: 'trigger.learning_disability_minimum',
        kind: 'minimum_level',
        atLeast: 'at_risk',
        windows: [...ALL_WINDOWS],
        condition: { kind: 'learning_disability', indicatorIds: ['vul.learning_disability'] },
        title: 'A young person with a learning disability and signs of exploitation',
        whatToDo:
          'The level cannot be "no apparent risk" when a young person with a learning disability shows any sign of exploitation. Make sure the plan fits how they communicate and understand.',
        guidance: 'A learning disability can make it harder to recognise abuse and to tell anyone about it.',
        urgency: 'promptly',
      },
    ],
    actionsByLevel: {
      no_apparent_risk: actionsNoApparentRisk,
      at_risk: actionsAtRisk,
      swapping: actionsSwapping,
      entrenched: actionsEntrenched,
    },
    // Higher risk is reviewed sooner. Entrenched: 28 days, in step with a
    // monthly panel cycle, because control can tighten within weeks.
    // Swapping: 42 days, often enough to see escalation while giving new
    // work time to take effect. At risk: 90 days, a school term, matching
    // early-help reviews. No apparent risk: 180 days, because someone was
    // worried enough to assess and slow drift is easy to miss.
    reviewIntervalDays: {
      no_apparent_risk: 180,
      at_risk: 90,
      swapping: 42,
      entrenched: 28,
    },
    judgementSections: [
      {
        id: 'grooming_stage',
        title: 'Grooming stage (optional)',
        hint: 'If you can, say which stage best describes where things are now. Leave it unanswered if you cannot tell.',
        options: [
          {
            id: 'none_seen',
            label: 'No sign of grooming',
            hint: 'Nothing suggests someone is grooming the young person.',
          },
          {
            id: 'drawing_in',
            label: 'Being drawn in',
            hint: 'Someone gives them attention, flattery, gifts or favours, and makes them feel special.',
            atLeast: 'at_risk',
          },
          {
            id: 'dependency',
            label: 'Becoming dependent',
            hint: 'They are being separated from family and friends and come to rely on this person.',
            atLeast: 'at_risk',
          },
          {
            id: 'control',
            label: 'Being controlled',
            hint: 'The other person now decides where they go, who they see and what they do.',
            atLeast: 'swapping',
          },
          {
            id: 'total_control',
            label: 'Under complete control',
            hint: 'The other person has power over every part of their life.',
            atLeast: 'entrenched',
          },
        ],
      },
    ],
    guidance: [
      {
        id: 'purpose',
        title: 'What this assessment is for',
        body: 'It brings together what every agency knows, so that the team around the young person shares one view of the risk and one plan. The score supports your professional judgement; it does not replace it.',
      },
      {
        id: 'time_windows',
        title: 'Answering with time windows',
        body: '"Now" means happening at present or within the last four weeks. "In the last 6 months" means seen in that time but not now. "6 to 12 months ago" means only seen in that period. Anything older belongs in the chronology and is answered "not present" here.',
      },
      {
        id: 'indicated_known',
        title: 'Indicated and known',
        body: 'Tick an indicator when there are signs of it, not only when it is proven. Say in your notes whether it is indicated or known, and where the information came from.',
      },
      {
        id: 'describe_not_judge',
        title: 'Describe what you see, not who the young person is',
        body: 'Record behaviour, events and relationships. Clothing, appearance, religion, culture and family background are never signs of exploitation in themselves. Exploitation happens to boys and young men as well as girls and young women, and to young people of every background.',
      },
      {
        id: 'victim',
        title: 'The young person is a victim',
        body: 'A young person who is being exploited is being abused. Apparent consent, being 16 or 17, returning to the people harming them or refusing help never reduce the need to protect them.',
      },
      {
        id: 'triggers',
        title: 'Actions that cannot wait',
        body: 'Some facts require action whatever the score, such as immediate danger or sexual activity involving a child under 13. These are shown first and must be acted on straight away.',
      },
      {
        id: 'judgement',
        title: 'Your professional judgement',
        body: 'If you think the level should be different from the one calculated, choose your level and write down why. Both are kept, and the plan follows your level. Actions that the law requires still apply.',
      },
    ],
  };
}

/** The concern form shows the instrument's active indicators as its checklist, with the same ids. */
export function concernChecklist(instrument: Instrument): { groupId: string; title: string; indicators: { id: string; wording: string; hint: string }[] }[] {
  return instrument.groups
    .map((g) => ({
      groupId: g.id,
      title: g.title,
      indicators: instrument.indicators
        .filter((i) => i.groupId === g.id && !i.retired)
        .map((i) => ({ id: i.id, wording: i.wording, hint: i.hint })),
    }))
    .filter((g) => g.indicators.length > 0);
}

/**
 * Maps an indicator id ticked on a concern to the instrument's active
 * indicator. Ids are shared, so this is the identity for active indicators;
 * for a retired one it follows `replacedBy`. Returns null when nothing in
 * this version corresponds (the caller should show the original wording).
 */
export function mapConcernIndicator(instrument: Instrument, concernIndicatorId: string): string | null {
  const byId = new Map(instrument.indicators.map((i) => [i.id, i]));
  let current = byId.get(concernIndicatorId);
  const seen = new Set<string>();
  while (current && current.retired) {
    if (!current.replacedBy || seen.has(current.id)) return null;
    seen.add(current.id);
    current = byId.get(current.replacedBy);
  }
  return current ? current.id : null;
}
