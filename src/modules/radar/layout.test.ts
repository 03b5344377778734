import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareLabels, layoutRadar, type RadarLayout, type RadarLayoutInput } from './layout.js';

/**
 * The layout's promises, checked on random radars and on the crowded cases that break naive layouts. Geometry is
 * compared exactly except for a floating-point allowance of 1e-9 units (the layout itself compares with the same
 * Math.hypot it is checked with; the allowance only absorbs re-deriving angles and radii here).
 */
const EPSILON = 1e-9;
const MIN_RADIUS_SHARE = 0.005;

function quadrantsOf(count: number) {
  return Array.from({ length: count }, (_, index) => ({ id: `q${index}`, name: `Quadrant ${index}` }));
}

function ringsOf(count: number) {
  return Array.from({ length: count }, (_, index) => ({ id: `r${index}`, name: `Ring ${index}` }));
}

function blipsIn(count: number, place: (index: number) => [number, number], prefix = 'b') {
  return Array.from({ length: count }, (_, index) => {
    const [quadrant, ring] = place(index);
    return { id: `${prefix}${index}`, quadrantId: `q${quadrant}`, ringId: `r${ring}`, label: `Technology ${index}` };
  });
}

function minimumDistance(layout: RadarLayout): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < layout.blips.length; i++) {
    for (let j = i + 1; j < layout.blips.length; j++) {
      const a = layout.blips[i]!;
      const b = layout.blips[j]!;
      best = Math.min(best, Math.hypot(a.x - b.x, a.y - b.y));
    }
  }
  return best;
}

/** Distance of a blip centre to its quadrant's two edge lines, and whether its angle lies inside the quadrant. */
function sectorPosition(layout: RadarLayout, blip: RadarLayout['blips'][number]) {
  const quadrant = layout.quadrants[blip.quadrantIndex]!;
  const dx = blip.x - layout.center.x;
  const dy = blip.y - layout.center.y;
  const rho = Math.hypot(dx, dy);
  const sweep = quadrant.endAngle - quadrant.startAngle;
  const phi = (((Math.atan2(dy, dx) - quadrant.startAngle) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  return {
    rho,
    inside: phi <= sweep + EPSILON,
    toEdges: Math.min(rho * Math.sin(phi), rho * Math.sin(sweep - phi)),
  };
}

/** Every promise of the layout for one input; returns the layout for further checks. */
function checkLayout(input: RadarLayoutInput): RadarLayout {
  const layout = layoutRadar(input);
  const n = input.blips.length;
  expect(layout.blips).toHaveLength(n);

  // Sizes: the gap is real, the radius within bounds (smaller than the minimum only when a sector is overfull).
  expect(layout.minDistance).toBeGreaterThan(2 * layout.blipRadius);
  expect(layout.blipRadius).toBeLessThanOrEqual(input.size * 0.016 + EPSILON);

  // No overlaps: every pair of centres at least 2 × radius + gap apart.
  if (n > 1) expect(minimumDistance(layout)).toBeGreaterThanOrEqual(layout.minDistance - EPSILON);

  for (const blip of layout.blips) {
    const source = input.blips.find((candidate) => candidate.id === blip.id)!;
    expect(input.quadrants[blip.quadrantIndex]!.id).toBe(source.quadrantId);
    expect(input.rings[blip.ringIndex]!.id).toBe(source.ringId);
    expect(blip.radius).toBe(layout.blipRadius);
    // Inside its quadrant, the whole footprint clear of the quadrant's lines.
    const sector = sectorPosition(layout, blip);
    expect(sector.inside).toBe(true);
    expect(sector.toEdges).toBeGreaterThanOrEqual(layout.edgeInset - EPSILON);
    expect(sector.rho).toBeLessThanOrEqual(layout.outerRadius - layout.edgeInset + EPSILON);
    // Inside its ring's band, clear of both circles, unless it spilled.
    const ring = layout.rings[blip.ringIndex]!;
    if (blip.inBand) {
      if (ring.innerRadius > 0)
        expect(sector.rho).toBeGreaterThanOrEqual(ring.innerRadius + layout.edgeInset - EPSILON);
      expect(sector.rho).toBeLessThanOrEqual(ring.outerRadius - layout.edgeInset + EPSILON);
    }
  }
  // Spilling happens only once the radius is down to its minimum.
  if (layout.blips.some((blip) => !blip.inBand)) {
    expect(layout.blipRadius).toBeLessThanOrEqual(input.size * MIN_RADIUS_SHARE + EPSILON);
  }

  // The ring-name corridor along the 9 o'clock line (the strip x ≤ centre, |y − centre| ≤ labelCorridor) is free of
  // every footprint, including the footprint of a blip centred just right of the centre.
  expect(layout.labelCorridor).toBeGreaterThan(0);
  for (const blip of layout.blips) {
    const dx = blip.x - layout.center.x;
    const beside = Math.max(0, Math.abs(blip.y - layout.center.y) - layout.labelCorridor);
    expect(dx <= 0 ? beside : Math.hypot(dx, beside)).toBeGreaterThanOrEqual(blip.radius - EPSILON);
  }

  // Numbers 1..n, unique, in legend order (quadrant, ring, label).
  expect(layout.blips.map((blip) => blip.number)).toEqual(Array.from({ length: n }, (_, index) => index + 1));
  const legendNumbers = layout.legend.flatMap((group) => group.entries.map((entry) => entry.number));
  expect(legendNumbers).toEqual(Array.from({ length: n }, (_, index) => index + 1));
  expect(layout.legend.map((group) => group.quadrantId)).toEqual(input.quadrants.map((quadrant) => quadrant.id));
  for (let index = 1; index < n; index++) {
    const before = layout.blips[index - 1]!;
    const after = layout.blips[index]!;
    const labelBefore = input.blips.find((blip) => blip.id === before.id)!.label;
    const labelAfter = input.blips.find((blip) => blip.id === after.id)!.label;
    const order =
      before.quadrantIndex - after.quadrantIndex ||
      before.ringIndex - after.ringIndex ||
      compareLabels(labelBefore, labelAfter);
    expect(order).toBeLessThanOrEqual(0);
  }
  return layout;
}

const radarArbitrary = fc
  .record({
    quadrantCount: fc.integer({ min: 2, max: 8 }),
    ringCount: fc.integer({ min: 2, max: 6 }),
    // How much of the radar crowds into one band: 0 = uniform, 1 = every blip in the hot band.
    skew: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1)),
    hot: fc.tuple(fc.nat(), fc.nat()),
    size: fc.constantFrom(320, 600, 800, 1000),
    blips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), fc.nat(), fc.string()), {
      maxLength: 150,
      size: 'max',
    }),
  })
  .map(({ quadrantCount, ringCount, skew, hot, size, blips }) => ({
    quadrants: quadrantsOf(quadrantCount),
    rings: ringsOf(ringCount),
    size,
    blips: blips.map(([draw, q, r, label], index) => {
      const crowded = draw < skew;
      return {
        id: `blip-${index}`,
        quadrantId: `q${(crowded ? hot[0] : q) % quadrantCount}`,
        ringId: `r${(crowded ? hot[1] : r) % ringCount}`,
        label,
      };
    }),
  }));

