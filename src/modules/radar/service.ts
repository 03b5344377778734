import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { actorLabel, type PendingEvent } from '../../platform/events/outbox.js';
import { type ProjectScope, roleAtLeast } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, encodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import {
  badRequest,
  conflict,
  type FieldError,
  forbidden,
  invalid,
  notFound,
  Problem,
} from '../../platform/http/problems.js';
import {
  appendRadarEvents,
  blipNoteChanged,
  proposalCommented,
  proposalCreated,
  proposalDecided,
  radarCreated,
  radarDeleted,
  radarUpdated,
  technologyCreated,
  technologyDeleted,
  technologyRelationAdded,
  technologyRelationRemoved,
  technologyUpdated,
} from './events.js';
import {
  countMovements,
  diffPlacements,
  emptyCounts,
  movementAgainstHistory,
  type Placed,
  ringOrderOf,
} from './movement.js';
import {
  actorUserId,
  checkPlace,
  ensureDefaultRadar,
  moveBlip as moveBlipInTx,
  placeBlip as placeBlipInTx,
  publishVolume as publishVolumeInTx,
  removeBlip as removeBlipInTx,
} from './placement.js';
import {
  presentBlip,
  presentHistory,
  presentProposal,
  presentRadar,
  presentTechnology,
  segmentRef,
} from './present.js';
import {
  type CreateProposalInput,
  type CreateRadarInput,
  type CreateTechnologyInput,
  type DecideProposalInput,
  type DiffView,
  type MoveBlipInput,
  type Movement,
  type ProposalStatus,
  type ProposalView,
  type ProposeFromResearchInput,
  type PublishVolumeInput,
  type RadarSummaryView,
  type RelationKind,
  type RelationView,
  TECHNOLOGY_SORTS,
  TECHNOLOGY_STATUSES,
  type TechnologyListInput,
  type TechnologySort,
  type TechnologyView,
  type UpdateRadarInput,
  type UpdateTechnologyInput,
  type VolumeDetailView,
  type VolumeView,
} from './schemas.js';
import { normalizeSegments } from './segments.js';
import * as store from './store.js';
import type { Segment } from './tables.js';

// ---- shared helpers -------------------------------------------------------------------------------------------

/** What most radar operations need: the database (the CLI has nothing else). */
export type DbContext = Pick<ServiceContext, 'db'>;

const titleTaken = (title: string) =>
  conflict(`A technology titled "${title}" exists in this project already.`, 'technology-title-taken');

async function loadRadar(tx: Tx, projectId: string, radarId: string): Promise<store.RadarRow> {
  const radar = await store.findRadar(tx, projectId, radarId);
  if (radar === undefined) throw notFound('Radar');
  return radar;
}

async function commit(tx: Tx, scope: ProjectScope, actor: ActorContext, events: PendingEvent[]): Promise<void> {
  await appendRadarEvents(tx, scope.projectId, actor, events);
}

// ---- radars ---------------------------------------------------------------------------------------------------

export async function listRadars(context: DbContext, scope: ProjectScope, query: { limit: number; cursor?: string }) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await context.db.tenant(scope, async (tx) => {
    await ensureDefaultRadar(tx, scope.projectId);
    return store.listRadars(tx, scope.projectId, query.limit, after);
  });
  return toPage(
    rows.map((row) => presentRadar(row.radar, row.blipCount)),
    query.limit,
    (radar) => radar.id,
  );
}

export async function getRadar(context: DbContext, scope: ProjectScope, radarId: string) {
  return context.db.tenant(scope, async (tx) => {
    const radar = await loadRadar(tx, scope.projectId, radarId);
    return presentRadar(radar, await store.countBlipsOfRadar(tx, scope.projectId, radarId));
  });
}

/** The project's default radar (created on first use, see ADR 0020). */
export async function getDefaultRadar(context: DbContext, scope: ProjectScope) {
  return context.db.tenant(scope, async (tx) => {
    const radar = await ensureDefaultRadar(tx, scope.projectId);
    return presentRadar(radar, await store.countBlipsOfRadar(tx, scope.projectId, radar.id));
  });
}

function segmentsOrThrow(
  input: UpdateRadarInput['quadrants'],
  kind: 'quadrants' | 'rings',
  existing: readonly Segment[],
  errors: FieldError[],
): Segment[] | undefined {
  if (input === undefined) return undefined;
  const normalized = normalizeSegments(input, kind, existing);
  errors.push(...normalized.errors);
  return normalized.segments;
}

export async function createRadar(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: CreateRadarInput,
) {
  return context.db.tenant(scope, async (tx) => {
    // The default radar comes first, so it always exists before (and sorts before) any other.
    const fallback = await ensureDefaultRadar(tx, scope.projectId);
    const errors: FieldError[] = [];
    const quadrants = segmentsOrThrow(input.quadrants, 'quadrants', [], errors) ?? fallback.quadrants;
    const rings = segmentsOrThrow(input.rings, 'rings', [], errors) ?? fallback.rings;
    if (errors.length > 0) throw invalid(errors);
    const name = input.name.trim();
    if (name === '') throw invalid([{ pointer: '/body/name', detail: 'must not be blank' }]);
    const row = await store.insertRadar(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      name,
      description: input.description ?? '',
      quadrants,
      rings,
      createdBy: actorUserId(actor),
    });
    if (row === undefined) throw conflict(`A radar named "${name}" exists already.`, 'radar-name-taken');
    await commit(tx, scope, actor, [
      { definition: radarCreated, subject: `radars/${row.id}`, data: { id: row.id, name: row.name } },
    ]);
    return presentRadar(row, 0);
  });
}

