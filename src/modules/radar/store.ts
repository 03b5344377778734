import { and, asc, count, desc, eq, getTableColumns, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '../../platform/db/database.js';
import { inlineStatement } from '../../platform/db/inline.js';
import type { TechnologySort, TechnologyView } from './schemas.js';
import {
  blipHistory,
  blips,
  proposalComments,
  radarImports,
  radarProposals,
  radars,
  radarVolumeBlips,
  radarVolumes,
  technologies,
  technologyRelations,
} from './tables.js';

// Every function takes the project id and filters by it, even though RLS confines the transaction already: a
// missed scope must fail closed twice over.

export type RadarRow = typeof radars.$inferSelect;
export type BlipRow = typeof blips.$inferSelect;
export type HistoryRow = typeof blipHistory.$inferSelect;
export type VolumeRow = typeof radarVolumes.$inferSelect;
export type VolumeBlipRow = typeof radarVolumeBlips.$inferSelect;
export type ProposalRow = typeof radarProposals.$inferSelect;
export type CommentRow = typeof proposalComments.$inferSelect;
export type ImportRow = typeof radarImports.$inferSelect;

// The generated search vector is never read back: it is large and only the database uses it.
const { search: _search, ...technologyColumns } = getTableColumns(technologies);
export type TechnologyRow = Omit<typeof technologies.$inferSelect, 'search'>;
export type TechnologyInsert = Omit<typeof technologies.$inferInsert, 'search'>;
export type TechnologyChanges = Partial<Omit<TechnologyInsert, 'id' | 'projectId' | 'createdBy' | 'createdAt'>>;

// ---- radars -------------------------------------------------------------------------------------------------

/** Inserts unless the name (or, for a default radar, the project's default) is taken; undefined then. */
export async function insertRadar(tx: Tx, row: typeof radars.$inferInsert): Promise<RadarRow | undefined> {
  const rows = await tx.insert(radars).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function findDefaultRadar(tx: Tx, projectId: string): Promise<RadarRow | undefined> {
  const rows = await tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), eq(radars.isDefault, true)))
    .limit(1);
  return rows[0];
}

export async function findRadars(tx: Tx, projectId: string, radarIds: string[]): Promise<RadarRow[]> {
  if (radarIds.length === 0) return [];
  return tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), inArray(radars.id, [...new Set(radarIds)])));
}

export async function listAllRadars(tx: Tx, projectId: string): Promise<RadarRow[]> {
  return tx.select().from(radars).where(eq(radars.projectId, projectId)).orderBy(asc(radars.id));
}

export async function findRadar(tx: Tx, projectId: string, radarId: string): Promise<RadarRow | undefined> {
  const rows = await tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .limit(1);
  return rows[0];
}

/**
 * Locks the radar row. Structure edits take it exclusively (`update`); placing and moving blips take it shared, so
 * they run side by side but never interleave with a change of the quadrants and rings they are checked against.
 */
export async function lockRadar(
  tx: Tx,
  projectId: string,
  radarId: string,
  mode: 'update' | 'share' = 'update',
): Promise<RadarRow | undefined> {
  const rows = await tx
    .select()
    .from(radars)
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .for(mode)
    .limit(1);
  return rows[0];
}

export async function listRadars(tx: Tx, projectId: string, limit: number, afterId: string | undefined) {
  return tx
    .select({
      radar: radars,
      // Spelled out: drizzle renders a column of the only table in FROM without its table name, and a bare "id" here
      // would bind to the subquery's own blips.id and count nothing.
      blipCount: sql<number>`(SELECT count(*)::int FROM blips b WHERE b.radar_id = "radars"."id")`,
    })
    .from(radars)
    .where(and(eq(radars.projectId, projectId), afterId === undefined ? undefined : gt(radars.id, afterId)))
    .orderBy(asc(radars.id))
    .limit(limit + 1);
}

export async function radarNameTaken(tx: Tx, projectId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: radars.id })
    .from(radars)
    .where(and(eq(radars.projectId, projectId), sql`lower(${radars.name}) = lower(${name})`))
    .limit(1);
  return rows.length > 0 && rows[0]!.id !== exceptId;
}

export async function updateRadar(
  tx: Tx,
  projectId: string,
  radarId: string,
  changes: Partial<Pick<RadarRow, 'name' | 'description' | 'quadrants' | 'rings'>>,
): Promise<RadarRow | undefined> {
  const rows = await tx
    .update(radars)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .returning();
  return rows[0];
}

export async function deleteRadar(tx: Tx, projectId: string, radarId: string): Promise<void> {
  await tx.delete(radars).where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)));
}

