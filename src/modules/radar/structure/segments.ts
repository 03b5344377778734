import type { FieldError } from '../../../platform/http/problems.js';
import type { TechnologyStatus } from '../schemas.js';
import type { Segment } from '../tables.js';
import type { SegmentInputValue } from './schemas.js';

export const DEFAULT_RADAR_NAME = 'Technology Radar';

/** The structure every project starts with (Thoughtworks' quadrants and rings). */
export const DEFAULT_QUADRANTS: readonly Segment[] = [
  { id: 'techniques', name: 'Techniques', color: '#3db5be' },
  { id: 'tools', name: 'Tools', color: '#83ad78' },
  { id: 'platforms', name: 'Platforms', color: '#e88744' },
  { id: 'languages-and-frameworks', name: 'Languages & Frameworks', color: '#8d2145' },
];

export const DEFAULT_RINGS: readonly Segment[] = [
  { id: 'adopt', name: 'Adopt', color: '#5ba300' },
  { id: 'trial', name: 'Trial', color: '#009eb0' },
  { id: 'assess', name: 'Assess', color: '#c7ba00' },
  { id: 'hold', name: 'Hold', color: '#e09b96' },
];

/**
 * The lifecycle a technology imported into one of Thoughtworks' rings starts with, by ring slug; a radar's ring can
 * set its own (Segment.lifecycle), and any other ring starts at discovery.
 */
export const RING_LIFECYCLES: Readonly<Record<string, TechnologyStatus>> = {
  adopt: 'integrated',
  trial: 'evaluation',
  assess: 'research',
  hold: 'archived',
  caution: 'archived',
};

const QUADRANT_PALETTE = ['#3db5be', '#83ad78', '#e88744', '#8d2145', '#6b5b95', '#feb236', '#d64161', '#4f6d7a'];

const RING_PALETTE = ['#5ba300', '#009eb0', '#c7ba00', '#e09b96', '#9e9e9e', '#6d4c41'];

/** A segment id from a name: lower-case words joined by dashes ("Languages & Frameworks" → languages-and-frameworks). */
export function segmentSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug === '' ? 'segment' : slug;
}

/**
 * Turns the client's list into segments: ids kept, taken from the existing segment of the same name, or derived
 * from the name (made unique); colours defaulted from a palette by position. Names and ids must be unique within the list; every problem is reported with its pointer.
 */
export function normalizeSegments(
  input: readonly SegmentInputValue[],
  kind: 'quadrants' | 'rings',
  existing: readonly Segment[] = [],
): { segments: Segment[]; errors: FieldError[] } {
  const palette = kind === 'quadrants' ? QUADRANT_PALETTE : RING_PALETTE;
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  // Explicit ids are claimed first, so a derived id never takes one the client chose for another segment.
  for (const segment of input) if (segment.id !== undefined) ids.add(segment.id);
  const explicit = new Set<string>();
  const segments = input.map((segment, index) => {
    const name = segment.name.trim();
    if (name === '') errors.push({ pointer: `/body/${kind}/${index}/name`, detail: 'must not be blank' });
    if (names.has(name.toLowerCase())) {
      errors.push({ pointer: `/body/${kind}/${index}/name`, detail: `"${name}" appears twice` });
    }
    names.add(name.toLowerCase());
    let id = segment.id;
    if (id !== undefined) {
      if (explicit.has(id)) errors.push({ pointer: `/body/${kind}/${index}/id`, detail: `"${id}" appears twice` });
      explicit.add(id);
    } else {
      // A segment sent without its id but with its current name keeps its id (and so its blips).
      const same = existing.find((segment) => segment.name.toLowerCase() === name.toLowerCase());
      const base = same !== undefined && !ids.has(same.id) ? same.id : segmentSlug(name);
      id = base;
      for (let suffix = 2; ids.has(id); suffix++) id = `${base.slice(0, 36)}-${suffix}`;
      ids.add(id);
    }
    const color = (segment.color ?? palette[index % palette.length]!).toLowerCase();
    return kind === 'rings' && segment.lifecycle !== undefined
      ? { id, name, color, lifecycle: segment.lifecycle }
      : { id, name, color };
  });
  return { segments, errors };
}

/** A segment's id and name; an id no longer in the radar keeps the id as its name. */
export function segmentRef(segments: readonly Segment[], id: string): { id: string; name: string } {
  return { id, name: segments.find((segment) => segment.id === id)?.name ?? id };
}
