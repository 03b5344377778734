import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { MOVEMENTS, MovementCounts, nullable, Segment, SegmentRef, VolumeDate } from '../schemas.js';

export const Volume = Type.Object({
  id: Uuid,
  radarId: Uuid,
  name: Type.String(),
  date: Type.String({ format: 'date' }),
  blipCount: Type.Integer(),
  counts: MovementCounts,
  createdAt: Timestamp,
});

export type VolumeView = Static<typeof Volume>;

export const VolumeBlip = Type.Object({
  technologyId: Uuid,
  title: Type.String(),
  quadrantId: Type.String(),
  ringId: Type.String(),
  movement: Type.Enum(MOVEMENTS, { description: 'against its last appearance, or as the imported file stated' }),
  returning: Type.Boolean({ description: 'back after missing one or more volumes' }),
  number: Type.Integer({ description: 'its number in this volume, fixed at publication' }),
});

export const VolumeDetail = Type.Object({
  ...Volume.properties,
  quadrants: Type.Array(Segment),
  rings: Type.Array(Segment),
  blips: Type.Array(VolumeBlip),
  removed: Type.Array(VolumeBlip, { description: 'blips of the previous volume that this one no longer has' }),
});

export type VolumeDetailView = Static<typeof VolumeDetail>;

export const PublishVolumeBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  date: VolumeDate,
});

export type PublishVolumeInput = Static<typeof PublishVolumeBody>;

export const VolumeParams = Type.Object({ projectId: Uuid, radarId: Uuid, volumeId: Uuid });

const diffSide = (fallback: string) =>
  Type.String({
    pattern: '^(live|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
    description: `a volume id, or "live" for the radar as it is now; default: ${fallback}`,
  });

export const DiffQuery = Type.Object({
  from: Type.Optional(diffSide('the latest volume')),
  to: Type.Optional(diffSide('live')),
});

const DiffEnd = Type.Object({
  kind: Type.Enum(['volume', 'live', 'empty'] as const),
  volumeId: nullable(Uuid),
  name: Type.String(),
  date: nullable(Type.String()),
});

export const Diff = Type.Object({
  radarId: Uuid,
  from: DiffEnd,
  to: DiffEnd,
  counts: MovementCounts,
  items: Type.Array(
    Type.Object({
      technologyId: Uuid,
      title: Type.String(),
      movement: Type.Enum(MOVEMENTS),
      fromRing: SegmentRef,
      toRing: SegmentRef,
      fromQuadrant: SegmentRef,
      toQuadrant: SegmentRef,
    }),
  ),
});

export type DiffView = Static<typeof Diff>;