export async function countBlipsOfRadar(tx: Tx, projectId: string, radarId: string): Promise<number> {
  const rows = await tx
    .select({ n: count() })
    .from(blips)
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId)));
  return rows[0]?.n ?? 0;
}

/** How many blips sit in each quadrant and ring of a radar (to refuse removing an occupied one). */
export async function segmentUsage(tx: Tx, projectId: string, radarId: string) {
  return tx
    .select({ quadrantId: blips.quadrantId, ringId: blips.ringId, n: count() })
    .from(blips)
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId)))
    .groupBy(blips.quadrantId, blips.ringId);
}

// ---- technologies -------------------------------------------------------------------------------------------

/** Inserts unless the title is taken (case-insensitively); undefined then. */
export async function insertTechnology(tx: Tx, row: TechnologyInsert): Promise<TechnologyRow | undefined> {
  const rows = await tx.insert(technologies).values(row).onConflictDoNothing().returning(technologyColumns);
  return rows[0];
}

export async function findTechnology(tx: Tx, projectId: string, id: string): Promise<TechnologyRow | undefined> {
  const rows = await tx
    .select(technologyColumns)
    .from(technologies)
    .where(and(eq(technologies.projectId, projectId), eq(technologies.id, id)))
    .limit(1);
  return rows[0];
}

export async function findTechnologyForUpdate(
  tx: Tx,
  projectId: string,
  id: string,
): Promise<TechnologyRow | undefined> {
  const rows = await tx
    .select(technologyColumns)
    .from(technologies)
    .where(and(eq(technologies.projectId, projectId), eq(technologies.id, id)))
    .for('update')
    .limit(1);
  return rows[0];
}

/** Technologies by title, compared lower-case; the key of the returned map is the lower-cased title. */
export async function findTechnologiesByTitles(
  tx: Tx,
  projectId: string,
  titles: string[],
): Promise<Map<string, TechnologyRow>> {
  const found = new Map<string, TechnologyRow>();
  const lowered = [...new Set(titles.map((title) => title.toLowerCase()))];
  // Chunks keep the parameter list well below PostgreSQL's limit for very large imports.
  for (let start = 0; start < lowered.length; start += 1000) {
    const chunk = lowered.slice(start, start + 1000);
    const rows = await tx
      .select(technologyColumns)
      .from(technologies)
      .where(and(eq(technologies.projectId, projectId), inArray(sql`lower(${technologies.title})`, chunk)));
    for (const row of rows) found.set(row.title.toLowerCase(), row);
  }
  return found;
}

export async function technologiesByIds(tx: Tx, projectId: string, ids: string[]): Promise<TechnologyRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select(technologyColumns)
    .from(technologies)
    .where(and(eq(technologies.projectId, projectId), inArray(technologies.id, ids)));
}

export async function titleTaken(tx: Tx, projectId: string, title: string, exceptId?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: technologies.id })
    .from(technologies)
    .where(
      and(
        eq(technologies.projectId, projectId),
        sql`(lower(${technologies.title}) COLLATE "C") = (lower(${title}) COLLATE "C")`,
      ),
    )
    .limit(1);
  return rows.length > 0 && rows[0]!.id !== exceptId;
}

export async function updateTechnology(
  tx: Tx,
  projectId: string,
  id: string,
  changes: TechnologyChanges,
): Promise<TechnologyRow | undefined> {
  const rows = await tx
    .update(technologies)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(technologies.projectId, projectId), eq(technologies.id, id)))
    .returning(technologyColumns);
  return rows[0];
}

export async function deleteTechnology(tx: Tx, projectId: string, id: string): Promise<void> {
  await tx.delete(technologies).where(and(eq(technologies.projectId, projectId), eq(technologies.id, id)));
}

export interface TechnologyFilters {
  /** A to_tsquery expression built from plain words (never raw user text). */
  tsquery?: string;
  radarId?: string;
  quadrantId?: string;
  ringId?: string;
  status?: string;
  domain?: string;
  tag?: string;
  priority?: number;
}

/** Where a keyset page starts: the last row's sort value and id. */
export interface SortPosition {
  value: string | number;
  id: string;
}

const titleKey = sql`(lower(${technologies.title}) COLLATE "C")`;

function sortColumn(sort: TechnologySort): SQL {
  switch (sort) {
    case 'title':
      return titleKey;
    case 'priority':
      return sql`${technologies.priority}`;
    case 'relevance':
      return sql`${technologies.relevance}`;
    case 'createdAt':
      return sql`${technologies.createdAt}`;
    case 'updatedAt':
      return sql`${technologies.updatedAt}`;
  }
}

function sortParameter(sort: TechnologySort, value: string | number): SQL {
  if (sort === 'priority' || sort === 'relevance') return sql`${Number(value)}::int`;
  if (sort === 'title') return sql`(${String(value)}::text COLLATE "C")`;
  return sql`${String(value)}::timestamptz`;
}

