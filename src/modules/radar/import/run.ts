import { v7 as uuidv7 } from 'uuid';
import type { Database, Tx } from '../../../platform/db/database.js';
import type { PendingEvent } from '../../../platform/events/outbox.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { moveBlipInTx, placeBlipInTx, removeBlipInTx } from '../blips/service.js';
import * as blipStore from '../blips/store.js';
import {
  appendRadarEvents,
  radarImportCompleted,
  technologyCreated,
  technologyRelationAdded,
  technologyUpdated,
} from '../events.js';
import type { ImportFormat, MergeStrategy } from '../schemas.js';
import * as radarStore from '../structure/store.js';
import * as technologyStore from '../technologies/store.js';
import { publishVolumeInTx } from '../volumes/service.js';
import { type ParsedImport, parseImport, type StatedMovement } from './parse.js';
import { type ExistingTechnology, type ImportPlan, type PlannedRow, type PlanOptions, planImport } from './plan.js';
import * as store from './store.js';

/** Reports progress (0–100) and what is being done; the job's throws once the job was cancelled. */
export type ImportProgress = (percent: number, step: string) => Promise<void>;

export interface ImportResult extends Record<string, unknown> {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  removed: number;
  /** `related_to` relations added from the file's related names. */
  related: number;
  volumeId: string | null;
  /** The first conflicts, for people; the full list is in the dry-run preview. */
  conflictDetails: Array<{ row: number; title: string; reason: string }>;
}

/** Reads the radar and the technologies the file names, and plans the import against them (no writes). */
export async function planAgainstDatabase(
  tx: Tx,
  projectId: string,
  radar: { id: string | null; quadrants: radarStore.RadarRow['quadrants']; rings: radarStore.RadarRow['rings'] },
  parsed: ParsedImport,
  options: Omit<PlanOptions, 'relatedExisting'>,
): Promise<ImportPlan & { entries: number }> {
  const named = new Set(parsed.entries.map((entry) => entry.name.toLowerCase()));
  const relatedOnly = [
    ...new Set(parsed.entries.flatMap((entry) => entry.related).filter((name) => !named.has(name.toLowerCase()))),
  ];
  const found = await technologyStore.findTechnologiesByTitles(tx, projectId, [
    ...parsed.entries.map((entry) => entry.name),
    ...relatedOnly,
  ]);
  const existing = new Map<string, ExistingTechnology>();
  const relatedExisting = new Map<string, { title: string }>();
  for (const [key, row] of found) {
    if (named.has(key)) {
      existing.set(key, { id: row.id, title: row.title, description: row.description, websiteUrl: row.websiteUrl });
    } else {
      relatedExisting.set(key, { title: row.title });
    }
  }
  const blips = radar.id === null ? [] : await blipStore.allBlipsOfRadar(tx, projectId, radar.id);
  const plan = planImport(parsed, radar, existing, blips, { ...options, relatedExisting });
  return { ...plan, entries: parsed.entries.length + parsed.errors.length };
}

async function applyRow(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  radar: radarStore.RadarRow,
  row: PlannedRow,
  rationale: string,
  events: PendingEvent[],
): Promise<{ outcome: 'created' | 'updated' | 'unchanged' | 'conflict'; technologyId?: string }> {
  if (row.kind === 'unchanged') return { outcome: 'unchanged', technologyId: row.technologyId! };
  let technology: { id: string; title: string };
  if (row.kind === 'create') {
    const created = await technologyStore.insertTechnology(tx, {
      id: uuidv7(),
      projectId,
      title: row.title,
      ...row.fields,
      status: row.status ?? 'discovery',
      createdBy: actor.principal?.userId ?? null,
    });
    // Someone created the same title since the plan was made: leave theirs alone.
    if (created === undefined) return { outcome: 'conflict' };
    technology = created;
    events.push({
      definition: technologyCreated,
      subject: `technologies/${created.id}`,
      data: { id: created.id, title: created.title, status: created.status, domain: created.domain },
    });
  } else {
    const current = await technologyStore.findTechnologyForUpdate(tx, projectId, row.technologyId!);
    if (current === undefined) return { outcome: 'conflict' };
    technology = current;
    const changed = Object.keys(row.fields);
    if (changed.length > 0) {
      await technologyStore.updateTechnology(tx, projectId, current.id, row.fields);
      events.push({
        definition: technologyUpdated,
        subject: `technologies/${current.id}`,
        data: { id: current.id, title: current.title, changed },
      });
    }
  }
  if (row.placement !== null) {
    const blip = await blipStore.findBlipOfTechnology(tx, projectId, radar.id, technology.id);
    if (blip === undefined) {
      await placeBlipInTx(tx, projectId, actor, radar, technology, row.placement, events, rationale);
    } else {
      await moveBlipInTx(tx, projectId, actor, radar, blip, row.placement, rationale, null, events);
    }
  }
  return { outcome: row.kind === 'create' ? 'created' : 'updated', technologyId: technology.id };
}

