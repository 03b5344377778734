import type { ServiceContext } from '../../../platform/context.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import { notFound } from '../../../platform/http/problems.js';
import { movementOf, ringOrderOf } from '../movement.js';
import type { ExportFormat, Movement } from '../schemas.js';
import * as store from '../store.js';
import { type ExportedRadar, toByorCsv, toByorJson, toSvg, toZalando } from './formats.js';

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

/**
 * Exports a radar (as it is now, with movements against its latest volume) or one of its volumes, in a format
 * other radar tools read (BYOR CSV/JSON, Zalando JSON) or as a standalone SVG picture.
 */
export async function exportRadar(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  radarId: string,
  query: { format: ExportFormat; volumeId?: string },
): Promise<ExportedFile> {
  const radar = await context.db.tenant(scope, async (tx): Promise<ExportedRadar> => {
    const row = await store.findRadar(tx, scope.projectId, radarId);
    if (row === undefined) throw notFound('Radar');
    if (query.volumeId !== undefined) {
      const volume = await store.findVolume(tx, scope.projectId, radarId, query.volumeId);
      if (volume === undefined) throw notFound('Volume');
      const rows = await store.volumeBlips(tx, scope.projectId, volume.id);
      const details = new Map(
        (
          await store.technologiesByIds(
            tx,
            scope.projectId,
            rows.map((blip) => blip.technologyId),
          )
        ).map((technology) => [technology.id, technology]),
      );
      return {
        name: row.name,
        volume: { name: volume.name, date: volume.date },
        quadrants: volume.quadrants,
        rings: volume.rings,
        blips: rows.map((blip) => ({
          technologyId: blip.technologyId,
          title: blip.title,
          quadrantId: blip.quadrantId,
          ringId: blip.ringId,
          movement: blip.movement as Movement,
          description: details.get(blip.technologyId)?.description ?? '',
          link: details.get(blip.technologyId)?.websiteUrl ?? null,
        })),
      };
    }
    const blips = await store.allBlipsOfRadar(tx, scope.projectId, radarId);
    const latest = await store.latestVolume(tx, scope.projectId, radarId);
    const before = new Map(
      (latest === undefined ? [] : await store.volumeBlips(tx, scope.projectId, latest.id)).map((blip) => [
        blip.technologyId,
        blip,
      ]),
    );
    const details = new Map(
      (
        await store.technologiesByIds(
          tx,
          scope.projectId,
          blips.map((blip) => blip.technologyId),
        )
      ).map((technology) => [technology.id, technology]),
    );
    return {
      name: row.name,
      volume: null,
      quadrants: row.quadrants,
      rings: row.rings,
      blips: blips.map((blip) => ({
        technologyId: blip.technologyId,
        title: blip.title,
        quadrantId: blip.quadrantId,
        ringId: blip.ringId,
        movement: movementOf(before.get(blip.technologyId), { ringOrder: ringOrderOf(row.rings, blip.ringId) }),
        description: details.get(blip.technologyId)?.description ?? '',
        link: details.get(blip.technologyId)?.websiteUrl ?? null,
      })),
    };
  });
  const file = FILES[query.format];
  const stem = fileStem(radar.volume === null ? radar.name : `${radar.name}-${radar.volume.name}`);
  return { contentType: file.contentType, filename: `${stem}.${file.extension}`, body: file.render(radar) };
}
