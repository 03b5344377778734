import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { projects } from '../projects/tables.js';
import type { TechnologyStatus } from './schemas.js';

/** A quadrant or a ring of a radar; its position in the radar's array is its order (ring 0 is the centre). */
export interface Segment {
  id: string;
  name: string;
  color: string;
  /** Rings only: the lifecycle status an imported technology placed in this ring starts with (absent: discovery). */
  lifecycle?: TechnologyStatus;
}

/** How an import places the file's quadrants and rings: file key (name, or index as a string) → radar segment id. */
export interface ImportMapping {
  quadrants?: Record<string, string>;
  rings?: Record<string, string>;
}

// Millisecond precision: JavaScript dates round-trip exactly, so keyset cursors on timestamps never skip a row.
const stamp = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const projectRef = () =>
  uuid('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' });

export const radars = pgTable(
  'radars',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    quadrants: jsonb('quadrants').$type<Segment[]>().notNull(),
    rings: jsonb('rings').$type<Segment[]>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    /** The number the next blip placed on this radar gets; a published volume renumbers and resets it. */
    nextBlipNumber: integer('next_blip_number').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('radars_project_name_key').on(table.projectId, sql`lower(${table.name})`),
    // At most one default radar per project: the lazy, concurrent creation of it relies on this key.
    uniqueIndex('radars_project_default_key').on(table.projectId).where(sql`${table.isDefault}`),
  ],
);

export const technologies = pgTable(
  'technologies',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    title: text('title').notNull(),
    vendor: text('vendor'),
    domain: text('domain'),
    status: text('status').notNull().default('discovery'),
    relevance: integer('relevance').notNull().default(50),
    priority: integer('priority').notNull().default(3),
    description: text('description').notNull().default(''),
    notes: text('notes').notNull().default(''),
    useCases: text('use_cases').notNull().default(''),
    documentationUrl: text('documentation_url'),
    repositoryUrl: text('repository_url'),
    websiteUrl: text('website_url'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    maturity: text('maturity'),
    costTier: text('cost_tier'),
    monthlyCost: doublePrecision('monthly_cost'),
    integrationDifficulty: text('integration_difficulty'),
    integrationEstimateDays: integer('integration_estimate_days'),
    stabilityScore: integer('stability_score'),
    latencyMs: doublePrecision('latency_ms'),
    throughputQps: doublePrecision('throughput_qps'),
    githubStars: integer('github_stars'),
    lastCommitAt: stamp('last_commit_at'),
    createdBy: uuid('created_by'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
    // Title and tags weigh more than the description. HTML tags in imported descriptions are skipped by the
    // parser. cc_text_array_join is an IMMUTABLE wrapper (array_to_string is only STABLE, which a generated
    // column refuses); migration radar_search_functions creates it before this table.
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '') || ' ' || cc_text_array_join(tags, ' ')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
    ),
  },
  (table) => [
    // Unique per project, case-insensitively; byte order ("C") so that sorting by title is the same on every
    // server whatever its default collation, and this one index serves both.
    uniqueIndex('technologies_project_title_key').on(table.projectId, sql`(lower(${table.title}) COLLATE "C")`),
    index('technologies_project_updated_idx').on(table.projectId, table.updatedAt, table.id),
    index('technologies_project_created_idx').on(table.projectId, table.createdAt, table.id),
    index('technologies_project_priority_idx').on(table.projectId, table.priority, table.id),
    index('technologies_project_relevance_idx').on(table.projectId, table.relevance, table.id),
    // The dashboard's most important technologies: priority, then relevance, both descending.
    index('technologies_project_importance_idx').on(
      table.projectId,
      table.priority.desc(),
      table.relevance.desc(),
      table.id,
    ),
    index('technologies_project_status_idx').on(table.projectId, table.status),
    index('technologies_project_domain_idx').on(table.projectId, table.domain),
    index('technologies_tags_idx').using('gin', table.tags),
    index('technologies_search_idx').using('gin', table.search),
  ],
);

