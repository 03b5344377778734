import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../../platform/context.js';
import type { Database, Tx } from '../../../platform/db/database.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { conflict, invalid } from '../../../platform/http/problems.js';
import type { JobRecordView } from '../../../platform/jobs/jobs.js';
import { radarImportJob } from '../jobs.js';
import { actorUserId, ensureDefaultRadar } from '../placement.js';
import type { ImportInput, ImportPreviewView } from '../schemas.js';
import { DEFAULT_QUADRANTS, DEFAULT_RINGS } from '../segments.js';
import * as store from '../store.js';
import { ImportFileError } from './parse.js';
import { planAgainstDatabase } from './run.js';

function fileProblem(error: unknown): never {
  if (error instanceof ImportFileError) throw invalid([{ pointer: '/body/content', detail: error.message }]);
  throw error;
}

async function radarFor(tx: Tx, projectId: string, radarId: string | undefined, create: boolean) {
  if (radarId !== undefined) {
    const radar = await store.findRadar(tx, projectId, radarId);
    if (radar === undefined)
      throw invalid([{ pointer: '/body/radarId', detail: 'no radar with this id in this project' }]);
    return radar;
  }
  return create ? ensureDefaultRadar(tx, projectId) : store.findDefaultRadar(tx, projectId);
}

/**
 * What importing the file would do (creates, updates, conflicts, removals), computed in a read-only transaction.
 * Writes nothing, not even the default radar: without one, the plan is made against the default structure.
 */
export async function previewImport(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  input: ImportInput,
): Promise<ImportPreviewView> {
  const strategy = input.strategy ?? 'merge';
  return context.db.tenant(scope, async (tx) => {
    const radar = await radarFor(tx, scope.projectId, input.radarId, false);
    const target = radar ?? { id: null, quadrants: [...DEFAULT_QUADRANTS], rings: [...DEFAULT_RINGS] };
    const plan = await planAgainstDatabase(
      tx,
      scope.projectId,
      target,
      input.format,
      input.content,
      strategy,
      input.prune ?? false,
    ).catch(fileProblem);
    return {
      format: input.format,
      radarId: target.id,
      strategy,
      rows: plan.entries,
      creates: plan.rows
        .filter((row) => row.kind === 'create')
        .map((row) => ({
          row: row.row,
          title: row.title,
          quadrantId: row.placement?.quadrantId ?? '',
          ringId: row.placement?.ringId ?? '',
        })),
      updates: plan.rows
        .filter((row) => row.kind === 'update')
        .map((row) => ({ row: row.row, title: row.title, technologyId: row.technologyId!, changes: row.changes })),
      unchanged: plan.rows.filter((row) => row.kind === 'unchanged').length,
      conflicts: plan.conflicts,
      removals: plan.removals,
    };
  });
}

/** Refuses at upload what would fail at the end of the job: a taken volume name, or a date before the latest. */
async function checkVolume(tx: Tx, projectId: string, radar: store.RadarRow, volume: ImportInput['publishVolume']) {
  if (volume === undefined) return;
  // The API's schema checks this already; the CLI passes --date through unchecked.
  const day = new Date(`${volume.date}T00:00:00Z`);
  const valid = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === volume.date;
  if (!/^(19|2[0-9])\d{2}-\d{2}-\d{2}$/.test(volume.date) || !valid) {
    throw invalid([{ pointer: '/body/publishVolume/date', detail: 'must be a real day, YYYY-MM-DD' }]);
  }
  if (await store.volumeNameTaken(tx, projectId, radar.id, volume.name.trim())) {
    throw conflict(`Radar "${radar.name}" has a volume named "${volume.name}" already.`, 'volume-name-taken');
  }
  const latest = await store.latestVolume(tx, projectId, radar.id);
  if (latest !== undefined && volume.date < latest.date) {
    throw conflict(
      `The latest volume "${latest.name}" is dated ${latest.date}; a new volume cannot be dated earlier.`,
      'volume-out-of-order',
    );
  }
}

async function recordImport(tx: Tx, scope: ProjectScope, actor: ActorContext, input: ImportInput) {
  const radar = await radarFor(tx, scope.projectId, input.radarId, true);
  if (radar === undefined) throw new Error('the default radar could not be created');
  await checkVolume(tx, scope.projectId, radar, input.publishVolume);
  return store.insertImport(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    radarId: radar.id,
    format: input.format,
    strategy: input.strategy ?? 'merge',
    prune: input.prune ?? false,
    content: input.content,
    sourceName: input.sourceName?.trim() || null,
    publishVolume:
      input.publishVolume === undefined
        ? null
        : { name: input.publishVolume.name.trim(), date: input.publishVolume.date },
    createdBy: actorUserId(actor),
  });
}

export type ImportOutcome =
  | { dryRun: true; preview: ImportPreviewView }
  | { dryRun: false; accepted: { importId: string; job: JobRecordView } };

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
    const upload = await recordImport(tx, scope, actor, input);
    const job = await context.jobs.enqueue(tx, scope.projectId, actor, radarImportJob, { importId: upload.id });
    return { dryRun: false, accepted: { importId: upload.id, job } };
  });
}

/** Stores an upload without a job, for `cc radar import`, which runs the job's work in its own process. */
export async function recordImportForCli(
  db: Database,
  scope: ProjectScope,
  actor: ActorContext,
  input: ImportInput,
): Promise<{ importId: string }> {
  await previewImport({ db }, scope, input);
  const upload = await db.tenant(scope, (tx) => recordImport(tx, scope, actor, input));
  return { importId: upload.id };
}
