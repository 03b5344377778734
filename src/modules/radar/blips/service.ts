import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../../platform/db/database.js';
import { actorLabel, type PendingEvent } from '../../../platform/events/outbox.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../../platform/http/pagination.js';
import { conflict, invalid, notFound } from '../../../platform/http/problems.js';
import { actorUserId, type DbContext } from '../context.js';
import { appendRadarEvents, blipMoved, blipNoteChanged, blipPlaced, blipRemoved } from '../events.js';
import type { Movement } from '../schemas.js';
import { loadRadar } from '../structure/service.js';
import * as radarStore from '../structure/store.js';
import type { Segment } from '../tables.js';
import * as technologyStore from '../technologies/store.js';
import { movementAgainstHistory, ringOrderOf } from '../volumes/movement.js';
import * as volumeStore from '../volumes/store.js';
import type { MoveBlipInput } from './schemas.js';
import * as store from './store.js';

/**
 * Blips: a technology's place on a radar, with its history. The `…InTx` operations are the radar's state changes
 * shared by the API, proposals and imports: each runs inside the caller's transaction and pushes its events onto
 * `events`; the caller appends them last (ADR 0008) and commits everything at once.
 */

const hasSegment = (segments: readonly Segment[], id: string) => segments.some((segment) => segment.id === id);

const nameOf = (segments: readonly Segment[], id: string) => segments.find((segment) => segment.id === id)?.name ?? id;

/** 422 unless the quadrant and ring exist on the radar; pointers name the caller's fields. */
export function checkPlace(
  radar: radarStore.RadarRow,
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
  radar: radarStore.RadarRow,
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
export async function placeBlipInTx(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: radarStore.RadarRow,
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
export async function moveBlipInTx(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: radarStore.RadarRow,
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
export async function removeBlipInTx(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: radarStore.RadarRow,
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

/** What a blip's movement is measured against: each technology's last appearance, and the latest volume. */
async function movementBasis(tx: Tx, projectId: string, radarId: string) {
  const latest = await volumeStore.latestVolume(tx, projectId, radarId);
  const appearances = latest === undefined ? new Map() : await volumeStore.lastAppearances(tx, projectId, radarId);
  return { latestId: latest?.id, appearances };
}

function liveMovement(
  radar: radarStore.RadarRow,
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

async function blipView(tx: Tx, projectId: string, radar: radarStore.RadarRow, blip: store.BlipWithTitle) {
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
    const radar = await radarStore.lockRadar(tx, scope.projectId, radarId, 'share');
    if (radar === undefined) throw notFound('Radar');
    const technology = await technologyStore.findTechnology(tx, scope.projectId, input.technologyId);
    if (technology === undefined) {
      throw invalid([{ pointer: '/body/technologyId', detail: 'no technology with this id in this project' }]);
    }
    checkPlace(radar, input, { quadrantId: '/body/quadrantId', ringId: '/body/ringId' });
    const events: PendingEvent[] = [];
    const blip = await placeBlipInTx(tx, scope.projectId, actor, radar, technology, input, events);
    await appendRadarEvents(tx, scope.projectId, actor, events);
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
    await appendRadarEvents(tx, scope.projectId, actor, [
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
    const radar = await radarStore.lockRadar(tx, scope.projectId, radarId, 'share');
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
    await appendRadarEvents(tx, scope.projectId, actor, events);
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
    await appendRadarEvents(tx, scope.projectId, actor, events);
  });
}

function presentBlip(row: store.BlipWithTitle, history: { movement: Movement; returning: boolean }) {
  return {
    id: row.id,
    radarId: row.radarId,
    technologyId: row.technologyId,
    title: row.title,
    quadrantId: row.quadrantId,
    ringId: row.ringId,
    note: row.note,
    version: row.version,
    number: row.number,
    movement: history.movement,
    returning: history.returning,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentHistory(row: store.HistoryRow, radarName: string) {
  const ref = (id: string | null, name: string | null) => (id === null ? null : { id, name: name ?? id });
  return {
    id: row.id,
    radarId: row.radarId,
    radarName,
    blipId: row.blipId,
    kind: row.kind as 'placed' | 'moved' | 'removed',
    fromRing: ref(row.fromRingId, row.fromRingName),
    toRing: ref(row.toRingId, row.toRingName),
    fromQuadrant: ref(row.fromQuadrantId, row.fromQuadrantName),
    toQuadrant: ref(row.toQuadrantId, row.toQuadrantName),
    rationale: row.rationale,
    proposalId: row.proposalId,
    actor: row.actor,
    actorUserId: row.actorUserId,
    createdAt: row.createdAt.toISOString(),
  };
}
