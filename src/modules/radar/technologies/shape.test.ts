import { getTableColumns } from 'drizzle-orm';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { toBackstage, toByorCsv, toByorJson, toZalando } from '../export/formats.js';
import { fileFieldsOf } from '../export/service.js';
import { parseImport } from '../import/parse.js';
import { planImport } from '../import/plan.js';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../structure/segments.js';
import { technologies } from '../tables.js';
import { presentTechnology } from './present.js';
import { CreateTechnologyBody, Technology, UpdateTechnologyBody, type UpdateTechnologyInput } from './schemas.js';
import { technologyChanges } from './service.js';
import { EDITABLE_FIELDS, FILE_FIELDS, HIDDEN_COLUMNS, TECHNOLOGY_KEYS } from './shape.js';
import { TECHNOLOGY_JSON_FIELDS, type TechnologyRow } from './store.js';

// One definition (shape.ts) yields the schemas, the presenter, PostgreSQL's JSON and what radar files carry. These
// tests fail when any of them drifts: a column without a field, a schema key the presenter does not write, a field
// the list's SQL leaves out, a carried field that export writes but import does not read back.

const row: TechnologyRow = {
  id: '00000000-0000-7000-8000-000000000001',
  projectId: '00000000-0000-7000-8000-0000000000a1',
  createdBy: null,
  title: 'Kafka',
  vendor: 'Apache',
  domain: 'streaming',
  status: 'evaluation',
  relevance: 70,
  priority: 4,
  description: 'A distributed log.',
  notes: 'notes',
  useCases: 'events',
  documentationUrl: 'https://kafka.apache.org/documentation',
  repositoryUrl: 'https://github.com/apache/kafka',
  websiteUrl: 'https://kafka.apache.org',
  tags: ['log', 'queue'],
  maturity: 'mature',
  costTier: 'free',
  monthlyCost: 0,
  integrationDifficulty: 'moderate',
  integrationEstimateDays: 10,
  stabilityScore: 90,
  latencyMs: 5,
  throughputQps: 100_000,
  githubStars: 28_000,
  lastCommitAt: new Date('2026-11-30T12:00:00.000Z'),
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-02-01T00:00:00.000Z'),
};

describe("the technology's shape", () => {
  it('has a field for every column of the table but tenancy, creator and search vector, and one for the blips', () => {
    const columns = Object.keys(getTableColumns(technologies)).filter(
      (column) => !(HIDDEN_COLUMNS as readonly string[]).includes(column),
    );
    expect([...TECHNOLOGY_KEYS].sort()).toEqual([...columns, 'blips'].sort());
  });

  it('gives the response schema, the SQL projection and the presenter the same keys, in the same order', () => {
    const presented = presentTechnology(row, [
      {
        id: '00000000-0000-7000-8000-0000000000b1',
        radarId: row.id,
        technologyId: row.id,
        quadrantId: 'tools',
        ringId: 'trial',
      },
    ]);
    expect(Object.keys(Technology.properties)).toEqual(TECHNOLOGY_KEYS);
    expect(TECHNOLOGY_JSON_FIELDS.map(([key]) => key)).toEqual(TECHNOLOGY_KEYS);
    expect(Object.keys(presented)).toEqual(TECHNOLOGY_KEYS);
    expect(Value.Errors(Technology, presented)).toEqual([]);
    expect(presented).toMatchObject({ lastCommitAt: '2026-11-30T12:00:00.000Z', blips: [{ ringId: 'trial' }] });
  });

  it('takes every editable field in the request schemas and stores each one', () => {
    const input: Required<UpdateTechnologyInput> = {
      title: ' Kafka ',
      vendor: ' ',
      domain: 'streaming',
      status: 'research',
      relevance: 10,
      priority: 2,
      description: 'd',
      notes: 'n',
      useCases: 'u',
      documentationUrl: 'https://docs.example',
      repositoryUrl: null,
      websiteUrl: 'https://example.com',
      tags: [' Log', 'log', 'Queue'],
      maturity: 'beta',
      costTier: null,
      monthlyCost: 1.5,
      integrationDifficulty: 'easy',
      integrationEstimateDays: 3,
      stabilityScore: 50,
      latencyMs: 2,
      throughputQps: 3,
      githubStars: 4,
      lastCommitAt: '2026-11-30T12:00:00.000Z',
    };
    const editable = EDITABLE_FIELDS.map(({ key }) => key);
    expect(Object.keys(UpdateTechnologyBody.properties)).toEqual(editable);
    expect(Object.keys(CreateTechnologyBody.properties)).toEqual([...editable, 'placement']);
    expect(Value.Errors(UpdateTechnologyBody, input)).toEqual([]);
    const changes = technologyChanges(input);
    expect(Object.keys(changes)).toEqual(editable);
    expect(changes).toMatchObject({ title: 'Kafka', vendor: null, tags: ['log', 'queue'] });
    expect(changes.lastCommitAt).toEqual(new Date('2026-11-30T12:00:00.000Z'));
  });

  it('carries the same fields out in every export format it can and back in through the import', () => {
    const radar = { quadrants: [...DEFAULT_QUADRANTS], rings: [...DEFAULT_RINGS] };
    const carried = fileFieldsOf(row);
    expect(Object.keys(carried).sort()).toEqual(FILE_FIELDS.map(({ file }) => file).sort());
    const exported = {
      name: 'Radar',
      volume: null,
      ...radar,
      blips: [
        {
          technologyId: row.id,
          title: row.title,
          quadrantId: 'tools',
          ringId: 'trial',
          number: 1,
          movement: 'new' as const,
          ...carried,
          related: [],
          timeline: [{ date: '2026-01-01', ringId: 'trial', movement: 'new' as const }],
        },
      ],
    };
    const readBack = new Set<string>();
    for (const [format, render] of [
      ['byor-csv', toByorCsv],
      ['byor-json', toByorJson],
      ['zalando', toZalando],
      ['backstage', toBackstage],
    ] as const) {
      const plan = planImport(parseImport(format, render(exported)), radar, new Map(), [], {
        strategy: 'merge',
        prune: false,
      });
      const fields = plan.rows[0]!.fields;
      for (const [key, value] of Object.entries(fields)) {
        expect(
          FILE_FIELDS.map((field) => field.key),
          `${format} reads ${key}`,
        ).toContain(key);
        expect(value, `${format} round-trips ${key}`).toBe(row[key as keyof TechnologyRow]);
        readBack.add(key);
      }
    }
    expect([...readBack].sort()).toEqual(FILE_FIELDS.map(({ key }) => key).sort());
  });
});
