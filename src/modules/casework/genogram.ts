/**
 * Lays out the family and network as a small genogram-style diagram, drawn by the template as SVG
 * on the server (no script). The young person sits in the middle; parents, carers and grandparents
 * above; brothers, sisters, friends and partners below; other adults further below. Each row hangs
 * from a line joined to the young person by a trunk that runs through a gap left in the middle of
 * every row, so no line crosses a box. The list beside it says the same in words.
 */
import { RELATIONSHIP_ROWS, RELATIONSHIPS, label, type Relationship } from './vocab.ts';

export const BOX_WIDTH = 150;
export const BOX_HEIGHT = 80;
const GAP = 14;
const CENTRE_GAP = 30;
const ROW_GAP = 44;
const PER_ROW = 4;
const MARGIN = 8;
const NAME_LENGTH = 20;

export interface GenogramPerson {
  id: string;
  name: string;
  relationship: string;
  livesWithYoungPerson: boolean;
  parentalResponsibility: string;
  adultOfConcern: boolean;
}

export interface GenogramBox {
  x: number;
  y: number;
  lines: string[];
  /** The young person themselves. */
  centre: boolean;
  livesWith: boolean;
  adultOfConcern: boolean;
}

export interface GenogramLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Not family: friends, partners and other adults. */
  dashed: boolean;
}

export interface Genogram {
  width: number;
  height: number;
  boxWidth: number;
  boxHeight: number;
  boxes: GenogramBox[];
  lines: GenogramLine[];
}

const FAMILY: ReadonlySet<string> = new Set(['mother', 'father', 'step_parent', 'carer', 'grandparent', 'sibling', 'other_relative']);

const shorten = (text: string) => (text.length > NAME_LENGTH ? `${text.slice(0, NAME_LENGTH - 1)}…` : text);

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PER_ROW) out.push(items.slice(i, i + PER_ROW));
  return out;
}

export function layoutGenogram(youngPersonName: string, people: GenogramPerson[]): Genogram {
  const width = PER_ROW * BOX_WIDTH + (PER_ROW - 1) * GAP + CENTRE_GAP + 2 * MARGIN;
  const centreX = width / 2;
  const group = (row: 'parents' | 'peers' | 'others') => people.filter((p) => (RELATIONSHIP_ROWS[p.relationship as Relationship] ?? 'others') === row);
  const above = chunks(group('parents')).reverse();
  const below = [...chunks(group('peers')), ...chunks(group('others'))];

  const boxes: GenogramBox[] = [];
  const lines: GenogramLine[] = [];
  const rowStep = BOX_HEIGHT + ROW_GAP;
  const centreY = MARGIN + above.length * rowStep;

  // Left half first, then right, each starting beside the gap in the middle.
  const xsFor = (count: number): number[] => {
    const left = Math.ceil(count / 2);
    return Array.from({ length: count }, (_, i) => {
      if (i < left) return centreX - CENTRE_GAP / 2 - (left - i) * BOX_WIDTH - (left - i - 1) * GAP;
      const k = i - left;
      return centreX + CENTRE_GAP / 2 + k * (BOX_WIDTH + GAP);
    });
  };

  let trunkTop = centreY;
  let trunkBottom = centreY + BOX_HEIGHT;
  const placeRow = (row: GenogramPerson[], y: number, busY: number, fromTop: boolean) => {
    const xs = xsFor(row.length);
    const busXs: number[] = [centreX];
    row.forEach((person, i) => {
      const x = xs[i]!;
      const flags = [person.livesWithYoungPerson ? 'lives with them' : '', person.parentalResponsibility === 'yes' ? 'PR' : ''].filter(Boolean).join(', ');
      const relation = label(RELATIONSHIPS, person.relationship);
      boxes.push({
        x,
        y,
        lines: [shorten(person.name), shorten(relation), ...(flags ? [flags] : []), ...(person.adultOfConcern ? ['adult of concern'] : [])],
        centre: false,
        livesWith: person.livesWithYoungPerson,
        adultOfConcern: person.adultOfConcern,
      });
      const boxCentre = x + BOX_WIDTH / 2;
      busXs.push(boxCentre);
      lines.push({ x1: boxCentre, y1: fromTop ? y : y + BOX_HEIGHT, x2: boxCentre, y2: busY, dashed: !FAMILY.has(person.relationship) });
    });
    lines.push({ x1: Math.min(...busXs), y1: busY, x2: Math.max(...busXs), y2: busY, dashed: false });
  };

  above.forEach((row, i) => {
    const y = MARGIN + i * rowStep;
    const busY = y + BOX_HEIGHT + ROW_GAP / 2;
    placeRow(row, y, busY, false);
    trunkTop = Math.min(trunkTop, busY);
  });
  below.forEach((row, i) => {
    const y = centreY + (i + 1) * rowStep;
    const busY = y - ROW_GAP / 2;
    placeRow(row, y, busY, true);
    trunkBottom = Math.max(trunkBottom, busY);
  });
  if (people.length) lines.push({ x1: centreX, y1: trunkTop, x2: centreX, y2: trunkBottom, dashed: false });
  // Drawn last so it sits over the trunk that passes behind it.
  boxes.push({ x: centreX - BOX_WIDTH / 2, y: centreY, lines: [shorten(youngPersonName), 'The young person'], centre: true, livesWith: false, adultOfConcern: false });
  const height = centreY + (below.length + 1) * rowStep - ROW_GAP + MARGIN;
  return { width, height, boxWidth: BOX_WIDTH, boxHeight: BOX_HEIGHT, boxes, lines };
}
