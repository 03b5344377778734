import type { ServiceContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import { notFound } from '../../../platform/http/problems.js';
import * as blipStore from '../blips/store.js';
import type { ExportFormat, Movement } from '../schemas.js';
import * as radarStore from '../structure/store.js';
import type { Segment } from '../tables.js';
import type { FileKey, FileName } from '../technologies/shape.js';
import * as technologyStore from '../technologies/store.js';
import { movementAgainstHistory, ringOrderOf } from '../volumes/movement.js';
import * as volumeStore from '../volumes/store.js';
import { type ExportedRadar, toBackstage, toByorCsv, toByorJson, toSvg, toZalando } from './formats.js';

export interface ExportedFile {
  contentType: string;
  filename: string;
  body: string;
}

const FILES: Record<
  ExportFormat,
  { extension: string; contentType: string; render: (radar: ExportedRadar) => string }
> = {
  'byor-csv': { extension: 'csv', contentType: 'text/csv; charset=utf-8', render: toByorCsv },
  'byor-json': { extension: 'json', contentType: 'application/json; charset=utf-8', render: toByorJson },
  zalando: { extension: 'zalando.json', contentType: 'application/json; charset=utf-8', render: toZalando },
  backstage: { extension: 'backstage.json', contentType: 'application/json; charset=utf-8', render: toBackstage },
  svg: { extension: 'svg', contentType: 'image/svg+xml; charset=utf-8', render: toSvg },
};

/** A file name that survives every file system and the Content-Disposition header. */
function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return stem === '' ? 'radar' : stem;
}

/** What radar files carry of a technology (FILE_FIELDS of its shape), under the files' names. */
export function fileFieldsOf(
  technology: Pick<technologyStore.TechnologyRow, FileKey> | undefined,
): Pick<ExportedRadar['blips'][number], FileName> {
  return { description: technology?.description ?? '', link: technology?.websiteUrl ?? null };
}

interface ExportedState {
  name: string;
  volume: volumeStore.VolumeRow | undefined;
  quadrants: Segment[];
  rings: Segment[];
  placed: Array<{
    technologyId: string;
    title: string;
    quadrantId: string;
    ringId: string;
    number: number;
    movement: Movement;
  }>;
}

/** The live radar, each blip with its movement against its last appearance (ADR 0038), or one of its volumes. */
async function exportedState(tx: Tx, projectId: string, radarId: string, volumeId: string | undefined) {
  const radar = await radarStore.findRadar(tx, projectId, radarId);
  if (radar === undefined) throw notFound('Radar');
  if (volumeId !== undefined) {
    const volume = await volumeStore.findVolume(tx, projectId, radarId, volumeId);
    if (volume === undefined) throw notFound('Volume');
    const rows = await volumeStore.volumeBlips(tx, projectId, volume.id);
    return {
      name: radar.name,
      volume,
      quadrants: volume.quadrants,
      rings: volume.rings,
      placed: rows.map((row) => ({ ...row, movement: row.movement as Movement })),
    } satisfies ExportedState;
  }
  const blips = await blipStore.allBlipsOfRadar(tx, projectId, radarId);
  const latest = await volumeStore.latestVolume(tx, projectId, radarId);
  const appearances = await volumeStore.lastAppearances(tx, projectId, radarId);
  return {
    name: radar.name,
    volume: undefined,
    quadrants: radar.quadrants,
    rings: radar.rings,
    placed: blips.map((blip) => ({
      ...blip,
      movement: movementAgainstHistory(
        appearances.get(blip.technologyId),
        latest?.id,
        ringOrderOf(radar.rings, blip.ringId),
      ).movement,
    })),
  } satisfies ExportedState;
}

/**
 * Exports a radar (as it is now, with movements against each blip's last appearance) or one of its volumes, in a
 * format other radar tools read (BYOR CSV/JSON, Zalando JSON, Backstage JSON) or as a standalone SVG picture.
 */
export async function exportRadar(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  radarId: string,
  query: { format: ExportFormat; volumeId?: string },
): Promise<ExportedFile> {
  const radar = await context.db.tenant(scope, async (tx): Promise<ExportedRadar> => {
    const state = await exportedState(tx, scope.projectId, radarId, query.volumeId);
    const ids = state.placed.map((blip) => blip.technologyId);
    const details = new Map(
      (await technologyStore.technologiesByIds(tx, scope.projectId, ids)).map((technology) => [
        technology.id,
        technology,
      ]),
    );
    const related = await technologyStore.outgoingRelationTitles(tx, scope.projectId, ids, 'related_to');
    const history = new Map<string, Awaited<ReturnType<typeof volumeStore.appearanceHistory>>>();
    for (const entry of await volumeStore.appearanceHistory(tx, scope.projectId, radarId, state.volume)) {
      history.set(entry.technologyId, [...(history.get(entry.technologyId) ?? []), entry]);
    }
    const today = new Date().toISOString().slice(0, 10);
    return {
      name: state.name,
      volume: state.volume === undefined ? null : { name: state.volume.name, date: state.volume.date },
      quadrants: state.quadrants,
      rings: state.rings,
      blips: state.placed.map((blip) => {
        const past = history.get(blip.technologyId) ?? [];
        const current = { date: state.volume?.date ?? today, ringId: blip.ringId, movement: blip.movement };
        return {
          technologyId: blip.technologyId,
          title: blip.title,
          quadrantId: blip.quadrantId,
          ringId: blip.ringId,
          number: blip.number,
          movement: blip.movement,
          ...fileFieldsOf(details.get(blip.technologyId)),
          related: related.get(blip.technologyId) ?? [],
          // A volume's own appearance is its first history entry; the live radar's is today.
          timeline: [
            current,
            ...past
              .slice(state.volume === undefined ? 0 : 1)
              .map((entry) => ({ date: entry.date, ringId: entry.ringId, movement: entry.movement as Movement })),
          ],
        };
      }),
    };
  });
  const file = FILES[query.format];
  const stem = fileStem(radar.volume === null ? radar.name : `${radar.name}-${radar.volume.name}`);
  return { contentType: file.contentType, filename: `${stem}.${file.extension}`, body: file.render(radar) };
}
