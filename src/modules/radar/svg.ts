/**
 * A standalone SVG document of a radar (the backend's export and `cc radar export --format svg`), plus the drawing
 * primitives the web app's interactive radar shares with it (band paths, movement markers, palettes), so both draw
 * the same picture. Pure string building on top of layoutRadar: no DOM, no dependencies.
 */
import { type BlipMovement, layoutRadar, type RadarLayout, type RadarLayoutInput } from './layout.js';

export interface RadarSvgInput extends RadarLayoutInput {
  title: string;
  /** CSS colours by quadrant and by ring (innermost first); anything not a plain colour falls back to the palette. */
  colors?: { quadrants?: ReadonlyArray<string | null | undefined>; rings?: ReadonlyArray<string | null | undefined> };
  volumeName?: string;
}

/** Blip colours by quadrant (readable under white numbers, distinct for colour-blind readers as far as 8 allow). */
export const QUADRANT_PALETTE = [
  '#2f6db3',
  '#c4561b',
  '#1d8a5c',
  '#b3306b',
  '#6c4bbf',
  '#8a6d00',
  '#1c7f99',
  '#7a5535',
] as const;

/** Band backgrounds by ring, innermost darkest. */
export const RING_PALETTE = ['#dfe4ea', '#e7ebef', '#eef1f4', '#f4f6f8', '#f8f9fa', '#fbfcfc'] as const;

const SAFE_COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]{1,40}\))$/i;

/** The colour at `index`, when it is a plain CSS colour; the palette's otherwise. */
export function pickColor(
  colors: ReadonlyArray<string | null | undefined> | undefined,
  palette: readonly string[],
  index: number,
): string {
  const wanted = colors?.[index];
  if (typeof wanted === 'string' && SAFE_COLOR.test(wanted.trim())) return wanted.trim();
  return palette[index % palette.length]!;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text made safe for XML 1.0 content and attribute values: the five special characters escaped, and characters XML
 * cannot carry at all (C0 controls other than tab/newline/return, lone surrogates, U+FFFE/U+FFFF) dropped.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += text[index]! + text[index + 1]!;
        index++;
      }
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff)
      continue;
    const char = text[index]!;
    out += ESCAPES[char] ?? char;
  }
  return out;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** SVG path data of an annular sector around (cx, cy); a full-turn-free arc, so it works for sweeps up to 180°. */
export function bandPath(
  cx: number,
  cy: number,
  innerRadius: number,
  outerRadius: number,
  startAngle: number,
  endAngle: number,
): string {
  const point = (radius: number, angle: number) =>
    `${round(cx + Math.cos(angle) * radius)} ${round(cy + Math.sin(angle) * radius)}`;
  const large = endAngle - startAngle > Math.PI ? 1 : 0;
  const outer = `M ${point(outerRadius, startAngle)} A ${round(outerRadius)} ${round(outerRadius)} 0 ${large} 1 ${point(outerRadius, endAngle)}`;
  if (innerRadius <= 0) return `${outer} L ${round(cx)} ${round(cy)} Z`;
  return `${outer} L ${point(innerRadius, endAngle)} A ${round(innerRadius)} ${round(innerRadius)} 0 ${large} 0 ${point(innerRadius, startAngle)} Z`;
}

export type MarkerShape =
  | { kind: 'circle'; r: number }
  | { kind: 'new'; r: number; ringR: number; ringWidth: number }
  | { kind: 'triangle'; points: string };

/**
 * The marker of a blip of footprint `radius`, drawn around 0,0: a circle; for `new` a circle with a ring around it;
 * for `moved in` a triangle pointing up (▲), for `moved out` one pointing down (▼), as the key shows. Every shape
 * stays inside the footprint, which the layout keeps free of other blips.
 */
export function markerShape(movement: BlipMovement | undefined, radius: number): MarkerShape {
  if (movement === 'new') return { kind: 'new', r: radius * 0.72, ringR: radius * 0.92, ringWidth: radius * 0.12 };
  if (movement === 'moved in' || movement === 'moved out') {
    const apex = movement === 'moved in' ? -Math.PI / 2 : Math.PI / 2;
    const corner = radius * 0.98;
    const points = [0, (2 * Math.PI) / 3, (4 * Math.PI) / 3]
      .map((turn) => `${round(Math.cos(apex + turn) * corner)},${round(Math.sin(apex + turn) * corner)}`)
      .join(' ');
    return { kind: 'triangle', points };
  }
  return { kind: 'circle', r: radius * 0.82 };
}

