/**
 * Pure geometry for the interactive chart's text: where the quadrant names go (the SVG export prints them beside the
 * radar; the chart puts them on it), how big a blip's number may be, and the view box that holds all of it.
 */
import type { BlipMovement, RadarLayout } from '../../../../src/modules/radar/layout';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface QuadrantLabel {
  quadrantIndex: number;
  /** One or two lines. */
  lines: string[];
  /** Where each line's anchor sits (x, and y of the first line's middle). */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  fontSize: number;
  lineHeight: number;
  /** Estimated box of the text (layout units). */
  box: Box;
}

/** Average advance of a bold sans-serif glyph, in em (generous, so estimated boxes do not undershoot). */
const GLYPH = 0.6;
/** Space between the radar's edge (or the square's) and a label. */
const GAP = 6;

function textWidth(text: string, fontSize: number): number {
  return Array.from(text).length * GLYPH * fontSize;
}

/** Splits a long name into two lines at the space nearest its middle (none: one line). */
export function splitName(name: string): string[] {
  const middle = name.length / 2;
  let best = -1;
  for (let index = 0; index < name.length; index++) {
    if (name[index] === ' ' && (best === -1 || Math.abs(index - middle) < Math.abs(best - middle))) best = index;
  }
  if (best === -1) return [name];
  return [name.slice(0, best).trim(), name.slice(best + 1).trim()];
}

/** Whether a box keeps clear of the radar's disc (its nearest point is outside the outer circle plus a gap). */
function clearOfDisc(layout: RadarLayout, box: Box): boolean {
  const nearestX = Math.max(box.x, Math.min(layout.center.x, box.x + box.width));
  const nearestY = Math.max(box.y, Math.min(layout.center.y, box.y + box.height));
  return Math.hypot(nearestX - layout.center.x, nearestY - layout.center.y) >= layout.outerRadius + GAP / 2;
}

function labelBox(x: number, top: number, width: number, height: number, anchor: QuadrantLabel['anchor']): Box {
  const left = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return { x: left, y: top, width, height };
}

/**
 * A label per quadrant. With the usual four, each quadrant's middle points at a corner of the square, and its name goes
 * in that corner, outside the disc, in one line or two; otherwise (2, 3 or 5–8 quadrants, or a name too long for its
 * corner) the name goes just outside the disc along the quadrant's middle, and the view box grows to hold it.
 */
export function quadrantLabels(layout: RadarLayout, names: readonly string[], fontSize: number): QuadrantLabel[] {
  const { size, center, outerRadius } = layout;
  const lineHeight = fontSize * 1.2;
  return layout.quadrants.map((quadrant) => {
    const name = names[quadrant.index] ?? '';
    const middle = (quadrant.startAngle + quadrant.endAngle) / 2;
    const cos = Math.cos(middle);
    const sin = Math.sin(middle);
    const candidates = [[name], splitName(name)];
    if (layout.quadrants.length === 4) {
      // In the corner the quadrant points at.
      const anchor = cos < 0 ? 'start' : 'end';
      const x = cos < 0 ? GAP : size - GAP;
      for (const lines of candidates) {
        const width = Math.max(...lines.map((line) => textWidth(line, fontSize)));
        const height = lines.length * lineHeight;
        const top = sin < 0 ? GAP : size - GAP - height;
        const box = labelBox(x, top, width, height, anchor);
        if (clearOfDisc(layout, box)) {
          return {
            quadrantIndex: quadrant.index,
            lines,
            x,
            y: top + lineHeight / 2,
            anchor,
            fontSize,
            lineHeight,
            box,
          };
        }
      }
    }
    // Outside the disc, along the quadrant's middle.
    const lines = candidates[1]!;
    const width = Math.max(...lines.map((line) => textWidth(line, fontSize)));
    const height = lines.length * lineHeight;
    const anchor = cos > 0.3 ? 'start' : cos < -0.3 ? 'end' : 'middle';
    const reach = outerRadius + GAP * 2;
    const x = center.x + cos * reach;
    const pointY = center.y + sin * reach;
    const top = sin < -0.3 ? pointY - height : sin > 0.3 ? pointY : pointY - height / 2;
    const box = labelBox(x, top, width, height, anchor);
    return { quadrantIndex: quadrant.index, lines, x, y: top + lineHeight / 2, anchor, fontSize, lineHeight, box };
  });
}