/** The sort value of a row as it goes into a cursor (timestamps as ISO text, exact at millisecond precision). */
export function sortValueOf(row: ListedTechnology, sort: TechnologySort): string | number {
  switch (sort) {
    case 'title':
      return row.title.toLowerCase();
    case 'priority':
    case 'relevance':
      return Number(row.key);
    case 'createdAt':
    case 'updatedAt':
      return new Date(row.key as Date | string).toISOString();
  }
}

/** A timestamp as the API writes it (`Date#toISOString`: UTC, milliseconds, "Z"); values are stored to the ms. */
const isoText = (column: SQL | AnyPgColumn) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One row of `technologies` (unaliased, so Drizzle's qualified column names in the same statement still resolve) in
 * the API's shape (schemas `Technology`, same field order), rendered by PostgreSQL as JSON text,
 * with its blips by radar. Equal to presentTechnology's output once parsed; listing pages this way spares the
 * server mapping and serialising every row.
 */
const blipsJson = sql`coalesce((
  SELECT json_agg(json_build_object('id', b.id, 'radarId', b.radar_id, 'quadrantId', b.quadrant_id,
    'ringId', b.ring_id) ORDER BY b.radar_id)
  FROM blips b WHERE b.project_id = technologies.project_id AND b.technology_id = technologies.id), '[]'::json)`;
const column = (name: string) => sql.raw(`technologies.${name}`);
/** Keys and values of `technologyJson`, in the order of the `Technology` schema (a unit test holds them equal). */
export const TECHNOLOGY_JSON_FIELDS: ReadonlyArray<readonly [string, SQL]> = [
  ['id', column('id')],
  ['title', column('title')],
  ['vendor', column('vendor')],
  ['domain', column('domain')],
  ['status', column('status')],
  ['relevance', column('relevance')],
  ['priority', column('priority')],
  ['description', column('description')],
  ['notes', column('notes')],
  ['useCases', column('use_cases')],
  ['documentationUrl', column('documentation_url')],
  ['repositoryUrl', column('repository_url')],
  ['websiteUrl', column('website_url')],
  ['tags', column('tags')],
  ['maturity', column('maturity')],
  ['costTier', column('cost_tier')],
  ['monthlyCost', column('monthly_cost')],
  ['integrationDifficulty', column('integration_difficulty')],
  ['integrationEstimateDays', column('integration_estimate_days')],
  ['stabilityScore', column('stability_score')],
  ['latencyMs', column('latency_ms')],
  ['throughputQps', column('throughput_qps')],
  ['githubStars', column('github_stars')],
  ['lastCommitAt', isoText(column('last_commit_at'))],
  ['blips', blipsJson],
  ['createdAt', isoText(column('created_at'))],
  ['updatedAt', isoText(column('updated_at'))],
];
const technologyJson = sql`json_build_object(${sql.join(
  TECHNOLOGY_JSON_FIELDS.map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`),
  sql`, `,
)})::text`;

/** A listed technology: the API's JSON of it, and what its cursor needs (title and raw sort value). */
export interface ListedTechnology {
  id: string;
  title: string;
  /** The sort column's value: a number, a Date or, for titles, the lower-cased title. */
  key: unknown;
  json: string;
}

/**
 * A page of technologies, keyset-paginated on (sort value, id) so that rows inserted or edited meanwhile never
 * make a page repeat or skip others. Each sort has an index on (project_id, value, id); titles are unique per
 * project, so title order needs no tie-breaker. One statement and one round trip (`tenantRead`); PostgreSQL renders
 * the JSON (and looks up blips) only for the rows that pass the LIMIT, also when it has to sort (EXPLAIN shows the
 * projection above the Sort).
 */
export async function listTechnologies(
  db: Database,
  projectId: string,
  filters: TechnologyFilters,
  sort: TechnologySort,
  order: 'asc' | 'desc',
  limit: number,
  after: SortPosition | undefined,
): Promise<ListedTechnology[]> {
  const column = sortColumn(sort);
  const conditions: Array<SQL | undefined> = [eq(technologies.projectId, projectId)];
  if (filters.tsquery !== undefined) {
    conditions.push(sql`${technologies.search} @@ to_tsquery('english', ${filters.tsquery})`);
  }
  if (filters.status !== undefined) conditions.push(eq(technologies.status, filters.status));
  if (filters.domain !== undefined) conditions.push(sql`lower(${technologies.domain}) = lower(${filters.domain})`);
  if (filters.tag !== undefined) conditions.push(sql`${technologies.tags} @> ARRAY[${filters.tag}]::text[]`);
  if (filters.priority !== undefined) conditions.push(eq(technologies.priority, filters.priority));
  if (filters.radarId !== undefined || filters.quadrantId !== undefined || filters.ringId !== undefined) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM blips b WHERE b.technology_id = ${technologies.id}${
        filters.radarId === undefined ? sql`` : sql` AND b.radar_id = ${filters.radarId}`
      }${filters.quadrantId === undefined ? sql`` : sql` AND b.quadrant_id = ${filters.quadrantId}`}${
        filters.ringId === undefined ? sql`` : sql` AND b.ring_id = ${filters.ringId}`
      })`,
    );
  }
  if (after !== undefined) {
    const comparator = order === 'asc' ? sql`>` : sql`<`;
    const start = sortParameter(sort, after.value);
    conditions.push(
      sort === 'title'
        ? sql`${column} ${comparator} ${start}`
        : sql`(${column}, ${technologies.id}) ${comparator} (${start}, ${after.id}::uuid)`,
    );
  }
  const direction = order === 'asc' ? sql`ASC` : sql`DESC`;
  const orderBy =
    sort === 'title' ? sql`${column} ${direction}` : sql`${column} ${direction}, ${technologies.id} ${direction}`;
  const statement = inlineStatement(sql`
    SELECT ${technologies.id} AS id, ${technologies.title} AS title, ${column} AS key, ${technologyJson} AS json
    FROM ${technologies} WHERE ${and(...conditions)} ORDER BY ${orderBy} LIMIT ${limit + 1}`);
  const rows = await db.tenantRead({ projectId }, statement);
  return rows.map((row) => ({ id: String(row.id), title: String(row.title), key: row.key, json: String(row.json) }));
}

