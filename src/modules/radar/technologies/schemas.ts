import { type Static, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import {
  COST_TIERS,
  INTEGRATION_DIFFICULTIES,
  MATURITIES,
  nullable,
  RELATION_KINDS,
  SegmentId,
  SegmentRef,
  TECHNOLOGY_SORTS,
  TECHNOLOGY_STATUSES,
} from '../schemas.js';

const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

const Tag = Type.String({ minLength: 1, maxLength: 50 });

/** Every editable field of a technology (all optional here; creation requires the title). */
const technologyFields = {
  vendor: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
  domain: Type.Optional(nullable(Type.String({ maxLength: 100 }))),
  status: Type.Optional(Type.Enum(TECHNOLOGY_STATUSES, { description: 'lifecycle status' })),
  relevance: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: '5 is the highest' })),
  description: Type.Optional(Type.String({ maxLength: 50_000, description: 'markdown' })),
  notes: Type.Optional(Type.String({ maxLength: 50_000, description: 'markdown' })),
  useCases: Type.Optional(Type.String({ maxLength: 20_000, description: 'markdown' })),
  documentationUrl: Type.Optional(nullable(Url)),
  repositoryUrl: Type.Optional(nullable(Url)),
  websiteUrl: Type.Optional(nullable(Url)),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50, description: 'stored trimmed and lower-case, without repeats' })),
  maturity: Type.Optional(nullable(Type.Enum(MATURITIES))),
  costTier: Type.Optional(nullable(Type.Enum(COST_TIERS))),
  monthlyCost: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e9 }))),
  integrationDifficulty: Type.Optional(nullable(Type.Enum(INTEGRATION_DIFFICULTIES))),
  integrationEstimateDays: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
  stabilityScore: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
  latencyMs: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e9 }))),
  throughputQps: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
  githubStars: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
  lastCommitAt: Type.Optional(nullable(Timestamp)),
};

const Title = Type.String({ minLength: 1, maxLength: 200 });

export const Placement = Type.Object({
  radarId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: 'the default radar when absent' })),
  quadrantId: SegmentId,
  ringId: SegmentId,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const CreateTechnologyBody = Type.Object({
  title: Title,
  ...technologyFields,
  placement: Type.Optional(Placement),
});

export type CreateTechnologyInput = Static<typeof CreateTechnologyBody>;

export const UpdateTechnologyBody = Type.Object(
  { title: Type.Optional(Title), ...technologyFields },
  { minProperties: 1 },
);

export type UpdateTechnologyInput = Static<typeof UpdateTechnologyBody>;

export const BlipRef = Type.Object({ id: Uuid, radarId: Uuid, quadrantId: Type.String(), ringId: Type.String() });

export const Technology = Type.Object({
  id: Uuid,
  title: Type.String(),
  vendor: nullable(Type.String()),
  domain: nullable(Type.String()),
  status: Type.String(),
  relevance: Type.Integer(),
  priority: Type.Integer(),
  description: Type.String(),
  notes: Type.String(),
  useCases: Type.String(),
  documentationUrl: nullable(Type.String()),
  repositoryUrl: nullable(Type.String()),
  websiteUrl: nullable(Type.String()),
  tags: Type.Array(Type.String()),
  maturity: nullable(Type.String()),
  costTier: nullable(Type.String()),
  monthlyCost: nullable(Type.Number()),
  integrationDifficulty: nullable(Type.String()),
  integrationEstimateDays: nullable(Type.Integer()),
  stabilityScore: nullable(Type.Integer()),
  latencyMs: nullable(Type.Number()),
  throughputQps: nullable(Type.Number()),
  githubStars: nullable(Type.Integer()),
  lastCommitAt: NullableTimestamp,
  blips: Type.Array(BlipRef, { description: 'where the technology is placed, one per radar' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type TechnologyView = Static<typeof Technology>;

export const TechnologyParams = Type.Object({ projectId: Uuid, technologyId: Uuid });

export const TechnologyListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'full text over title, tags and description' })),
  radarId: Type.Optional(Uuid),
  quadrantId: Type.Optional(SegmentId),
  ringId: Type.Optional(SegmentId),
  status: Type.Optional(Type.Enum(TECHNOLOGY_STATUSES)),
  domain: Type.Optional(Type.String({ maxLength: 100 })),
  tag: Type.Optional(Tag),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  sort: Type.Optional(Type.Enum(TECHNOLOGY_SORTS, { default: 'updatedAt' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'] as const, { default: 'desc' })),
});

export type TechnologyListInput = Static<typeof TechnologyListQuery>;

export const Relation = Type.Object({
  id: Uuid,
  kind: Type.Enum(RELATION_KINDS),
  direction: Type.Enum(['outgoing', 'incoming'] as const, {
    description: 'outgoing: this technology <kind> the other; incoming: the other <kind> this one',
  }),
  technology: Type.Object({ id: Uuid, title: Type.String() }),
  createdAt: Timestamp,
});

export type RelationView = Static<typeof Relation>;

export const AddRelationBody = Type.Object({ kind: Type.Enum(RELATION_KINDS), targetTechnologyId: Uuid });

export const RelationParams = Type.Object({ projectId: Uuid, technologyId: Uuid, relationId: Uuid });

export const HistoryEntry = Type.Object({
  id: Uuid,
  radarId: Uuid,
  radarName: Type.String(),
  blipId: Uuid,
  kind: Type.Enum(['placed', 'moved', 'removed'] as const),
  fromRing: SegmentRef,
  toRing: SegmentRef,
  fromQuadrant: SegmentRef,
  toQuadrant: SegmentRef,
  rationale: nullable(Type.String()),
  proposalId: nullable(Uuid),
  actor: Type.String(),
  actorUserId: nullable(Uuid),
  createdAt: Timestamp,
});

export type HistoryEntryView = Static<typeof HistoryEntry>;