/**
 * Renames a radar or changes its quadrants and rings. Segments keep their blips by id; removing a quadrant or ring
 * that still holds blips is refused (409 `segment-in-use`) with the names and counts, so nothing is orphaned.
 */
export async function updateRadar(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  input: UpdateRadarInput,
) {
  return context.db.tenant(scope, async (tx) => {
    const radar = await store.lockRadar(tx, scope.projectId, radarId);
    if (radar === undefined) throw notFound('Radar');
    const errors: FieldError[] = [];
    const quadrants = segmentsOrThrow(input.quadrants, 'quadrants', radar.quadrants, errors);
    const rings = segmentsOrThrow(input.rings, 'rings', radar.rings, errors);
    const name = input.name?.trim();
    if (name === '') errors.push({ pointer: '/body/name', detail: 'must not be blank' });
    if (errors.length > 0) throw invalid(errors);
    if (name !== undefined && (await store.radarNameTaken(tx, scope.projectId, name, radarId))) {
      throw conflict(`A radar named "${name}" exists already.`, 'radar-name-taken');
    }
    if (quadrants !== undefined || rings !== undefined) {
      const usage = await store.segmentUsage(tx, scope.projectId, radarId);
      const occupied: string[] = [];
      const check = (kept: Segment[] | undefined, before: Segment[], key: 'quadrantId' | 'ringId', label: string) => {
        if (kept === undefined) return;
        for (const segment of before) {
          if (kept.some((candidate) => candidate.id === segment.id)) continue;
          const n = usage.filter((row) => row[key] === segment.id).reduce((sum, row) => sum + row.n, 0);
          if (n > 0) occupied.push(`${label} "${segment.name}" holds ${n} blip${n === 1 ? '' : 's'}`);
        }
      };
      check(quadrants, radar.quadrants, 'quadrantId', 'quadrant');
      check(rings, radar.rings, 'ringId', 'ring');
      if (occupied.length > 0) {
        throw conflict(
          `Move or remove the blips first: ${occupied.join('; ')}. (Send a segment's id to rename it.)`,
          'segment-in-use',
        );
      }
    }
    const row = await store.updateRadar(tx, scope.projectId, radarId, {
      name,
      description: input.description,
      quadrants,
      rings,
    });
    if (row === undefined) throw notFound('Radar');
    await commit(tx, scope, actor, [
      {
        definition: radarUpdated,
        subject: `radars/${row.id}`,
        data: { id: row.id, name: row.name, changed: Object.keys(input) },
      },
    ]);
    return presentRadar(row, await store.countBlipsOfRadar(tx, scope.projectId, radarId));
  });
}

/** Deletes a radar with its blips, volumes and proposals. The default radar stays (409 `default-radar`). */
export async function deleteRadar(context: DbContext, scope: ProjectScope, actor: ActorContext, radarId: string) {
  await context.db.tenant(scope, async (tx) => {
    const radar = await store.lockRadar(tx, scope.projectId, radarId);
    if (radar === undefined) throw notFound('Radar');
    if (radar.isDefault) throw conflict('The default radar cannot be deleted; rename it instead.', 'default-radar');
    await store.deleteRadar(tx, scope.projectId, radarId);
    await commit(tx, scope, actor, [
      { definition: radarDeleted, subject: `radars/${radar.id}`, data: { id: radar.id, name: radar.name } },
    ]);
  });
}

// ---- technologies ---------------------------------------------------------------------------------------------

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

/** The row changes an API input asks for (only the fields it names). */
function technologyChanges(input: UpdateTechnologyInput): store.TechnologyChanges {
  const errors: FieldError[] = [];
  const changes: store.TechnologyChanges = {};
  const copy = <K extends keyof store.TechnologyChanges & keyof UpdateTechnologyInput>(key: K) => {
    if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
  };
  for (const key of [
    'vendor',
    'domain',
    'status',
    'relevance',
    'priority',
    'description',
    'notes',
    'useCases',
    'documentationUrl',
    'repositoryUrl',
    'websiteUrl',
    'maturity',
    'costTier',
    'monthlyCost',
    'integrationDifficulty',
    'integrationEstimateDays',
    'stabilityScore',
    'latencyMs',
    'throughputQps',
    'githubStars',
  ] as const) {
    copy(key);
  }
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (title === '') errors.push({ pointer: '/body/title', detail: 'must not be blank' });
    changes.title = title;
  }
  if (input.vendor !== undefined) changes.vendor = input.vendor?.trim() || null;
  if (input.domain !== undefined) changes.domain = input.domain?.trim() || null;
  if (input.tags !== undefined) changes.tags = normalizeTags(input.tags);
  const lastCommitAt = parseInstant(input.lastCommitAt, '/body/lastCommitAt', errors);
  if (lastCommitAt !== undefined) changes.lastCommitAt = lastCommitAt;
  if (errors.length > 0) throw invalid(errors);
  return changes;
}

