import { formatDate } from '../../platform/views/filters.ts';

interface KnownPersonLike {
  id: string;
  name: string;
  reference: string;
  dateOfBirth: string | null;
  estimatedAge: number | null;
}

/** The line under each name on "Which young person is it about?": what tells two people apart. */
export function knownPersonHint(person: Pick<KnownPersonLike, 'dateOfBirth' | 'estimatedAge'>): string {
  if (person.dateOfBirth) return `Born ${formatDate(person.dateOfBirth)}`;
  if (person.estimatedAge !== null) return `About ${person.estimatedAge} years old`;
  return 'Date of birth not known';
}

/** Radio items for the young people the user may choose, with the chosen one checked. */
export function knownPersonChoices(people: KnownPersonLike[], chosenId: unknown) {
  return people.map((person) => ({
    value: person.id,
    text: `${person.name} (${person.reference})`,
    hint: { text: knownPersonHint(person) },
    checked: chosenId === person.id,
  }));
}
