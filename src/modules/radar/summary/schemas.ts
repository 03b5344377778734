import { type Static, Type } from 'typebox';
import { Uuid } from '../../../platform/http/schemas.js';
import { Proposal } from '../proposals/schemas.js';
import { Technology } from '../technologies/schemas.js';

export const RadarSummary = Type.Object({
  countsByRing: Type.Array(Type.Object({ radarId: Uuid, ring: Type.String(), count: Type.Integer() })),
  countsByStatus: Type.Array(Type.Object({ status: Type.String(), count: Type.Integer() })),
  countsByDomain: Type.Array(Type.Object({ domain: Type.String(), count: Type.Integer() })),
  highPriority: Type.Array(Technology),
  movementSinceLastVolume: Type.Array(
    Type.Object({ technologyId: Uuid, title: Type.String(), movement: Type.String(), ring: Type.String() }),
  ),
  openProposals: Type.Array(Proposal),
});

export type RadarSummaryView = Static<typeof RadarSummary>;
