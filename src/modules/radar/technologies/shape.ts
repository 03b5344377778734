import { type TOptional, type TSchema, Type } from 'typebox';
import { NullableTimestamp, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { COST_TIERS, INTEGRATION_DIFFICULTIES, MATURITIES, nullable, TECHNOLOGY_STATUSES } from '../schemas.js';
import type { technologies } from '../tables.js';

/**
 * The one definition of a technology's shape (ADR 0041). The response schema (`Technology`), the request schemas
 * (`CreateTechnologyBody`, `UpdateTechnologyBody`), the presenter, the JSON PostgreSQL renders for lists and the
 * fields radar files carry are all derived from this table, in its order; `shape.test.ts` fails when one of them
 * drifts from the others or from the `technologies` table.
 */

const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
export const Tag = Type.String({ minLength: 1, maxLength: 50 });
const Markdown = (maxLength: number) => Type.String({ maxLength, description: 'markdown' });
const Title = Type.String({ minLength: 1, maxLength: 200 });

export const BlipRef = Type.Object({ id: Uuid, radarId: Uuid, quadrantId: Type.String(), ringId: Type.String() });

/**
 * How a request's value becomes the stored one: as sent; trimmed and not blank (the title); trimmed, blank meaning
 * none; tag words (trimmed, lower-case, without repeats); an instant between the years 1900 and 2999.
 */
export type Edit = 'as-sent' | 'required-text' | 'optional-text' | 'tags' | 'instant';

interface FieldSpec {
  /** The field in the response (`Technology`). */
  output: TSchema;
  /** How the presenter and PostgreSQL write it: a column as stored, a timestamp as ISO text, the technology's blips. */
  render: 'column' | 'timestamp' | 'blips';
  /** For fields a client sets: the request schema and how its value is stored. */
  input?: { schema: TSchema; edit: Edit };
  /** Its name in radar files (BYOR, Zalando, Backstage): export writes it, import reads it. */
  file?: 'description' | 'link';
}

export const TECHNOLOGY_SHAPE = {
  id: { output: Uuid, render: 'column' },
  title: { output: Type.String(), render: 'column', input: { schema: Title, edit: 'required-text' } },
  vendor: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Type.String({ maxLength: 200 })), edit: 'optional-text' },
  },
  domain: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Type.String({ maxLength: 100 })), edit: 'optional-text' },
  },
  status: {
    output: Type.String(),
    render: 'column',
    input: { schema: Type.Enum(TECHNOLOGY_STATUSES, { description: 'lifecycle status' }), edit: 'as-sent' },
  },
  relevance: {
    output: Type.Integer(),
    render: 'column',
    input: { schema: Type.Integer({ minimum: 0, maximum: 100 }), edit: 'as-sent' },
  },
  priority: {
    output: Type.Integer(),
    render: 'column',
    input: { schema: Type.Integer({ minimum: 1, maximum: 5, description: '5 is the highest' }), edit: 'as-sent' },
  },
  description: {
    output: Type.String(),
    render: 'column',
    input: { schema: Markdown(50_000), edit: 'as-sent' },
    file: 'description',
  },
  notes: { output: Type.String(), render: 'column', input: { schema: Markdown(50_000), edit: 'as-sent' } },
  useCases: { output: Type.String(), render: 'column', input: { schema: Markdown(20_000), edit: 'as-sent' } },
  documentationUrl: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Url), edit: 'as-sent' },
  },
  repositoryUrl: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Url), edit: 'as-sent' },
  },
  websiteUrl: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Url), edit: 'as-sent' },
    file: 'link',
  },
  tags: {
    output: Type.Array(Type.String()),
    render: 'column',
    input: {
      schema: Type.Array(Tag, { maxItems: 50, description: 'stored trimmed and lower-case, without repeats' }),
      edit: 'tags',
    },
  },
  maturity: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Type.Enum(MATURITIES)), edit: 'as-sent' },
  },
  costTier: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Type.Enum(COST_TIERS)), edit: 'as-sent' },
  },
  monthlyCost: {
    output: nullable(Type.Number()),
    render: 'column',
    input: { schema: nullable(Type.Number({ minimum: 0, maximum: 1e9 })), edit: 'as-sent' },
  },
  integrationDifficulty: {
    output: nullable(Type.String()),
    render: 'column',
    input: { schema: nullable(Type.Enum(INTEGRATION_DIFFICULTIES)), edit: 'as-sent' },
  },
  integrationEstimateDays: {
    output: nullable(Type.Integer()),
    render: 'column',
    input: { schema: nullable(Type.Integer({ minimum: 0, maximum: 10_000 })), edit: 'as-sent' },
  },
  stabilityScore: {
    output: nullable(Type.Integer()),
    render: 'column',
    input: { schema: nullable(Type.Integer({ minimum: 0, maximum: 100 })), edit: 'as-sent' },
  },
  latencyMs: {
    output: nullable(Type.Number()),
    render: 'column',
    input: { schema: nullable(Type.Number({ minimum: 0, maximum: 1e9 })), edit: 'as-sent' },
  },
  throughputQps: {
    output: nullable(Type.Number()),
    render: 'column',
    input: { schema: nullable(Type.Number({ minimum: 0, maximum: 1e12 })), edit: 'as-sent' },
  },
  githubStars: {
    output: nullable(Type.Integer()),
    render: 'column',
    input: { schema: nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })), edit: 'as-sent' },
  },
  lastCommitAt: {
    output: NullableTimestamp,
    render: 'timestamp',
    input: { schema: nullable(Timestamp), edit: 'instant' },
  },
  blips: {
    output: Type.Array(BlipRef, { description: 'where the technology is placed, one per radar' }),
    render: 'blips',
  },
  createdAt: { output: Timestamp, render: 'timestamp' },
  updatedAt: { output: Timestamp, render: 'timestamp' },
} as const satisfies Record<string, FieldSpec>;

