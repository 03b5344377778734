import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { guessImportFormat, ImportFileError, parseImport } from './parse.js';

const THOUGHTWORKS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/radar/thoughtworks');

describe('BYOR CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, any column order and header case', () => {
    const csv =
      '\ufeffQuadrant,Name,RING,isNew,description\r\n' +
      'tools,"Kafka, the log","trial",TRUE,"<p>He said ""hi""</p>\nsecond line"\r\n' +
      '\r\n' +
      'platforms,Postgres,adopt,false,\r\n';
    const parsed = parseImport('byor-csv', csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([
      {
        row: 2,
        name: 'Kafka, the log',
        ring: 'trial',
        quadrant: 'tools',
        active: true,
        description: '<p>He said "hi"</p>\nsecond line',
        link: null,
        movement: 'new',
        related: [],
      },
      // Its file line: the quoted description above spans two lines, and an empty line follows it.
      {
        row: 5,
        name: 'Postgres',
        ring: 'adopt',
        quadrant: 'platforms',
        active: true,
        description: '',
        link: null,
        movement: null,
        related: [],
      },
    ]);
  });

  it('reports unusable rows and keeps the others', () => {
    const parsed = parseImport('byor-csv', 'name,ring,quadrant\n,trial,tools\nOk,trial,tools\nNoRing,,tools\n');
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['Ok']);
    expect(parsed.errors).toEqual([
      { row: 2, title: '', reason: 'the name is empty' },
      { row: 4, title: 'NoRing', reason: 'the ring is empty' },
    ]);
  });

  it('reads quotes inside an unquoted field as data, as BYOR and Python do', () => {
    const csv = [
      'name,ring,quadrant,isNew,status,description',
      'Use "remote native" processes and approaches,adopt,techniques,FALSE,no change,"<p>Remote-first</p>"',
      'Kafka,trial,tools,TRUE,new,',
    ].join('\n');
    const parsed = parseImport('byor-csv', csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((entry) => [entry.row, entry.name])).toEqual([
      [2, 'Use "remote native" processes and approaches'],
      [3, 'Kafka'],
    ]);
  });

  it('reports a row that cannot be read once, at its line, and keeps the lines of the rows around it', () => {
    const csv = 'name,ring,quadrant\nBefore,trial,tools\n"Open,trial,tools\n';
    const parsed = parseImport('byor-csv', csv);
    expect(parsed.entries.map((entry) => [entry.row, entry.name])).toEqual([[2, 'Before']]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.reason).toMatch(/^line \d+ could not be read/);
  });

  it('refuses a file without the required columns or rows', () => {
    expect(() => parseImport('byor-csv', 'title,ring\nx,y\n')).toThrow(ImportFileError);
    expect(() => parseImport('byor-csv', '')).toThrow(ImportFileError);
    expect(() => parseImport('byor-csv', 'name,ring,quadrant\n"unterminated,trial,tools\n')).toThrow(ImportFileError);
  });

  it("reads Thoughtworks' status and relatedBlips, BYOR's isNew and links; lists columns nothing takes", () => {
    const parsed = parseImport(
      'byor-csv',
      'name,ring,quadrant,isNew,status,description,relatedBlips,Owner,url\n' +
        'A,adopt,tools,FALSE,moved in,,B;C ; ,Ann,https://a.example\n' +
        'B,trial,tools,TRUE,,,,,\n' +
        'C,trial,tools,false,No Change,,,,\n' +
        'D,trial,tools,,,,,,\n',
    );
    expect(parsed.entries.map((entry) => [entry.name, entry.movement, entry.related, entry.link])).toEqual([
      ['A', 'moved_in', ['B', 'C'], 'https://a.example'],
      ['B', 'new', [], null],
      ['C', 'no_change', [], null],
      ['D', null, [], null],
    ]);
    expect(parsed.ignored).toEqual(['Owner']);
  });

  it('reads every Thoughtworks volume completely, with sanitized HTML', () => {
    for (const [file, rows] of [
      ['vol30-2024-Apr.csv', 105],
      ['vol34-2026-Apr.csv', 118],
    ] as const) {
      const parsed = parseImport('byor-csv', readFileSync(join(THOUGHTWORKS, file), 'utf8'));
      expect(parsed.errors).toEqual([]);
      expect(parsed.entries).toHaveLength(rows);
      for (const entry of parsed.entries) {
        expect(entry.description).not.toMatch(/target=|aria-label|class=|<script/);
      }
      expect(parsed.entries.some((entry) => entry.description.includes('<a href="https://'))).toBe(true);
    }
  });
});

