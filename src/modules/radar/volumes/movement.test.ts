import { describe, expect, it } from 'vitest';
import { DEFAULT_RINGS } from '../structure/segments.js';
import { countMovements, diffPlacements, movementOf, type Placed, ringOrderOf } from './movement.js';

const placed = (technologyId: string, ringOrder: number, quadrantId = 'tools'): Placed => ({
  technologyId,
  title: technologyId.toUpperCase(),
  ringId: DEFAULT_RINGS[ringOrder]?.id ?? 'gone',
  quadrantId,
  ringOrder,
});

describe('movementOf', () => {
  it('is new without a previous placement, and compares ring order only (lower is in)', () => {
    expect(movementOf(undefined, { ringOrder: 3 })).toBe('new');
    expect(movementOf({ ringOrder: 2 }, { ringOrder: 1 })).toBe('moved_in');
    expect(movementOf({ ringOrder: 1 }, { ringOrder: 3 })).toBe('moved_out');
    expect(movementOf({ ringOrder: 2 }, { ringOrder: 2 })).toBe('no_change');
  });
});

describe('diffPlacements', () => {
  it('reports every technology of either side once, with removed ones, sorted by title', () => {
    const items = diffPlacements(
      [placed('a', 2), placed('b', 1), placed('c', 0), placed('d', 3)],
      [placed('a', 1), placed('b', 3), placed('c', 0, 'platforms'), placed('e', 2)],
    );
    expect(items.map((item) => `${item.title}:${item.movement}`)).toEqual([
      'A:moved_in',
      'B:moved_out',
      'C:no_change',
      'D:removed',
      'E:new',
    ]);
    expect(countMovements(items)).toEqual({ new: 1, moved_in: 1, moved_out: 1, no_change: 1, removed: 1 });
  });

  it('is the mirror image when the sides swap', () => {
    const from = [placed('a', 2), placed('b', 1)];
    const to = [placed('a', 1), placed('c', 0)];
    const forward = Object.fromEntries(diffPlacements(from, to).map((item) => [item.technologyId, item.movement]));
    const backward = Object.fromEntries(diffPlacements(to, from).map((item) => [item.technologyId, item.movement]));
    expect(forward).toEqual({ a: 'moved_in', b: 'removed', c: 'new' });
    expect(backward).toEqual({ a: 'moved_out', b: 'new', c: 'removed' });
  });
});

describe('ringOrderOf', () => {
  it('places a ring that no longer exists outside every ring', () => {
    expect(ringOrderOf(DEFAULT_RINGS, 'adopt')).toBe(0);
    expect(ringOrderOf(DEFAULT_RINGS, 'hold')).toBe(3);
    expect(ringOrderOf(DEFAULT_RINGS, 'gone')).toBe(4);
  });
});