async function technologyView(tx: Tx, projectId: string, row: store.TechnologyRow): Promise<TechnologyView> {
  return presentTechnology(row, await store.blipsOfTechnologies(tx, projectId, [row.id]));
}

async function loadTechnology(tx: Tx, projectId: string, technologyId: string): Promise<store.TechnologyRow> {
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
            : await store.findRadar(tx, scope.projectId, placement.radarId);
        if (radar === undefined) {
          throw invalid([{ pointer: '/body/placement/radarId', detail: 'no radar with this id in this project' }]);
        }
        checkPlace(radar, placement, {
          quadrantId: '/body/placement/quadrantId',
          ringId: '/body/placement/ringId',
        });
        await placeBlipInTx(tx, scope.projectId, actor, radar, row, placement, events);
      }
      await commit(tx, scope, actor, events);
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
      await commit(tx, scope, actor, [
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
    await commit(tx, scope, actor, [
      { definition: technologyDeleted, subject: `technologies/${row.id}`, data: { id: row.id, title: row.title } },
    ]);
  });
}

// ---- relations ------------------------------------------------------------------------------------------------

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
    await commit(tx, scope, actor, [
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
    await commit(tx, scope, actor, [
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
    return store.listHistory(tx, scope.projectId, technologyId, query.limit, after);
  });
  return toPage(
    rows.map((row) => presentHistory(row.entry, row.radarName)),
    query.limit,
    (entry) => entry.id,
  );
}

// ---- blips ----------------------------------------------------------------------------------------------------

/** What a blip's movement is measured against: each technology's last appearance, and the latest volume. */
async function movementBasis(tx: Tx, projectId: string, radarId: string) {
  const latest = await store.latestVolume(tx, projectId, radarId);
  const appearances = latest === undefined ? new Map() : await store.lastAppearances(tx, projectId, radarId);
  return { latestId: latest?.id, appearances };
}

function liveMovement(
  radar: store.RadarRow,
  blip: store.BlipWithTitle,
  basis: Awaited<ReturnType<typeof movementBasis>>,
): { movement: Movement; returning: boolean } {
  return movementAgainstHistory(
    basis.appearances.get(blip.technologyId),
    basis.latestId,
    ringOrderOf(radar.rings, blip.ringId),
  );
}

export async function listBlips(
  context: DbContext,
  scope: ProjectScope,
  radarId: string,
  query: { limit: number; cursor?: string; quadrantId?: string; ringId?: string },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    const radar = await loadRadar(tx, scope.projectId, radarId);
    const rows = await store.listBlips(tx, scope.projectId, radarId, query, query.limit, after);
    const basis = await movementBasis(tx, scope.projectId, radarId);
    return toPage(
      rows.map((row) => presentBlip(row, liveMovement(radar, row, basis))),
      query.limit,
      (blip) => blip.id,
    );
  });
}

async function loadBlip(
  tx: Tx,
  projectId: string,
  radarId: string,
  blipId: string,
  lock = false,
): Promise<store.BlipWithTitle> {
  const blip = await store.findBlip(tx, projectId, blipId, { lock });
  if (blip === undefined || blip.radarId !== radarId) throw notFound('Blip');
  return blip;
}

async function blipView(tx: Tx, projectId: string, radar: store.RadarRow, blip: store.BlipWithTitle) {
  return presentBlip(blip, liveMovement(radar, blip, await movementBasis(tx, projectId, radar.id)));
}

export async function placeBlip(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  input: { technologyId: string; quadrantId: string; ringId: string; note?: string },
) {
  return context.db.tenant(scope, async (tx) => {
    const radar = await store.lockRadar(tx, scope.projectId, radarId, 'share');
    if (radar === undefined) throw notFound('Radar');
    const technology = await store.findTechnology(tx, scope.projectId, input.technologyId);
    if (technology === undefined) {
      throw invalid([{ pointer: '/body/technologyId', detail: 'no technology with this id in this project' }]);
    }
    checkPlace(radar, input, { quadrantId: '/body/quadrantId', ringId: '/body/ringId' });
    const events: PendingEvent[] = [];
    const blip = await placeBlipInTx(tx, scope.projectId, actor, radar, technology, input, events);
    await commit(tx, scope, actor, events);
    return blipView(tx, scope.projectId, radar, blip);
  });
}

export async function updateBlipNote(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  blipId: string,
  note: string,
) {
  return context.db.tenant(scope, async (tx) => {
    const radar = await loadRadar(tx, scope.projectId, radarId);
    const blip = await loadBlip(tx, scope.projectId, radarId, blipId, true);
    if (blip.note === note) return blipView(tx, scope.projectId, radar, blip);
    await store.updateBlipNote(tx, scope.projectId, blipId, note);
    await commit(tx, scope, actor, [
      {
        definition: blipNoteChanged,
        subject: `blips/${blip.id}`,
        data: { blipId: blip.id, radarId, technologyId: blip.technologyId, title: blip.title },
      },
    ]);
    return blipView(tx, scope.projectId, radar, { ...blip, note, updatedAt: new Date() });
  });
}

