import { type Static, Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { RingLifecycle, SEGMENT_ID_PATTERN, Segment } from '../schemas.js';

const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'hex colour, #rrggbb' });

export const SegmentInput = Type.Object({
  id: Type.Optional(
    Type.String({
      pattern: SEGMENT_ID_PATTERN,
      maxLength: 40,
      description: 'stable id; derived from the name when absent',
    }),
  ),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  color: Type.Optional(Color),
  lifecycle: Type.Optional(RingLifecycle),
});

export type SegmentInputValue = Static<typeof SegmentInput>;

const Quadrants = Type.Array(SegmentInput, {
  minItems: 2,
  maxItems: 8,
  description: 'in order; a blip keeps its quadrant by id',
});

const Rings = Type.Array(SegmentInput, { minItems: 2, maxItems: 6, description: 'innermost first (Adopt)' });

export const Radar = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  isDefault: Type.Boolean(),
  quadrants: Type.Array(Segment),
  rings: Type.Array(Segment),
  blipCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type RadarView = Static<typeof Radar>;

export const CreateRadarBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  quadrants: Type.Optional(Quadrants),
  rings: Type.Optional(Rings),
});

export type CreateRadarInput = Static<typeof CreateRadarBody>;

export const UpdateRadarBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    quadrants: Type.Optional(Quadrants),
    rings: Type.Optional(Rings),
  },
  { minProperties: 1 },
);

export type UpdateRadarInput = Static<typeof UpdateRadarBody>;

export const RadarParams = Type.Object({ projectId: Uuid, radarId: Uuid });

export const RadarListQuery = Type.Object({ ...PageQuery });
