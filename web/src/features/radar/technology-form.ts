import type { paths } from '../../api/schema';
import type { Technology } from './queries';

/** What the API takes to create a technology (generated from the server's OpenAPI document). */
export type TechnologyCreateBody = NonNullable<
  paths['/api/v1/projects/{projectId}/technologies']['post']['requestBody']
>['content']['application/json'];
export type TechnologyUpdateBody = NonNullable<
  paths['/api/v1/projects/{projectId}/technologies/{technologyId}']['patch']['requestBody']
>['content']['application/json'];

/** Every field the form edits: the create body but the placement (which the add dialog asks for separately). */
type TechnologyFields = Required<Omit<TechnologyCreateBody, 'placement'>>;
type SliderField = 'relevance' | 'priority';

/**
 * The form's state, one entry per field of the API's body, so a field added to or removed from the server's shape
 * breaks this file's typecheck until the form follows. Inputs hold strings ('' for empty, numbers typed as text so
 * that empty means "unknown" rather than 0); the sliders hold numbers and the tags a list.
 */
export type TechnologyDraft = {
  [K in keyof TechnologyFields]: K extends SliderField
    ? number
    : TechnologyFields[K] extends string[]
      ? string[]
      : string;
};

export const TEXT_FIELDS = [
  'vendor',
  'domain',
  'documentationUrl',
  'repositoryUrl',
  'websiteUrl',
] as const satisfies ReadonlyArray<keyof TechnologyDraft>;
export const CHOICE_FIELDS = ['maturity', 'costTier', 'integrationDifficulty'] as const satisfies ReadonlyArray<
  keyof TechnologyDraft
>;
export const NUMBER_FIELDS = [
  'monthlyCost',
  'integrationEstimateDays',
  'stabilityScore',
  'latencyMs',
  'throughputQps',
  'githubStars',
] as const satisfies ReadonlyArray<keyof TechnologyDraft>;

export const EMPTY_DRAFT: TechnologyDraft = {
  title: '',
  vendor: '',
  domain: '',
  status: 'discovery',
  relevance: 50,
  priority: 3,
  description: '',
  notes: '',
  useCases: '',
  documentationUrl: '',
  repositoryUrl: '',
  websiteUrl: '',
  tags: [],
  maturity: '',
  costTier: '',
  monthlyCost: '',
  integrationDifficulty: '',
  integrationEstimateDays: '',
  stabilityScore: '',
  latencyMs: '',
  throughputQps: '',
  githubStars: '',
  lastCommitAt: '',
};

const text = (value: string | null) => value ?? '';
const numeric = (value: number | null) => (value === null ? '' : String(value));

export function draftOf(technology: Technology): TechnologyDraft {
  return {
    title: technology.title,
    vendor: text(technology.vendor),
    domain: text(technology.domain),
    status: technology.status,
    relevance: technology.relevance,
    priority: technology.priority,
    description: technology.description,
    notes: technology.notes,
    useCases: technology.useCases,
    documentationUrl: text(technology.documentationUrl),
    repositoryUrl: text(technology.repositoryUrl),
    websiteUrl: text(technology.websiteUrl),
    tags: technology.tags,
    maturity: text(technology.maturity),
    costTier: text(technology.costTier),
    monthlyCost: numeric(technology.monthlyCost),
    integrationDifficulty: text(technology.integrationDifficulty),
    integrationEstimateDays: numeric(technology.integrationEstimateDays),
    stabilityScore: numeric(technology.stabilityScore),
    latencyMs: numeric(technology.latencyMs),
    throughputQps: numeric(technology.throughputQps),
    githubStars: numeric(technology.githubStars),
    lastCommitAt: technology.lastCommitAt === null ? '' : technology.lastCommitAt.slice(0, 10),
  };
}

/**
 * A body as sent: the API's fields, where a number that does not parse is sent as typed so that the server's 422
 * names the field.
 */
export type TechnologyBody = Partial<Record<keyof TechnologyFields, string | number | string[] | null>>;

/** The body's field names, for mapping the server's field errors onto the form. */
export const TECHNOLOGY_FIELDS = Object.keys(EMPTY_DRAFT) as Array<keyof TechnologyDraft>;

/** Every field of a draft as the API takes it: empty optional inputs become null, numbers are parsed. */
function fullBody(draft: TechnologyDraft): TechnologyBody {
  const body: TechnologyBody = {
    title: draft.title.trim(),
    status: draft.status,
    relevance: draft.relevance,
    priority: draft.priority,
    description: draft.description,
    notes: draft.notes,
    useCases: draft.useCases,
    tags: draft.tags,
  };
  for (const field of [...TEXT_FIELDS, ...CHOICE_FIELDS]) body[field] = draft[field].trim() || null;
  for (const field of NUMBER_FIELDS) {
    const typed = draft[field].trim();
    // What does not parse is sent as typed, so the server's 422 names the field.
    body[field] = typed === '' ? null : Number.isFinite(Number(typed)) ? Number(typed) : typed;
  }
  body.lastCommitAt = draft.lastCommitAt === '' ? null : new Date(`${draft.lastCommitAt}T00:00:00Z`).toISOString();
  return body;
}

/** The body that creates a technology: only what was filled in. */
export function createBodyOf(draft: TechnologyDraft): TechnologyBody {
  const body = fullBody(draft);
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === '') delete body[key as keyof TechnologyBody];
  }
  return body;
}

/**
 * The body that updates a technology: only the fields that differ from what the form started with, so saving does
 * not overwrite what someone else changed meanwhile in other fields.
 */
export function updateBodyOf(draft: TechnologyDraft, base: TechnologyDraft): TechnologyBody {
  const body = fullBody(draft);
  const before = fullBody(base);
  for (const key of TECHNOLOGY_FIELDS) if (JSON.stringify(body[key]) === JSON.stringify(before[key])) delete body[key];
  return body;
}