/** Moves a blip directly (admins; members propose instead). A ring change needs a rationale (422 otherwise). */
export async function moveBlip(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  blipId: string,
  input: MoveBlipInput,
) {
  if (input.ringId === undefined && input.quadrantId === undefined) {
    throw invalid([{ pointer: '/body', detail: 'give ringId, quadrantId or both' }]);
  }
  return context.db.tenant(scope, async (tx) => {
    const radar = await store.lockRadar(tx, scope.projectId, radarId, 'share');
    if (radar === undefined) throw notFound('Radar');
    const blip = await loadBlip(tx, scope.projectId, radarId, blipId, true);
    const to = { ringId: input.ringId ?? blip.ringId, quadrantId: input.quadrantId ?? blip.quadrantId };
    checkPlace(radar, to, { quadrantId: '/body/quadrantId', ringId: '/body/ringId' });
    const events: PendingEvent[] = [];
    const moved = await moveBlipInTx(
      tx,
      scope.projectId,
      actor,
      radar,
      blip,
      to,
      input.rationale ?? null,
      null,
      events,
    );
    await commit(tx, scope, actor, events);
    return blipView(tx, scope.projectId, radar, moved);
  });
}

export async function removeBlip(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  blipId: string,
  rationale: string | undefined,
): Promise<void> {
  await context.db.tenant(scope, async (tx) => {
    const radar = await loadRadar(tx, scope.projectId, radarId);
    const blip = await loadBlip(tx, scope.projectId, radarId, blipId, true);
    const events: PendingEvent[] = [];
    await removeBlipInTx(tx, scope.projectId, actor, radar, blip, rationale?.trim() || null, events);
    await commit(tx, scope, actor, events);
  });
}

// ---- volumes and diffs ----------------------------------------------------------------------------------------

function countsFrom(rows: Array<{ movement: string; n: number }>, removed: number) {
  const counts = emptyCounts();
  for (const row of rows) counts[row.movement as Movement] += row.n;
  counts.removed = removed;
  return counts;
}

export async function listVolumes(
  context: DbContext,
  scope: ProjectScope,
  radarId: string,
  query: { limit: number; cursor?: string },
): Promise<{ items: VolumeView[]; nextCursor: string | null }> {
  const cursor = decodeCursor(
    query.cursor,
    /^\d{4}-\d{2}-\d{2}\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  );
  const after = cursor === undefined ? undefined : { date: cursor.slice(0, 10), id: cursor.slice(11) };
  return context.db.tenant(scope, async (tx) => {
    await loadRadar(tx, scope.projectId, radarId);
    const { volumes, counts } = await store.listVolumes(tx, scope.projectId, radarId, query.limit, after);
    const items: VolumeView[] = [];
    for (const volume of volumes.slice(0, query.limit)) {
      const own = counts.filter((row) => row.volumeId === volume.id);
      // "removed" needs the previous volume's blips; cheap enough for a page of volumes.
      const removed = (await volumeDiff(tx, scope.projectId, radarId, volume)).filter(
        (item) => item.movement === 'removed',
      ).length;
      items.push({
        id: volume.id,
        radarId: volume.radarId,
        name: volume.name,
        date: volume.date,
        blipCount: own.reduce((sum, row) => sum + row.n, 0),
        counts: countsFrom(own, removed),
        createdAt: volume.createdAt.toISOString(),
      });
    }
    const last = items.at(-1);
    return {
      items,
      nextCursor: volumes.length > query.limit && last !== undefined ? encodeCursor(`${last.date}|${last.id}`) : null,
    };
  });
}

function volumePlaced(rows: readonly store.VolumeBlipRow[]): Placed[] {
  return rows.map((row) => ({
    technologyId: row.technologyId,
    title: row.title,
    ringId: row.ringId,
    quadrantId: row.quadrantId,
    ringOrder: row.ringOrder,
  }));
}

/** A volume against the one before it. */
async function volumeDiff(tx: Tx, projectId: string, radarId: string, volume: store.VolumeRow) {
  const previous = await store.latestVolume(tx, projectId, radarId, volume);
  const before = previous === undefined ? [] : await store.volumeBlips(tx, projectId, previous.id);
  return diffPlacements(volumePlaced(before), volumePlaced(await store.volumeBlips(tx, projectId, volume.id)));
}

