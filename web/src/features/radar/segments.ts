import type { Segment } from './queries';

/** A quadrant or ring as edited: `id` is absent for one added in this edit (the server derives it from the name). */
export interface SegmentDraft {
  key: string;
  id?: string;
  name: string;
  color: string;
  /** Rings only: the lifecycle an imported technology starts with here; absent: by the ring's name. */
  lifecycle?: Segment['lifecycle'];
}

let added = 0;

export function draftsOf(segments: Segment[]): SegmentDraft[] {
  return segments.map((segment) => ({
    key: segment.id,
    id: segment.id,
    name: segment.name,
    color: segment.color,
    ...(segment.lifecycle === undefined ? {} : { lifecycle: segment.lifecycle }),
  }));
}

export function newSegment(color: string): SegmentDraft {
  added += 1;
  return { key: `new-${added}`, name: '', color };
}

export function moveSegment(drafts: SegmentDraft[], index: number, by: -1 | 1): SegmentDraft[] {
  const target = index + by;
  if (target < 0 || target >= drafts.length) return drafts;
  const next = [...drafts];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** The PATCH body's segment list: existing ones keep their id (their blips stay put), new ones get one from the name. */
export function segmentsBody(
  drafts: SegmentDraft[],
): Array<{ id?: string; name: string; color: string; lifecycle?: Segment['lifecycle'] }> {
  return drafts.map((draft) => ({
    ...(draft.id !== undefined ? { id: draft.id } : {}),
    name: draft.name.trim(),
    color: draft.color,
    ...(draft.lifecycle === undefined ? {} : { lifecycle: draft.lifecycle }),
  }));
}

/** Segments present before the edit and missing after it: removing one that holds blips is refused by the server. */
export function removedSegments(before: Segment[], drafts: SegmentDraft[]): Segment[] {
  const kept = new Set(drafts.map((draft) => draft.id));
  return before.filter((segment) => !kept.has(segment.id));
}
