import { type Static, type TSchema, Type } from 'typebox';
import { PageQuery } from '../../platform/http/schemas.js';

// Vocabularies and schema parts shared by the radar's sub-capabilities; each sub-capability's own are in its folder.

export const TECHNOLOGY_STATUSES = [
  'discovery',
  'research',
  'evaluation',
  'implementation',
  'integrated',
  'archived',
] as const;

export const MATURITIES = ['alpha', 'beta', 'stable', 'mature', 'legacy'] as const;

export const COST_TIERS = ['free', 'freemium', 'affordable', 'moderate', 'expensive', 'enterprise'] as const;

export const INTEGRATION_DIFFICULTIES = ['trivial', 'easy', 'moderate', 'complex', 'very_complex'] as const;

export const RELATION_KINDS = ['alternative_to', 'depends_on', 'replaces', 'related_to'] as const;

/** How a blip changed between two states of a radar; "in" is towards the centre (a ring of lower order). */
export const MOVEMENTS = ['new', 'moved_in', 'moved_out', 'no_change', 'removed'] as const;

export const PROPOSAL_STATUSES = ['open', 'approved', 'rejected', 'withdrawn'] as const;

export const IMPORT_FORMATS = ['byor-csv', 'byor-json', 'zalando', 'backstage'] as const;

export const EXPORT_FORMATS = ['byor-csv', 'byor-json', 'zalando', 'backstage', 'svg'] as const;

export const MERGE_STRATEGIES = ['skip', 'overwrite', 'merge'] as const;

export const VERDICTS = ['adopt', 'trial', 'assess', 'hold'] as const;

export const TECHNOLOGY_SORTS = ['title', 'priority', 'relevance', 'updatedAt', 'createdAt'] as const;

export type TechnologyStatus = (typeof TECHNOLOGY_STATUSES)[number];

export type RelationKind = (typeof RELATION_KINDS)[number];

export type Movement = (typeof MOVEMENTS)[number];

export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

export type Verdict = (typeof VERDICTS)[number];

export type TechnologySort = (typeof TECHNOLOGY_SORTS)[number];

export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SEGMENT_ID_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$';

export const SegmentId = Type.String({ pattern: SEGMENT_ID_PATTERN, maxLength: 40 });

export const RingLifecycle = Type.Enum(TECHNOLOGY_STATUSES, {
  description: 'rings only: the lifecycle status a technology imported into this ring starts with',
});

export const Segment = Type.Object({
  id: SegmentId,
  name: Type.String(),
  color: Type.String(),
  lifecycle: Type.Optional(RingLifecycle),
});

export const SegmentRef = nullable(Type.Object({ id: Type.String(), name: Type.String() }));

export const MovementCounts = Type.Object({
  new: Type.Integer(),
  moved_in: Type.Integer(),
  moved_out: Type.Integer(),
  no_change: Type.Integer(),
  removed: Type.Integer(),
});

export type MovementCountsView = Static<typeof MovementCounts>;

// Years 1900–2999 only: the format alone lets through year 0000, which PostgreSQL refuses.
export const VolumeDate = Type.String({ format: 'date', pattern: '^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$' });

export const PageQueryOnly = Type.Object({ ...PageQuery });

/** Where the radar's routes live (each sub-capability registers its own under it). */
export const RADAR_ROUTE_BASE = '/api/v1/projects/:projectId';
export const RADAR_TAGS = ['radar'];