export async function blipsOfTechnologies(tx: Tx, projectId: string, technologyIds: string[]) {
  if (technologyIds.length === 0) return [];
  return tx
    .select({
      id: blips.id,
      radarId: blips.radarId,
      technologyId: blips.technologyId,
      quadrantId: blips.quadrantId,
      ringId: blips.ringId,
    })
    .from(blips)
    .where(and(eq(blips.projectId, projectId), inArray(blips.technologyId, technologyIds)))
    .orderBy(asc(blips.radarId));
}

// ---- relations ----------------------------------------------------------------------------------------------

export async function insertRelation(
  tx: Tx,
  row: typeof technologyRelations.$inferInsert,
): Promise<typeof technologyRelations.$inferSelect | undefined> {
  const rows = await tx.insert(technologyRelations).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function findRelation(tx: Tx, projectId: string, relationId: string) {
  const rows = await tx
    .select()
    .from(technologyRelations)
    .where(and(eq(technologyRelations.projectId, projectId), eq(technologyRelations.id, relationId)))
    .limit(1);
  return rows[0];
}

export async function deleteRelation(tx: Tx, projectId: string, relationId: string): Promise<void> {
  await tx
    .delete(technologyRelations)
    .where(and(eq(technologyRelations.projectId, projectId), eq(technologyRelations.id, relationId)));
}

/** Relations in both directions, each with the other technology's title. */
export async function listRelations(tx: Tx, projectId: string, technologyId: string) {
  const rows = (await tx.execute(sql`
    SELECT r.id, r.kind, r.created_at AS "createdAt", 'outgoing' AS direction, t.id AS "otherId", t.title AS "otherTitle"
      FROM technology_relations r JOIN technologies t ON t.id = r.to_technology_id
     WHERE r.project_id = ${projectId} AND r.from_technology_id = ${technologyId}
    UNION ALL
    SELECT r.id, r.kind, r.created_at, 'incoming', t.id, t.title
      FROM technology_relations r JOIN technologies t ON t.id = r.from_technology_id
     WHERE r.project_id = ${projectId} AND r.to_technology_id = ${technologyId}
     ORDER BY 3, 1`)) as unknown as {
    rows: Array<{
      id: string;
      kind: string;
      createdAt: string | Date;
      direction: 'outgoing' | 'incoming';
      otherId: string;
      otherTitle: string;
    }>;
  };
  return rows.rows;
}

/** Titles of the technologies each of `technologyIds` relates to with `kind` (outgoing), by title. */
export async function outgoingRelationTitles(
  tx: Tx,
  projectId: string,
  technologyIds: string[],
  kind: string,
): Promise<Map<string, string[]>> {
  const titles = new Map<string, string[]>();
  if (technologyIds.length === 0) return titles;
  const rows = await tx
    .select({ from: technologyRelations.fromTechnologyId, title: technologies.title })
    .from(technologyRelations)
    .innerJoin(technologies, eq(technologies.id, technologyRelations.toTechnologyId))
    .where(
      and(
        eq(technologyRelations.projectId, projectId),
        eq(technologyRelations.kind, kind),
        inArray(technologyRelations.fromTechnologyId, technologyIds),
      ),
    )
    .orderBy(asc(technologyRelations.createdAt), asc(technologyRelations.id));
  for (const row of rows) titles.set(row.from, [...(titles.get(row.from) ?? []), row.title]);
  return titles;
}

// ---- blips and history --------------------------------------------------------------------------------------

const blipWithTitle = { ...getTableColumns(blips), title: technologies.title };
export type BlipWithTitle = BlipRow & { title: string };

/** Inserts unless the technology is on the radar already; undefined then. */
export async function insertBlip(tx: Tx, row: typeof blips.$inferInsert): Promise<BlipRow | undefined> {
  const rows = await tx.insert(blips).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function findBlip(
  tx: Tx,
  projectId: string,
  blipId: string,
  options: { lock?: boolean } = {},
): Promise<BlipWithTitle | undefined> {
  const query = tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)))
    .limit(1);
  const rows = options.lock ? await query.for('update', { of: blips }) : await query;
  return rows[0];
}

