import { TechRadarLoaderResponseParser } from '@backstage-community/plugin-tech-radar-common';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../import/parse.js';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../structure/segments.js';
import { type ExportedRadar, toBackstage, toByorCsv, toByorJson, toSvg, toZalando } from './formats.js';

const radar: ExportedRadar = {
  name: 'Tech <Radar>',
  volume: { name: 'Vol 1', date: '2026-01-01' },
  quadrants: [...DEFAULT_QUADRANTS],
  rings: [...DEFAULT_RINGS],
  blips: [
    {
      technologyId: '00000000-0000-7000-8000-000000000001',
      title: 'Kafka, "the log"',
      quadrantId: 'tools',
      ringId: 'trial',
      number: 7,
      movement: 'new',
      description: '<p>a, b\nc</p>',
      link: 'https://kafka.apache.org',
      related: ['Go'],
      timeline: [{ date: '2026-01-01', ringId: 'trial', movement: 'new' }],
    },
    {
      technologyId: '00000000-0000-7000-8000-000000000002',
      title: 'Go',
      quadrantId: 'languages-and-frameworks',
      ringId: 'adopt',
      number: 2,
      movement: 'moved_in',
      description: '',
      link: null,
      related: [],
      timeline: [
        { date: '2026-01-01', ringId: 'adopt', movement: 'moved_in' },
        { date: '2025-06-01', ringId: 'trial', movement: 'new' },
        { date: '2025-01-01', ringId: 'retired-ring', movement: 'new' },
      ],
    },
  ],
};

describe('exports', () => {
  it('BYOR CSV round-trips through the importer', () => {
    const csv = toByorCsv(radar);
    expect(csv.split('\n')[0]).toBe('name,ring,quadrant,isNew,status,description,relatedBlips');
    const parsed = parseImport('byor-csv', csv);
    expect(
      parsed.entries.map((entry) => [
        entry.name,
        entry.ring,
        entry.quadrant,
        entry.description,
        entry.movement,
        entry.related,
      ]),
    ).toEqual([
      ['Kafka, "the log"', 'Trial', 'Tools', '<p>a, b\nc</p>', 'new', ['Go']],
      ['Go', 'Adopt', 'Languages & Frameworks', '', 'moved_in', []],
    ]);
    expect(parsed.ignored).toEqual([]);
  });

  it('BYOR JSON has booleans for isNew and the movement word as status', () => {
    const rows = JSON.parse(toByorJson(radar));
    expect(rows[1]).toEqual({
      name: 'Go',
      ring: 'Adopt',
      quadrant: 'Languages & Frameworks',
      isNew: false,
      status: 'moved in',
      description: '',
      relatedBlips: '',
    });
    expect(parseImport('byor-json', toByorJson(radar)).entries).toHaveLength(2);
  });

  it('Zalando JSON uses indexes and moved codes, and round-trips', () => {
    const data = JSON.parse(toZalando(radar));
    expect(data.date).toBe('2026-01-01');
    expect(data.entries).toEqual([
      { label: 'Kafka, "the log"', quadrant: 1, ring: 1, moved: 2, active: true, link: 'https://kafka.apache.org' },
      { label: 'Go', quadrant: 3, ring: 0, moved: 1, active: true },
    ]);
    const parsed = parseImport('zalando', toZalando(radar));
    expect(parsed.entries.map((entry) => [entry.name, entry.quadrant, entry.ring, entry.movement])).toEqual([
      ['Kafka, "the log"', 1, 1, 'new'],
      ['Go', 3, 0, 'moved_in'],
    ]);
    expect(parsed.date).toBe('2026-01-01');
  });

  it("Backstage JSON is a TechRadarLoaderResponse by the plugin's own schema, and round-trips", () => {
    const body = toBackstage(radar);
    const checked = TechRadarLoaderResponseParser.safeParse(JSON.parse(body));
    expect(checked.error?.issues ?? []).toEqual([]);
    const data = JSON.parse(body);
    expect(data.quadrants[1]).toEqual({ id: 'tools', name: 'Tools' });
    expect(data.entries[1]).toEqual({
      key: '00000000-0000-7000-8000-000000000002',
      id: '00000000-0000-7000-8000-000000000002',
      quadrant: 'languages-and-frameworks',
      title: 'Go',
      // Newest first; the snapshot in a ring the radar no longer has is left out.
      timeline: [
        { date: '2026-01-01', ringId: 'adopt', moved: 1 },
        { date: '2025-06-01', ringId: 'trial' },
      ],
    });
    const parsed = parseImport('backstage', body);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((entry) => [entry.name, entry.quadrant, entry.ring, entry.movement, entry.link])).toEqual(
      [
        ['Kafka, "the log"', 1, 1, 'new', 'https://kafka.apache.org'],
        ['Go', 3, 0, 'moved_in', null],
      ],
    );
    expect(parsed.quadrantNames[3]).toBe('Languages & Frameworks');
    expect(parsed.date).toBe('2026-01-01');
  });

  it('renders a standalone SVG with escaped text', () => {
    const svg = toSvg(radar);
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('Tech &lt;Radar&gt;');
    expect(svg).toContain('Kafka, &quot;the log&quot;');
    expect(svg).not.toContain('<Radar>');
  });
});
