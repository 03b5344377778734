import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../../platform/context.js';
import type { Database, Tx } from '../../../platform/db/database.js';
import type { PendingEvent } from '../../../platform/events/outbox.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { conflict, type FieldError, invalid } from '../../../platform/http/problems.js';
import type { JobRecordView } from '../../../platform/jobs/jobs.js';
import { actorUserId } from '../context.js';
import { appendRadarEvents, radarCreated } from '../events.js';
import { radarImportJob } from '../jobs.js';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../structure/segments.js';
import { ensureDefaultRadar } from '../structure/service.js';
import * as radarStore from '../structure/store.js';
import type { ImportMapping, Segment } from '../tables.js';
import * as volumeStore from '../volumes/store.js';
import { ImportFileError, type ParsedImport, parseImport } from './parse.js';
import { planAgainstDatabase } from './run.js';
import type { ImportInput, ImportPreviewView } from './schemas.js';
import * as store from './store.js';
import { structureOfFile } from './structure.js';

/** Runs `read`, answering a file that cannot be read (ImportFileError) as 422 on /body/content. */
function readFile<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ImportFileError) throw invalid([{ pointer: '/body/content', detail: error.message }]);
    throw error;
  }
}

async function radarFor(tx: Tx, projectId: string, radarId: string | undefined, create: boolean) {
  if (radarId !== undefined) {
    const radar = await radarStore.findRadar(tx, projectId, radarId);
    if (radar === undefined)
      throw invalid([{ pointer: '/body/radarId', detail: 'no radar with this id in this project' }]);
    return radar;
  }
  return create ? ensureDefaultRadar(tx, projectId) : radarStore.findDefaultRadar(tx, projectId);
}

/** The radar an import lands on: an existing one, a new one with the file's structure, or the default. */
async function importTarget(tx: Tx, projectId: string, input: ImportInput, parsed: ParsedImport) {
  if (input.newRadar !== undefined) {
    if (input.radarId !== undefined) {
      throw invalid([{ pointer: '/body/newRadar', detail: 'give either radarId or newRadar, not both' }]);
    }
    const name = input.newRadar.name.trim();
    if (name === '') throw invalid([{ pointer: '/body/newRadar/name', detail: 'must not be blank' }]);
    if (await radarStore.radarNameTaken(tx, projectId, name)) {
      throw conflict(`A radar named "${name}" exists already.`, 'radar-name-taken');
    }
    const structure = readFile(() => structureOfFile(parsed));
    return { id: null, name, ...structure, existing: undefined };
  }
  const radar = await radarFor(tx, projectId, input.radarId, false);
  if (radar !== undefined) return { ...radar, existing: radar };
  return { id: null, name: null, quadrants: [...DEFAULT_QUADRANTS], rings: [...DEFAULT_RINGS], existing: undefined };
}