export async function findBlipOfTechnology(
  tx: Tx,
  projectId: string,
  radarId: string,
  technologyId: string,
): Promise<BlipWithTitle | undefined> {
  const rows = await tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId), eq(blips.technologyId, technologyId)))
    .limit(1);
  return rows[0];
}

export async function listBlips(
  tx: Tx,
  projectId: string,
  radarId: string,
  filters: { quadrantId?: string; ringId?: string },
  limit: number,
  afterId: string | undefined,
): Promise<BlipWithTitle[]> {
  return tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(
      and(
        eq(blips.projectId, projectId),
        eq(blips.radarId, radarId),
        filters.quadrantId === undefined ? undefined : eq(blips.quadrantId, filters.quadrantId),
        filters.ringId === undefined ? undefined : eq(blips.ringId, filters.ringId),
        afterId === undefined ? undefined : gt(blips.id, afterId),
      ),
    )
    .orderBy(asc(blips.id))
    .limit(limit + 1);
}

/** Every blip of a radar with its technology's title (a radar holds hundreds at most). */
export async function allBlipsOfRadar(tx: Tx, projectId: string, radarId: string): Promise<BlipWithTitle[]> {
  return tx
    .select(blipWithTitle)
    .from(blips)
    .innerJoin(technologies, eq(technologies.id, blips.technologyId))
    .where(and(eq(blips.projectId, projectId), eq(blips.radarId, radarId)))
    .orderBy(asc(technologies.title));
}

export async function updateBlipNote(tx: Tx, projectId: string, blipId: string, note: string): Promise<void> {
  await tx
    .update(blips)
    .set({ note, updatedAt: new Date() })
    .where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)));
}

/** Moves a blip and increases its version (which makes older proposals for it stale). */
export async function moveBlip(
  tx: Tx,
  projectId: string,
  blipId: string,
  to: { ringId: string; quadrantId: string },
): Promise<BlipRow | undefined> {
  const rows = await tx
    .update(blips)
    .set({ ...to, version: sql`${blips.version} + 1`, updatedAt: new Date() })
    .where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)))
    .returning();
  return rows[0];
}

/** Takes the radar's next blip number; the update of the radar row serialises concurrent placements. */
export async function takeBlipNumber(tx: Tx, projectId: string, radarId: string): Promise<number> {
  const rows = await tx
    .update(radars)
    .set({ nextBlipNumber: sql`${radars.nextBlipNumber} + 1` })
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)))
    .returning({ taken: sql<number>`${radars.nextBlipNumber} - 1` });
  const taken = rows[0]?.taken;
  if (taken === undefined) throw new Error(`radar ${radarId} does not exist`);
  return Number(taken);
}

/** Gives the radar's blips the numbers of a newly published volume; the next blip placed gets the one after. */
export async function renumberBlips(
  tx: Tx,
  projectId: string,
  radarId: string,
  numbers: ReadonlyArray<{ blipId: string; number: number }>,
): Promise<void> {
  if (numbers.length > 0) {
    await tx.execute(sql`
      UPDATE blips SET number = renumbered.number
        FROM jsonb_to_recordset(${JSON.stringify(numbers)}::jsonb) AS renumbered("blipId" uuid, number int)
       WHERE blips.id = renumbered."blipId" AND blips.project_id = ${projectId} AND blips.radar_id = ${radarId}`);
  }
  await tx
    .update(radars)
    .set({ nextBlipNumber: numbers.length + 1 })
    .where(and(eq(radars.projectId, projectId), eq(radars.id, radarId)));
}

