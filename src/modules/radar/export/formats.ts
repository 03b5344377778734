import { stringify } from 'csv-stringify/sync';
import type { BlipMovement } from '../layout.js';
import type { Movement } from '../schemas.js';
import { renderRadarSvg } from '../svg.js';
import type { Segment } from '../tables.js';

/** A radar as exported: a volume, or the live radar with movements against its latest volume. */
export interface ExportedRadar {
  name: string;
  /** The volume's name and date, when exporting one. */
  volume: { name: string; date: string } | null;
  quadrants: Segment[];
  rings: Segment[];
  blips: Array<{
    technologyId: string;
    title: string;
    quadrantId: string;
    ringId: string;
    /** Its number on the chart (the volume's, or the live radar's). */
    number: number;
    movement: Movement;
    description: string;
    link: string | null;
    /** Titles of the technologies it is related to (outgoing `related_to` relations). */
    related: string[];
    /** Its ring over time, newest first: this state, then its appearances in earlier volumes. */
    timeline: Array<{ date: string; ringId: string; movement: Movement }>;
  }>;
}

const nameOf = (segments: readonly Segment[], id: string) => segments.find((segment) => segment.id === id)?.name ?? id;

/** Thoughtworks' wording of a movement, as in their CSVs' `status` column and the SVG's markers. */
export function statusWord(movement: Movement): BlipMovement {
  switch (movement) {
    case 'moved_in':
      return 'moved in';
    case 'moved_out':
      return 'moved out';
    case 'no_change':
    case 'removed':
      return 'no change';
    case 'new':
      return 'new';
  }
}

function byorRows(radar: ExportedRadar) {
  return radar.blips.map((blip) => ({
    name: blip.title,
    ring: nameOf(radar.rings, blip.ringId),
    quadrant: nameOf(radar.quadrants, blip.quadrantId),
    isNew: blip.movement === 'new' ? 'TRUE' : 'FALSE',
    status: statusWord(blip.movement),
    description: blip.description,
    relatedBlips: blip.related.join(';'),
  }));
}

/** Build-Your-Own-Radar CSV (with Thoughtworks' extra `status` and `relatedBlips` columns, which BYOR ignores). */
export function toByorCsv(radar: ExportedRadar): string {
  return stringify(byorRows(radar), {
    header: true,
    columns: ['name', 'ring', 'quadrant', 'isNew', 'status', 'description', 'relatedBlips'],
  });
}

/** Build-Your-Own-Radar JSON: an array of {name, ring, quadrant, isNew, status, description, relatedBlips}. */
export function toByorJson(radar: ExportedRadar): string {
  return `${JSON.stringify(
    byorRows(radar).map((row) => ({ ...row, isNew: row.isNew === 'TRUE' })),
    null,
    2,
  )}\n`;
}

/** Zalando's `moved`: 0 unchanged, 1 moved in (up), -1 moved out (down), 2 new. */
function zalandoMoved(movement: Movement): number {
  return movement === 'moved_in' ? 1 : movement === 'moved_out' ? -1 : movement === 'new' ? 2 : 0;
}

/** Zalando tech-radar JSON: quadrant and ring indexes into the arrays beside the entries. */
export function toZalando(radar: ExportedRadar): string {
  const index = (segments: readonly Segment[], id: string) =>
    Math.max(
      0,
      segments.findIndex((s) => s.id === id),
    );
  return `${JSON.stringify(
    {
      title: radar.name,
      date: radar.volume?.date ?? new Date().toISOString().slice(0, 10),
      quadrants: radar.quadrants.map((quadrant) => ({ name: quadrant.name })),
      rings: radar.rings.map((ring) => ({ name: ring.name, color: ring.color })),
      entries: radar.blips.map((blip) => ({
        label: blip.title,
        quadrant: index(radar.quadrants, blip.quadrantId),
        ring: index(radar.rings, blip.ringId),
        moved: zalandoMoved(blip.movement),
        active: true,
        ...(blip.link === null ? {} : { link: blip.link }),
      })),
    },
    null,
    2,
  )}\n`;
}

/** Backstage's MovedState: -1 down (out), 0 no change, 1 up (in); a new entry has no `moved` and one snapshot. */
function backstageMoved(movement: Movement): { moved?: number } {
  if (movement === 'new') return {};
  return { moved: movement === 'moved_in' ? 1 : movement === 'moved_out' ? -1 : 0 };
}

/**
 * Backstage's tech-radar `TechRadarLoaderResponse` (what its `techRadar.url` loads): quadrants and rings by id, and
 * each entry's timeline of rings, newest first. Snapshots in rings the radar no longer has are left out, since the
 * plugin cannot draw them.
 */
export function toBackstage(radar: ExportedRadar): string {
  const rings = new Set(radar.rings.map((ring) => ring.id));
  return `${JSON.stringify(
    {
      quadrants: radar.quadrants.map((quadrant) => ({ id: quadrant.id, name: quadrant.name })),
      rings: radar.rings.map((ring) => ({ id: ring.id, name: ring.name, color: ring.color })),
      entries: radar.blips.map((blip) => ({
        key: blip.technologyId,
        id: blip.technologyId,
        quadrant: blip.quadrantId,
        title: blip.title,
        ...(blip.link === null ? {} : { url: blip.link }),
        ...(blip.description === '' ? {} : { description: blip.description }),
        timeline: blip.timeline
          .filter((snapshot) => rings.has(snapshot.ringId))
          .map((snapshot) => ({ date: snapshot.date, ringId: snapshot.ringId, ...backstageMoved(snapshot.movement) })),
      })),
    },
    null,
    2,
  )}\n`;
}

/** A standalone SVG picture of the radar (layout and drawing in layout.ts and svg.ts). */
export function toSvg(radar: ExportedRadar): string {
  return renderRadarSvg({
    title: radar.name,
    ...(radar.volume === null ? {} : { volumeName: `${radar.volume.name} (${radar.volume.date})` }),
    quadrants: radar.quadrants,
    rings: radar.rings,
    blips: radar.blips.map((blip) => ({
      id: blip.technologyId,
      quadrantId: blip.quadrantId,
      ringId: blip.ringId,
      label: blip.title,
      movement: statusWord(blip.movement),
      number: blip.number,
    })),
    colors: { quadrants: radar.quadrants.map((quadrant) => quadrant.color) },
    size: 800,
  });
}
