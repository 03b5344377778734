import { and, asc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '../../../platform/db/database.js';
import { inlineStatement } from '../../../platform/db/inline.js';
import type { TechnologySort } from '../schemas.js';
import { blips, technologies, technologyRelations } from '../tables.js';
import type { TechnologyView } from './schemas.js';
import { RENDERED_FIELDS, type TechnologyKey } from './shape.js';

// Technologies and their relations. Every function takes the project id and filters by it, even though RLS confines
// the transaction already: a missed scope must fail closed twice over (so in every radar store).

// The generated search vector is never read back: it is large and only the database uses it.
const { search: _search, ...technologyColumns } = getTableColumns(technologies);

export type TechnologyRow = Omit<typeof technologies.$inferSelect, 'search'>;

export type TechnologyInsert = Omit<typeof technologies.$inferInsert, 'search'>;

export type TechnologyChanges = Partial<Omit<TechnologyInsert, 'id' | 'projectId' | 'createdBy' | 'createdAt'>>;

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

/** A technology's field as PostgreSQL renders it, from the shape (`technologies` stays unaliased, see above). */
function renderedField(key: TechnologyKey, render: 'column' | 'timestamp' | 'blips'): SQL {
  if (render === 'blips') return blipsJson;
  const column = sql.raw(`technologies.${technologyColumns[key as keyof typeof technologyColumns].name}`);
  return render === 'timestamp' ? isoText(column) : column;
}

/** Keys and values of `technologyJson`: the shape's fields, in its order (so the `Technology` schema's order). */
export const TECHNOLOGY_JSON_FIELDS: ReadonlyArray<readonly [string, SQL]> = RENDERED_FIELDS.map(({ key, render }) => [
  key,
  renderedField(key, render),
]);

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