type Shape = typeof TECHNOLOGY_SHAPE;
export type TechnologyKey = keyof Shape;

/** The fields a client sets, with their request schemas. */
type Inputs = { [K in TechnologyKey as Shape[K] extends { input: object } ? K : never]: Shape[K] };
export type EditableKey = keyof Inputs;

export const TECHNOLOGY_KEYS = Object.keys(TECHNOLOGY_SHAPE) as TechnologyKey[];
const specOf = (key: TechnologyKey): FieldSpec => TECHNOLOGY_SHAPE[key];

/** The editable fields in the shape's order, each with how its value is stored. */
export const EDITABLE_FIELDS: ReadonlyArray<{ key: EditableKey; edit: Edit }> = TECHNOLOGY_KEYS.flatMap((key) => {
  const input = specOf(key).input;
  return input === undefined ? [] : [{ key: key as EditableKey, edit: input.edit }];
});

/** The properties of the `Technology` response schema. */
export function outputProperties(): { [K in TechnologyKey]: Shape[K]['output'] } {
  return Object.fromEntries(TECHNOLOGY_KEYS.map((key) => [key, specOf(key).output])) as {
    [K in TechnologyKey]: Shape[K]['output'];
  };
}

type OptionalInputs = { [K in Exclude<EditableKey, 'title'>]: TOptional<Inputs[K]['input']['schema']> };

/** The request properties of every editable field but the title, all optional (creation requires the title). */
export function optionalInputProperties(): OptionalInputs {
  return Object.fromEntries(
    EDITABLE_FIELDS.filter(({ key }) => key !== 'title').map(({ key }) => [
      key,
      Type.Optional(specOf(key).input!.schema),
    ]),
  ) as OptionalInputs;
}

export const TITLE_INPUT = TECHNOLOGY_SHAPE.title.input.schema;

/** Each field with how it is rendered, for the presenter and the SQL projection; `column` is the row's property. */
export const RENDERED_FIELDS: ReadonlyArray<{ key: TechnologyKey; render: FieldSpec['render'] }> = TECHNOLOGY_KEYS.map(
  (key) => ({ key, render: specOf(key).render }),
);

/** The technology's fields that radar files carry, and the files' names for them. */
export type FileKey = { [K in TechnologyKey]: Shape[K] extends { file: string } ? K : never }[TechnologyKey];
export type FileName = NonNullable<FieldSpec['file']>;

/** The file's name of each field radar files carry → the technology's field. */
export const FILE_FIELDS: ReadonlyArray<{ file: FileName; key: FileKey }> = TECHNOLOGY_KEYS.flatMap((key) => {
  const file = specOf(key).file;
  return file === undefined ? [] : [{ file, key: key as FileKey }];
});

/** The columns of `technologies` the shape does not show: tenancy, who created it, the search vector. */
export const HIDDEN_COLUMNS = ['projectId', 'createdBy', 'search'] as const satisfies ReadonlyArray<
  keyof typeof technologies.$inferSelect
>;
