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

/** Radar radius as a share of `size` (the rest is a thin margin so strokes are not clipped). */
const OUTER = 0.49;
/** Largest and smallest blip radius, as shares of `size`. */
const BLIP_MAX = 0.016;
const BLIP_MIN = 0.005;
/** Free space between two blips, as a share of the blip radius. */
const GAP = 0.3;
/** Space between a blip's edge and a ring circle or sector line, as a share of the blip radius. */
const EDGE = 0.45;
/** Bands filled beyond this share of their lattice capacity are placed on the lattice rather than by sampling. */
const SAMPLING_FILL = 0.55;
/** Radius selection aims for this share of lattice capacity, so sampling has room (falls back to 1.0). */
const COMFORT_FILL = 0.85;
/** Half-width of the blip-free corridor along the 9 o'clock line for the ring names, as a share of `size`. */
const LABEL_CORRIDOR = 0.011;
const CANDIDATES = 28;
const RELAX_SWEEPS = 16;

const TAU = Math.PI * 2;
const START_ANGLE = -Math.PI;

// ---------------------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** FNV-1a over UTF-16 code units, then a final avalanche: a 32-bit seed from a string. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** mulberry32: small, fast, good enough for scattering points. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Geometry of a band (annular sector) shrunk by the inset

interface Band {
  startAngle: number;
  sweep: number;
  innerRadius: number;
  outerRadius: number;
  /** Half-width of the ring-name strip along the 9 o'clock line, which no footprint may enter. */
  corridor: number;
}

interface Point {
  x: number;
  y: number;
}

/** Angle of (x, y) measured from the band's start, in [0, 2π). */
function angleFrom(start: number, x: number, y: number): number {
  const angle = Math.atan2(y, x) - start;
  return ((angle % TAU) + TAU) % TAU;
}

/**
 * How far (x, y) (relative to the centre) lies inside the band shrunk by the inset of `m`: ≥ 0 inside, < 0 outside.
 * Sector edges count by the distance to their line, which for sectors of at most 180° separates neighbouring sectors.
 * The ring-name strip {x ≤ 0, |y| ≤ corridor} counts for every band, by the distance from its rectangle to the
 * footprint's edge: the sectors bordering the 9 o'clock line are not the only ones that reach it (with 6 quadrants,
 * the sector from 60° to 120° comes within 2 blip radii of it next to the centre).
 */
function slack(band: Band, m: Metrics, x: number, y: number): number {
  const rho = Math.hypot(x, y);
  const phi = angleFrom(band.startAngle, x, y);
  if (phi > band.sweep) return -1;
  const toStart = rho * Math.sin(phi);
  const toEnd = rho * Math.sin(band.sweep - phi);
  const toInner = band.innerRadius === 0 ? Number.POSITIVE_INFINITY : rho - band.innerRadius;
  const toOuter = band.outerRadius - rho;
  const beside = Math.max(0, Math.abs(y) - band.corridor);
  // Distance from the strip to the footprint's edge, shifted by the inset that is taken off below.
  const toStrip = (x <= 0 ? beside : Math.hypot(x, beside)) - m.radius + m.inset;
  return Math.min(toStart, toEnd, toInner, toOuter, toStrip) - m.inset;
}