describe('layoutRadar', () => {
  it('keeps every promise on random radars (2–8 quadrants, 2–6 rings, 0–150 blips, skewed)', () => {
    fc.assert(
      fc.property(radarArbitrary, (input) => {
        checkLayout(input);
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('keeps every promise on a sparse 5×6 radar at size 320 (fast-check seed -765370970)', () => {
    checkLayout({
      quadrants: quadrantsOf(5),
      rings: ringsOf(6),
      size: 320,
      blips: [
        { id: 'blip-0', quadrantId: 'q0', ringId: 'r5', label: '' },
        { id: 'blip-1', quadrantId: 'q3', ringId: 'r5', label: '' },
        { id: 'blip-2', quadrantId: 'q3', ringId: 'r5', label: '' },
      ],
    });
  });

  it('keeps the ring-name corridor free in a middle sector that reaches left of the centre (6 quadrants)', () => {
    // The sector from 60° to 120° is not bordered by the 9 o'clock line, yet next to the centre it comes within two
    // blip radii of it; this ring id puts a lattice point there.
    const rings = ringsOf(6);
    rings[0] = { id: 'inner58', name: 'Inner' };
    const blips = blipsIn(120, () => [4, 0]).map((blip) => ({ ...blip, ringId: 'inner58' }));
    const layout = checkLayout({ quadrants: quadrantsOf(6), rings, size: 800, blips });
    expect(layout.blips.some((blip) => blip.x < layout.center.x)).toBe(true);
  });

  it('is deterministic and does not depend on the order blips arrive in', () => {
    fc.assert(
      fc.property(radarArbitrary, fc.integer(), (input, seed) => {
        const first = layoutRadar(input);
        expect(layoutRadar(structuredClone(input))).toEqual(first);
        const shuffled = [...input.blips];
        let state = seed >>> 0;
        for (let index = shuffled.length - 1; index > 0; index--) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const other = state % (index + 1);
          [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
        }
        expect(layoutRadar({ ...input, blips: shuffled })).toEqual(first);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('places 150 blips all in one quadrant, spread over its rings, without overlap and inside their bands', () => {
    const layout = checkLayout({
      quadrants: quadrantsOf(4),
      rings: ringsOf(4),
      size: 800,
      blips: blipsIn(150, (index) => [1, index % 4]),
    });
    expect(layout.blips.every((blip) => blip.inBand)).toBe(true);
    expect(layout.blipRadius).toBeGreaterThan(800 * 0.009);
  });

  it('places 150 blips all in one band of a 4×4 radar inside that band', () => {
    const layout = checkLayout({
      quadrants: quadrantsOf(4),
      rings: ringsOf(4),
      size: 800,
      blips: blipsIn(150, () => [2, 0]),
    });
    expect(layout.blips.every((blip) => blip.inBand)).toBe(true);
  });

  it('fits 60 blips into one quadrant’s innermost ring, even on the narrowest radar (8 quadrants, 6 rings)', () => {
    for (const [quadrantCount, ringCount] of [
      [4, 4],
      [8, 6],
    ] as const) {
      const layout = checkLayout({
        quadrants: quadrantsOf(quadrantCount),
        rings: ringsOf(ringCount),
        size: 800,
        blips: [...blipsIn(60, () => [0, 0]), ...blipsIn(40, (index) => [index % quadrantCount, 1], 'other')],
      });
      expect(layout.blips.every((blip) => blip.inBand)).toBe(true);
    }
  });

  it('spills an overfull band to the nearest free spots of the same quadrant, never overlapping', () => {
    // 150 in the smallest band there is: it cannot hold them at the smallest radius.
    const input = { quadrants: quadrantsOf(8), rings: ringsOf(6), size: 800, blips: blipsIn(150, () => [3, 0]) };
    const layout = checkLayout(input);
    const spilled = layout.blips.filter((blip) => !blip.inBand);
    expect(spilled.length).toBeGreaterThan(0);
    expect(layout.blips.filter((blip) => blip.inBand).length).toBeGreaterThan(50);
    // Nearest first: spilled blips sit in the next ring out before any further one.
    const ringOf = (blip: (typeof layout.blips)[number]) => {
      const rho = Math.hypot(blip.x - layout.center.x, blip.y - layout.center.y);
      return layout.rings.findIndex((ring) => rho <= ring.outerRadius);
    };
    expect(Math.min(...spilled.map(ringOf))).toBe(1);
  });

  it('shrinks below the smallest radius rather than overlap or leave the quadrant (500 blips in one band)', () => {
    const layout = checkLayout({
      quadrants: quadrantsOf(8),
      rings: ringsOf(6),
      size: 800,
      blips: blipsIn(500, () => [5, 2]),
    });
    expect(layout.blipRadius).toBeLessThan(800 * MIN_RADIUS_SHARE);
  });

  it('uses the full radius for a sparse radar and keeps ring bands ordered and covering the disc', () => {
    const layout = checkLayout({
      quadrants: quadrantsOf(4),
      rings: ringsOf(4),
      size: 800,
      blips: blipsIn(12, (index) => [index % 4, index % 4]),
    });
    expect(layout.blipRadius).toBeCloseTo(800 * 0.016, 9);
    expect(layout.rings[0]!.innerRadius).toBe(0);
    expect(layout.rings.at(-1)!.outerRadius).toBeCloseTo(layout.outerRadius, 9);
    for (let index = 1; index < layout.rings.length; index++) {
      expect(layout.rings[index]!.innerRadius).toBe(layout.rings[index - 1]!.outerRadius);
      expect(layout.rings[index]!.outerRadius).toBeGreaterThan(layout.rings[index]!.innerRadius);
    }
    expect(layout.quadrants.map((quadrant) => quadrant.startAngle)).toEqual([-Math.PI, -Math.PI / 2, 0, Math.PI / 2]);
  });

  it('numbers in natural label order within a band', () => {
    const layout = layoutRadar({
      quadrants: quadrantsOf(2),
      rings: ringsOf(2),
      size: 600,
      blips: ['Go 10', 'go 2', 'Alpha', 'Go 1'].map((label, index) => ({
        id: `b${index}`,
        quadrantId: 'q0',
        ringId: 'r0',
        label,
      })),
    });
    expect(layout.legend[0]!.entries.map((entry) => entry.label)).toEqual(['Alpha', 'Go 1', 'go 2', 'Go 10']);
  });

  it('refuses impossible radars with a RangeError', () => {
    const base = { quadrants: quadrantsOf(4), rings: ringsOf(4), size: 800, blips: [] };
    expect(() => layoutRadar({ ...base, quadrants: quadrantsOf(1) })).toThrow(RangeError);
    expect(() => layoutRadar({ ...base, quadrants: quadrantsOf(9) })).toThrow(RangeError);
    expect(() => layoutRadar({ ...base, rings: ringsOf(7) })).toThrow(RangeError);
    expect(() => layoutRadar({ ...base, size: 0 })).toThrow(RangeError);
    expect(() => layoutRadar({ ...base, blips: blipsIn(1, () => [9, 0]) })).toThrow(/unknown quadrant/);
    expect(() => layoutRadar({ ...base, blips: [...blipsIn(1, () => [0, 0]), ...blipsIn(1, () => [1, 1])] })).toThrow(
      /duplicate/,
    );
  });
});
