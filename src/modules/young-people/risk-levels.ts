/**
 * The scale of a young person's risk level (the record's `risk_level`), lowest first, as Lantern
 * ships it. The risk module's instrument explains each level and an area's version may relabel
 * them, but the ids are these; lists and headings that have no instrument at hand label levels
 * from here.
 */
export const RISK_LEVEL_SCALE = [
  {
    id: 'no_apparent_risk',
    label: 'No apparent risk',
    description:
      'Nothing found now points to sexual exploitation. Universal services continue, and any new worry is recorded.',
  },
  {
    id: 'at_risk',
    label: 'At risk',
    description:
      'Early signs, or circumstances that make the young person a likely target. Early help now can stop the risk growing.',
  },
  {
    id: 'swapping',
    label: 'Swapping',
    description:
      'The young person appears to be drawn into exchanges of sexual activity for things they need or want, or into abuse online. The risk is rising and may amount to significant harm.',
  },
  {
    id: 'entrenched',
    label: 'Entrenched',
    description:
      'The young person is caught in abuse that is established and controlling. Child protection procedures apply.',
  },
] as const;