export async function deleteBlip(tx: Tx, projectId: string, blipId: string): Promise<void> {
  await tx.delete(blips).where(and(eq(blips.projectId, projectId), eq(blips.id, blipId)));
}

export async function insertHistory(tx: Tx, rows: Array<typeof blipHistory.$inferInsert>): Promise<void> {
  if (rows.length > 0) await tx.insert(blipHistory).values(rows);
}

export async function listHistory(
  tx: Tx,
  projectId: string,
  technologyId: string,
  limit: number,
  afterId: string | undefined,
) {
  return tx
    .select({ entry: blipHistory, radarName: radars.name })
    .from(blipHistory)
    .innerJoin(radars, eq(radars.id, blipHistory.radarId))
    .where(
      and(
        eq(blipHistory.projectId, projectId),
        eq(blipHistory.technologyId, technologyId),
        afterId === undefined ? undefined : gt(blipHistory.id, afterId),
      ),
    )
    .orderBy(asc(blipHistory.id))
    .limit(limit + 1);
}

// ---- volumes ------------------------------------------------------------------------------------------------

/** Inserts unless the name is taken on the radar (or the import published its volume already); undefined then. */
export async function insertVolume(tx: Tx, row: typeof radarVolumes.$inferInsert): Promise<VolumeRow | undefined> {
  const rows = await tx.insert(radarVolumes).values(row).onConflictDoNothing().returning();
  return rows[0];
}

export async function insertVolumeBlips(tx: Tx, rows: Array<typeof radarVolumeBlips.$inferInsert>): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await tx.insert(radarVolumeBlips).values(rows.slice(start, start + 500));
  }
}

export async function findVolume(
  tx: Tx,
  projectId: string,
  radarId: string,
  volumeId: string,
): Promise<VolumeRow | undefined> {
  const rows = await tx
    .select()
    .from(radarVolumes)
    .where(and(eq(radarVolumes.projectId, projectId), eq(radarVolumes.radarId, radarId), eq(radarVolumes.id, volumeId)))
    .limit(1);
  return rows[0];
}

export async function findVolumeOfImport(tx: Tx, projectId: string, importId: string): Promise<VolumeRow | undefined> {
  const rows = await tx
    .select()
    .from(radarVolumes)
    .where(and(eq(radarVolumes.projectId, projectId), eq(radarVolumes.importId, importId)))
    .limit(1);
  return rows[0];
}