export async function getVolume(
  context: DbContext,
  scope: ProjectScope,
  radarId: string,
  volumeId: string,
): Promise<VolumeDetailView> {
  return context.db.tenant(scope, async (tx) => {
    await loadRadar(tx, scope.projectId, radarId);
    const volume = await store.findVolume(tx, scope.projectId, radarId, volumeId);
    if (volume === undefined) throw notFound('Volume');
    const rows = await store.volumeBlips(tx, scope.projectId, volume.id);
    const removed = (await volumeDiff(tx, scope.projectId, radarId, volume)).filter(
      (item) => item.movement === 'removed',
    );
    const blips = rows.map((row) => ({
      technologyId: row.technologyId,
      title: row.title,
      quadrantId: row.quadrantId,
      ringId: row.ringId,
      movement: row.movement as Movement,
      returning: row.returning,
      number: row.number,
    }));
    return {
      id: volume.id,
      radarId: volume.radarId,
      name: volume.name,
      date: volume.date,
      blipCount: rows.length,
      counts: { ...countMovements(blips), removed: removed.length },
      createdAt: volume.createdAt.toISOString(),
      quadrants: volume.quadrants,
      rings: volume.rings,
      blips,
      removed: removed.map((item) => ({
        technologyId: item.technologyId,
        title: item.title,
        quadrantId: item.from!.quadrantId,
        ringId: item.from!.ringId,
        movement: 'removed' as const,
        returning: false,
        number: 0,
      })),
    };
  });
}

export async function publishVolume(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  input: PublishVolumeInput,
): Promise<VolumeView> {
  if (input.name.trim() === '') throw invalid([{ pointer: '/body/name', detail: 'must not be blank' }]);
  return context.db.tenant(scope, async (tx) => {
    const radar = await store.lockRadar(tx, scope.projectId, radarId);
    if (radar === undefined) throw notFound('Radar');
    const events: PendingEvent[] = [];
    const published = await publishVolumeInTx(tx, scope.projectId, actor, radar, input, null, events);
    await commit(tx, scope, actor, events);
    return {
      id: published.volume.id,
      radarId,
      name: published.volume.name,
      date: published.volume.date,
      blipCount: published.blipCount,
      counts: published.counts,
      createdAt: published.volume.createdAt.toISOString(),
    };
  });
}

interface RadarState {
  end: DiffView['from'];
  placed: Placed[];
  rings: Segment[];
  quadrants: Segment[];
}

async function radarState(
  tx: Tx,
  projectId: string,
  radar: store.RadarRow,
  side: string | undefined,
  fallback: 'latest' | 'live',
  pointer: string,
): Promise<RadarState> {
  if (side === 'live' || (side === undefined && fallback === 'live')) {
    const blips = await store.allBlipsOfRadar(tx, projectId, radar.id);
    return {
      end: { kind: 'live', volumeId: null, name: 'live', date: null },
      placed: blips.map((blip) => ({
        technologyId: blip.technologyId,
        title: blip.title,
        ringId: blip.ringId,
        quadrantId: blip.quadrantId,
        ringOrder: ringOrderOf(radar.rings, blip.ringId),
      })),
      rings: radar.rings,
      quadrants: radar.quadrants,
    };
  }
  const volume =
    side === undefined
      ? await store.latestVolume(tx, projectId, radar.id)
      : await store.findVolume(tx, projectId, radar.id, side.toLowerCase());
  if (volume === undefined) {
    if (side !== undefined) throw invalid([{ pointer, detail: 'no volume with this id on this radar' }]);
    return {
      end: { kind: 'empty', volumeId: null, name: 'nothing', date: null },
      placed: [],
      rings: [],
      quadrants: [],
    };
  }
  return {
    end: { kind: 'volume', volumeId: volume.id, name: volume.name, date: volume.date },
    placed: volumePlaced(await store.volumeBlips(tx, projectId, volume.id)),
    rings: volume.rings,
    quadrants: volume.quadrants,
  };
}

/**
 * Compares two states of a radar (volumes, or `live`): every technology on either with its movement. Defaults:
 * from the latest volume (nothing when there is none) to the live radar.
 */
export async function diffRadar(
  context: DbContext,
  scope: ProjectScope,
  radarId: string,
  query: { from?: string; to?: string },
): Promise<DiffView> {
  return context.db.tenant(scope, async (tx) => {
    const radar = await loadRadar(tx, scope.projectId, radarId);
    const from = await radarState(tx, scope.projectId, radar, query.from, 'latest', '/query/from');
    const to = await radarState(tx, scope.projectId, radar, query.to, 'live', '/query/to');
    const items = diffPlacements(from.placed, to.placed);
    return {
      radarId,
      from: from.end,
      to: to.end,
      counts: countMovements(items),
      items: items.map((item) => ({
        technologyId: item.technologyId,
        title: item.title,
        movement: item.movement,
        fromRing: item.from === undefined ? null : segmentRef(from.rings, item.from.ringId),
        toRing: item.to === undefined ? null : segmentRef(to.rings, item.to.ringId),
        fromQuadrant: item.from === undefined ? null : segmentRef(from.quadrants, item.from.quadrantId),
        toQuadrant: item.to === undefined ? null : segmentRef(to.quadrants, item.to.quadrantId),
      })),
    };
  });
}

// ---- proposals ------------------------------------------------------------------------------------------------