export const technologyRelations = pgTable(
  'technology_relations',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    fromTechnologyId: uuid('from_technology_id')
      .notNull()
      .references(() => technologies.id, { onDelete: 'cascade' }),
    toTechnologyId: uuid('to_technology_id')
      .notNull()
      .references(() => technologies.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdBy: uuid('created_by'),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('technology_relations_pair_key').on(table.fromTechnologyId, table.toTechnologyId, table.kind),
    index('technology_relations_to_idx').on(table.toTechnologyId),
    index('technology_relations_project_idx').on(table.projectId),
  ],
);

export const blips = pgTable(
  'blips',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    radarId: uuid('radar_id')
      .notNull()
      .references(() => radars.id, { onDelete: 'cascade' }),
    technologyId: uuid('technology_id')
      .notNull()
      .references(() => technologies.id, { onDelete: 'cascade' }),
    quadrantId: text('quadrant_id').notNull(),
    ringId: text('ring_id').notNull(),
    note: text('note').notNull().default(''),
    /** The blip's number on the chart: kept while it moves, so it can be cited; renumbered when a volume is published. */
    number: integer('number').notNull().default(0),
    /** Incremented by every move; a proposal made at another version is stale. */
    version: integer('version').notNull().default(1),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('blips_radar_technology_key').on(table.radarId, table.technologyId),
    index('blips_technology_idx').on(table.technologyId),
    index('blips_radar_ring_idx').on(table.radarId, table.ringId),
    index('blips_radar_quadrant_idx').on(table.radarId, table.quadrantId),
    index('blips_project_idx').on(table.projectId),
  ],
);

/**
 * Every placement change of a blip, append-only. Ring and quadrant names are copied as they were at the time, so
 * the timeline stays true after a ring is renamed. No foreign key to the blip: removing a blip keeps its history.
 */
export const blipHistory = pgTable(
  'blip_history',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    radarId: uuid('radar_id')
      .notNull()
      .references(() => radars.id, { onDelete: 'cascade' }),
    technologyId: uuid('technology_id')
      .notNull()
      .references(() => technologies.id, { onDelete: 'cascade' }),
    blipId: uuid('blip_id').notNull(),
    kind: text('kind').notNull(),
    fromRingId: text('from_ring_id'),
    fromRingName: text('from_ring_name'),
    toRingId: text('to_ring_id'),
    toRingName: text('to_ring_name'),
    fromQuadrantId: text('from_quadrant_id'),
    fromQuadrantName: text('from_quadrant_name'),
    toQuadrantId: text('to_quadrant_id'),
    toQuadrantName: text('to_quadrant_name'),
    rationale: text('rationale'),
    proposalId: uuid('proposal_id'),
    actorUserId: uuid('actor_user_id'),
    actor: text('actor').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('blip_history_technology_idx').on(table.projectId, table.technologyId, table.createdAt, table.id),
    index('blip_history_radar_idx').on(table.radarId),
  ],
);

/** A published snapshot of a radar: its structure then, and one row per blip in radar_volume_blips. */
export const radarVolumes = pgTable(
  'radar_volumes',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    radarId: uuid('radar_id')
      .notNull()
      .references(() => radars.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    quadrants: jsonb('quadrants').$type<Segment[]>().notNull(),
    rings: jsonb('rings').$type<Segment[]>().notNull(),
    /** Set when an import published it: a retried import finds its volume instead of publishing twice. */
    importId: uuid('import_id'),
    publishedBy: uuid('published_by'),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('radar_volumes_radar_name_key').on(table.radarId, sql`lower(${table.name})`),
    uniqueIndex('radar_volumes_import_key').on(table.importId),
    index('radar_volumes_radar_date_idx').on(table.radarId, table.date, table.id),
    index('radar_volumes_project_idx').on(table.projectId),
  ],
);

