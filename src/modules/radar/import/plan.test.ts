import { describe, expect, it } from 'vitest';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../structure/segments.js';
import type { Segment } from '../tables.js';
import type { ParsedImport } from './parse.js';
import { type ExistingTechnology, lifecycleOfRing, placeSegments, planImport, RING_ALIASES } from './plan.js';

/** Where one file value lands, as the plan places it. */
const landing = (value: string | number, segments: readonly Segment[], names: readonly string[], rings = false) => {
  const segmentId = [...placeSegments([value], segments, names, {}, rings ? RING_ALIASES : {}).values()][0]?.segmentId;
  return segments.find((segment) => segment.id === segmentId);
};
const resolveSegment = (value: string | number, segments: readonly Segment[], names: readonly string[]) =>
  landing(value, segments, names);
const resolveRing = (value: string | number, segments: readonly Segment[], names: readonly string[]) =>
  landing(value, segments, names, true);

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
      movement: null,
      related: [],
      ...entry,
    })),
    errors: [],
    quadrantNames: [],
    ringNames: [],
    date: null,
    ignored: [],
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
    // A name the radar lacks is never placed by its index (Zalando's "Languages" is not Techniques).
    expect(resolveSegment(0, DEFAULT_QUADRANTS, ['Languages', 'Infrastructure'])).toBeUndefined();
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
    const plan = planImport(parsed, radar, existing([kafka, redis]), blips, { strategy: 'overwrite', prune: false });
    expect(plan.rows).toEqual([
      {
        row: 1,
        title: 'kafka',
        kind: 'update',
        technologyId: 'k',
        fields: { description: 'new text' },
        placement: { quadrantId: 'tools', ringId: 'adopt' },
        status: null,
        movement: null,
        changes: ['description', 'ring'],
      },
      {
        row: 2,
        title: 'Redis',
        kind: 'update',
        technologyId: 'r',
        fields: { description: 'in memory', websiteUrl: 'https://redis.com' },
        placement: { quadrantId: 'tools', ringId: 'trial' },
        status: null,
        movement: null,
        changes: ['description', 'websiteUrl'],
      },
      {
        row: 3,
        title: 'Pulsar',
        kind: 'create',
        technologyId: null,
        fields: { description: 'brand new', websiteUrl: 'https://pulsar.apache.org' },
        placement: { quadrantId: 'tools', ringId: 'trial' },
        status: 'evaluation',
        movement: null,
        changes: ['created', 'placed'],
      },
    ]);
    expect(plan.conflicts).toEqual([
      { row: 4, title: 'KAFKA', reason: 'named twice in the file; row 1 is used' },
      {
        row: 5,
        title: 'Mystery',
        reason: 'the radar has no ring "someday": map it in the preview, or import into a new radar',
      },
    ]);
    expect(plan.removals).toEqual([]);
  });

  it('merge only fills empty fields (and still places blips); skip leaves existing ones alone', () => {
    const merged = planImport(parsed, radar, existing([kafka, redis]), blips, { strategy: 'merge', prune: false });
    expect(merged.rows[0]).toMatchObject({ fields: {}, changes: ['ring'] });
    expect(merged.rows[1]).toMatchObject({
      kind: 'update',
      fields: { description: 'in memory' },
      changes: ['description'],
    });
    const skipped = planImport(parsed, radar, existing([kafka, redis]), blips, { strategy: 'skip', prune: false });
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
    const plan = planImport(same, radar, existing([kafka, redis]), blips, { strategy: 'overwrite', prune: true });
    expect(plan.rows).toEqual([expect.objectContaining({ title: 'Kafka', kind: 'unchanged', changes: [] })]);
    // Redis stays (its row was a conflict, not a removal); Gone goes.
    expect(plan.removals).toEqual([{ technologyId: 'x', title: 'Gone' }]);
  });

  it('inactive entries are imported but not placed, and pruned from the radar', () => {
    const inactive = file([{ name: 'Kafka', active: false }]);
    const plan = planImport(inactive, radar, existing([kafka]), blips.slice(0, 1), {
      strategy: 'overwrite',
      prune: true,
    });
    expect(plan.rows).toEqual([expect.objectContaining({ kind: 'unchanged', placement: null })]);
    expect(plan.removals).toEqual([{ technologyId: 'k', title: 'Kafka' }]);
  });
});