export async function volumeNameTaken(tx: Tx, projectId: string, radarId: string, name: string): Promise<boolean> {
  const rows = await tx
    .select({ id: radarVolumes.id })
    .from(radarVolumes)
    .where(
      and(
        eq(radarVolumes.projectId, projectId),
        eq(radarVolumes.radarId, radarId),
        sql`lower(${radarVolumes.name}) = lower(${name})`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The latest volume of a radar (by date, then publication order), or the latest before a given one. */
export async function latestVolume(
  tx: Tx,
  projectId: string,
  radarId: string,
  before?: VolumeRow,
): Promise<VolumeRow | undefined> {
  const rows = await tx
    .select()
    .from(radarVolumes)
    .where(
      and(
        eq(radarVolumes.projectId, projectId),
        eq(radarVolumes.radarId, radarId),
        before === undefined
          ? undefined
          : sql`(${radarVolumes.date}, ${radarVolumes.id}) < (${before.date}::date, ${before.id}::uuid)`,
      ),
    )
    .orderBy(desc(radarVolumes.date), desc(radarVolumes.id))
    .limit(1);
  return rows[0];
}

/** Volumes newest first, with their blip count and movement counts. */
export async function listVolumes(
  tx: Tx,
  projectId: string,
  radarId: string,
  limit: number,
  after: { date: string; id: string } | undefined,
) {
  const volumes = await tx
    .select()
    .from(radarVolumes)
    .where(
      and(
        eq(radarVolumes.projectId, projectId),
        eq(radarVolumes.radarId, radarId),
        after === undefined
          ? undefined
          : sql`(${radarVolumes.date}, ${radarVolumes.id}) < (${after.date}::date, ${after.id}::uuid)`,
      ),
    )
    .orderBy(desc(radarVolumes.date), desc(radarVolumes.id))
    .limit(limit + 1);
  const ids = volumes.map((volume) => volume.id);
  const counts =
    ids.length === 0
      ? []
      : await tx
          .select({ volumeId: radarVolumeBlips.volumeId, movement: radarVolumeBlips.movement, n: count() })
          .from(radarVolumeBlips)
          .where(and(eq(radarVolumeBlips.projectId, projectId), inArray(radarVolumeBlips.volumeId, ids)))
          .groupBy(radarVolumeBlips.volumeId, radarVolumeBlips.movement);
  return { volumes, counts };
}

/**
 * Where each technology was when it last appeared in a volume of the radar (before `before`, when given): what its
 * movement is measured against, as Thoughtworks does.
 */
export async function lastAppearances(
  tx: Tx,
  projectId: string,
  radarId: string,
  before?: VolumeRow,
): Promise<Map<string, { ringOrder: number; volumeId: string }>> {
  const result = (await tx.execute(sql`
    SELECT DISTINCT ON (vb.technology_id) vb.technology_id AS "technologyId", vb.ring_order AS "ringOrder",
           vb.volume_id AS "volumeId"
      FROM radar_volume_blips vb JOIN radar_volumes v ON v.id = vb.volume_id
     WHERE v.project_id = ${projectId} AND v.radar_id = ${radarId}
       ${before === undefined ? sql`` : sql`AND (v.date, v.id) < (${before.date}::date, ${before.id}::uuid)`}
     ORDER BY vb.technology_id, v.date DESC, v.id DESC`)) as unknown as {
    rows: Array<{ technologyId: string; ringOrder: number; volumeId: string }>;
  };
  return new Map(
    result.rows.map((row) => [row.technologyId, { ringOrder: Number(row.ringOrder), volumeId: row.volumeId }]),
  );
}

/** Every appearance of the radar's technologies in its volumes (up to `until`, inclusive), newest first. */
export async function appearanceHistory(
  tx: Tx,
  projectId: string,
  radarId: string,
  until?: VolumeRow,
): Promise<Array<{ technologyId: string; date: string; ringId: string; movement: string }>> {
  const result = (await tx.execute(sql`
    SELECT vb.technology_id AS "technologyId", to_char(v.date, 'YYYY-MM-DD') AS date, vb.ring_id AS "ringId",
           vb.movement
      FROM radar_volume_blips vb JOIN radar_volumes v ON v.id = vb.volume_id
     WHERE v.project_id = ${projectId} AND v.radar_id = ${radarId}
       ${until === undefined ? sql`` : sql`AND (v.date, v.id) <= (${until.date}::date, ${until.id}::uuid)`}
     ORDER BY v.date DESC, v.id DESC`)) as unknown as {
    rows: Array<{ technologyId: string; date: string; ringId: string; movement: string }>;
  };
  return result.rows;
}

export async function volumeBlips(tx: Tx, projectId: string, volumeId: string): Promise<VolumeBlipRow[]> {
  return tx
    .select()
    .from(radarVolumeBlips)
    .where(and(eq(radarVolumeBlips.projectId, projectId), eq(radarVolumeBlips.volumeId, volumeId)))
    .orderBy(asc(radarVolumeBlips.title));
}

// ---- proposals ----------------------------------------------------------------------------------------------

const proposalWithContext = {
  proposal: radarProposals,
  title: technologies.title,
  blipVersion: blips.version,
  commentCount: sql<number>`(SELECT count(*)::int FROM radar_proposal_comments c WHERE c.proposal_id = ${radarProposals.id})`,
};
export interface ProposalWithContext {
  proposal: ProposalRow;
  title: string;
  blipVersion: number;
  commentCount: number;
}

export async function insertProposal(tx: Tx, row: typeof radarProposals.$inferInsert): Promise<ProposalRow> {
  const rows = await tx.insert(radarProposals).values(row).returning();
  return rows[0]!;
}

export async function findProposal(
  tx: Tx,
  projectId: string,
  proposalId: string,
  options: { lock?: boolean } = {},
): Promise<ProposalWithContext | undefined> {
  const query = tx
    .select(proposalWithContext)
    .from(radarProposals)
    .innerJoin(technologies, eq(technologies.id, radarProposals.technologyId))
    .innerJoin(blips, eq(blips.id, radarProposals.blipId))
    .where(and(eq(radarProposals.projectId, projectId), eq(radarProposals.id, proposalId)))
    .limit(1);
  const rows = options.lock ? await query.for('update', { of: radarProposals }) : await query;
  return rows[0];
}

export async function listProposals(
  tx: Tx,
  projectId: string,
  filters: { status?: string; radarId?: string; technologyId?: string },
  limit: number,
  beforeId: string | undefined,
): Promise<ProposalWithContext[]> {
  return tx
    .select(proposalWithContext)
    .from(radarProposals)
    .innerJoin(technologies, eq(technologies.id, radarProposals.technologyId))
    .innerJoin(blips, eq(blips.id, radarProposals.blipId))
    .where(
      and(
        eq(radarProposals.projectId, projectId),
        filters.status === undefined ? undefined : eq(radarProposals.status, filters.status),
        filters.radarId === undefined ? undefined : eq(radarProposals.radarId, filters.radarId),
        filters.technologyId === undefined ? undefined : eq(radarProposals.technologyId, filters.technologyId),
        beforeId === undefined ? undefined : lt(radarProposals.id, beforeId),
      ),
    )
    .orderBy(desc(radarProposals.id))
    .limit(limit + 1);
}

/** Settles an open proposal; undefined when it was not open any more (a concurrent decision won). */
export async function settleProposal(
  tx: Tx,
  projectId: string,
  proposalId: string,
  changes: Pick<ProposalRow, 'status' | 'decidedBy' | 'decider' | 'decisionComment'>,
): Promise<ProposalRow | undefined> {
  const now = new Date();
  const rows = await tx
    .update(radarProposals)
    .set({ ...changes, decidedAt: now, updatedAt: now })
    .where(
      and(
        eq(radarProposals.projectId, projectId),
        eq(radarProposals.id, proposalId),
        eq(radarProposals.status, 'open'),
      ),
    )
    .returning();
  return rows[0];
}

export async function insertComment(tx: Tx, row: typeof proposalComments.$inferInsert): Promise<CommentRow> {
  const rows = await tx.insert(proposalComments).values(row).returning();
  return rows[0]!;
}

export async function listComments(
  tx: Tx,
  projectId: string,
  proposalId: string,
  limit: number,
  afterId: string | undefined,
): Promise<CommentRow[]> {
  return tx
    .select()
    .from(proposalComments)
    .where(
      and(
        eq(proposalComments.projectId, projectId),
        eq(proposalComments.proposalId, proposalId),
        afterId === undefined ? undefined : gt(proposalComments.id, afterId),
      ),
    )
    .orderBy(asc(proposalComments.id))
    .limit(limit + 1);
}

// ---- imports ------------------------------------------------------------------------------------------------

export async function insertImport(tx: Tx, row: typeof radarImports.$inferInsert): Promise<ImportRow> {
  const rows = await tx.insert(radarImports).values(row).returning();
  return rows[0]!;
}

export async function findImport(tx: Tx, projectId: string, importId: string): Promise<ImportRow | undefined> {
  const rows = await tx
    .select()
    .from(radarImports)
    .where(and(eq(radarImports.projectId, projectId), eq(radarImports.id, importId)))
    .limit(1);
  return rows[0];
}

/** Marks an import done and lets go of the file: the job's result and the events tell what it did. */
export async function completeImport(tx: Tx, projectId: string, importId: string): Promise<void> {
  await tx
    .update(radarImports)
    .set({ completedAt: new Date(), content: '' })
    .where(and(eq(radarImports.projectId, projectId), eq(radarImports.id, importId)));
}

// ---- summary ------------------------------------------------------------------------------------------------

export async function blipCountsByRing(tx: Tx, projectId: string) {
  return tx
    .select({ radarId: blips.radarId, ringId: blips.ringId, n: count() })
    .from(blips)
    .where(eq(blips.projectId, projectId))
    .groupBy(blips.radarId, blips.ringId);
}

/**
 * Technologies per status and per domain from one scan (grouping sets), each set ordered by count then name as the
 * database collates; `domain` null is "no domain".
 */
export async function technologyCounts(tx: Tx, projectId: string) {
  const result = (await tx.execute(sql`
    SELECT status, domain, grouping(status) AS by_domain, count(*)::int AS n FROM ${technologies}
    WHERE project_id = ${projectId}
    GROUP BY GROUPING SETS ((status), (domain))
    ORDER BY grouping(status), n DESC, status, domain`)) as unknown as { rows: Array<Record<string, unknown>> };
  const byStatus: Array<{ status: string; n: number }> = [];
  const byDomain: Array<{ domain: string | null; n: number }> = [];
  for (const row of result.rows) {
    if (Number(row.by_domain) === 0) byStatus.push({ status: String(row.status), n: Number(row.n) });
    else byDomain.push({ domain: row.domain === null ? null : String(row.domain), n: Number(row.n) });
  }
  return { byStatus, byDomain };
}

/**
 * The most important technologies still in play (priority 4 and 5, not archived) in the API's shape, blips
 * included, in one statement; index technologies_project_importance_idx serves the order.
 */
export async function highPriorityTechnologies(tx: Tx, projectId: string, limit: number): Promise<TechnologyView[]> {
  const result = (await tx.execute(sql`
    SELECT ${technologyJson} AS json FROM ${technologies}
    WHERE project_id = ${projectId} AND priority >= 4 AND status <> 'archived'
    ORDER BY priority DESC, relevance DESC, id LIMIT ${limit}`)) as unknown as {
    rows: Array<{ json: string }>;
  };
  return result.rows.map((row) => JSON.parse(row.json) as TechnologyView);
}