/** Vertical offset of the number inside the marker (a triangle's wide side is its best place). */
export function numberOffset(movement: BlipMovement | undefined, radius: number): number {
  if (movement === 'moved in') return radius * 0.14;
  if (movement === 'moved out') return -radius * 0.14;
  return 0;
}

/** Font size of a blip's number so it fits its marker. */
export function numberFontSize(number: number, radius: number, movement: BlipMovement | undefined): number {
  const digits = String(number).length;
  const triangle = movement === 'moved in' || movement === 'moved out';
  const base = digits >= 3 ? 0.62 : digits === 2 ? 0.8 : 0.9;
  return radius * base * (triangle ? 0.85 : 1) * (movement === 'new' ? 0.9 : 1);
}

/** Ring names sit in the free corridor along the 9 o'clock sector edge, centred in each band. */
export function ringLabelPositions(
  layout: RadarLayout,
): Array<{ ringIndex: number; x: number; y: number; fontSize: number; width: number }> {
  return layout.rings.map((ring) => {
    const middle = ring.innerRadius === 0 ? ring.outerRadius / 2 : (ring.innerRadius + ring.outerRadius) / 2;
    const width = ring.outerRadius - ring.innerRadius;
    const fontSize = Math.min(layout.size * 0.0155, layout.labelCorridor * 1.35);
    return { ringIndex: ring.ringIndex, x: layout.center.x - middle, y: layout.center.y, fontSize, width };
  });
}

/** An upper-case label shrunk (down to 70 %) and then shortened so it fits `width` (estimated glyph widths). */
export function fitLabel(text: string, width: number, fontSize: number): { text: string; fontSize: number } {
  const perChar = 0.66;
  const length = Array.from(text).length;
  const fitting = width / (length * perChar);
  if (fitting >= fontSize) return { text, fontSize };
  if (fitting >= fontSize * 0.7) return { text, fontSize: fitting };
  const smaller = fontSize * 0.7;
  return { text: truncate(text, Math.max(2, Math.floor(width / (smaller * perChar)))), fontSize: smaller };
}