/** Adds the file's `related_to` relations between technologies the import created, updated or found. */
async function applyRelations(
  tx: Tx,
  projectId: string,
  actor: ActorContext,
  relations: ImportPlan['relations'],
  events: PendingEvent[],
): Promise<number> {
  if (relations.length === 0) return 0;
  const ids = await technologyStore.findTechnologiesByTitles(
    tx,
    projectId,
    relations.flatMap((relation) => [relation.from, relation.to]),
  );
  let added = 0;
  for (const relation of relations) {
    const from = ids.get(relation.from.toLowerCase());
    const to = ids.get(relation.to.toLowerCase());
    if (from === undefined || to === undefined) continue;
    const inserted = await technologyStore.insertRelation(tx, {
      id: uuidv7(),
      projectId,
      fromTechnologyId: from.id,
      toTechnologyId: to.id,
      kind: 'related_to',
      createdBy: actor.principal?.userId ?? null,
    });
    if (inserted === undefined) continue;
    added += 1;
    events.push({
      definition: technologyRelationAdded,
      subject: `technologies/${from.id}/relations/${inserted.id}`,
      data: { relationId: inserted.id, kind: 'related_to', fromTechnologyId: from.id, toTechnologyId: to.id },
    });
  }
  return added;
}

/**
 * Applies an uploaded import: the `radar.import` job's work, which `cc radar import` also runs in-process. All of it
 * commits in one transaction (ADR 0036), so an attempt that dies part-way leaves nothing behind and the retry plans
 * against the same state. Still idempotent (ADR 0010): an import that completed answers at once.
 */
export async function runImport(
  db: Database,
  projectId: string,
  importId: string,
  actor: ActorContext,
  progress: ImportProgress,
): Promise<ImportResult> {
  const scope = { projectId };
  const upload = await db.tenant(scope, (tx) => store.findImport(tx, projectId, importId));
  if (upload === undefined) throw new Error(`import ${importId} does not exist`);
  if (upload.completedAt !== null) {
    // A retry after the last transaction committed: the work is done and the file is gone.
    return {
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      conflicts: 0,
      removed: 0,
      related: 0,
      volumeId: null,
      conflictDetails: [],
    };
  }
  const source = upload.sourceName ?? `a ${upload.format} file`;
  await progress(0, 'planning');
  const { radar, plan } = await db.tenant(scope, async (tx) => {
    const radar = await radarStore.findRadar(tx, projectId, upload.radarId);
    if (radar === undefined) throw new Error('the radar of this import was deleted');
    const parsed = parseImport(upload.format as ImportFormat, upload.content);
    const plan = await planAgainstDatabase(tx, projectId, radar, parsed, {
      strategy: upload.strategy as MergeStrategy,
      prune: upload.prune,
      mapping: upload.mapping,
    });
    return { radar, plan };
  });

  const result: ImportResult = {
    rows: plan.entries,
    created: 0,
    updated: 0,
    unchanged: 0,
    conflicts: plan.conflicts.length,
    removed: 0,
    related: 0,
    volumeId: null,
    conflictDetails: plan.conflicts.slice(0, 50),
  };
  const rationale = `Imported from ${source}`;
  await progress(5, `applying ${plan.rows.length} rows and ${plan.removals.length} removals in one transaction`);

  // One transaction: a crash or a refusal part-way leaves the project exactly as it was, never half imported, and
  // the retry starts from the same state. (Progress cannot be written from inside it: PGlite runs one transaction
  // at a time, so the steps are reported around it.)
  await db.tenant(scope, async (tx) => {
    const events: PendingEvent[] = [];
    /** The movement the file states, by technology: the published volume's. */
    const stated = new Map<string, StatedMovement>();
    for (const row of plan.rows) {
      const { outcome, technologyId } = await applyRow(tx, projectId, actor, radar, row, rationale, events);
      if (outcome === 'conflict') {
        result.conflicts += 1;
        result.conflictDetails.push({ row: row.row, title: row.title, reason: 'changed meanwhile' });
      } else {
        result[outcome] += 1;
        if (technologyId !== undefined && row.movement !== null) stated.set(technologyId, row.movement);
      }
    }
    result.related = await applyRelations(tx, projectId, actor, plan.relations, events);
    for (const removal of plan.removals) {
      const blip = await blipStore.findBlipOfTechnology(tx, projectId, radar.id, removal.technologyId);
      if (blip === undefined) continue;
      await removeBlipInTx(tx, projectId, actor, radar, blip, `Not in ${source}`, events);
      result.removed += 1;
    }
    if (upload.publishVolume !== null) {
      const current = (await radarStore.findRadar(tx, projectId, radar.id)) ?? radar;
      const published = await publishVolumeInTx(
        tx,
        projectId,
        actor,
        current,
        upload.publishVolume,
        importId,
        events,
        stated,
      );
      result.volumeId = published.volume.id;
    }
    await store.completeImport(tx, projectId, importId);
    events.push({
      definition: radarImportCompleted,
      subject: `radars/${radar.id}/imports/${importId}`,
      data: {
        importId,
        radarId: radar.id,
        format: upload.format,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        conflicts: result.conflicts,
        removed: result.removed,
        related: result.related,
        volumeId: result.volumeId,
      },
    });
    await appendRadarEvents(tx, projectId, actor, events);
  });
  await progress(100, 'done');
  return result;
}
