import { type Static, type TSchema, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';
import { JobView } from '../../platform/jobs/catalog.js';

// ---- vocabularies ---------------------------------------------------------------------------------------------

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

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---- radars ---------------------------------------------------------------------------------------------------

export const SEGMENT_ID_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$';
const SegmentId = Type.String({ pattern: SEGMENT_ID_PATTERN, maxLength: 40 });
const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'hex colour, #rrggbb' });

const RingLifecycle = Type.Enum(TECHNOLOGY_STATUSES, {
  description: 'rings only: the lifecycle status a technology imported into this ring starts with',
});
export const Segment = Type.Object({
  id: SegmentId,
  name: Type.String(),
  color: Type.String(),
  lifecycle: Type.Optional(RingLifecycle),
});
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

// ---- technologies ---------------------------------------------------------------------------------------------

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

const SegmentRef = nullable(Type.Object({ id: Type.String(), name: Type.String() }));

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

// ---- blips ----------------------------------------------------------------------------------------------------

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

// ---- volumes and diffs ----------------------------------------------------------------------------------------

const MovementCounts = Type.Object({
  new: Type.Integer(),
  moved_in: Type.Integer(),
  moved_out: Type.Integer(),
  no_change: Type.Integer(),
  removed: Type.Integer(),
});
export type MovementCountsView = Static<typeof MovementCounts>;

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

// Years 1900–2999 only: the format alone lets through year 0000, which PostgreSQL refuses.
const VolumeDate = Type.String({ format: 'date', pattern: '^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$' });
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

// ---- proposals ------------------------------------------------------------------------------------------------

export const Proposal = Type.Object({
  id: Uuid,
  radarId: Uuid,
  blipId: Uuid,
  technologyId: Uuid,
  technologyTitle: Type.String(),
  fromRing: Type.Object({ id: Type.String(), name: Type.String() }),
  toRing: Type.Object({ id: Type.String(), name: Type.String() }),
  fromQuadrant: Type.Object({ id: Type.String(), name: Type.String() }),
  toQuadrant: Type.Object({ id: Type.String(), name: Type.String() }),
  rationale: Type.String(),
  researchTaskIds: Type.Array(Uuid),
  status: Type.Enum(PROPOSAL_STATUSES),
  stale: Type.Boolean({ description: 'the blip moved since the proposal was made; it can no longer be approved' }),
  proposedBy: nullable(Uuid),
  proposer: Type.String({ description: 'user:<id> or api_key:<id>' }),
  decidedBy: nullable(Uuid),
  decider: nullable(Type.String()),
  decisionComment: nullable(Type.String()),
  decidedAt: NullableTimestamp,
  commentCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ProposalView = Static<typeof Proposal>;

export const CreateProposalBody = Type.Object({
  blipId: Uuid,
  toRingId: SegmentId,
  toQuadrantId: Type.Optional(SegmentId),
  rationale: Type.String({ minLength: 1, maxLength: 5000 }),
  researchTaskIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
});
export type CreateProposalInput = Static<typeof CreateProposalBody>;

export const DecideProposalBody = Type.Object({
  decision: Type.Enum(['approve', 'reject'] as const),
  comment: Type.Optional(Type.String({ maxLength: 5000, description: 'required when rejecting' })),
});
export type DecideProposalInput = Static<typeof DecideProposalBody>;

export const ProposalParams = Type.Object({ projectId: Uuid, proposalId: Uuid });
export const ProposalListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Enum(PROPOSAL_STATUSES)),
  radarId: Type.Optional(Uuid),
  technologyId: Type.Optional(Uuid),
});

export const ProposalComment = Type.Object({
  id: Uuid,
  proposalId: Uuid,
  authorId: nullable(Uuid),
  author: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
});
export const AddCommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) });

/** What the research hub hands over when a task's verdict should move a blip. */
export interface ProposeFromResearchInput {
  technologyId: string;
  verdict: Verdict;
  rationale: string;
  researchTaskId: string;
  radarId?: string;
}

// ---- import and export ----------------------------------------------------------------------------------------

const ImportSegmentMap = Type.Record(Type.String({ maxLength: 200 }), SegmentId, {
  maxProperties: 50,
  description: "the file's quadrant (or ring) key, as the preview's structure lists it → the radar's segment id",
});

