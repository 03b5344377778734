/**
 * Where every blip of a radar sits: a pure, deterministic function shared by the server (SVG export) and the web app.
 * No DOM, no dependencies, no clock, no Math.random: the same input always gives the same picture, so a re-render
 * never makes blips jump.
 *
 * Geometry (all in the input's `size` × `size` square, y pointing down as in SVG):
 * - the radar is a disc of radius `0.49 × size` around the square's centre;
 * - quadrants are equal angular sectors, the first starting at 9 o'clock and the others following clockwise (angles in
 *   radians, 0 = east, growing clockwise on screen);
 * - ring `i` of `n` ends at `R × (0.8·√(i/n) + 0.2·i/n)`: mostly equal-area (so each ring has room in proportion to
 *   its share of the disc) with the outer rings a little wider than pure equal-area would make them;
 * - a blip is a disc of `radius` (its whole footprint: circle, movement ring or triangle); any two blip centres are at
 *   least `minDistance = 2·radius + gap` apart, and each centre keeps `edgeInset` from its band's circles and from its
 *   sector's edge lines, so blips never touch a ring or a quadrant line and a free corridor runs along every sector edge;
 * - the strip of half-width `labelCorridor` along the 9 o'clock line (from the centre to the left edge), where the
 *   renderers put the ring names, is kept free of every footprint by every band: not only the two sectors bordering
 *   it, since with 5–8 quadrants a middle sector also reaches left of the centre and, near the apex, close to the line.
 *
 * Placement, per band (quadrant ∩ ring): one blip radius for the whole radar, the largest (up to 1.6 % of `size`) at
 * which the busiest band still fits its blips on a hexagonal lattice; then best-candidate sampling seeded from each
 * blip's id (lattice points, picked farthest-first, when the band is crowded), then a few relaxation sweeps that only
 * accept moves keeping every constraint. A band's lattice capacity does not fall monotonically with the radius (a
 * thin band can hold a lattice point at one radius and none at a slightly smaller one), so the chosen radius is only
 * a first guess: a band whose lattice comes up short is sampled instead, and if a band still cannot hold its blips
 * the radius shrinks, down to 0.5 % of `size`. Only there does the overflow spill to the nearest free lattice points
 * of the same sector (those blips have `inBand: false`). If even the sector is full, the radius shrinks further until
 * everything fits. Overlap is never traded away.
 */

import {
  type Band,
  BLIP_MAX,
  BLIP_MIN,
  type Cell,
  COMFORT_FILL,
  capacity,
  fittingRadius,
  LABEL_CORRIDOR,
  metrics,
  OUTER,
  place,
  START_ANGLE,
  TAU,
} from './layout-packing.js';

export type BlipMovement = 'new' | 'moved in' | 'moved out' | 'no change';

export interface RadarLayoutInput {
  /** 2–8 quadrants, in display order. */
  quadrants: ReadonlyArray<{ id: string; name: string }>;
  /** 2–6 rings, innermost first. */
  rings: ReadonlyArray<{ id: string; name: string }>;
  blips: ReadonlyArray<{
    id: string;
    quadrantId: string;
    ringId: string;
    label: string;
    movement?: BlipMovement;
    /** The blip's stored number; absent: numbered 1…n in legend order. */
    number?: number;
  }>;
  /** Side of the square the radar is laid out in (SVG user units). */
  size: number;
}

export interface PlacedBlip {
  id: string;
  x: number;
  y: number;
  /** The blip's own number, or 1…n in legend order (quadrant, then ring, then label) when it has none. */
  number: number;
  quadrantIndex: number;
  ringIndex: number;
  /** Footprint radius: everything drawn for the blip stays inside it. */
  radius: number;
  /** False only for a blip whose band could not hold it even at the smallest radius (it sits in a nearby ring). */
  inBand: boolean;
}

