/** The diagram's layout: whatever the network, boxes never overlap, stay inside the picture, and each has its line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BOX_HEIGHT, BOX_WIDTH, layoutGenogram } from './genogram.ts';
import { RELATIONSHIPS } from './vocab.ts';

const person = fc.record({
  id: fc.uuid(),
  name: fc.string({ minLength: 1, maxLength: 40 }),
  relationship: fc.constantFrom(...Object.keys(RELATIONSHIPS)),
  livesWithYoungPerson: fc.boolean(),
  parentalResponsibility: fc.constantFrom('yes', 'no', 'not_known'),
  adultOfConcern: fc.boolean(),
});

test('boxes never overlap and fit the picture, one per person plus the young person', () => {
  fc.assert(
    fc.property(fc.array(person, { maxLength: 24 }), (people) => {
      const { width, height, boxes, lines } = layoutGenogram('Chloe Barnes', people);
      assert.equal(boxes.length, people.length + 1);
      assert.equal(boxes.filter((b) => b.centre).length, 1);
      for (const b of boxes) assert.ok(b.x >= 0 && b.y >= 0 && b.x + BOX_WIDTH <= width && b.y + BOX_HEIGHT <= height, 'inside the picture');
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i]!, boxes[j]!];
          const apart = a.x + BOX_WIDTH <= b.x || b.x + BOX_WIDTH <= a.x || a.y + BOX_HEIGHT <= b.y || b.y + BOX_HEIGHT <= a.y;
          assert.ok(apart, 'no two boxes overlap');
        }
      }
      // A drop line for each person; a bus for each row; a trunk when anyone is there.
      assert.ok(lines.length >= people.length + (people.length ? 2 : 0));
      for (const b of boxes) for (const text of b.lines) assert.ok(text.length <= 40);
    }),
  );
});

test('parents sit above the young person, brothers, sisters and friends below, and non-family lines are dashed', () => {
  const { boxes, lines } = layoutGenogram('Chloe', [
    { id: '1', name: 'Lisa', relationship: 'mother', livesWithYoungPerson: false, parentalResponsibility: 'yes', adultOfConcern: false },
    { id: '2', name: 'Mason', relationship: 'sibling', livesWithYoungPerson: true, parentalResponsibility: 'no', adultOfConcern: false },
    { id: '3', name: 'Deano', relationship: 'other_adult', livesWithYoungPerson: false, parentalResponsibility: 'no', adultOfConcern: true },
  ]);
  const at = (name: string) => boxes.find((b) => b.lines[0] === name)!;
  assert.ok(at('Lisa').y < at('Chloe').y && at('Chloe').y < at('Mason').y && at('Mason').y < at('Deano').y);
  assert.deepEqual(at('Lisa').lines, ['Lisa', 'Mother', 'PR']);
  assert.deepEqual(at('Mason').lines, ['Mason', 'Brother or sister', 'lives with them']);
  assert.deepEqual(at('Deano').lines, ['Deano', 'Other adult around …', 'adult of concern']);
  assert.equal(lines.filter((l) => l.dashed).length, 1, 'only the other adult’s line is dashed');
});