/** 422 for a mapping onto a segment the radar does not have. */
function checkMapping(mapping: ImportMapping | undefined, radar: { quadrants: Segment[]; rings: Segment[] }) {
  const errors: FieldError[] = [];
  for (const kind of ['quadrants', 'rings'] as const) {
    for (const [key, segmentId] of Object.entries(mapping?.[kind] ?? {})) {
      if (!radar[kind].some((segment) => segment.id === segmentId)) {
        errors.push({
          pointer: `/body/mapping/${kind}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          detail: `the radar has no ${kind === 'quadrants' ? 'quadrant' : 'ring'} "${segmentId}"`,
        });
      }
    }
  }
  if (errors.length > 0) throw invalid(errors);
}

/**
 * What importing the file would do (creates, updates, conflicts, warnings, removals, and where the file's quadrants
 * and rings land), computed in a read-only transaction. Writes nothing, not even the default radar: without one,
 * the plan is made against the default structure (or, for a new radar, the file's own).
 */
export async function previewImport(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  input: ImportInput,
): Promise<ImportPreviewView> {
  const strategy = input.strategy ?? 'merge';
  return context.db.tenant(scope, async (tx) => {
    const parsed = readFile(() => parseImport(input.format, input.content));
    const target = await importTarget(tx, scope.projectId, input, parsed);
    checkMapping(input.mapping, target);
    const plan = await planAgainstDatabase(tx, scope.projectId, target, parsed, {
      strategy,
      prune: input.prune ?? false,
      mapping: input.mapping ?? null,
    });
    return {
      format: input.format,
      radarId: target.id,
      newRadar: input.newRadar === undefined ? null : { name: input.newRadar.name.trim() },
      quadrants: target.quadrants,
      rings: target.rings,
      structure: plan.structure,
      strategy,
      rows: plan.entries,
      fileDate: parsed.date,
      statesMovement: parsed.entries.some((entry) => entry.movement !== null),
      ignoredColumns: parsed.ignored,
      creates: plan.rows
        .filter((row) => row.kind === 'create')
        .map((row) => ({
          row: row.row,
          title: row.title,
          quadrantId: row.placement?.quadrantId ?? '',
          ringId: row.placement?.ringId ?? '',
          lifecycle: row.status ?? 'discovery',
          movement: row.movement,
        })),
      updates: plan.rows
        .filter((row) => row.kind === 'update')
        .map((row) => ({ row: row.row, title: row.title, technologyId: row.technologyId!, changes: row.changes })),
      unchanged: plan.rows.filter((row) => row.kind === 'unchanged').length,
      conflicts: plan.conflicts,
      warnings: plan.warnings,
      relations: plan.relations.length,
      removals: plan.removals,
    };
  });
}

/** Refuses at upload what would fail at the end of the job: a taken volume name, or a date before the latest. */
async function checkVolume(
  tx: Tx,
  projectId: string,
  radar: radarStore.RadarRow,
  volume: { name: string; date: string } | undefined,
) {
  if (volume === undefined) return;
  // The API's schema checks this already; the CLI passes --date through unchecked.
  const day = new Date(`${volume.date}T00:00:00Z`);
  const valid = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === volume.date;
  if (!/^(19|2[0-9])\d{2}-\d{2}-\d{2}$/.test(volume.date) || !valid) {
    throw invalid([{ pointer: '/body/publishVolume/date', detail: 'must be a real day, YYYY-MM-DD' }]);
  }
  if (await volumeStore.volumeNameTaken(tx, projectId, radar.id, volume.name.trim())) {
    throw conflict(`Radar "${radar.name}" has a volume named "${volume.name}" already.`, 'volume-name-taken');
  }
  const latest = await volumeStore.latestVolume(tx, projectId, radar.id);
  if (latest !== undefined && volume.date < latest.date) {
    throw conflict(
      `The latest volume "${latest.name}" is dated ${latest.date}; a new volume cannot be dated earlier.`,
      'volume-out-of-order',
    );
  }
}

/** The day a published volume is dated: the one given, else the file's own, else today. */
const volumeDay = (input: ImportInput, preview: ImportPreviewView) =>
  input.publishVolume?.date ?? preview.fileDate ?? new Date().toISOString().slice(0, 10);

/** Creates the radar an import asked for with the file's structure, in the import's transaction. */
async function createImportRadar(
  tx: Tx,
  scope: ProjectScope,
  actor: ActorContext,
  preview: ImportPreviewView,
  events: PendingEvent[],
): Promise<radarStore.RadarRow> {
  await ensureDefaultRadar(tx, scope.projectId);
  const name = preview.newRadar!.name;
  const row = await radarStore.insertRadar(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    name,
    description: 'Created by an import, with the structure of its file.',
    quadrants: preview.quadrants,
    rings: preview.rings,
    createdBy: actorUserId(actor),
  });
  if (row === undefined) throw conflict(`A radar named "${name}" exists already.`, 'radar-name-taken');
  events.push({ definition: radarCreated, subject: `radars/${row.id}`, data: { id: row.id, name: row.name } });
  return row;
}

async function recordImport(
  tx: Tx,
  scope: ProjectScope,
  actor: ActorContext,
  input: ImportInput,
  preview: ImportPreviewView,
) {
  const events: PendingEvent[] = [];
  const radar =
    preview.newRadar === null
      ? await radarFor(tx, scope.projectId, input.radarId, true)
      : await createImportRadar(tx, scope, actor, preview, events);
  if (radar === undefined) throw new Error('the default radar could not be created');
  const volume =
    input.publishVolume === undefined
      ? undefined
      : { name: input.publishVolume.name.trim(), date: volumeDay(input, preview) };
  await checkVolume(tx, scope.projectId, radar, volume);
  const upload = await store.insertImport(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    radarId: radar.id,
    format: input.format,
    strategy: input.strategy ?? 'merge',
    prune: input.prune ?? false,
    content: input.content,
    sourceName: input.sourceName?.trim() || null,
    publishVolume: volume ?? null,
    mapping: input.mapping ?? null,
    createdBy: actorUserId(actor),
  });
  await appendRadarEvents(tx, scope.projectId, actor, events);
  return upload;
}

export type ImportOutcome =
  | { dryRun: true; preview: ImportPreviewView }
  | { dryRun: false; accepted: { importId: string; radarId: string; job: JobRecordView } };

/**
 * Imports a radar file: with `dryRun`, the preview; otherwise the upload is stored and the `radar.import` job
 * enqueued in one transaction. The file is parsed first, so an unreadable one is refused at once (422).
 */
export async function importRadar(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: ImportInput,
): Promise<ImportOutcome> {
  const preview = await previewImport(context, scope, input);
  if (input.dryRun === true) return { dryRun: true, preview };
  return context.db.tenant(scope, async (tx) => {
    const upload = await recordImport(tx, scope, actor, input, preview);
    const job = await context.jobs.enqueue(tx, scope.projectId, actor, radarImportJob, { importId: upload.id });
    return { dryRun: false, accepted: { importId: upload.id, radarId: upload.radarId, job } };
  });
}

/** Stores an upload without a job, for `cc radar import`, which runs the job's work in its own process. */
export async function recordImportForCli(
  db: Database,
  scope: ProjectScope,
  actor: ActorContext,
  input: ImportInput,
): Promise<{ importId: string }> {
  const preview = await previewImport({ db }, scope, input);
  const upload = await db.tenant(scope, (tx) => recordImport(tx, scope, actor, input, preview));
  return { importId: upload.id };
}