async function proposalViews(tx: Tx, projectId: string, rows: store.ProposalWithContext[]): Promise<ProposalView[]> {
  const radars = new Map(
    (
      await store.findRadars(
        tx,
        projectId,
        rows.map((row) => row.proposal.radarId),
      )
    ).map((radar) => [radar.id, radar]),
  );
  return rows.map((row) => presentProposal(row, radars.get(row.proposal.radarId)));
}

async function proposalView(tx: Tx, projectId: string, proposalId: string): Promise<ProposalView> {
  const found = await store.findProposal(tx, projectId, proposalId);
  if (found === undefined) throw notFound('Proposal');
  return (await proposalViews(tx, projectId, [found]))[0]!;
}

/** Opens a proposal in the caller's transaction; shared by the API and the research hub's verdicts. */
async function openProposal(
  tx: Tx,
  scope: ProjectScope,
  actor: ActorContext,
  radar: store.RadarRow,
  blip: store.BlipWithTitle,
  input: { toRingId: string; toQuadrantId?: string; rationale: string; researchTaskIds: string[] },
  pointers: { toRingId: string; toQuadrantId: string; rationale: string },
): Promise<ProposalView> {
  const to = { ringId: input.toRingId, quadrantId: input.toQuadrantId ?? blip.quadrantId };
  checkPlace(radar, to, { ringId: pointers.toRingId, quadrantId: pointers.toQuadrantId });
  const rationale = input.rationale.trim();
  if (rationale === '') throw invalid([{ pointer: pointers.rationale, detail: 'must not be blank' }]);
  if (to.ringId === blip.ringId && to.quadrantId === blip.quadrantId) {
    throw conflict(`"${blip.title}" is in that ring and quadrant already.`, 'proposal-no-change');
  }
  const row = await store.insertProposal(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    radarId: radar.id,
    blipId: blip.id,
    technologyId: blip.technologyId,
    fromRingId: blip.ringId,
    fromQuadrantId: blip.quadrantId,
    toRingId: to.ringId,
    toQuadrantId: to.quadrantId,
    blipVersion: blip.version,
    rationale,
    researchTaskIds: input.researchTaskIds,
    proposedBy: actorUserId(actor),
    proposer: actorLabel(actor),
  });
  await commit(tx, scope, actor, [
    {
      definition: proposalCreated,
      subject: `proposals/${row.id}`,
      data: {
        proposalId: row.id,
        blipId: blip.id,
        technologyId: blip.technologyId,
        title: blip.title,
        fromRingId: row.fromRingId,
        toRingId: row.toRingId,
        researchTaskIds: row.researchTaskIds,
      },
    },
  ]);
  return presentProposal({ proposal: row, title: blip.title, blipVersion: blip.version, commentCount: 0 }, radar);
}

export async function createProposal(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: CreateProposalInput,
): Promise<ProposalView> {
  return context.db.tenant(scope, async (tx) => {
    const blip = await store.findBlip(tx, scope.projectId, input.blipId);
    if (blip === undefined)
      throw invalid([{ pointer: '/body/blipId', detail: 'no blip with this id in this project' }]);
    const radar = await loadRadar(tx, scope.projectId, blip.radarId);
    return openProposal(
      tx,
      scope,
      actor,
      radar,
      blip,
      { ...input, researchTaskIds: input.researchTaskIds ?? [] },
      { toRingId: '/body/toRingId', toQuadrantId: '/body/toQuadrantId', rationale: '/body/rationale' },
    );
  });
}

/**
 * Opens a ring-change proposal from a research task's verdict (called by the research hub). The verdict names
 * the target ring: the ring of the given radar (or the default one) whose name matches it case-insensitively.
 * 422 when the radar has no such ring or the technology has no blip there; 409 `proposal-no-change` when the blip
 * is in that ring already; 403 below the member role.
 */
export async function proposeFromResearch(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: {
    technologyId: string;
    verdict: 'adopt' | 'trial' | 'assess' | 'hold';
    rationale: string;
    researchTaskId: string;
    radarId?: string;
  },
): Promise<ProposalView> {
  if (!roleAtLeast(scope.role, 'member')) throw forbidden('Proposing a ring change needs the member role.');
  const request: ProposeFromResearchInput = input;
  return context.db.tenant(scope, async (tx) => {
    const technology = await loadTechnology(tx, scope.projectId, request.technologyId);
    const radar =
      request.radarId === undefined
        ? await ensureDefaultRadar(tx, scope.projectId)
        : await store.findRadar(tx, scope.projectId, request.radarId);
    if (radar === undefined)
      throw invalid([{ pointer: '/body/radarId', detail: 'no radar with this id in this project' }]);
    const ring = radar.rings.find((candidate) => candidate.name.toLowerCase() === request.verdict.toLowerCase());
    if (ring === undefined) {
      throw invalid([
        {
          pointer: '/body/verdict',
          detail: `radar "${radar.name}" has no ring named "${request.verdict}" (it has ${radar.rings.map((r) => r.name).join(', ')})`,
        },
      ]);
    }
    const blip = await store.findBlipOfTechnology(tx, scope.projectId, radar.id, technology.id);
    if (blip === undefined) {
      throw invalid([
        {
          pointer: '/body/technologyId',
          detail: `"${technology.title}" is not on radar "${radar.name}"; place it there first`,
        },
      ]);
    }
    return openProposal(
      tx,
      scope,
      actor,
      radar,
      blip,
      { toRingId: ring.id, rationale: request.rationale, researchTaskIds: [request.researchTaskId] },
      { toRingId: '/body/verdict', toQuadrantId: '/body/verdict', rationale: '/body/rationale' },
    );
  });
}

