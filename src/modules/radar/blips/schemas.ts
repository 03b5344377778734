import { type Static, Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { MOVEMENTS, SegmentId } from '../schemas.js';

export const Blip = Type.Object({
  id: Uuid,
  radarId: Uuid,
  technologyId: Uuid,
  title: Type.String(),
  quadrantId: Type.String(),
  ringId: Type.String(),
  note: Type.String(),
  version: Type.Integer({ description: 'increases with every move' }),
  number: Type.Integer({
    description: 'its number on the chart: kept while it moves; a published volume renumbers in legend order',
  }),
  movement: Type.Enum(MOVEMENTS, {
    description: 'against its last appearance in a published volume (new when it never appeared)',
  }),
  returning: Type.Boolean({ description: 'it appeared in an earlier volume but not in the latest one' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type BlipView = Static<typeof Blip>;

export const BlipParams = Type.Object({ projectId: Uuid, radarId: Uuid, blipId: Uuid });

export const BlipListQuery = Type.Object({
  ...PageQuery,
  quadrantId: Type.Optional(SegmentId),
  ringId: Type.Optional(SegmentId),
});

export const PlaceBlipBody = Type.Object({
  technologyId: Uuid,
  quadrantId: SegmentId,
  ringId: SegmentId,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const UpdateBlipBody = Type.Object({ note: Type.String({ maxLength: 2000 }) });

export const MoveBlipBody = Type.Object({
  ringId: Type.Optional(SegmentId),
  quadrantId: Type.Optional(SegmentId),
  rationale: Type.Optional(Type.String({ maxLength: 5000, description: 'required when the ring changes' })),
});

export type MoveBlipInput = Static<typeof MoveBlipBody>;

export const RemoveBlipQuery = Type.Object({ rationale: Type.Optional(Type.String({ maxLength: 5000 })) });