/** The smallest box holding the radar's square and every label. */
export function chartBounds(layout: RadarLayout, labels: readonly QuadrantLabel[]): Box {
  let minX = 0;
  let minY = 0;
  let maxX = layout.size;
  let maxY = layout.size;
  for (const { box } of labels) {
    minX = Math.min(minX, box.x - GAP);
    minY = Math.min(minY, box.y - GAP);
    maxX = Math.max(maxX, box.x + box.width + GAP);
    maxY = Math.max(maxY, box.y + box.height + GAP);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The view box: the whole chart, or one quadrant zoomed in (its sector's bounding box and its label, with a margin,
 * kept square so the picture does not change shape).
 */
export function chartViewBox(layout: RadarLayout, labels: readonly QuadrantLabel[], quadrantIndex?: number): Box {
  const bounds = chartBounds(layout, labels);
  if (quadrantIndex === undefined) return bounds;
  const quadrant = layout.quadrants[quadrantIndex];
  if (quadrant === undefined) return bounds;
  const xs = [layout.center.x];
  const ys = [layout.center.y];
  const steps = 24;
  for (let step = 0; step <= steps; step++) {
    const angle = quadrant.startAngle + ((quadrant.endAngle - quadrant.startAngle) * step) / steps;
    xs.push(layout.center.x + Math.cos(angle) * layout.outerRadius);
    ys.push(layout.center.y + Math.sin(angle) * layout.outerRadius);
  }
  const label = labels.find((candidate) => candidate.quadrantIndex === quadrantIndex);
  if (label !== undefined) {
    xs.push(label.box.x, label.box.x + label.box.width);
    ys.push(label.box.y, label.box.y + label.box.height);
  }
  const margin = layout.size * 0.02;
  const minX = Math.max(bounds.x, Math.min(...xs) - margin);
  const minY = Math.max(bounds.y, Math.min(...ys) - margin);
  const maxX = Math.min(bounds.x + bounds.width, Math.max(...xs) + margin);
  const maxY = Math.min(bounds.y + bounds.height, Math.max(...ys) + margin);
  const side = Math.min(Math.max(maxX - minX, maxY - minY), Math.max(bounds.width, bounds.height));
  const x = Math.max(bounds.x, Math.min(bounds.x + bounds.width - side, (minX + maxX) / 2 - side / 2));
  const y = Math.max(bounds.y, Math.min(bounds.y + bounds.height - side, (minY + maxY) / 2 - side / 2));
  return { x, y, width: side, height: side };
}

/**
 * The number inside a blip: as large as its marker allows. Three digits and more are drawn condensed to the marker's
 * inner width (SVG textLength), so "118" is as tall as "18" would be nearly, instead of shrinking to a speck.
 */
export function blipNumberStyle(
  number: number,
  radius: number,
  movement: BlipMovement | undefined,
): { fontSize: number; textLength?: number } {
  const digits = String(number).length;
  const triangle = movement === 'moved in' || movement === 'moved out';
  const ringed = movement === 'new';
  if (digits <= 2) {
    const base = digits === 2 ? 0.8 : 0.9;
    return { fontSize: radius * base * (triangle ? 0.85 : 1) * (ringed ? 0.9 : 1) };
  }
  // Inner width a number may take: the circle's chord, the ringed circle's, the triangle's at the number's height.
  const room = triangle ? 1.02 : ringed ? 1.2 : 1.42;
  const fontSize = radius * (triangle ? 0.7 : ringed ? 0.76 : 0.84);
  const natural = digits * 0.62 * fontSize;
  const width = radius * room;
  return natural > width ? { fontSize, textLength: width } : { fontSize };
}
