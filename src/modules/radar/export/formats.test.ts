import { describe, expect, it } from 'vitest';
import { parseImport } from '../import/parse.js';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../segments.js';
import { type ExportedRadar, toByorCsv, toByorJson, toSvg, toZalando } from './formats.js';

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
      movement: 'new',
      description: '<p>a, b\nc</p>',
      link: 'https://kafka.apache.org',
    },
    {
      technologyId: '00000000-0000-7000-8000-000000000002',
      title: 'Go',
      quadrantId: 'languages-and-frameworks',
      ringId: 'adopt',
      movement: 'moved_in',
      description: '',
      link: null,
    },
  ],
};

describe('exports', () => {
  it('BYOR CSV round-trips through the importer', () => {
    const csv = toByorCsv(radar);
    expect(csv.split('\n')[0]).toBe('name,ring,quadrant,isNew,status,description');
    const parsed = parseImport('byor-csv', csv);
    expect(parsed.entries.map((entry) => [entry.name, entry.ring, entry.quadrant, entry.description])).toEqual([
      ['Kafka, "the log"', 'Trial', 'Tools', '<p>a, b\nc</p>'],
      ['Go', 'Adopt', 'Languages & Frameworks', ''],
    ]);
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
    expect(parsed.entries.map((entry) => [entry.name, entry.quadrant, entry.ring])).toEqual([
      ['Kafka, "the log"', 1, 1],
      ['Go', 3, 0],
    ]);
  });

  it('renders a standalone SVG with escaped text', () => {
    const svg = toSvg(radar);
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('Tech &lt;Radar&gt;');
    expect(svg).toContain('Kafka, &quot;the log&quot;');
    expect(svg).not.toContain('<Radar>');
  });
});