/** A blip as it was in a volume. The title is copied: volumes outlive deleted technologies. */
export const radarVolumeBlips = pgTable(
  'radar_volume_blips',
  {
    projectId: projectRef(),
    volumeId: uuid('volume_id')
      .notNull()
      .references(() => radarVolumes.id, { onDelete: 'cascade' }),
    technologyId: uuid('technology_id').notNull(),
    title: text('title').notNull(),
    quadrantId: text('quadrant_id').notNull(),
    ringId: text('ring_id').notNull(),
    quadrantOrder: integer('quadrant_order').notNull(),
    ringOrder: integer('ring_order').notNull(),
    /** Against the blip's last appearance (or the import file's): new, moved_in, moved_out, no_change. */
    movement: text('movement').notNull(),
    /** Back after missing one or more volumes (its movement is against where it last was). */
    returning: boolean('returning').notNull().default(false),
    /** Its number in this volume, fixed at publication. */
    number: integer('number').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.volumeId, table.technologyId] }),
    index('radar_volume_blips_project_idx').on(table.projectId),
  ],
);

export const radarProposals = pgTable(
  'radar_proposals',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    radarId: uuid('radar_id')
      .notNull()
      .references(() => radars.id, { onDelete: 'cascade' }),
    blipId: uuid('blip_id')
      .notNull()
      .references(() => blips.id, { onDelete: 'cascade' }),
    technologyId: uuid('technology_id')
      .notNull()
      .references(() => technologies.id, { onDelete: 'cascade' }),
    fromRingId: text('from_ring_id').notNull(),
    fromQuadrantId: text('from_quadrant_id').notNull(),
    toRingId: text('to_ring_id').notNull(),
    toQuadrantId: text('to_quadrant_id').notNull(),
    /** The blip's version when proposed; approval is refused once the blip has moved since. */
    blipVersion: integer('blip_version').notNull(),
    rationale: text('rationale').notNull(),
    researchTaskIds: uuid('research_task_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').notNull().default('open'),
    proposedBy: uuid('proposed_by'),
    proposer: text('proposer').notNull(),
    decidedBy: uuid('decided_by'),
    decider: text('decider'),
    decisionComment: text('decision_comment'),
    decidedAt: stamp('decided_at'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('radar_proposals_project_status_idx').on(table.projectId, table.status, table.id),
    index('radar_proposals_blip_idx').on(table.blipId),
    index('radar_proposals_technology_idx').on(table.technologyId),
  ],
);

export const proposalComments = pgTable(
  'radar_proposal_comments',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => radarProposals.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id'),
    author: text('author').notNull(),
    body: text('body').notNull(),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('radar_proposal_comments_proposal_idx').on(table.proposalId, table.id),
    index('radar_proposal_comments_project_idx').on(table.projectId),
  ],
);

/**
 * An uploaded import waiting for (or done by) its job. The file lives here rather than in the job's payload, so
 * job lists stay small; it is emptied once the import completed.
 */
export const radarImports = pgTable(
  'radar_imports',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    radarId: uuid('radar_id')
      .notNull()
      .references(() => radars.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    strategy: text('strategy').notNull(),
    prune: boolean('prune').notNull().default(false),
    content: text('content').notNull(),
    sourceName: text('source_name'),
    publishVolume: jsonb('publish_volume').$type<{ name: string; date: string }>(),
    /** The user's placement of the file's quadrants and rings (the preview's mapping); absent: matched by name. */
    mapping: jsonb('mapping').$type<ImportMapping>(),
    createdBy: uuid('created_by'),
    completedAt: stamp('completed_at'),
    createdAt: stamp('created_at').notNull().defaultNow(),
  },
  (table) => [index('radar_imports_project_idx').on(table.projectId)],
);

/**
 * A read-only, revocable link to one radar (or one of its volumes) in other tools' formats, for Backstage's
 * tech-radar plugin or a Build-Your-Own-Radar page. Only the token's hash is stored.
 */
export const radarShareLinks = pgTable(
  'radar_share_links',
  {
    id: uuid('id').primaryKey(),
    projectId: projectRef(),
    radarId: uuid('radar_id')
      .notNull()
      .references(() => radars.id, { onDelete: 'cascade' }),
    /** Absent: the live radar. */
    volumeId: uuid('volume_id').references(() => radarVolumes.id, { onDelete: 'cascade' }),
    label: text('label').notNull().default(''),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    lastUsedAt: stamp('last_used_at'),
    revokedAt: stamp('revoked_at'),
    revokedBy: uuid('revoked_by'),
  },
  (table) => [index('radar_share_links_radar_idx').on(table.projectId, table.radarId, table.id)],
);
