import { type Static, Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { nullable, RELATION_KINDS, SegmentId, SegmentRef, TECHNOLOGY_SORTS, TECHNOLOGY_STATUSES } from '../schemas.js';
import { optionalInputProperties, outputProperties, Tag, TITLE_INPUT } from './shape.js';

/** Every editable field of a technology (all optional here; creation requires the title). */
const technologyFields = optionalInputProperties();

export const Placement = Type.Object({
  radarId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36, description: 'the default radar when absent' })),
  quadrantId: SegmentId,
  ringId: SegmentId,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const CreateTechnologyBody = Type.Object({
  title: TITLE_INPUT,
  ...technologyFields,
  placement: Type.Optional(Placement),
});

export type CreateTechnologyInput = Static<typeof CreateTechnologyBody>;

export const UpdateTechnologyBody = Type.Object(
  { title: Type.Optional(TITLE_INPUT), ...technologyFields },
  { minProperties: 1 },
);

export type UpdateTechnologyInput = Static<typeof UpdateTechnologyBody>;

export const Technology = Type.Object(outputProperties());

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
