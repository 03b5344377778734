import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../platform/db/database.js';
import { actorLabel, type PendingEvent } from '../../platform/events/outbox.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { conflict, invalid } from '../../platform/http/problems.js';
import { blipMoved, blipPlaced, blipRemoved, radarVolumePublished } from './events.js';
import { compareLabels } from './layout.js';
import { countMovements, movementAgainstHistory, ringOrderOf } from './movement.js';
import type { Movement } from './schemas.js';
import { DEFAULT_QUADRANTS, DEFAULT_RADAR_NAME, DEFAULT_RINGS } from './segments.js';
import * as store from './store.js';
import type { Segment } from './tables.js';

/**
 * The radar's state changes shared by the API, proposals and imports. Each runs inside the caller's transaction
 * and pushes its events onto `events`; the caller appends them last (ADR 0008) and commits everything at once.
 */

export const actorUserId = (actor: ActorContext): string | null => actor.principal?.userId ?? null;

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

const hasSegment = (segments: readonly Segment[], id: string) => segments.some((segment) => segment.id === id);
const nameOf = (segments: readonly Segment[], id: string) => segments.find((segment) => segment.id === id)?.name ?? id;

/** 422 unless the quadrant and ring exist on the radar; pointers name the caller's fields. */
export function checkPlace(
  radar: store.RadarRow,
  place: { quadrantId: string; ringId: string },
  pointers: { quadrantId: string; ringId: string },
): void {
  const errors = [];
  if (!hasSegment(radar.quadrants, place.quadrantId)) {
    errors.push({
      pointer: pointers.quadrantId,
      detail: `radar "${radar.name}" has no quadrant "${place.quadrantId}" (it has ${radar.quadrants.map((q) => q.id).join(', ')})`,
    });
  }
  if (!hasSegment(radar.rings, place.ringId)) {
    errors.push({
      pointer: pointers.ringId,
      detail: `radar "${radar.name}" has no ring "${place.ringId}" (it has ${radar.rings.map((r) => r.id).join(', ')})`,
    });
  }
  if (errors.length > 0) throw invalid(errors);
}

function historyRow(
  projectId: string,
  actor: ActorContext,
  radar: store.RadarRow,
  blip: { id: string; technologyId: string },
  kind: 'placed' | 'moved' | 'removed',
  from: { ringId: string; quadrantId: string } | null,
  to: { ringId: string; quadrantId: string } | null,
  rationale: string | null,
  proposalId: string | null,
) {
  return {
    id: uuidv7(),
    projectId,
    radarId: radar.id,
    technologyId: blip.technologyId,
    blipId: blip.id,
    kind,
    fromRingId: from?.ringId ?? null,
    fromRingName: from === null ? null : nameOf(radar.rings, from.ringId),
    toRingId: to?.ringId ?? null,
    toRingName: to === null ? null : nameOf(radar.rings, to.ringId),
    fromQuadrantId: from?.quadrantId ?? null,
    fromQuadrantName: from === null ? null : nameOf(radar.quadrants, from.quadrantId),
    toQuadrantId: to?.quadrantId ?? null,
    toQuadrantName: to === null ? null : nameOf(radar.quadrants, to.quadrantId),
    rationale,
    proposalId,
    actorUserId: actorUserId(actor),
    actor: actorLabel(actor),
  };
}

/** Places a technology on a radar (409 `blip-exists` when it is there already) and records the placement. */
export async function placeBlip(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: store.RadarRow,
  technology: { id: string; title: string },
  place: { quadrantId: string; ringId: string; note?: string },
  events: PendingEvent[],
  rationale: string | null = null,
): Promise<store.BlipWithTitle> {
  // A number taken by an insert that then conflicts is skipped, never reused: numbers only need to be stable.
  const row = await store.insertBlip(tx, {
    id: uuidv7(),
    projectId,
    radarId: radar.id,
    technologyId: technology.id,
    quadrantId: place.quadrantId,
    ringId: place.ringId,
    note: place.note ?? '',
    number: await store.takeBlipNumber(tx, projectId, radar.id),
  });
  if (row === undefined) {
    throw conflict(`"${technology.title}" is on radar "${radar.name}" already; move it instead.`, 'blip-exists');
  }
  await store.insertHistory(tx, [historyRow(projectId, actor, radar, row, 'placed', null, place, rationale, null)]);
  events.push({
    definition: blipPlaced,
    subject: `blips/${row.id}`,
    data: {
      blipId: row.id,
      radarId: radar.id,
      technologyId: technology.id,
      title: technology.title,
      ringId: row.ringId,
      quadrantId: row.quadrantId,
    },
  });
  return { ...row, title: technology.title };
}

/**
 * Moves a blip, recording from/to, the rationale (required when the ring changes) and the proposal that asked for
 * it. Moving to where it is already changes nothing and records nothing.
 */
export async function moveBlip(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: store.RadarRow,
  blip: store.BlipWithTitle,
  to: { ringId: string; quadrantId: string },
  rationale: string | null,
  proposalId: string | null,
  events: PendingEvent[],
): Promise<store.BlipWithTitle> {
  if (to.ringId === blip.ringId && to.quadrantId === blip.quadrantId) return blip;
  const reason = rationale?.trim() ?? '';
  if (to.ringId !== blip.ringId && reason === '') {
    throw invalid(
      [{ pointer: '/body/rationale', detail: 'a rationale is required when a blip changes ring' }],
      'Changing ring needs a rationale.',
    );
  }
  const moved = await store.moveBlip(tx, projectId, blip.id, to);
  if (moved === undefined) throw new Error(`blip ${blip.id} vanished while locked`);
  const from = { ringId: blip.ringId, quadrantId: blip.quadrantId };
  const history = historyRow(projectId, actor, radar, blip, 'moved', from, to, reason || null, proposalId);
  await store.insertHistory(tx, [history]);
  events.push({
    definition: blipMoved,
    subject: `blips/${blip.id}`,
    data: {
      blipId: blip.id,
      radarId: radar.id,
      technologyId: blip.technologyId,
      title: blip.title,
      from,
      to,
      historyId: history.id,
      proposalId,
    },
  });
  return { ...moved, title: blip.title };
}

/** Takes a blip off its radar; its history stays (with a `removed` entry). */
export async function removeBlip(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: store.RadarRow,
  blip: store.BlipWithTitle,
  rationale: string | null,
  events: PendingEvent[],
): Promise<void> {
  await store.deleteBlip(tx, projectId, blip.id);
  const from = { ringId: blip.ringId, quadrantId: blip.quadrantId };
  await store.insertHistory(tx, [historyRow(projectId, actor, radar, blip, 'removed', from, null, rationale, null)]);
  events.push({
    definition: blipRemoved,
    subject: `blips/${blip.id}`,
    data: {
      blipId: blip.id,
      radarId: radar.id,
      technologyId: blip.technologyId,
      title: blip.title,
      ...from,
    },
  });
}

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
export async function publishVolume(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: store.RadarRow,
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
  const current = await store.allBlipsOfRadar(tx, projectId, radar.id);
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
  await store.renumberBlips(
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