describe('BYOR JSON', () => {
  it('reads an array of entries and reports non-objects by position', () => {
    const parsed = parseImport(
      'byor-json',
      JSON.stringify([{ name: 'A', ring: 'Adopt', quadrant: 'Tools', isNew: true, description: '<p>x</p>' }, 7]),
    );
    expect(parsed.entries).toEqual([
      {
        row: 1,
        name: 'A',
        ring: 'Adopt',
        quadrant: 'Tools',
        active: true,
        description: '<p>x</p>',
        link: null,
        movement: 'new',
        related: [],
      },
    ]);
    expect(parsed.errors).toEqual([{ row: 2, title: '', reason: 'the entry is not an object' }]);
    expect(() => parseImport('byor-json', '{"name":"A"}')).toThrow(ImportFileError);
    expect(() => parseImport('byor-json', '[')).toThrow(ImportFileError);
  });
});

describe('Zalando JSON', () => {
  it('reads indexes, segment names, links and inactive entries', () => {
    const parsed = parseImport(
      'zalando',
      JSON.stringify({
        date: '2023-09',
        quadrants: [{ name: 'Languages' }, { name: 'Infrastructure' }],
        rings: [{ name: 'ADOPT' }, { name: 'TRIAL' }],
        entries: [
          { label: 'Go', quadrant: 0, ring: 1, moved: 0, active: true, link: 'https://go.dev', owner: 'x' },
          { label: 'Perl', quadrant: 0, ring: 1, moved: -1, active: false, link: 'javascript:x' },
          { label: 'Rust', quadrant: 0, ring: 0, moved: 2 },
          { label: 'Zig', quadrant: 0, ring: 0, moved: 1 },
        ],
      }),
    );
    expect(parsed.quadrantNames).toEqual(['Languages', 'Infrastructure']);
    expect(parsed.ringNames).toEqual(['ADOPT', 'TRIAL']);
    const common = { description: '', related: [] };
    expect(parsed.entries).toEqual([
      {
        ...common,
        row: 1,
        name: 'Go',
        ring: 1,
        quadrant: 0,
        active: true,
        link: 'https://go.dev',
        movement: 'no_change',
      },
      { ...common, row: 2, name: 'Perl', ring: 1, quadrant: 0, active: false, link: null, movement: 'moved_out' },
      { ...common, row: 3, name: 'Rust', ring: 0, quadrant: 0, active: true, link: null, movement: 'new' },
      { ...common, row: 4, name: 'Zig', ring: 0, quadrant: 0, active: true, link: null, movement: 'moved_in' },
    ]);
    // Not a day: no volume date from it.
    expect(parsed.date).toBeNull();
    expect(parsed.ignored).toEqual(['entries[].owner']);
    expect(parseImport('zalando', JSON.stringify({ date: '2024-03-15', entries: [] })).date).toBe('2024-03-15');
    expect(() => parseImport('zalando', '[]')).toThrow(ImportFileError);
  });
});

describe('guessImportFormat', () => {
  it('knows the formats by extension and shape', () => {
    expect(guessImportFormat('vol34.CSV', '{')).toBe('byor-csv');
    expect(guessImportFormat('radar.json', '\ufeff  {"entries": []}')).toBe('zalando');
    expect(guessImportFormat('radar.json', '[{"name":"x"}]')).toBe('byor-json');
    expect(guessImportFormat('techradar.json', '{"quadrants":[],"entries":[{"timeline": []}]}')).toBe('backstage');
    expect(guessImportFormat('radar.txt', 'name,ring,quadrant')).toBe('byor-csv');
  });
});
