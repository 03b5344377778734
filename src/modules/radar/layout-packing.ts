/**
 * How layoutRadar packs blips into their bands: deterministic randomness, the geometry of a band, the blip radius
 * and the placement itself (see layout.ts for the rules it keeps).
 */
/** Radar radius as a share of `size` (the rest is a thin margin so strokes are not clipped). */
export const OUTER = 0.49;
/** Largest and smallest blip radius, as shares of `size`. */
export const BLIP_MAX = 0.016;
export const BLIP_MIN = 0.005;
/** Free space between two blips, as a share of the blip radius. */
const GAP = 0.3;
/** Space between a blip's edge and a ring circle or sector line, as a share of the blip radius. */
const EDGE = 0.45;
/** Bands filled beyond this share of their lattice capacity are placed on the lattice rather than by sampling. */
const SAMPLING_FILL = 0.55;
/** Radius selection aims for this share of lattice capacity, so sampling has room (falls back to 1.0). */
export const COMFORT_FILL = 0.85;
/** Half-width of the blip-free corridor along the 9 o'clock line for the ring names, as a share of `size`. */
export const LABEL_CORRIDOR = 0.011;
const CANDIDATES = 28;
const RELAX_SWEEPS = 16;

export const TAU = Math.PI * 2;
export const START_ANGLE = -Math.PI;

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

export interface Band {
  startAngle: number;
  sweep: number;
  innerRadius: number;
  outerRadius: number;
  /** Half-width of the ring-name strip along the 9 o'clock line, which no footprint may enter. */
  corridor: number;
}

export interface Point {
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

export function metrics(radius: number): Metrics {
  return { radius, spacing: radius * (2 + GAP), inset: radius * (1 + EDGE) };
}

function latticeOffset(key: string, spacing: number): Point {
  const next = random(hashString(`lattice:${key}`));
  return { x: next() * spacing, y: next() * spacing };
}

export function capacity(band: Band, key: string, radius: number): number {
  const m = metrics(radius);
  return latticePoints(band, m, latticeOffset(key, m.spacing)).length;
}

/** The largest radius in [low, high] at which the band's lattice holds `count` points (low when none does). */
export function fittingRadius(band: Band, key: string, count: number, low: number, high: number): number {
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

export interface Cell {
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
export function place(cells: readonly Cell[], radius: number): Attempt {
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
