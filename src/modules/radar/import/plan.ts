import type { MergeStrategy } from '../schemas.js';
import { segmentSlug } from '../segments.js';
import type { Segment } from '../tables.js';
import type { ImportEntry, ParsedImport } from './parse.js';

/** What the database holds for a technology the file names (only what an import can change). */
export interface ExistingTechnology {
  id: string;
  title: string;
  description: string;
  websiteUrl: string | null;
}

export interface ExistingBlip {
  technologyId: string;
  title: string;
  ringId: string;
  quadrantId: string;
}

export interface PlannedRow {
  row: number;
  title: string;
  kind: 'create' | 'update' | 'unchanged';
  technologyId: string | null;
  /** Fields to write (for a creation: every field the file gives). */
  fields: { description?: string; websiteUrl?: string };
  /** Where the technology should be on the radar; null when the file does not place it (inactive entries). */
  placement: { quadrantId: string; ringId: string } | null;
  changes: string[];
}

export interface ImportPlan {
  rows: PlannedRow[];
  /** Rows not applied: unreadable, unknown ring or quadrant, named twice, or kept as they are (strategy skip). */
  conflicts: Array<{ row: number; title: string; reason: string }>;
  /** Blips the radar has but the file does not place (only with prune). */
  removals: Array<{ technologyId: string; title: string }>;
}

// Thoughtworks renamed Hold to Caution in 2024; a file of either era lands on the other's ring.
const RING_ALIASES: Record<string, string> = { caution: 'hold', hold: 'caution' };

function matchSegment(value: string, segments: readonly Segment[], aliases: Record<string, string> = {}) {
  const key = value.trim().toLowerCase();
  const slug = segmentSlug(value);
  const find = (wanted: string, wantedSlug: string) =>
    segments.find(
      (segment) =>
        segment.id === wanted ||
        segment.id === wantedSlug ||
        segment.name.toLowerCase() === wanted ||
        segmentSlug(segment.name) === wantedSlug,
    );
  const direct = find(key, slug);
  if (direct !== undefined) return direct;
  const alias = aliases[slug];
  return alias === undefined ? undefined : find(alias, alias);
}

/** A segment by name or id, or by index (through the file's own names first, then the radar's order). */
export function resolveSegment(
  value: string | number,
  segments: readonly Segment[],
  fileNames: readonly string[],
  aliases: Record<string, string> = {},
): Segment | undefined {
  if (typeof value === 'number') {
    const named = fileNames[value];
    const byName = named === undefined || named === '' ? undefined : matchSegment(named, segments, aliases);
    return byName ?? segments[value];
  }
  return matchSegment(value, segments, aliases);
}

export const resolveRing = (value: string | number, rings: readonly Segment[], fileNames: readonly string[]) =>
  resolveSegment(value, rings, fileNames, RING_ALIASES);

/**
 * Works out what importing a file would do, without touching anything: the dry-run preview shows it and the job
 * applies it (recomputed at the start of each attempt, so a retried job skips what an earlier attempt did).
 *
 * Empty values in the file never erase data. `overwrite` replaces fields with the file's; `merge` only fills empty
 * ones; both put the blip where the file says. `skip` leaves existing technologies and their blips alone.
 */
export function planImport(
  parsed: ParsedImport,
  radar: { quadrants: readonly Segment[]; rings: readonly Segment[] },
  existing: ReadonlyMap<string, ExistingTechnology>,
  blips: readonly ExistingBlip[],
  strategy: MergeStrategy,
  prune: boolean,
): ImportPlan {
  const plan: ImportPlan = { rows: [], conflicts: [...parsed.errors], removals: [] };
  const blipOf = new Map(blips.map((blip) => [blip.technologyId, blip]));
  const seen = new Map<string, number>();
  /** Technologies the radar keeps after the import: placed by the file, or left alone by it. */
  const kept = new Set<string>();

  const planRow = (entry: ImportEntry) => {
    const key = entry.name.toLowerCase();
    const firstRow = seen.get(key);
    const current = existing.get(key);
    if (firstRow !== undefined) {
      plan.conflicts.push({
        row: entry.row,
        title: entry.name,
        reason: `named twice in the file; row ${firstRow} is used`,
      });
      return;
    }
    seen.set(key, entry.row);
    const quadrant = resolveSegment(entry.quadrant, radar.quadrants, parsed.quadrantNames);
    const ring = resolveRing(entry.ring, radar.rings, parsed.ringNames);
    if (quadrant === undefined || ring === undefined) {
      if (current !== undefined) kept.add(current.id);
      const missing = [
        quadrant === undefined ? `no quadrant "${entry.quadrant}"` : undefined,
        ring === undefined ? `no ring "${entry.ring}"` : undefined,
      ].filter((part) => part !== undefined);
      plan.conflicts.push({ row: entry.row, title: entry.name, reason: `the radar has ${missing.join(' and ')}` });
      return;
    }
    const placement = entry.active ? { quadrantId: quadrant.id, ringId: ring.id } : null;

    if (current === undefined) {
      const fields: PlannedRow['fields'] = {};
      if (entry.description !== '') fields.description = entry.description;
      if (entry.link !== null) fields.websiteUrl = entry.link;
      plan.rows.push({
        row: entry.row,
        title: entry.name,
        kind: 'create',
        technologyId: null,
        fields,
        placement,
        changes: placement === null ? ['created'] : ['created', 'placed'],
      });
      return;
    }

    if (strategy === 'skip') {
      kept.add(current.id);
      plan.conflicts.push({
        row: entry.row,
        title: entry.name,
        reason: 'exists already; left as it is (strategy skip)',
      });
      return;
    }

    const fields: PlannedRow['fields'] = {};
    const fill = strategy === 'merge';
    if (entry.description !== '' && entry.description !== current.description) {
      if (!fill || current.description === '') fields.description = entry.description;
    }
    if (entry.link !== null && entry.link !== current.websiteUrl) {
      if (!fill || current.websiteUrl === null) fields.websiteUrl = entry.link;
    }
    const changes: string[] = Object.keys(fields);
    const blip = blipOf.get(current.id);
    if (placement !== null) {
      kept.add(current.id);
      if (blip === undefined) changes.push('placed');
      else {
        if (blip.ringId !== placement.ringId) changes.push('ring');
        if (blip.quadrantId !== placement.quadrantId) changes.push('quadrant');
      }
    }
    plan.rows.push({
      row: entry.row,
      title: entry.name,
      kind: changes.length === 0 ? 'unchanged' : 'update',
      technologyId: current.id,
      fields,
      placement,
      changes,
    });
  };

  for (const entry of parsed.entries) planRow(entry);
  if (prune) {
    for (const blip of blips) {
      if (!kept.has(blip.technologyId)) plan.removals.push({ technologyId: blip.technologyId, title: blip.title });
    }
  }
  plan.conflicts.sort((a, b) => a.row - b.row);
  return plan;
}