export interface RadarLayout {
  size: number;
  center: { x: number; y: number };
  outerRadius: number;
  blipRadius: number;
  /** Smallest allowed distance between two blip centres: 2 × blipRadius + gap. */
  minDistance: number;
  /** Distance every blip centre keeps from its band's circles and its sector's edge lines. */
  edgeInset: number;
  /**
   * Half-width of the strip along the 9 o'clock line (from the centre to the left edge) that no blip's footprint
   * enters: room for the ring names.
   */
  labelCorridor: number;
  /** In legend order. */
  blips: PlacedBlip[];
  rings: Array<{ ringIndex: number; innerRadius: number; outerRadius: number }>;
  quadrants: Array<{ index: number; startAngle: number; endAngle: number }>;
  legend: Array<{
    quadrantId: string;
    entries: Array<{ number: number; label: string; ringId: string; blipId: string }>;
  }>;
}

export const RADAR_LIMITS = { minQuadrants: 2, maxQuadrants: 8, minRings: 2, maxRings: 6 } as const;

/**
 * Case-insensitive "natural" order (Go 2 before Go 10) without locale data, so the server's export and every browser
 * number blips the same way.
 */
export function compareLabels(a: string, b: string): number {
  const chunks = (text: string) => text.toLowerCase().match(/\d+|\D+/g) ?? [];
  const left = chunks(a);
  const right = chunks(b);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const x = left[index]!;
    const y = right[index]!;
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric) {
      const shortX = x.replace(/^0+/, '');
      const shortY = y.replace(/^0+/, '');
      if (shortX.length !== shortY.length) return shortX.length - shortY.length;
      if (shortX !== shortY) return shortX < shortY ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Outer radius of each ring: mostly equal-area, a little wider outside (see the file comment). */
export function ringRadii(ringCount: number, outerRadius: number): number[] {
  return Array.from({ length: ringCount }, (_, index) => {
    const share = (index + 1) / ringCount;
    return outerRadius * (0.8 * Math.sqrt(share) + 0.2 * share);
  });
}

/** Lays out a radar; throws a RangeError for counts out of range, unknown quadrant/ring ids or duplicate blip ids. */
export function layoutRadar(input: RadarLayoutInput): RadarLayout {
  const { quadrants, rings, blips, size } = input;
  if (!(Number.isFinite(size) && size > 0)) throw new RangeError(`size must be a positive number, got ${size}`);
  if (quadrants.length < RADAR_LIMITS.minQuadrants || quadrants.length > RADAR_LIMITS.maxQuadrants) {
    throw new RangeError(`a radar has 2–8 quadrants, got ${quadrants.length}`);
  }
  if (rings.length < RADAR_LIMITS.minRings || rings.length > RADAR_LIMITS.maxRings) {
    throw new RangeError(`a radar has 2–6 rings, got ${rings.length}`);
  }
  const quadrantIndex = new Map(quadrants.map((quadrant, index) => [quadrant.id, index]));
  const ringIndex = new Map(rings.map((ring, index) => [ring.id, index]));
  if (quadrantIndex.size !== quadrants.length) throw new RangeError('quadrant ids must be unique');
  if (ringIndex.size !== rings.length) throw new RangeError('ring ids must be unique');

  const center = { x: size / 2, y: size / 2 };
  const outerRadius = size * OUTER;
  const sweep = TAU / quadrants.length;
  const outer = ringRadii(rings.length, outerRadius);
  const ringBands = outer.map((radius, index) => ({ innerRadius: index === 0 ? 0 : outer[index - 1]!, radius }));

  // Legend order: quadrant, ring, label (case-insensitive, locale-independent so server and browser agree), id.
  const seen = new Set<string>();
  const ordered = blips.map((blip) => {
    if (seen.has(blip.id)) throw new RangeError(`duplicate blip id ${blip.id}`);
    seen.add(blip.id);
    const q = quadrantIndex.get(blip.quadrantId);
    const r = ringIndex.get(blip.ringId);
    if (q === undefined) throw new RangeError(`blip ${blip.id} names unknown quadrant ${blip.quadrantId}`);
    if (r === undefined) throw new RangeError(`blip ${blip.id} names unknown ring ${blip.ringId}`);
    return { blip, q, r };
  });
  ordered.sort(
    (a, b) =>
      a.q - b.q ||
      a.r - b.r ||
      compareLabels(a.blip.label, b.blip.label) ||
      (a.blip.id < b.blip.id ? -1 : a.blip.id > b.blip.id ? 1 : 0),
  );

  // The 9 o'clock line (start of the first sector, end of the last) carries the ring names.
  const corridor = size * LABEL_CORRIDOR;
  const sectors: Band[] = quadrants.map((_, index) => ({
    startAngle: START_ANGLE + index * sweep,
    sweep,
    innerRadius: 0,
    outerRadius,
    corridor,
  }));
  const cells: Cell[] = [];
  for (let q = 0; q < quadrants.length; q++) {
    for (let r = 0; r < rings.length; r++) {
      cells.push({
        key: `${quadrants[q]!.id}\u0000${rings[r]!.id}`,
        quadrantIndex: q,
        ringIndex: r,
        band: { ...sectors[q]!, innerRadius: ringBands[r]!.innerRadius, outerRadius: ringBands[r]!.radius },
        ids: [],
      });
    }
  }
  for (const { blip, q, r } of ordered) cells[q * rings.length + r]!.ids.push(blip.id);

  // One radius for the whole radar: the busiest band decides, comfortably if it can, tightly if it must.
  const maxRadius = size * BLIP_MAX;
  const minRadius = size * BLIP_MIN;
  let radius = maxRadius;
  for (const cell of cells) {
    const count = cell.ids.length;
    if (count === 0) continue;
    // Room to spare makes sampling look natural, but never at the price of blips much smaller than a tight fit.
    const tight = fittingRadius(cell.band, cell.key, count, minRadius, maxRadius);
    const comfortable = fittingRadius(cell.band, cell.key, Math.ceil(count / COMFORT_FILL), minRadius, maxRadius);
    const candidate = Math.max(comfortable, tight * 0.9);
    const fitted = capacity(cell.band, cell.key, candidate) >= count ? candidate : tight;
    radius = Math.min(radius, fitted);
  }

  let attempt = place(cells, radius);
  // Capacity is not monotonic in the radius, so the busiest band's radius may leave another band without room: shrink
  // until every band holds its blips, spilling only at the smallest radius. A sector that cannot hold its blips even
  // with spilling shrinks further until it can (never reached below ~200 per sector).
  while (!attempt.complete || (attempt.overflowed && radius > minRadius)) {
    radius = radius > minRadius ? Math.max(minRadius, radius * 0.9) : radius * 0.9;
    attempt = place(cells, radius);
  }

  const m = metrics(radius);
  const placedBlips: PlacedBlip[] = ordered.map(({ blip, q, r }, index) => {
    const position = attempt.positions.get(blip.id)!;
    return {
      id: blip.id,
      x: center.x + position.point.x,
      y: center.y + position.point.y,
      number: blip.number ?? index + 1,
      quadrantIndex: q,
      ringIndex: r,
      radius,
      inBand: position.inBand,
    };
  });

  return {
    size,
    center,
    outerRadius,
    blipRadius: radius,
    minDistance: m.spacing,
    edgeInset: m.inset,
    labelCorridor: corridor,
    blips: placedBlips,
    rings: ringBands.map((band, index) => ({
      ringIndex: index,
      innerRadius: band.innerRadius,
      outerRadius: band.radius,
    })),
    quadrants: sectors.map((sector, index) => ({
      index,
      startAngle: sector.startAngle,
      endAngle: sector.startAngle + sector.sweep,
    })),
    legend: quadrants.map((quadrant, q) => ({
      quadrantId: quadrant.id,
      entries: placedBlips
        .map((blip, index) => ({ blip, label: ordered[index]!.blip.label }))
        .filter(({ blip }) => blip.quadrantIndex === q)
        .map(({ blip, label }) => ({
          number: blip.number,
          label,
          ringId: rings[blip.ringIndex]!.id,
          blipId: blip.id,
        })),
    })),
  };
}
