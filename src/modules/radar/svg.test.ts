import { describe, expect, it } from 'vitest';
import { layoutRadar } from './layout.js';
import { escapeXml, fitLabel, renderRadarSvg, truncate } from './svg.js';

/**
 * A strict well-formedness check of an XML document (XML 1.0: one root, balanced and properly nested tags, quoted
 * and unique attributes, only declared or numeric entity references, no `<` in attribute values, no characters XML
 * cannot carry). Returns the element names in document order.
 */
function parseXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  const entity = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
  const checkText = (text: string, where: number) => {
    for (let index = 0; index < text.length; index++) {
      const char = text[index]!;
      const code = char.charCodeAt(0);
      if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) throw new Error(`control char at ${where}`);
      if (char === '&' && !entity.test(text.slice(index))) throw new Error(`bad entity at ${where + index}`);
    }
  };
  let position = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) throw new Error('unterminated declaration');
    position = end + 2;
  }
  const name = /^[A-Za-z_][\w.:-]*/;
  while (position < xml.length) {
    const open = xml.indexOf('<', position);
    const text = xml.slice(position, open === -1 ? xml.length : open);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root at ${position}`);
    checkText(text, position);
    if (open === -1) break;
    if (xml.startsWith('<!--', open)) {
      const end = xml.indexOf('-->', open + 4);
      if (end === -1) throw new Error('unterminated comment');
      position = end + 3;
      continue;
    }
    if (xml.startsWith('</', open)) {
      const match = name.exec(xml.slice(open + 2));
      const closing = match?.[0];
      if (closing === undefined || stack.pop() !== closing) throw new Error(`mismatched </${closing}> at ${open}`);
      const end = xml.indexOf('>', open);
      if (xml.slice(open + 2 + closing.length, end).trim() !== '') throw new Error(`junk in </${closing}>`);
      position = end + 1;
      continue;
    }
    const match = name.exec(xml.slice(open + 1));
    if (match === null) throw new Error(`bad tag at ${open}`);
    const element = match[0];
    if (stack.length === 0 && ++roots > 1) throw new Error('more than one root element');
    names.push(element);
    let cursor = open + 1 + element.length;
    const attributes = new Set<string>();
    for (;;) {
      const rest = xml.slice(cursor);
      const space = /^\s*/.exec(rest)![0].length;
      cursor += space;
      if (xml.startsWith('/>', cursor)) {
        cursor += 2;
        break;
      }
      if (xml[cursor] === '>') {
        cursor += 1;
        stack.push(element);
        break;
      }
      if (space === 0) throw new Error(`missing space before an attribute of <${element}> at ${cursor}`);
      const attribute = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(xml.slice(cursor));
      if (attribute === null) throw new Error(`bad attribute in <${element}> at ${cursor}`);
      if (attributes.has(attribute[1]!)) throw new Error(`duplicate attribute ${attribute[1]} in <${element}>`);
      attributes.add(attribute[1]!);
      checkText(attribute[3] ?? attribute[4] ?? '', cursor);
      cursor += attribute[0].length;
    }
    position = cursor;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (roots !== 1) throw new Error('no root element');
  return names;
}

const quadrants = [
  { id: 'techniques', name: 'Techniques & <Practices>' },
  { id: 'tools', name: 'Tools "quoted"' },
  { id: 'platforms', name: "Platforms 'n' clouds" },
  { id: 'languages', name: 'Languages & Frameworks' },
];
const rings = [
  { id: 'adopt', name: 'Adopt' },
  { id: 'trial', name: 'Trial' },
  { id: 'assess', name: 'Assess' },
  { id: 'hold', name: 'Hold & <wait>' },
];
const MOVEMENTS = ['new', 'moved in', 'moved out', 'no change', undefined] as const;

function blips(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: `b${index}`,
    quadrantId: quadrants[index % 4]!.id,
    ringId: rings[Math.floor(index / 4) % 4]!.id,
    label: index === 0 ? 'Tom & Jerry <script>alert("x")</script>' : `Technology ${index}`,
    movement: MOVEMENTS[index % MOVEMENTS.length],
  }));
}

describe('renderRadarSvg', () => {
  it('renders a well-formed standalone SVG document with one group per blip', () => {
    for (const count of [0, 1, 37, 150]) {
      const svg = renderRadarSvg({
        quadrants,
        rings,
        blips: blips(count),
        size: 800,
        title: 'Radar',
        volumeName: 'Vol 1',
      });
      const names = parseXml(svg);
      expect(names[0]).toBe('svg');
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(svg.match(/<g class="blip" /g) ?? []).toHaveLength(count);
      // Numbers 1..n on the blips.
      const numbers = [...svg.matchAll(/<g class="blip" data-number="(\d+)"/g)].map((match) => Number(match[1]));
      expect(numbers).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    }
  });

  it('escapes <, & and quotes in every text it writes', () => {
    const svg = renderRadarSvg({
      quadrants,
      rings,
      blips: blips(8),
      size: 800,
      title: 'R&D <radar> "2026"',
      volumeName: 'Vol. <34> & "April"',
    });
    parseXml(svg);
    expect(svg).toContain('R&amp;D &lt;radar&gt; &quot;2026&quot;');
    expect(svg).toContain('Vol. &lt;34&gt; &amp; &quot;April&quot;');
    expect(svg).toContain('Techniques &amp; &lt;Practices&gt;');
    expect(svg).toContain('Tools &quot;quoted&quot;');
    expect(svg).toContain('Tom &amp; Jerry &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#)/);
  });

  it('drops characters XML cannot carry and ignores colours that are not plain CSS colours', () => {
    const svg = renderRadarSvg({
      quadrants,
      rings,
      blips: [{ id: 'x', quadrantId: 'tools', ringId: 'trial', label: 'bell\u0007 and lone \ud800 surrogate 😀' }],
      size: 600,
      title: 'Radar\u0000',
      colors: { quadrants: ['red', '"/><script>', '#00ff00', null], rings: ['url(javascript:alert(1))'] },
    });
    parseXml(svg);
    expect(svg).toContain('bell and lone  surrogate 😀');
    expect(svg).not.toContain('javascript');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('fill="red"');
  });

  it('draws movement markers: a ring for new, ▲ for moved in, ▼ for moved out, a plain circle otherwise', () => {
    const input = {
      quadrants,
      rings,
      size: 800,
      title: 'Movement',
      blips: [
        { id: 'n', quadrantId: 'tools', ringId: 'adopt', label: 'New one', movement: 'new' as const },
        { id: 'i', quadrantId: 'tools', ringId: 'trial', label: 'In one', movement: 'moved in' as const },
        { id: 'o', quadrantId: 'tools', ringId: 'assess', label: 'Out one', movement: 'moved out' as const },
        { id: 's', quadrantId: 'tools', ringId: 'hold', label: 'Same one', movement: 'no change' as const },
      ],
    };
    const svg = renderRadarSvg(input);
    const blipGroups = svg
      .split('<g class="blip" ')
      .slice(1)
      .map((part) => part.slice(0, part.indexOf('</g>')));
    const group = (label: string) => blipGroups.find((part) => part.includes(label))!;
    expect(group('New one')).toMatch(/<circle r="[\d.]+" fill="none" stroke=/);
    // ▲: the apex (first point) above the centre; ▼: below.
    const apexY = (part: string) => Number(/<polygon points="[-\d.]+,([-\d.]+)/.exec(part)![1]);
    expect(apexY(group('In one'))).toBeLessThan(0);
    expect(apexY(group('Out one'))).toBeGreaterThan(0);
    expect(group('Same one')).not.toContain('polygon');
    expect(group('Same one').match(/<circle/g)).toHaveLength(1);
    // Every marker stays inside the blip's footprint (the layout keeps footprints apart).
    const radius = layoutRadar(input).blipRadius;
    for (const part of blipGroups.slice(0, 4)) {
      for (const match of part.matchAll(/<circle r="([\d.]+)"[^>]*?(?:stroke-width="([\d.]+)")?/g)) {
        expect(Number(match[1]) + Number(match[2] ?? 0) / 2).toBeLessThanOrEqual(radius + 0.01);
      }
      for (const match of part.matchAll(/<polygon points="([^"]+)"/g)) {
        for (const pair of match[1]!.split(' ')) {
          const [x, y] = pair.split(',').map(Number);
          expect(Math.hypot(x!, y!)).toBeLessThanOrEqual(radius + 0.01);
        }
      }
    }
  });

  it('puts a legend entry per blip with its number, and ring names on the radar', () => {
    const svg = renderRadarSvg({ quadrants, rings, blips: blips(20), size: 800, title: 'Legend' });
    for (let number = 1; number <= 20; number++) expect(svg).toContain(`>${number}.</tspan>`);
    expect(svg).toContain('>ADOPT</text>');
    expect(svg).toContain('HOLD &amp; &lt;WAIT&gt;');
  });

  it('escapes, truncates and fits helper text', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a rather long technology name', 10)).toBe('a rather…');
    expect(fitLabel('ADOPT', 1000, 12)).toEqual({ text: 'ADOPT', fontSize: 12 });
    expect(fitLabel('ASSESSMENT', 40, 12).fontSize).toBeLessThan(12);
  });
});
