import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../../platform/db/database.js';
import type { PendingEvent } from '../../../platform/events/outbox.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/pagination.js';
import { conflict, invalid, notFound } from '../../../platform/http/problems.js';
import * as blipStore from '../blips/store.js';
import { actorUserId, type DbContext } from '../context.js';
import { appendRadarEvents, radarVolumePublished } from '../events.js';
import { compareLabels } from '../layout.js';
import type { Movement } from '../schemas.js';
import { segmentRef } from '../structure/segments.js';
import { loadRadar } from '../structure/service.js';
import * as radarStore from '../structure/store.js';
import type { Segment } from '../tables.js';
import {
  countMovements,
  diffPlacements,
  emptyCounts,
  movementAgainstHistory,
  type Placed,
  ringOrderOf,
} from './movement.js';
import type { DiffView, PublishVolumeInput, VolumeDetailView, VolumeView } from './schemas.js';
import * as store from './store.js';

/**
 * Volumes (published snapshots of a radar) and diffs between two states of a radar (volumes or the live radar), with
 * each blip's movement against its last appearance (movement.ts).
 */

export interface PublishedVolume {
  volume: store.VolumeRow;
  blipCount: number;
  counts: Record<Movement, number>;
}

/**
 * Publishes a snapshot of a radar: its structure and every blip with its movement against its last appearance
 * (movementAgainstHistory), or the movement an imported file states (`stated`, by technology id). The volume numbers
 * its blips in legend order (quadrant, ring, label) and the live radar takes those numbers, so they stay citable.
 * A volume dated before the latest one is refused. With an `importId`, a second call for the same import returns
 * the volume it published the first time.
 */
export async function publishVolumeInTx(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: radarStore.RadarRow,
  input: { name: string; date: string },
  importId: string | null,
  events: PendingEvent[],
  stated: ReadonlyMap<string, Exclude<Movement, 'removed'>> = new Map(),
): Promise<PublishedVolume> {
  if (importId !== null) {
    const earlier = await store.findVolumeOfImport(tx, projectId, importId);
    if (earlier !== undefined) {
      const rows = await store.volumeBlips(tx, projectId, earlier.id);
      return { volume: earlier, blipCount: rows.length, counts: countMovements(volumeMovements(rows)) };
    }
  }
  const name = input.name.trim();
  const previous = await store.latestVolume(tx, projectId, radar.id);
  if (previous !== undefined && input.date < previous.date) {
    throw conflict(
      `The latest volume "${previous.name}" is dated ${previous.date}; a new volume cannot be dated earlier.`,
      'volume-out-of-order',
    );
  }
  if (await store.volumeNameTaken(tx, projectId, radar.id, name)) {
    throw conflict(`Radar "${radar.name}" has a volume named "${name}" already.`, 'volume-name-taken');
  }
  const previousBlips = previous === undefined ? [] : await store.volumeBlips(tx, projectId, previous.id);
  const appearances = await store.lastAppearances(tx, projectId, radar.id);
  const current = await blipStore.allBlipsOfRadar(tx, projectId, radar.id);
  const volume = await store.insertVolume(tx, {
    id: uuidv7(),
    projectId,
    radarId: radar.id,
    name,
    date: input.date,
    quadrants: radar.quadrants,
    rings: radar.rings,
    importId,
    publishedBy: actorUserId(actor),
  });
  if (volume === undefined) {
    throw conflict(`Radar "${radar.name}" has a volume named "${name}" already.`, 'volume-name-taken');
  }
  const ordered = current
    .map((blip) => ({
      blip,
      quadrantOrder: ringOrderOf(radar.quadrants, blip.quadrantId),
      ringOrder: ringOrderOf(radar.rings, blip.ringId),
    }))
    .sort(
      (a, b) =>
        a.quadrantOrder - b.quadrantOrder || a.ringOrder - b.ringOrder || compareLabels(a.blip.title, b.blip.title),
    );
  const rows = ordered.map(({ blip, quadrantOrder, ringOrder }, index) => {
    const history = movementAgainstHistory(appearances.get(blip.technologyId), previous?.id, ringOrder);
    return {
      projectId,
      volumeId: volume.id,
      technologyId: blip.technologyId,
      title: blip.title,
      quadrantId: blip.quadrantId,
      ringId: blip.ringId,
      quadrantOrder,
      ringOrder,
      movement: stated.get(blip.technologyId) ?? history.movement,
      returning: history.returning,
      number: index + 1,
    };
  });
  await store.insertVolumeBlips(tx, rows);
  await blipStore.renumberBlips(
    tx,
    projectId,
    radar.id,
    ordered.map(({ blip }, index) => ({ blipId: blip.id, number: index + 1 })),
  );
  const present = new Set(rows.map((row) => row.technologyId));
  const counts = countMovements(rows.map((row) => ({ movement: row.movement })));
  counts.removed = previousBlips.filter((row) => !present.has(row.technologyId)).length;
  events.push({
    definition: radarVolumePublished,
    subject: `radars/${radar.id}/volumes/${volume.id}`,
    data: { volumeId: volume.id, radarId: radar.id, name, date: input.date, blipCount: rows.length, counts },
  });
  return { volume, blipCount: rows.length, counts };
}

export function volumeMovements(rows: readonly store.VolumeBlipRow[]): Array<{ movement: Movement }> {
  return rows.map((row) => ({ movement: row.movement as Movement }));
}

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
    const radar = await radarStore.lockRadar(tx, scope.projectId, radarId);
    if (radar === undefined) throw notFound('Radar');
    const events: PendingEvent[] = [];
    const published = await publishVolumeInTx(tx, scope.projectId, actor, radar, input, null, events);
    await appendRadarEvents(tx, scope.projectId, actor, events);
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

export async function radarState(
  tx: Tx,
  projectId: string,
  radar: radarStore.RadarRow,
  side: string | undefined,
  fallback: 'latest' | 'live',
  pointer: string,
): Promise<RadarState> {
  if (side === 'live' || (side === undefined && fallback === 'live')) {
    const blips = await blipStore.allBlipsOfRadar(tx, projectId, radar.id);
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