describe('mapping the file onto the radar', () => {
  const zalando = (entries: Array<{ name: string; quadrant: number; ring: number }>, quadrantNames: string[]) => ({
    ...file(entries),
    quadrantNames,
    ringNames: ['ADOPT', 'TRIAL', 'ASSESS', 'HOLD'],
  });

  it('shows where each file quadrant lands; a name the radar lacks is a conflict until the user maps it', () => {
    const parsed = zalando(
      [
        { name: 'Kotlin', quadrant: 0, ring: 0 },
        { name: 'Terraform', quadrant: 1, ring: 1 },
      ],
      ['Languages', 'Infrastructure'],
    );
    const unmapped = planImport(parsed, radar, new Map(), [], { strategy: 'merge', prune: false });
    expect(unmapped.structure.quadrants).toEqual([
      { fileKey: 'languages', label: 'Languages', entries: 1, segmentId: null, matchedBy: 'none' },
      { fileKey: 'infrastructure', label: 'Infrastructure', entries: 1, segmentId: null, matchedBy: 'none' },
    ]);
    expect(unmapped.structure.rings.map((ring) => [ring.label, ring.segmentId, ring.matchedBy])).toEqual([
      ['ADOPT', 'adopt', 'name'],
      ['TRIAL', 'trial', 'name'],
    ]);
    expect(unmapped.rows).toEqual([]);
    expect(unmapped.conflicts.map((conflict) => conflict.reason)).toEqual([
      'the radar has no quadrant "Languages": map it in the preview, or import into a new radar',
      'the radar has no quadrant "Infrastructure": map it in the preview, or import into a new radar',
    ]);

    const mapped = planImport(parsed, radar, new Map(), [], {
      strategy: 'merge',
      prune: false,
      mapping: { quadrants: { languages: 'languages-and-frameworks', infrastructure: 'platforms' } },
    });
    expect(mapped.rows.map((row) => [row.title, row.placement?.quadrantId])).toEqual([
      ['Kotlin', 'languages-and-frameworks'],
      ['Terraform', 'platforms'],
    ]);
    expect(mapped.structure.quadrants.map((quadrant) => quadrant.matchedBy)).toEqual(['mapping', 'mapping']);
  });

  it('places a bare index by position and says so', () => {
    const plan = planImport(zalando([{ name: 'Kotlin', quadrant: 3, ring: 0 }], []), radar, new Map(), [], {
      strategy: 'merge',
      prune: false,
    });
    expect(plan.structure.quadrants).toEqual([
      { fileKey: '#3', label: 'position 4', entries: 1, segmentId: 'languages-and-frameworks', matchedBy: 'position' },
    ]);
  });
});

describe('lifecycle, movement and relations from the file', () => {
  it("starts a created technology at its ring's lifecycle; a ring can set its own", () => {
    expect(DEFAULT_RINGS.map(lifecycleOfRing)).toEqual(['integrated', 'evaluation', 'research', 'archived']);
    expect(lifecycleOfRing({ id: 'adopt', name: 'Adopt', color: '#000000', lifecycle: 'implementation' })).toBe(
      'implementation',
    );
    expect(lifecycleOfRing({ id: 'later', name: 'Later', color: '#000000' })).toBe('discovery');
    const plan = planImport(file([{ name: 'Deno', ring: 'Adopt', movement: 'moved_in' }]), radar, new Map(), [], {
      strategy: 'merge',
      prune: false,
    });
    expect(plan.rows[0]).toMatchObject({ status: 'integrated', movement: 'moved_in' });
  });

  it('links related names found in the file or the project, and warns about the others', () => {
    const parsed = file([
      { name: 'Kafka', related: ['Pulsar', 'Flink', 'kafka', 'Nowhere'] },
      { name: 'Pulsar', related: [] },
    ]);
    const plan = planImport(parsed, radar, new Map(), [], {
      strategy: 'merge',
      prune: false,
      relatedExisting: new Map([['flink', { title: 'Flink' }]]),
    });
    expect(plan.relations).toEqual([
      { from: 'Kafka', to: 'Pulsar' },
      { from: 'Kafka', to: 'Flink' },
    ]);
    expect(plan.warnings).toEqual([
      { row: 1, title: 'Kafka', reason: 'related "Nowhere" is neither in the file nor in the project; not linked' },
    ]);
  });
});