export async function listProposals(
  context: DbContext,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; status?: ProposalStatus; radarId?: string; technologyId?: string },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    const rows = await store.listProposals(tx, scope.projectId, query, query.limit, before);
    return toPage(await proposalViews(tx, scope.projectId, rows), query.limit, (proposal) => proposal.id);
  });
}

export async function getProposal(context: DbContext, scope: ProjectScope, proposalId: string) {
  return context.db.tenant(scope, (tx) => proposalView(tx, scope.projectId, proposalId));
}

/** Whether the actor is the person (or key) who made the proposal; API keys act for the user who created them. */
function isProposer(proposal: store.ProposalRow, actor: ActorContext): boolean {
  const userId = actorUserId(actor);
  if (userId !== null && proposal.proposedBy !== null) return userId === proposal.proposedBy;
  return actorLabel(actor) === proposal.proposer;
}

const ownProposal = () =>
  new Problem(403, 'own-proposal', 'Forbidden', 'You made this proposal; someone else has to decide it.');

/**
 * Approves (moving the blip, with history, in the same transaction) or rejects (comment required) an open
 * proposal. The proposer never decides their own (403 `own-proposal`); a proposal whose blip moved since it was
 * made is refused (409 `stale-proposal`); a decided one answers 409 `proposal-not-open`.
 */
export async function decideProposal(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  proposalId: string,
  input: DecideProposalInput,
): Promise<ProposalView> {
  const comment = input.comment?.trim() || null;
  return context.db.tenant(scope, async (tx) => {
    const found = await store.findProposal(tx, scope.projectId, proposalId, { lock: true });
    if (found === undefined) throw notFound('Proposal');
    const proposal = found.proposal;
    if (isProposer(proposal, actor)) throw ownProposal();
    if (proposal.status !== 'open') {
      throw conflict(`The proposal is ${proposal.status} already.`, 'proposal-not-open');
    }
    if (input.decision === 'reject' && comment === null) {
      throw invalid([{ pointer: '/body/comment', detail: 'say why when rejecting' }]);
    }
    const radar = await store.lockRadar(tx, scope.projectId, proposal.radarId, 'share');
    if (radar === undefined) throw notFound('Proposal');
    const events: PendingEvent[] = [];
    if (input.decision === 'approve') {
      const blip = await store.findBlip(tx, scope.projectId, proposal.blipId, { lock: true });
      const to = { ringId: proposal.toRingId, quadrantId: proposal.toQuadrantId };
      const targetGone =
        !radar.rings.some((ring) => ring.id === to.ringId) ||
        !radar.quadrants.some((quadrant) => quadrant.id === to.quadrantId);
      if (blip === undefined || blip.version !== proposal.blipVersion || targetGone) {
        throw conflict(
          'The blip has moved (or the radar changed) since this proposal was made; reject it and propose again.',
          'stale-proposal',
        );
      }
      const rationale = comment === null ? proposal.rationale : `${proposal.rationale}\n\nApproved: ${comment}`;
      await moveBlipInTx(tx, scope.projectId, actor, radar, blip, to, rationale, proposal.id, events);
    }
    const settled = await store.settleProposal(tx, scope.projectId, proposalId, {
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: actorUserId(actor),
      decider: actorLabel(actor),
      decisionComment: comment,
    });
    if (settled === undefined) throw conflict('The proposal was decided meanwhile.', 'proposal-not-open');
    events.push({
      definition: proposalDecided,
      subject: `proposals/${proposal.id}`,
      data: {
        proposalId: proposal.id,
        blipId: proposal.blipId,
        technologyId: proposal.technologyId,
        title: found.title,
        fromRingId: proposal.fromRingId,
        toRingId: proposal.toRingId,
        status: settled.status,
      },
    });
    await commit(tx, scope, actor, events);
    return proposalView(tx, scope.projectId, proposalId);
  });
}

/** The proposer takes back an open proposal. */
export async function withdrawProposal(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  proposalId: string,
): Promise<ProposalView> {
  return context.db.tenant(scope, async (tx) => {
    const found = await store.findProposal(tx, scope.projectId, proposalId, { lock: true });
    if (found === undefined) throw notFound('Proposal');
    const proposal = found.proposal;
    if (!isProposer(proposal, actor)) throw forbidden('Only the proposer can withdraw a proposal; admins reject it.');
    const settled = await store.settleProposal(tx, scope.projectId, proposalId, {
      status: 'withdrawn',
      decidedBy: actorUserId(actor),
      decider: actorLabel(actor),
      decisionComment: null,
    });
    if (settled === undefined) throw conflict(`The proposal is ${proposal.status} already.`, 'proposal-not-open');
    await commit(tx, scope, actor, [
      {
        definition: proposalDecided,
        subject: `proposals/${proposal.id}`,
        data: {
          proposalId: proposal.id,
          blipId: proposal.blipId,
          technologyId: proposal.technologyId,
          title: found.title,
          fromRingId: proposal.fromRingId,
          toRingId: proposal.toRingId,
          status: 'withdrawn',
        },
      },
    ]);
    return proposalView(tx, scope.projectId, proposalId);
  });
}