export const ImportBody = Type.Object({
  format: Type.Enum(IMPORT_FORMATS),
  // The size limit is checked with the file (MAX_IMPORT_CHARACTERS), so that the CLI and the API say the same thing.
  content: Type.String({ minLength: 1, description: 'the file, as text: at most 1,000,000 characters' }),
  strategy: Type.Optional(
    Type.Enum(MERGE_STRATEGIES, {
      default: 'merge',
      description:
        'for technologies that exist already: skip leaves them (and their blips) alone; overwrite replaces their ' +
        'fields with the file; merge fills only empty fields and adds tags. overwrite and merge move blips to the ' +
        "file's ring and quadrant.",
    }),
  ),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'preview only: nothing is written' })),
  radarId: Type.Optional(Uuid),
  newRadar: Type.Optional(
    Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 120 }) },
      { description: "import into a new radar with the file's quadrants and rings (instead of radarId)" },
    ),
  ),
  mapping: Type.Optional(
    Type.Object(
      { quadrants: Type.Optional(ImportSegmentMap), rings: Type.Optional(ImportSegmentMap) },
      { description: "where the file's quadrants and rings go; unmapped ones are matched by name" },
    ),
  ),
  prune: Type.Optional(
    Type.Boolean({ default: false, description: 'remove blips of the radar that the file does not list' }),
  ),
  publishVolume: Type.Optional(
    Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 120 }), date: Type.Optional(VolumeDate) },
      {
        description:
          "publish a volume after the import; its date defaults to the file's own (Zalando, Backstage), else today",
      },
    ),
  ),
  sourceName: Type.Optional(Type.String({ maxLength: 200, description: 'file name, for history rationales' })),
});
export type ImportInput = Static<typeof ImportBody>;

const PreviewRow = Type.Object({ row: Type.Integer(), title: Type.String() });
const SegmentPlacement = Type.Object({
  fileKey: Type.String({ description: 'the key a mapping uses' }),
  label: Type.String({ description: 'the name in the file, or "position N" for a bare index' }),
  entries: Type.Integer(),
  segmentId: nullable(Type.String({ description: "the radar's segment; null: none (its rows are conflicts)" })),
  matchedBy: Type.Enum(['name', 'mapping', 'position', 'none'] as const),
});
export const ImportPreview = Type.Object({
  format: Type.Enum(IMPORT_FORMATS),
  radarId: nullable(
    Type.String({ format: 'uuid', description: 'null: a radar that does not exist yet (the default, or a new one)' }),
  ),
  newRadar: nullable(Type.Object({ name: Type.String() })),
  /** The structure the file is placed on: the radar's, or the new radar's (the file's own). */
  quadrants: Type.Array(Segment),
  rings: Type.Array(Segment),
  structure: Type.Object(
    { quadrants: Type.Array(SegmentPlacement), rings: Type.Array(SegmentPlacement) },
    { description: "where each of the file's quadrants and rings lands" },
  ),
  strategy: Type.Enum(MERGE_STRATEGIES),
  rows: Type.Integer(),
  fileDate: nullable(Type.String({ description: "the file's own date (Zalando, Backstage): the volume's default" })),
  statesMovement: Type.Boolean({
    description: "the file states each blip's movement; a volume the import publishes takes it from the file",
  }),
  ignoredColumns: Type.Array(Type.String(), { description: 'columns (or keys) of the file that no field takes' }),
  creates: Type.Array(
    Type.Object({
      ...PreviewRow.properties,
      quadrantId: Type.String(),
      ringId: Type.String(),
      lifecycle: Type.Enum(TECHNOLOGY_STATUSES, { description: 'its initial status, from its ring' }),
      movement: nullable(Type.Enum(MOVEMENTS)),
    }),
  ),
  updates: Type.Array(
    Type.Object({ ...PreviewRow.properties, technologyId: Uuid, changes: Type.Array(Type.String()) }),
  ),
  unchanged: Type.Integer(),
  conflicts: Type.Array(Type.Object({ ...PreviewRow.properties, reason: Type.String() })),
  warnings: Type.Array(Type.Object({ ...PreviewRow.properties, reason: Type.String() })),
  relations: Type.Integer({ description: 'related_to relations the import adds (from relatedBlips)' }),
  removals: Type.Array(Type.Object({ technologyId: Uuid, title: Type.String() })),
});
export type ImportPreviewView = Static<typeof ImportPreview>;

export const ImportAccepted = Type.Object({
  importId: Uuid,
  radarId: Type.String({ format: 'uuid', description: 'the radar the import goes into (a new one, when asked)' }),
  job: JobView,
});

export const ExportQuery = Type.Object({
  format: Type.Enum(EXPORT_FORMATS),
  volumeId: Type.Optional(
    Type.String({ format: 'uuid', maxLength: 36, description: 'export a published volume instead of the live radar' }),
  ),
});

// ---- dashboard summary ----------------------------------------------------------------------------------------

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
