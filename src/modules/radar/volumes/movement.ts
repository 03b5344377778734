import type { Movement } from '../schemas.js';
import type { Segment } from '../tables.js';

/** A technology's place on one state of a radar (a volume, or the radar as it is now). */
export interface Placed {
  technologyId: string;
  title: string;
  ringId: string;
  quadrantId: string;
  /** Position of the ring in that state's ring list: 0 is the centre. */
  ringOrder: number;
}

/**
 * Movement between two placements of one technology. Like Thoughtworks' radar, only rings count: "moved in" is
 * towards the centre (a lower ring order), a quadrant change alone is "no change", and without an earlier placement
 * it is "new".
 */
export function movementOf(previous: Pick<Placed, 'ringOrder'> | undefined, current: Pick<Placed, 'ringOrder'>) {
  if (previous === undefined) return 'new' as const;
  if (current.ringOrder < previous.ringOrder) return 'moved_in' as const;
  if (current.ringOrder > previous.ringOrder) return 'moved_out' as const;
  return 'no_change' as const;
}

export interface DiffItem {
  technologyId: string;
  title: string;
  movement: Movement;
  from: Placed | undefined;
  to: Placed | undefined;
}

/** Every technology of either state with its movement from `from` to `to`; sorted by title. */
export function diffPlacements(from: readonly Placed[], to: readonly Placed[]): DiffItem[] {
  const before = new Map(from.map((placed) => [placed.technologyId, placed]));
  const items: DiffItem[] = to.map((placed) => {
    const previous = before.get(placed.technologyId);
    before.delete(placed.technologyId);
    return {
      technologyId: placed.technologyId,
      title: placed.title,
      movement: movementOf(previous, placed),
      from: previous,
      to: placed,
    };
  });
  for (const gone of before.values()) {
    items.push({ technologyId: gone.technologyId, title: gone.title, movement: 'removed', from: gone, to: undefined });
  }
  return items.sort((a, b) => a.title.localeCompare(b.title) || a.technologyId.localeCompare(b.technologyId));
}

export function emptyCounts(): Record<Movement, number> {
  return { new: 0, moved_in: 0, moved_out: 0, no_change: 0, removed: 0 };
}

export function countMovements(items: ReadonlyArray<{ movement: Movement }>): Record<Movement, number> {
  const counts = emptyCounts();
  for (const item of items) counts[item.movement] += 1;
  return counts;
}

/** The order of a ring id in a ring list; rings removed since are placed outside every ring. */
export function ringOrderOf(rings: readonly Segment[], ringId: string): number {
  const index = rings.findIndex((ring) => ring.id === ringId);
  return index === -1 ? rings.length : index;
}

/** Where a technology last appeared in a published volume. */
export interface Appearance {
  ringOrder: number;
  volumeId: string;
}

/**
 * Thoughtworks' rule for a volume: a blip is compared with its last appearance in any earlier volume, not only the
 * previous one. Only a first-ever appearance is "new"; one that comes back after missing volumes is "returning" and
 * moved in, out or not against where it last was.
 */
export function movementAgainstHistory(
  last: Appearance | undefined,
  previousVolumeId: string | undefined,
  ringOrder: number,
): { movement: Exclude<Movement, 'removed'>; returning: boolean } {
  return {
    movement: movementOf(last, { ringOrder }),
    returning: last !== undefined && last.volumeId !== previousVolumeId,
  };
}