function boundingBox(band: Band): { minX: number; minY: number; maxX: number; maxY: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (angle: number, radius: number) => {
    xs.push(Math.cos(angle) * radius);
    ys.push(Math.sin(angle) * radius);
  };
  const end = band.startAngle + band.sweep;
  for (const angle of [band.startAngle, end]) {
    add(angle, band.innerRadius);
    add(angle, band.outerRadius);
  }
  // Axis directions crossed by the sector reach the outer circle's extremes.
  for (let k = -4; k <= 8; k++) {
    const axis = (k * Math.PI) / 2;
    if (axis > band.startAngle && axis < end) add(axis, band.outerRadius);
  }
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** Points of a hexagonal lattice with the spacing of `m` inside the band shrunk by its inset. */
function latticePoints(band: Band, m: Metrics, offset: Point): Point[] {
  const spacing = m.spacing;
  const box = boundingBox(band);
  const rowHeight = (spacing * Math.sqrt(3)) / 2;
  const points: Point[] = [];
  const firstRow = Math.floor((box.minY - offset.y) / rowHeight);
  const lastRow = Math.ceil((box.maxY - offset.y) / rowHeight);
  for (let row = firstRow; row <= lastRow; row++) {
    const y = offset.y + row * rowHeight;
    const shift = (row & 1) === 0 ? 0 : spacing / 2;
    const firstColumn = Math.floor((box.minX - offset.x - shift) / spacing);
    const lastColumn = Math.ceil((box.maxX - offset.x - shift) / spacing);
    for (let column = firstColumn; column <= lastColumn; column++) {
      const x = offset.x + shift + column * spacing;
      if (slack(band, m, x, y) >= 0) points.push({ x, y });
    }
  }
  return points;
}

/** A uniformly distributed point of the band shrunk by the inset, or undefined when 40 draws all missed. */
function samplePoint(band: Band, m: Metrics, next: () => number): Point | undefined {
  const inset = m.inset;
  const low = band.innerRadius + (band.innerRadius === 0 ? 0 : inset);
  const high = band.outerRadius - inset;
  if (high <= low) return undefined;
  for (let attempt = 0; attempt < 40; attempt++) {
    const rho = Math.sqrt(low * low + next() * (high * high - low * low));
    const angle = band.startAngle + next() * band.sweep;
    const x = Math.cos(angle) * rho;
    const y = Math.sin(angle) * rho;
    if (slack(band, m, x, y) >= 0) return { x, y };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Radius and placement

interface Metrics {
  radius: number;
  /** Minimum centre distance. */
  spacing: number;
  inset: number;
}

function metrics(radius: number): Metrics {
  return { radius, spacing: radius * (2 + GAP), inset: radius * (1 + EDGE) };
}

function latticeOffset(key: string, spacing: number): Point {
  const next = random(hashString(`lattice:${key}`));
  return { x: next() * spacing, y: next() * spacing };
}

function capacity(band: Band, key: string, radius: number): number {
  const m = metrics(radius);
  return latticePoints(band, m, latticeOffset(key, m.spacing)).length;
}

/** The largest radius in [low, high] at which the band's lattice holds `count` points (low when none does). */
function fittingRadius(band: Band, key: string, count: number, low: number, high: number): number {
  if (capacity(band, key, high) >= count) return high;
  if (capacity(band, key, low) < count) return low;
  let fits = low;
  let fails = high;
  for (let step = 0; step < 18 && fails - fits > fits * 0.002; step++) {
    const middle = (fits + fails) / 2;
    if (capacity(band, key, middle) >= count) fits = middle;
    else fails = middle;
  }
  return fits;
}

function minDistanceTo(point: Point, others: readonly Point[], skip = -1): number {
  let best = Number.POSITIVE_INFINITY;
  for (let index = 0; index < others.length; index++) {
    if (index === skip) continue;
    const other = others[index]!;
    const distance = Math.hypot(point.x - other.x, point.y - other.y);
    if (distance < best) best = distance;
  }
  return best;
}

/** Best-candidate sampling: each blip takes, of its own seeded candidates, the one farthest from those placed. */
function sampleBand(band: Band, m: Metrics, ids: readonly string[]): Point[] | undefined {
  const placed: Point[] = [];
  for (const id of ids) {
    const next = random(hashString(`blip:${id}`));
    let best: Point | undefined;
    let bestScore = -1;
    for (let candidate = 0; candidate < CANDIDATES; candidate++) {
      const point = samplePoint(band, m, next);
      if (point === undefined) continue;
      const nearest = minDistanceTo(point, placed);
      if (nearest < m.spacing) continue;
      // Far from the others first; a little room from the band's edges breaks ties in sparse bands.
      const score = Math.min(nearest, m.spacing * 3) + slack(band, m, point.x, point.y) * 0.5;
      if (score > bestScore) {
        bestScore = score;
        best = point;
      }
    }
    if (best === undefined) return undefined;
    placed.push(best);
  }
  return placed;
}

/** Farthest-point selection of `count` lattice points, starting with the one nearest the band's middle. */
function latticeBand(band: Band, key: string, m: Metrics, count: number): Point[] {
  const points = latticePoints(band, m, latticeOffset(key, m.spacing));
  if (points.length <= count) return points;
  const middleAngle = band.startAngle + band.sweep / 2;
  const middleRadius = band.innerRadius === 0 ? band.outerRadius * 0.55 : (band.innerRadius + band.outerRadius) / 2;
  const middle = { x: Math.cos(middleAngle) * middleRadius, y: Math.sin(middleAngle) * middleRadius };
  const nearest = new Float64Array(points.length).fill(Number.POSITIVE_INFINITY);
  const taken = new Uint8Array(points.length);
  const chosen: Point[] = [];
  let pick = 0;
  let pickDistance = Number.POSITIVE_INFINITY;
  points.forEach((point, index) => {
    const distance = Math.hypot(point.x - middle.x, point.y - middle.y);
    if (distance < pickDistance) {
      pickDistance = distance;
      pick = index;
    }
  });
  while (chosen.length < count) {
    const point = points[pick]!;
    taken[pick] = 1;
    chosen.push(point);
    let farthest = -1;
    let farthestDistance = -1;
    for (let index = 0; index < points.length; index++) {
      if (taken[index] === 1) continue;
      const other = points[index]!;
      const distance = Math.hypot(other.x - point.x, other.y - point.y);
      if (distance < nearest[index]!) nearest[index] = distance;
      if (nearest[index]! > farthestDistance) {
        farthestDistance = nearest[index]!;
        farthest = index;
      }
    }
    if (farthest === -1) break;
    pick = farthest;
  }
  return chosen;
}

/**
 * A few sweeps of short-range repulsion (from neighbours closer than two spacings and from the band's edges). A move
 * is kept only when the blip stays inside the band and at least one spacing from every other blip, so relaxation
 * can only even things out, never break a guarantee.
 */
function relax(band: Band, m: Metrics, points: Point[]): void {
  const reach = m.spacing * 2;
  for (let sweep = 0; sweep < RELAX_SWEEPS; sweep++) {
    let moved = false;
    for (let index = 0; index < points.length; index++) {
      const point = points[index]!;
      let dx = 0;
      let dy = 0;
      for (let other = 0; other < points.length; other++) {
        if (other === index) continue;
        const ox = point.x - points[other]!.x;
        const oy = point.y - points[other]!.y;
        const distance = Math.hypot(ox, oy);
        if (distance >= reach || distance === 0) continue;
        const push = (reach - distance) / reach;
        dx += (ox / distance) * push;
        dy += (oy / distance) * push;
      }
      // Edges push as much as a neighbour at the same distance would (measured by the numerical gradient of slack).
      const room = slack(band, m, point.x, point.y);
      if (room < m.spacing) {
        const h = m.radius * 0.05;
        const gx = (slack(band, m, point.x + h, point.y) - slack(band, m, point.x - h, point.y)) / (2 * h);
        const gy = (slack(band, m, point.x, point.y + h) - slack(band, m, point.x, point.y - h)) / (2 * h);
        const push = (m.spacing - room) / m.spacing;
        dx += gx * push;
        dy += gy * push;
      }
      const length = Math.hypot(dx, dy);
      if (length < 1e-6) continue;
      const step = Math.min(length, 1) * m.spacing * 0.2;
      const candidate = { x: point.x + (dx / length) * step, y: point.y + (dy / length) * step };
      if (slack(band, m, candidate.x, candidate.y) < 0) continue;
      if (minDistanceTo(candidate, points, index) < m.spacing) continue;
      points[index] = candidate;
      moved = true;
    }
    if (!moved) break;
  }
}

interface Cell {
  key: string;
  quadrantIndex: number;
  ringIndex: number;
  band: Band;
  /** Blip ids in legend order. */
  ids: string[];
}

interface Attempt {
  positions: Map<string, { point: Point; inBand: boolean }>;
  complete: boolean;
  /** Whether some band could not hold its blips, so that some of them spilled (or found no place at all). */
  overflowed: boolean;
}

/** Places every cell at `radius`; overflow goes to the nearest free lattice points of the same sector. */
function place(cells: readonly Cell[], radius: number): Attempt {
  const m = metrics(radius);
  const positions = new Map<string, { point: Point; inBand: boolean }>();
  const overflow: Cell[] = [];
  for (const cell of cells) {
    const count = cell.ids.length;
    if (count === 0) continue;
    const fill = count / Math.max(1, capacity(cell.band, cell.key, radius));
    let points = fill <= SAMPLING_FILL ? sampleBand(cell.band, m, cell.ids) : undefined;
    points ??= latticeBand(cell.band, cell.key, m, count);
    // The lattice may miss a thin band that still has room (its capacity jumps with the radius): sample it instead.
    if (points.length < count) points = sampleBand(cell.band, m, cell.ids) ?? points;
    relax(cell.band, m, points);
    points.forEach((point, index) => {
      positions.set(cell.ids[index]!, { point, inBand: true });
    });
    if (points.length < count) overflow.push({ ...cell, ids: cell.ids.slice(points.length) });
  }
  let complete = true;
  for (const cell of overflow) {
    const placed = [...positions.values()].map((entry) => entry.point);
    const bandMiddle = (cell.band.innerRadius + cell.band.outerRadius) / 2;
    // Free lattice points of every band of the sector (kept off ring lines), nearest to the blip's own band first.
    const free = cells
      .filter((other) => other.quadrantIndex === cell.quadrantIndex)
      .flatMap((other) =>
        latticePoints(other.band, m, latticeOffset(`spill:${other.key}`, m.spacing)).map((point) => {
          const rho = Math.hypot(point.x, point.y);
          const outside = Math.max(0, cell.band.innerRadius - rho, rho - cell.band.outerRadius);
          return { point, outside, middle: Math.abs(rho - bandMiddle), inBand: other.key === cell.key };
        }),
      )
      .filter((entry) => minDistanceTo(entry.point, placed) >= m.spacing)
      .sort((a, b) => a.outside - b.outside || a.middle - b.middle);
    let next = 0;
    for (const id of cell.ids) {
      let spot: (typeof free)[number] | undefined;
      while (next < free.length && spot === undefined) {
        const candidate = free[next++]!;
        if (minDistanceTo(candidate.point, placed) >= m.spacing) spot = candidate;
      }
      if (spot === undefined) {
        complete = false;
        break;
      }
      placed.push(spot.point);
      positions.set(id, { point: spot.point, inBand: spot.inBand });
    }
    if (!complete) break;
  }
  return { positions, complete, overflowed: overflow.length > 0 };
}

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
