import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../../platform/db/database.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import type { PendingEvent } from '../../../platform/events/outbox.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { decodeCursor, encodeCursor, toPage, UUID_CURSOR } from '../../../platform/http/pagination.js';
import { badRequest, conflict, type FieldError, invalid, notFound } from '../../../platform/http/problems.js';
import { checkPlace, placeBlipInTx, presentHistory } from '../blips/service.js';
import * as blipStore from '../blips/store.js';
import { actorUserId, type DbContext } from '../context.js';
import {
  appendRadarEvents,
  technologyCreated,
  technologyDeleted,
  technologyRelationAdded,
  technologyRelationRemoved,
  technologyUpdated,
} from '../events.js';
import { type RelationKind, TECHNOLOGY_SORTS, type TechnologySort } from '../schemas.js';
import { ensureDefaultRadar } from '../structure/service.js';
import * as radarStore from '../structure/store.js';
import { presentTechnology } from './present.js';
import type {
  CreateTechnologyInput,
  RelationView,
  TechnologyListInput,
  TechnologyView,
  UpdateTechnologyInput,
} from './schemas.js';
import { EDITABLE_FIELDS, type Edit } from './shape.js';
import * as store from './store.js';

/**
 * Technologies (fields from the one shape, technologies/shape.ts), their search and sorted listing, their relations
 * and their placement timeline. Placing a technology on creation goes through the blips' `placeBlipInTx`.
 */

const titleTaken = (title: string) =>
  conflict(`A technology titled "${title}" exists in this project already.`, 'technology-title-taken');

/** Trimmed, lower-case, without repeats or blanks: tags are compared and filtered as plain words. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

function parseInstant(
  value: string | null | undefined,
  pointer: string,
  errors: FieldError[],
): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  // The format check lets through years PostgreSQL refuses (0000) or that nobody means.
  if (Number.isNaN(date.getTime()) || year < 1900 || year > 2999) {
    errors.push({ pointer, detail: 'must be a date-time between the years 1900 and 2999' });
    return undefined;
  }
  return date;
}

/** The stored value of a request's field, by how the shape says it is stored; undefined when it is refused. */
function storedValue(edit: Edit, value: unknown, pointer: string, errors: FieldError[]): unknown {
  switch (edit) {
    case 'as-sent':
      return value;
    case 'required-text': {
      const text = (value as string).trim();
      if (text === '') errors.push({ pointer, detail: 'must not be blank' });
      return text;
    }
    case 'optional-text':
      return (value as string | null)?.trim() || null;
    case 'tags':
      return normalizeTags(value as string[]);
    case 'instant':
      return parseInstant(value as string | null, pointer, errors);
  }
}

/** The row changes an API input asks for (only the fields it names), field by field from the shape. */
export function technologyChanges(input: UpdateTechnologyInput): store.TechnologyChanges {
  const errors: FieldError[] = [];
  const changes: Record<string, unknown> = {};
  for (const { key, edit } of EDITABLE_FIELDS) {
    if (input[key] === undefined) continue;
    const value = storedValue(edit, input[key], `/body/${key}`, errors);
    if (value !== undefined) changes[key] = value;
  }
  if (errors.length > 0) throw invalid(errors);
  return changes as store.TechnologyChanges;
}

async function technologyView(tx: Tx, projectId: string, row: store.TechnologyRow): Promise<TechnologyView> {
  return presentTechnology(row, await store.blipsOfTechnologies(tx, projectId, [row.id]));
}

export async function loadTechnology(tx: Tx, projectId: string, technologyId: string): Promise<store.TechnologyRow> {
  const row = await store.findTechnology(tx, projectId, technologyId);
  if (row === undefined) throw notFound('Technology');
  return row;
}

/** Plain words of a search, each matched as a prefix ("kube" finds Kubernetes); nothing else reaches to_tsquery. */
export function searchQuery(q: string): string | undefined {
  const words =
    q
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 16) ?? [];
  return words.length === 0 ? undefined : words.map((word) => `${word}:*`).join(' & ');
}

type ListCursor = [TechnologySort, 'asc' | 'desc', string | number, string];

