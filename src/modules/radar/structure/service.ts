import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../../platform/db/database.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../../platform/http/pagination.js';
import { conflict, type FieldError, invalid, notFound } from '../../../platform/http/problems.js';
import { actorUserId, type DbContext } from '../context.js';
import { appendRadarEvents, radarCreated, radarDeleted, radarUpdated } from '../events.js';
import type { Segment } from '../tables.js';
import type { CreateRadarInput, RadarView, UpdateRadarInput } from './schemas.js';
import { DEFAULT_QUADRANTS, DEFAULT_RADAR_NAME, DEFAULT_RINGS, normalizeSegments } from './segments.js';
import * as store from './store.js';

/**
 * Radars and their structure (quadrants and rings): reading, creating, renaming and restructuring radars, and the
 * project's default radar (ADR 0020). Other sub-capabilities load radars through `loadRadar` and `ensureDefaultRadar`.
 */

export async function loadRadar(tx: Tx, projectId: string, radarId: string): Promise<store.RadarRow> {
  const radar = await store.findRadar(tx, projectId, radarId);
  if (radar === undefined) throw notFound('Radar');
  return radar;
}

/**
 * The project's default radar, created the first time anyone needs it. Idempotent and safe under concurrency:
 * the partial unique index on (project_id) WHERE is_default lets exactly one insert win. See ADR 0020.
 */
export async function ensureDefaultRadar(tx: Tx, projectId: string): Promise<store.RadarRow> {
  const existing = await store.findDefaultRadar(tx, projectId);
  if (existing !== undefined) return existing;
  for (const name of [DEFAULT_RADAR_NAME, `${DEFAULT_RADAR_NAME} (default)`]) {
    const inserted = await store.insertRadar(tx, {
      id: uuidv7(),
      projectId,
      name,
      description: 'The default radar of this project.',
      quadrants: [...DEFAULT_QUADRANTS],
      rings: [...DEFAULT_RINGS],
      isDefault: true,
    });
    if (inserted !== undefined) return inserted;
    // Another transaction created it meanwhile, or a radar already has the name: look again, then try the other.
    const raced = await store.findDefaultRadar(tx, projectId);
    if (raced !== undefined) return raced;
  }
  throw new Error('could not create the default radar');
}

/** Turns rows into the API's shapes (ISO timestamps, names resolved from the radar's structure). */

function presentRadar(row: store.RadarRow, blipCount: number): RadarView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.isDefault,
    quadrants: row.quadrants,
    rings: row.rings,
    blipCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

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
    await appendRadarEvents(tx, scope.projectId, actor, [
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
    await appendRadarEvents(tx, scope.projectId, actor, [
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
    await appendRadarEvents(tx, scope.projectId, actor, [
      { definition: radarDeleted, subject: `radars/${radar.id}`, data: { id: radar.id, name: radar.name } },
    ]);
  });
}
