import { describe, expect, it } from 'vitest';
import { layoutRadar } from '../../../../src/modules/radar/layout';
import { numberFontSize } from '../../../../src/modules/radar/svg';
import { type Box, blipNumberStyle, chartBounds, chartViewBox, quadrantLabels, splitName } from './chart-labels';

function radar(quadrantNames: string[]) {
  const quadrants = quadrantNames.map((name, index) => ({ id: `q${index}`, name }));
  const rings = ['Adopt', 'Trial', 'Assess', 'Hold'].map((name) => ({ id: name.toLowerCase(), name }));
  return {
    names: quadrantNames,
    layout: layoutRadar({
      quadrants,
      rings,
      blips: quadrants.map((quadrant, index) => ({
        id: `b${index}`,
        label: `Blip ${index}`,
        quadrantId: quadrant.id,
        ringId: 'trial',
      })),
      size: 800,
    }),
  };
}

/** The box stays off the radar's disc (its nearest point is outside the outer circle). */
function offDisc(box: Box, layout: ReturnType<typeof radar>['layout']): boolean {
  const x = Math.max(box.x, Math.min(layout.center.x, box.x + box.width));
  const y = Math.max(box.y, Math.min(layout.center.y, box.y + box.height));
  return Math.hypot(x - layout.center.x, y - layout.center.y) > layout.outerRadius;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('quadrant names on the chart', () => {
  it('puts four names in the four corners, inside the square and off the disc', () => {
    const { layout, names } = radar(['Techniques', 'Platforms', 'Tools', 'Languages & Frameworks']);
    const labels = quadrantLabels(layout, names, 18);
    expect(labels.map((label) => label.lines.join(' '))).toEqual(names);
    // 9→12 o'clock is top left, then clockwise.
    expect(labels.map((label) => [label.x < 400, label.y < 400])).toEqual([
      [true, true],
      [false, true],
      [false, false],
      [true, false],
    ]);
    for (const label of labels) {
      expect(offDisc(label.box, layout)).toBe(true);
      expect(label.box.x).toBeGreaterThanOrEqual(0);
      expect(label.box.y).toBeGreaterThanOrEqual(0);
      expect(label.box.x + label.box.width).toBeLessThanOrEqual(800);
      expect(label.box.y + label.box.height).toBeLessThanOrEqual(800);
    }
    expect(chartBounds(layout, labels)).toEqual({ x: 0, y: 0, width: 800, height: 800 });
  });

  it('breaks a name too long for its corner into two lines', () => {
    const { layout, names } = radar(['Techniques and practices of teams', 'Platforms', 'Tools', 'Languages']);
    const [first] = quadrantLabels(layout, names, 18);
    expect(first!.lines).toEqual(['Techniques and', 'practices of teams']);
    expect(offDisc(first!.box, layout)).toBe(true);
  });

  it('places 2, 3 and 5–8 quadrants outside the disc and grows the view box to hold them', () => {
    for (const count of [2, 3, 5, 6, 7, 8]) {
      const { layout, names } = radar(Array.from({ length: count }, (_, index) => `Quadrant number ${index + 1}`));
      const labels = quadrantLabels(layout, names, 18);
      const bounds = chartBounds(layout, labels);
      for (const label of labels) {
        expect(offDisc(label.box, layout), `${count}: ${label.lines.join(' ')}`).toBe(true);
        expect(label.box.x).toBeGreaterThanOrEqual(bounds.x);
        expect(label.box.y).toBeGreaterThanOrEqual(bounds.y);
        expect(label.box.x + label.box.width).toBeLessThanOrEqual(bounds.x + bounds.width);
        expect(label.box.y + label.box.height).toBeLessThanOrEqual(bounds.y + bounds.height);
      }
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!.box, labels[j]!.box)).toBe(false);
      }
    }
  });

  it('zooms to a quadrant with its name in view, square', () => {
    const { layout, names } = radar(['Techniques', 'Platforms', 'Tools', 'Languages & Frameworks']);
    const labels = quadrantLabels(layout, names, 18);
    const view = chartViewBox(layout, labels, 1);
    expect(view.width).toBeCloseTo(view.height);
    expect(view.width).toBeLessThan(450);
    const box = labels[1]!.box;
    expect(box.x).toBeGreaterThanOrEqual(view.x);
    expect(box.x + box.width).toBeLessThanOrEqual(view.x + view.width + 1e-9);
    expect(box.y).toBeGreaterThanOrEqual(view.y);
  });

  it('splits at the space nearest the middle', () => {
    expect(splitName('Languages & Frameworks')).toEqual(['Languages &', 'Frameworks']);
    expect(splitName('Tools')).toEqual(['Tools']);
  });
});

describe('blip numbers', () => {
  it('draws three digits larger than the export does, condensed to fit the marker', () => {
    for (const movement of [undefined, 'new', 'moved in', 'moved out'] as const) {
      const style = blipNumberStyle(118, 10, movement);
      expect(style.fontSize).toBeGreaterThan(numberFontSize(118, 10, movement) * 1.2);
      const width = style.textLength ?? 3 * 0.62 * style.fontSize;
      // Inside the marker: the circle's diameter is 1.64 × radius, the ringed one's 1.44, a triangle's narrower.
      expect(width).toBeLessThanOrEqual(movement === undefined ? 1.5 * 10 : movement === 'new' ? 1.3 * 10 : 1.1 * 10);
    }
    expect(blipNumberStyle(7, 10, undefined)).toEqual({ fontSize: 9 });
    expect(blipNumberStyle(42, 10, undefined).textLength).toBeUndefined();
  });
});
