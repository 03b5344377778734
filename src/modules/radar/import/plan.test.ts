import { describe, expect, it } from 'vitest';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../segments.js';
import type { ParsedImport } from './parse.js';
import { type ExistingTechnology, planImport, resolveRing, resolveSegment } from './plan.js';

const radar = { quadrants: [...DEFAULT_QUADRANTS], rings: [...DEFAULT_RINGS] };

function file(entries: Array<Partial<ParsedImport['entries'][number]> & { name: string }>): ParsedImport {
  return {
    entries: entries.map((entry, index) => ({
      row: index + 1,
      ring: 'trial',
      quadrant: 'tools',
      active: true,
      description: '',
      link: null,
      ...entry,
    })),
    errors: [],
    quadrantNames: [],
    ringNames: [],
  };
}

const existing = (technologies: ExistingTechnology[]) =>
  new Map(technologies.map((technology) => [technology.title.toLowerCase(), technology]));

describe('segment resolution', () => {
  it('matches names, ids and slugs case-insensitively, Caution as Hold, and indexes', () => {
    expect(resolveSegment('languages-and-frameworks', DEFAULT_QUADRANTS, [])?.id).toBe('languages-and-frameworks');
    expect(resolveSegment('Languages & Frameworks', DEFAULT_QUADRANTS, [])?.id).toBe('languages-and-frameworks');
    expect(resolveRing('caution', DEFAULT_RINGS, [])?.id).toBe('hold');
    expect(resolveRing('ADOPT', DEFAULT_RINGS, [])?.id).toBe('adopt');
    expect(resolveRing(2, DEFAULT_RINGS, [])?.id).toBe('assess');
    // Through the file's names first: index 0 of a file whose rings are [Hold, Adopt] is Hold.
    expect(resolveRing(0, DEFAULT_RINGS, ['Hold', 'Adopt'])?.id).toBe('hold');
    expect(resolveRing('someday', DEFAULT_RINGS, [])).toBeUndefined();
    expect(resolveRing(9, DEFAULT_RINGS, [])).toBeUndefined();
  });
});

describe('planImport', () => {
  const kafka = { id: 'k', title: 'Kafka', description: 'old text', websiteUrl: null };
  const redis = { id: 'r', title: 'Redis', description: '', websiteUrl: 'https://redis.io' };
  const blips = [
    { technologyId: 'k', title: 'Kafka', ringId: 'assess', quadrantId: 'tools' },
    { technologyId: 'r', title: 'Redis', ringId: 'trial', quadrantId: 'tools' },
    { technologyId: 'x', title: 'Gone', ringId: 'hold', quadrantId: 'tools' },
  ];
  const parsed = file([
    { name: 'kafka', description: 'new text', ring: 'adopt' },
    { name: 'Redis', description: 'in memory', link: 'https://redis.com' },
    { name: 'Pulsar', description: 'brand new', link: 'https://pulsar.apache.org' },
    { name: 'KAFKA' },
    { name: 'Mystery', ring: 'someday' },
  ]);

  it('overwrite replaces fields and moves blips; duplicates and unknown rings are conflicts', () => {
    const plan = planImport(parsed, radar, existing([kafka, redis]), blips, 'overwrite', false);
    expect(plan.rows).toEqual([
      {
        row: 1,
        title: 'kafka',
        kind: 'update',
        technologyId: 'k',
        fields: { description: 'new text' },
        placement: { quadrantId: 'tools', ringId: 'adopt' },
        changes: ['description', 'ring'],
      },
      {
        row: 2,
        title: 'Redis',
        kind: 'update',
        technologyId: 'r',
        fields: { description: 'in memory', websiteUrl: 'https://redis.com' },
        placement: { quadrantId: 'tools', ringId: 'trial' },
        changes: ['description', 'websiteUrl'],
      },
      {
        row: 3,
        title: 'Pulsar',
        kind: 'create',
        technologyId: null,
        fields: { description: 'brand new', websiteUrl: 'https://pulsar.apache.org' },
        placement: { quadrantId: 'tools', ringId: 'trial' },
        changes: ['created', 'placed'],
      },
    ]);
    expect(plan.conflicts).toEqual([
      { row: 4, title: 'KAFKA', reason: 'named twice in the file; row 1 is used' },
      { row: 5, title: 'Mystery', reason: 'the radar has no ring "someday"' },
    ]);
    expect(plan.removals).toEqual([]);
  });

  it('merge only fills empty fields (and still places blips); skip leaves existing ones alone', () => {
    const merged = planImport(parsed, radar, existing([kafka, redis]), blips, 'merge', false);
    expect(merged.rows[0]).toMatchObject({ fields: {}, changes: ['ring'] });
    expect(merged.rows[1]).toMatchObject({
      kind: 'update',
      fields: { description: 'in memory' },
      changes: ['description'],
    });
    const skipped = planImport(parsed, radar, existing([kafka, redis]), blips, 'skip', false);
    expect(skipped.rows.map((row) => row.title)).toEqual(['Pulsar']);
    expect(skipped.conflicts.map((conflict) => conflict.reason)).toContain(
      'exists already; left as it is (strategy skip)',
    );
  });

  it('prune removes the blips the file does not keep; unchanged rows are unchanged', () => {
    const same = file([
      { name: 'Kafka', ring: 'assess' },
      { name: 'Redis', ring: 'unknown' },
    ]);
    const plan = planImport(same, radar, existing([kafka, redis]), blips, 'overwrite', true);
    expect(plan.rows).toEqual([expect.objectContaining({ title: 'Kafka', kind: 'unchanged', changes: [] })]);
    // Redis stays (its row was a conflict, not a removal); Gone goes.
    expect(plan.removals).toEqual([{ technologyId: 'x', title: 'Gone' }]);
  });

  it('inactive entries are imported but not placed, and pruned from the radar', () => {
    const inactive = file([{ name: 'Kafka', active: false }]);
    const plan = planImport(inactive, radar, existing([kafka]), blips.slice(0, 1), 'overwrite', true);
    expect(plan.rows).toEqual([expect.objectContaining({ kind: 'unchanged', placement: null })]);
    expect(plan.removals).toEqual([{ technologyId: 'k', title: 'Kafka' }]);
  });
});