function decodeListCursor(cursor: string | undefined, sort: TechnologySort, order: 'asc' | 'desc') {
  const text = decodeCursor(cursor, /^\[/);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === 4 &&
    (TECHNOLOGY_SORTS as readonly unknown[]).includes(parsed[0]) &&
    (parsed[1] === 'asc' || parsed[1] === 'desc') &&
    (typeof parsed[2] === 'string' || typeof parsed[2] === 'number') &&
    typeof parsed[3] === 'string' &&
    UUID_CURSOR.test(parsed[3]) &&
    (typeof parsed[2] === 'number' ? Number.isInteger(parsed[2]) : parsed[2].length <= 400) &&
    (parsed[0] !== 'createdAt' && parsed[0] !== 'updatedAt'
      ? true
      : typeof parsed[2] === 'string' && !Number.isNaN(Date.parse(parsed[2])));
  if (!valid) throw badRequest('The cursor is not valid for this list; start again without it.');
  const [cursorSort, cursorOrder, value, id] = parsed as ListCursor;
  if (cursorSort !== sort || cursorOrder !== order) {
    throw badRequest('The cursor belongs to another sort order; start again without it.');
  }
  return { value, id };
}

/**
 * Technologies with full-text search, filters and any of five sorts, as the response's JSON text: PostgreSQL
 * renders each technology, so the route sends the page without mapping or serialising rows (the hottest read of
 * the radar, one round trip). The cursor carries the sort, the last row's sort value and its id, so pages stay
 * exact under that sort and a cursor cannot be replayed under another.
 */
export async function listTechnologiesJson(
  context: DbContext,
  scope: ProjectScope,
  query: TechnologyListInput,
): Promise<string> {
  const limit = query.limit ?? 50;
  const sort = query.sort ?? 'updatedAt';
  const order = query.order ?? 'desc';
  const after = decodeListCursor(query.cursor, sort, order);
  const tsquery = query.q === undefined ? undefined : searchQuery(query.q);
  // A search of only punctuation matches nothing rather than everything.
  if (query.q !== undefined && query.q.trim() !== '' && tsquery === undefined) return '{"items":[],"nextCursor":null}';
  const rows = await store.listTechnologies(
    context.db,
    scope.projectId,
    {
      tsquery,
      radarId: query.radarId,
      quadrantId: query.quadrantId,
      ringId: query.ringId,
      status: query.status,
      domain: query.domain,
      tag: query.tag === undefined ? undefined : query.tag.trim().toLowerCase(),
      priority: query.priority,
    },
    sort,
    order,
    limit,
    after,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeCursor(JSON.stringify([sort, order, store.sortValueOf(last, sort), last.id] satisfies ListCursor))
      : null;
  return `{"items":[${page.map((row) => row.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/** The same page as objects, for callers other than the HTTP route (the CLI). */
export async function listTechnologies(
  context: DbContext,
  scope: ProjectScope,
  query: TechnologyListInput,
): Promise<{ items: TechnologyView[]; nextCursor: string | null }> {
  return JSON.parse(await listTechnologiesJson(context, scope, query)) as {
    items: TechnologyView[];
    nextCursor: string | null;
  };
}

export async function getTechnology(context: DbContext, scope: ProjectScope, technologyId: string) {
  return context.db.tenant(scope, async (tx) =>
    technologyView(tx, scope.projectId, await loadTechnology(tx, scope.projectId, technologyId)),
  );
}

/** Creates a technology, and places it on a radar when `placement` is given (the default radar if it names none). */
export async function createTechnology(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: CreateTechnologyInput,
): Promise<TechnologyView> {
  const changes = technologyChanges(input);
  const title = changes.title!;
  try {
    return await context.db.tenant(scope, async (tx) => {
      const row = await store.insertTechnology(tx, {
        ...changes,
        id: uuidv7(),
        projectId: scope.projectId,
        title,
        createdBy: actorUserId(actor),
      });
      if (row === undefined) throw titleTaken(title);
      const events: PendingEvent[] = [
        {
          definition: technologyCreated,
          subject: `technologies/${row.id}`,
          data: { id: row.id, title: row.title, status: row.status, domain: row.domain },
        },
      ];
      if (input.placement !== undefined) {
        const placement = input.placement;
        const radar =
          placement.radarId === undefined
            ? await ensureDefaultRadar(tx, scope.projectId)
            : await radarStore.findRadar(tx, scope.projectId, placement.radarId);
        if (radar === undefined) {
          throw invalid([{ pointer: '/body/placement/radarId', detail: 'no radar with this id in this project' }]);
        }
        checkPlace(radar, placement, {
          quadrantId: '/body/placement/quadrantId',
          ringId: '/body/placement/ringId',
        });
        await placeBlipInTx(tx, scope.projectId, actor, radar, row, placement, events);
      }
      await appendRadarEvents(tx, scope.projectId, actor, events);
      return technologyView(tx, scope.projectId, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw titleTaken(title);
    throw error;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

export async function updateTechnology(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  technologyId: string,
  input: UpdateTechnologyInput,
): Promise<TechnologyView> {
  const changes = technologyChanges(input);
  try {
    return await context.db.tenant(scope, async (tx) => {
      const current = await store.findTechnologyForUpdate(tx, scope.projectId, technologyId);
      if (current === undefined) throw notFound('Technology');
      const changed = (Object.keys(changes) as Array<keyof store.TechnologyChanges>).filter(
        (key) => !sameValue(changes[key], current[key as keyof store.TechnologyRow]),
      );
      if (changed.length === 0) return technologyView(tx, scope.projectId, current);
      if (changes.title !== undefined && (await store.titleTaken(tx, scope.projectId, changes.title, technologyId))) {
        throw titleTaken(changes.title);
      }
      const row = await store.updateTechnology(tx, scope.projectId, technologyId, changes);
      if (row === undefined) throw notFound('Technology');
      await appendRadarEvents(tx, scope.projectId, actor, [
        {
          definition: technologyUpdated,
          subject: `technologies/${row.id}`,
          data: { id: row.id, title: row.title, changed },
        },
      ]);
      return technologyView(tx, scope.projectId, row);
    });
  } catch (error) {
    if (isUniqueViolation(error) && changes.title !== undefined) throw titleTaken(changes.title);
    throw error;
  }
}

/** Deletes a technology; its blips, relations, history and proposals go with it (ON DELETE CASCADE). */
export async function deleteTechnology(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  technologyId: string,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    const row = await store.findTechnologyForUpdate(tx, scope.projectId, technologyId);
    if (row === undefined) throw notFound('Technology');
    await store.deleteTechnology(tx, scope.projectId, technologyId);
    await appendRadarEvents(tx, scope.projectId, actor, [
      { definition: technologyDeleted, subject: `technologies/${row.id}`, data: { id: row.id, title: row.title } },
    ]);
  });
}

function presentRelation(row: Awaited<ReturnType<typeof store.listRelations>>[number]): RelationView {
  return {
    id: row.id,
    kind: row.kind as RelationKind,
    direction: row.direction,
    technology: { id: row.otherId, title: row.otherTitle },
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export async function listRelations(context: DbContext, scope: ProjectScope, technologyId: string) {
  return context.db.tenant(scope, async (tx) => {
    await loadTechnology(tx, scope.projectId, technologyId);
    return { items: (await store.listRelations(tx, scope.projectId, technologyId)).map(presentRelation) };
  });
}

/**
 * Relates two technologies of the project: "<this> <kind> <target>". A target that is not in the project is a
 * validation error (no existence oracle for other projects' ids); `alternative_to` is symmetric, so its reverse
 * counts as a duplicate.
 */
export async function addRelation(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  technologyId: string,
  input: { kind: RelationKind; targetTechnologyId: string },
): Promise<RelationView> {
  return context.db.tenant(scope, async (tx) => {
    const source = await loadTechnology(tx, scope.projectId, technologyId);
    const target = await store.findTechnology(tx, scope.projectId, input.targetTechnologyId);
    if (target === undefined) {
      throw invalid([{ pointer: '/body/targetTechnologyId', detail: 'no technology with this id in this project' }]);
    }
    if (target.id === source.id) {
      throw invalid([{ pointer: '/body/targetTechnologyId', detail: 'a technology cannot relate to itself' }]);
    }
    const existing = await store.listRelations(tx, scope.projectId, source.id);
    const duplicate = existing.some(
      (relation) =>
        relation.otherId === target.id &&
        relation.kind === input.kind &&
        (relation.direction === 'outgoing' || input.kind === 'alternative_to'),
    );
    if (duplicate)
      throw conflict(`"${source.title}" ${input.kind} "${target.title}" exists already.`, 'relation-exists');
    const row = await store.insertRelation(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      fromTechnologyId: source.id,
      toTechnologyId: target.id,
      kind: input.kind,
      createdBy: actorUserId(actor),
    });
    if (row === undefined)
      throw conflict(`"${source.title}" ${input.kind} "${target.title}" exists already.`, 'relation-exists');
    await appendRadarEvents(tx, scope.projectId, actor, [
      {
        definition: technologyRelationAdded,
        subject: `technologies/${source.id}/relations/${row.id}`,
        data: { relationId: row.id, kind: row.kind, fromTechnologyId: source.id, toTechnologyId: target.id },
      },
    ]);
    return presentRelation({
      id: row.id,
      kind: row.kind,
      createdAt: row.createdAt,
      direction: 'outgoing',
      otherId: target.id,
      otherTitle: target.title,
    });
  });
}

/** Removes a relation of this technology (in either direction). */
export async function removeRelation(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  technologyId: string,
  relationId: string,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    await loadTechnology(tx, scope.projectId, technologyId);
    const relation = await store.findRelation(tx, scope.projectId, relationId);
    if (
      relation === undefined ||
      (relation.fromTechnologyId !== technologyId && relation.toTechnologyId !== technologyId)
    ) {
      throw notFound('Relation');
    }
    await store.deleteRelation(tx, scope.projectId, relationId);
    await appendRadarEvents(tx, scope.projectId, actor, [
      {
        definition: technologyRelationRemoved,
        subject: `technologies/${technologyId}/relations/${relation.id}`,
        data: {
          relationId: relation.id,
          kind: relation.kind,
          fromTechnologyId: relation.fromTechnologyId,
          toTechnologyId: relation.toTechnologyId,
        },
      },
    ]);
  });
}

/** The technology's placement timeline on every radar, oldest first. */
export async function technologyHistory(
  context: DbContext,
  scope: ProjectScope,
  technologyId: string,
  query: { limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await context.db.tenant(scope, async (tx) => {
    await loadTechnology(tx, scope.projectId, technologyId);
    return blipStore.listHistory(tx, scope.projectId, technologyId, query.limit, after);
  });
  return toPage(
    rows.map((row) => presentHistory(row.entry, row.radarName)),
    query.limit,
    (entry) => entry.id,
  );
}
