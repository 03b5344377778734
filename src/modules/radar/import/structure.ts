import { RADAR_LIMITS } from '../layout.js';
import { normalizeSegments } from '../structure/segments.js';
import type { Segment } from '../tables.js';
import { ImportFileError, type ParsedImport } from './parse.js';
import { fileSegmentKey } from './plan.js';

// Thoughtworks' rings, innermost first: a file that only names rings in its rows gets them in this order.
const KNOWN_RING_ORDER = ['adopt', 'trial', 'assess', 'hold', 'caution'];

/** The file's quadrants or rings: its declared names, else the names its rows use (a bare index as "Ring N"). */
function fileSegments(values: ReadonlyArray<string | number>, declared: readonly string[], noun: string): string[] {
  if (declared.length > 0 && declared.every((name) => name !== '')) return [...declared];
  const labels = new Map<string, string>();
  for (const value of values) {
    const { key, label } = fileSegmentKey(value, declared);
    if (!labels.has(key)) labels.set(key, typeof value === 'number' ? `${noun} ${value + 1}` : label);
  }
  return [...labels.values()];
}

/**
 * The structure of a new radar made from a file: its quadrants in the order they appear, its rings innermost first
 * (Thoughtworks' order where the names are theirs, else as they appear). Refused when it is outside what a radar can
 * hold (2–8 quadrants, 2–6 rings).
 */
export function structureOfFile(parsed: ParsedImport): { quadrants: Segment[]; rings: Segment[] } {
  const quadrantNames = fileSegments(
    parsed.entries.map((entry) => entry.quadrant),
    parsed.quadrantNames,
    'Quadrant',
  );
  const rank = (name: string) => {
    const index = KNOWN_RING_ORDER.indexOf(name.toLowerCase());
    return index === -1 ? KNOWN_RING_ORDER.length : index;
  };
  const ringNames = fileSegments(
    parsed.entries.map((entry) => entry.ring),
    parsed.ringNames,
    'Ring',
  );
  const orderedRings = parsed.ringNames.length > 0 ? ringNames : [...ringNames].sort((a, b) => rank(a) - rank(b));
  const problems: string[] = [];
  if (quadrantNames.length < RADAR_LIMITS.minQuadrants || quadrantNames.length > RADAR_LIMITS.maxQuadrants) {
    problems.push(
      `${quadrantNames.length} quadrants (a radar has ${RADAR_LIMITS.minQuadrants}–${RADAR_LIMITS.maxQuadrants})`,
    );
  }
  if (orderedRings.length < RADAR_LIMITS.minRings || orderedRings.length > RADAR_LIMITS.maxRings) {
    problems.push(`${orderedRings.length} rings (a radar has ${RADAR_LIMITS.minRings}–${RADAR_LIMITS.maxRings})`);
  }
  if (problems.length > 0) {
    throw new ImportFileError(
      `A new radar cannot take the file's structure: it has ${problems.join(' and ')}. Import into an existing ` +
        'radar and map its quadrants and rings instead.',
    );
  }
  const quadrants = normalizeSegments(
    quadrantNames.map((name) => ({ name: name.slice(0, 60) })),
    'quadrants',
  );
  const rings = normalizeSegments(
    orderedRings.map((name) => ({ name: name.slice(0, 60) })),
    'rings',
  );
  return { quadrants: quadrants.segments, rings: rings.segments };
}