/** Shortens `text` to about `maxChars` characters with an ellipsis. */
export function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars
    .slice(0, Math.max(1, maxChars - 1))
    .join('')
    .trimEnd()}…`;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

interface LegendColumn {
  quadrants: number[];
}

/** Quadrants on the left half of the radar get their legend on the left, the others on the right, top to bottom. */
function legendColumns(layout: RadarLayout): [LegendColumn, LegendColumn] {
  const left: LegendColumn = { quadrants: [] };
  const right: LegendColumn = { quadrants: [] };
  const middles = layout.quadrants.map((quadrant) => ({
    index: quadrant.index,
    angle: (quadrant.startAngle + quadrant.endAngle) / 2,
  }));
  for (const { index, angle } of middles) {
    const side = Math.cos(angle);
    if (side < -1e-6) left.quadrants.push(index);
    else if (side > 1e-6) right.quadrants.push(index);
    else (left.quadrants.length <= right.quadrants.length ? left : right).quadrants.push(index);
  }
  const byHeight = (a: number, b: number) =>
    Math.sin((layout.quadrants[a]!.startAngle + layout.quadrants[a]!.endAngle) / 2) -
    Math.sin((layout.quadrants[b]!.startAngle + layout.quadrants[b]!.endAngle) / 2);
  left.quadrants.sort(byHeight);
  right.quadrants.sort(byHeight);
  return [left, right];
}

/** A standalone SVG document: title, the radar with numbered blips and movement markers, a legend per quadrant. */
export function renderRadarSvg(input: RadarSvgInput): string {
  const layout = layoutRadar(input);
  const { size } = input;
  const scale = size / 800;
  const pad = 24 * scale;
  const legendWidth = 300 * scale;
  const headerHeight = (input.volumeName ? 74 : 56) * scale;
  const lineHeight = 17 * scale;
  const legendFont = 12 * scale;
  const maxChars = Math.floor((legendWidth - 34 * scale) / (legendFont * 0.56));
  const radarX = pad + legendWidth + pad;
  const radarY = headerHeight;
  const blipsById = new Map(input.blips.map((blip) => [blip.id, blip]));
  const quadrantColor = (index: number) => pickColor(input.colors?.quadrants, QUADRANT_PALETTE, index);
  const ringColor = (index: number) => pickColor(input.colors?.rings, RING_PALETTE, index);

  // Legend columns, measured first: they set the document's height.
  const columns = legendColumns(layout);
  const legendParts: string[] = [];
  const columnHeights = columns.map((column, side) => {
    const x = side === 0 ? pad : radarX + size + pad;
    let y = radarY + 8 * scale;
    for (const q of column.quadrants) {
      const quadrant = input.quadrants[q]!;
      const entries = layout.legend[q]!.entries;
      y += 18 * scale;
      legendParts.push(
        `<text x="${round(x)}" y="${round(y)}" font-size="${round(15 * scale)}" font-weight="700" fill="${escapeXml(quadrantColor(q))}">${escapeXml(truncate(quadrant.name, Math.floor(maxChars * 0.8)))}</text>`,
      );
      y += 6 * scale;
      if (entries.length === 0) {
        y += lineHeight;
        legendParts.push(
          `<text x="${round(x)}" y="${round(y)}" font-size="${round(legendFont)}" fill="#6b7580" font-style="italic">no blips</text>`,
        );
      }
      for (let r = 0; r < input.rings.length; r++) {
        const ring = input.rings[r]!;
        const inRing = entries.filter((entry) => entry.ringId === ring.id);
        if (inRing.length === 0) continue;
        y += lineHeight;
        legendParts.push(
          `<text x="${round(x)}" y="${round(y)}" font-size="${round(10.5 * scale)}" font-weight="700" fill="#4a545e" letter-spacing="0.06em">${escapeXml(truncate(ring.name.toUpperCase(), maxChars))}</text>`,
        );
        for (const entry of inRing) {
          y += lineHeight;
          const shown = truncate(entry.label, maxChars);
          const full = shown === entry.label ? '' : `<title>${escapeXml(entry.label)}</title>`;
          legendParts.push(
            `<text x="${round(x)}" y="${round(y)}" font-size="${round(legendFont)}" fill="#1f262d">${full}<tspan font-weight="700" fill="${escapeXml(quadrantColor(q))}">${entry.number}.</tspan> ${escapeXml(shown)}</text>`,
          );
        }
      }
      y += 14 * scale;
    }
    return y - radarY;
  });

  const keyHeight = 40 * scale;
  const width = radarX + size + pad + legendWidth + pad;
  const height = radarY + Math.max(size, ...columnHeights) + keyHeight;
  const cx = radarX + layout.center.x;
  const cy = radarY + layout.center.y;

  const parts: string[] = [];
  parts.push('<?xml version="1.0" encoding="UTF-8"?>');
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" role="img" aria-labelledby="radar-title radar-desc" font-family="${FONT}">`,
  );
  parts.push(`<title id="radar-title">${escapeXml(input.title)}</title>`);
  parts.push(
    `<desc id="radar-desc">${escapeXml(`Technology radar${input.volumeName ? `, ${input.volumeName}` : ''}: ${layout.blips.length} blips in ${input.quadrants.length} quadrants and ${input.rings.length} rings.`)}</desc>`,
  );
  parts.push(`<rect x="0" y="0" width="${round(width)}" height="${round(height)}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${round(pad)}" y="${round(34 * scale)}" font-size="${round(24 * scale)}" font-weight="700" fill="#1f262d">${escapeXml(input.title)}</text>`,
  );
  if (input.volumeName) {
    parts.push(
      `<text x="${round(pad)}" y="${round(58 * scale)}" font-size="${round(15 * scale)}" fill="#4a545e">${escapeXml(input.volumeName)}</text>`,
    );
  }

  // Bands, then sector lines, then ring names, then blips on top.
  parts.push('<g class="bands" stroke="#ffffff" stroke-width="1">');
  for (const quadrant of layout.quadrants) {
    for (const ring of layout.rings) {
      parts.push(
        `<path d="${bandPath(cx, cy, ring.innerRadius, ring.outerRadius, quadrant.startAngle, quadrant.endAngle)}" fill="${escapeXml(ringColor(ring.ringIndex))}"/>`,
      );
    }
  }
  parts.push('</g>');
  parts.push(`<g class="lines" stroke="#ffffff" stroke-width="${round(3 * scale)}" stroke-linecap="round">`);
  for (const quadrant of layout.quadrants) {
    const x2 = cx + Math.cos(quadrant.startAngle) * layout.outerRadius;
    const y2 = cy + Math.sin(quadrant.startAngle) * layout.outerRadius;
    parts.push(`<line x1="${round(cx)}" y1="${round(cy)}" x2="${round(x2)}" y2="${round(y2)}"/>`);
  }
  parts.push('</g>');
  parts.push(
    '<g class="ring-names" fill="#4a545e" font-weight="700" text-anchor="middle" dominant-baseline="central">',
  );
  for (const label of ringLabelPositions(layout)) {
    const name = input.rings[label.ringIndex]!.name;
    const fit = fitLabel(name.toUpperCase(), label.width * 0.92, label.fontSize);
    parts.push(
      `<text x="${round(radarX + label.x)}" y="${round(radarY + label.y)}" font-size="${round(fit.fontSize)}">${escapeXml(fit.text)}</text>`,
    );
  }
  parts.push('</g>');

  parts.push('<g class="blips">');
  for (const blip of layout.blips) {
    const source = blipsById.get(blip.id)!;
    const x = radarX + blip.x;
    const y = radarY + blip.y;
    const color = escapeXml(quadrantColor(blip.quadrantIndex));
    const shape = markerShape(source.movement, blip.radius);
    const ring = input.rings[blip.ringIndex]!.name;
    const movement = source.movement && source.movement !== 'no change' ? `, ${source.movement}` : '';
    parts.push(
      `<g class="blip" data-number="${blip.number}" transform="translate(${round(x)} ${round(y)})"><title>${escapeXml(`${blip.number}. ${source.label} (${ring}${movement})`)}</title>`,
    );
    if (shape.kind === 'circle') parts.push(`<circle r="${round(shape.r)}" fill="${color}"/>`);
    else if (shape.kind === 'new') {
      parts.push(`<circle r="${round(shape.r)}" fill="${color}"/>`);
      parts.push(
        `<circle r="${round(shape.ringR)}" fill="none" stroke="${color}" stroke-width="${round(shape.ringWidth)}"/>`,
      );
    } else parts.push(`<polygon points="${shape.points}" fill="${color}"/>`);
    parts.push(
      `<text y="${round(numberOffset(source.movement, blip.radius))}" font-size="${round(numberFontSize(blip.number, blip.radius, source.movement))}" font-weight="700" fill="#ffffff" text-anchor="middle" dominant-baseline="central">${blip.number}</text></g>`,
    );
  }
  parts.push('</g>');

  parts.push(...legendParts);

  // Key of the movement markers.
  const keyY = height - keyHeight / 2;
  const keyR = 7 * scale;
  const keyColor = '#6b7580';
  const keyItems: Array<{ movement: BlipMovement; label: string }> = [
    { movement: 'new', label: 'new' },
    { movement: 'moved in', label: 'moved in' },
    { movement: 'moved out', label: 'moved out' },
    { movement: 'no change', label: 'no change' },
  ];
  let keyX = pad + keyR;
  parts.push(`<g class="key" font-size="${round(legendFont)}" fill="#4a545e">`);
  for (const item of keyItems) {
    const shape = markerShape(item.movement, keyR);
    parts.push(`<g transform="translate(${round(keyX)} ${round(keyY)})">`);
    if (shape.kind === 'circle') parts.push(`<circle r="${round(shape.r)}" fill="${keyColor}"/>`);
    else if (shape.kind === 'new') {
      parts.push(`<circle r="${round(shape.r)}" fill="${keyColor}"/>`);
      parts.push(
        `<circle r="${round(shape.ringR)}" fill="none" stroke="${keyColor}" stroke-width="${round(shape.ringWidth)}"/>`,
      );
    } else parts.push(`<polygon points="${shape.points}" fill="${keyColor}"/>`);
    parts.push(
      `</g><text x="${round(keyX + keyR * 1.8)}" y="${round(keyY)}" dominant-baseline="central">${item.label}</text>`,
    );
    keyX += keyR * 1.8 + item.label.length * legendFont * 0.56 + 24 * scale;
  }
  parts.push('</g>');
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