function presentComment(row: store.CommentRow) {
  return {
    id: row.id,
    proposalId: row.proposalId,
    authorId: row.authorId,
    author: row.author,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listComments(
  context: DbContext,
  scope: ProjectScope,
  proposalId: string,
  query: { limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await context.db.tenant(scope, async (tx) => {
    if ((await store.findProposal(tx, scope.projectId, proposalId)) === undefined) throw notFound('Proposal');
    return store.listComments(tx, scope.projectId, proposalId, query.limit, after);
  });
  return toPage(rows.map(presentComment), query.limit, (comment) => comment.id);
}

export async function addComment(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  proposalId: string,
  body: string,
) {
  const text = body.trim();
  if (text === '') throw invalid([{ pointer: '/body/body', detail: 'must not be blank' }]);
  return context.db.tenant(scope, async (tx) => {
    if ((await store.findProposal(tx, scope.projectId, proposalId)) === undefined) throw notFound('Proposal');
    const row = await store.insertComment(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      proposalId,
      authorId: actorUserId(actor),
      author: actorLabel(actor),
      body: text,
    });
    await commit(tx, scope, actor, [
      {
        definition: proposalCommented,
        subject: `proposals/${proposalId}/comments/${row.id}`,
        data: { proposalId, commentId: row.id },
      },
    ]);
    return presentComment(row);
  });
}

// ---- dashboard ------------------------------------------------------------------------------------------------

/**
 * What the dashboard shows of the radar, in one transaction: blips per ring of every radar (zeros included),
 * technologies per lifecycle status (all six) and per domain ("unspecified" for none), the ten most important
 * technologies still in play, the default radar's movement since its latest volume (changes only), and the
 * twenty newest open proposals. Reads only: it never creates the default radar.
 */
export async function radarSummary(
  context: ServiceContext,
  scope: ProjectScope,
): Promise<{
  countsByRing: Array<{ radarId: string; ring: string; count: number }>;
  countsByStatus: Array<{ status: string; count: number }>;
  countsByDomain: Array<{ domain: string; count: number }>;
  highPriority: TechnologyView[];
  movementSinceLastVolume: Array<{ technologyId: string; title: string; movement: string; ring: string }>;
  openProposals: ProposalView[];
}> {
  const summary: RadarSummaryView = await context.db.tenant(scope, async (tx) => {
    const projectId = scope.projectId;
    const radars = await store.listAllRadars(tx, projectId);
    const ringCounts = await store.blipCountsByRing(tx, projectId);
    const countsByRing = radars.flatMap((radar) =>
      radar.rings.map((ring) => ({
        radarId: radar.id,
        ring: ring.name,
        count: ringCounts.find((row) => row.radarId === radar.id && row.ringId === ring.id)?.n ?? 0,
      })),
    );
    const counts = await store.technologyCounts(tx, projectId);
    const statusCounts = counts.byStatus;
    const countsByStatus = [
      ...TECHNOLOGY_STATUSES.map((status) => ({
        status: status as string,
        count: statusCounts.find((row) => row.status === status)?.n ?? 0,
      })),
      ...statusCounts
        .filter((row) => !(TECHNOLOGY_STATUSES as readonly string[]).includes(row.status))
        .map((row) => ({ status: row.status, count: row.n })),
    ];
    const countsByDomain = counts.byDomain.map((row) => ({ domain: row.domain ?? 'unspecified', count: row.n }));
    const highPriority = await store.highPriorityTechnologies(tx, projectId, 10);

    const movementSinceLastVolume: RadarSummaryView['movementSinceLastVolume'] = [];
    const radar = radars.find((candidate) => candidate.isDefault);
    if (radar !== undefined) {
      const from = await radarState(tx, projectId, radar, undefined, 'latest', '/query/from');
      const to = await radarState(tx, projectId, radar, 'live', 'live', '/query/to');
      for (const item of diffPlacements(from.placed, to.placed)) {
        if (item.movement === 'no_change') continue;
        const ringId = (item.to ?? item.from)!.ringId;
        const rings = item.to === undefined ? from.rings : to.rings;
        movementSinceLastVolume.push({
          technologyId: item.technologyId,
          title: item.title,
          movement: item.movement,
          ring: segmentRef(rings, ringId).name,
        });
      }
    }
    const open = await store.listProposals(tx, projectId, { status: 'open' }, 20, undefined);
    const openProposals = await proposalViews(tx, projectId, open.slice(0, 20));
    return { countsByRing, countsByStatus, countsByDomain, highPriority, movementSinceLastVolume, openProposals };
  });
  return summary;
}
