import { type MergeStrategy, TECHNOLOGY_STATUSES, type TechnologyStatus } from '../schemas.js';
import { RING_LIFECYCLES, segmentSlug } from '../structure/segments.js';
import type { ImportMapping, Segment } from '../tables.js';
import { FILE_FIELDS, type FileKey } from '../technologies/shape.js';
import type { ImportEntry, ParsedImport, StatedMovement } from './parse.js';

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
  fields: Partial<Record<FileKey, string>>;
  /** Where the technology should be on the radar; null when the file does not place it (inactive entries). */
  placement: { quadrantId: string; ringId: string } | null;
  /** A created technology's lifecycle status, from its ring (lifecycleOfRing); null for existing ones. */
  status: TechnologyStatus | null;
  /** The movement the file states (the published volume's, when the import publishes one). */
  movement: StatedMovement | null;
  changes: string[];
}

/**
 * The fields an entry writes: the file's value of each field radar files carry (FILE_FIELDS of the technology's
 * shape). Empty values never erase data; `fill` (strategy merge) only fills fields that are empty.
 */
function fileChanges(entry: ImportEntry, current: ExistingTechnology | undefined, fill: boolean): PlannedRow['fields'] {
  const fields: PlannedRow['fields'] = {};
  for (const { file, key } of FILE_FIELDS) {
    const value = entry[file];
    if (value === '' || value === null) continue;
    const held = current?.[key];
    if (current === undefined || (value !== held && (!fill || held === '' || held === null))) fields[key] = value;
  }
  return fields;
}

type RowNote = { row: number; title: string; reason: string };

export interface ImportPlan {
  rows: PlannedRow[];
  /** Rows not applied: unreadable, unknown ring or quadrant, named twice, or kept as they are (strategy skip). */
  conflicts: RowNote[];
  /** Applied, but with something left out (a related technology that is nowhere to be found). */
  warnings: RowNote[];
  /** Blips the radar has but the file does not place (only with prune). */
  removals: Array<{ technologyId: string; title: string }>;
  /** `related_to` relations to add, by title (both ends in the file or the project). */
  relations: Array<{ from: string; to: string }>;
  /** Where the file's quadrants and rings land on the radar. */
  structure: { quadrants: SegmentPlacement[]; rings: SegmentPlacement[] };
}

export interface PlanOptions {
  strategy: MergeStrategy;
  prune: boolean;
  mapping?: ImportMapping | null;
  /** Technologies of the project that the file's related names refer to but the file does not list, by lower title. */
  relatedExisting?: ReadonlyMap<string, { title: string }>;
}

// Thoughtworks renamed Hold to Caution in 2024; a file of either era lands on the other's ring.
export const RING_ALIASES: Record<string, string> = { caution: 'hold', hold: 'caution' };

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

/** How one of the file's quadrants or rings lands on the radar, as the preview shows it. */
export interface SegmentPlacement {
  /** The key a mapping uses: the file's name in lower case, or `#<index>` for an index the file does not name. */
  fileKey: string;
  /** The file's name for it, or "position N" for a bare index. */
  label: string;
  /** Entries of the file that use it. */
  entries: number;
  /** The radar's segment it goes to; null: none (its entries are conflicts until it is mapped). */
  segmentId: string | null;
  /** name: the radar has a segment of that name; mapping: the user chose; position: a bare index, by order. */
  matchedBy: 'name' | 'mapping' | 'position' | 'none';
}

/** The file key and label of an entry's quadrant or ring value (a name, or an index into the file's names). */
export function fileSegmentKey(value: string | number, fileNames: readonly string[]): { key: string; label: string } {
  if (typeof value === 'number') {
    const named = fileNames[value];
    if (named !== undefined && named !== '') return { key: named.toLowerCase(), label: named };
    return { key: `#${value}`, label: `position ${value + 1}` };
  }
  return { key: value.trim().toLowerCase(), label: value.trim() };
}

/**
 * Places each of the file's quadrants (or rings) on the radar: the user's mapping first, then a segment of the same
 * name (or id, slug, alias); a bare index, which names nothing, goes by position. A name the radar lacks is left
 * unplaced (a conflict), never placed by its index.
 */
export function placeSegments(
  values: ReadonlyArray<string | number>,
  segments: readonly Segment[],
  fileNames: readonly string[],
  mapping: Readonly<Record<string, string>> = {},
  aliases: Record<string, string> = {},
): Map<string, SegmentPlacement> {
  const placements = new Map<string, SegmentPlacement>();
  for (const value of values) {
    const { key, label } = fileSegmentKey(value, fileNames);
    const known = placements.get(key);
    if (known !== undefined) {
      known.entries += 1;
      continue;
    }
    const mapped = mapping[key];
    const chosen = mapped === undefined ? undefined : segments.find((segment) => segment.id === mapped);
    const byName =
      typeof value === 'number' && key.startsWith('#') ? undefined : matchSegment(label, segments, aliases);
    const byPosition = typeof value === 'number' && key.startsWith('#') ? segments[value] : undefined;
    const segment = chosen ?? byName ?? byPosition;
    placements.set(key, {
      fileKey: key,
      label,
      entries: 1,
      segmentId: segment?.id ?? null,
      matchedBy:
        chosen !== undefined
          ? 'mapping'
          : byName !== undefined
            ? 'name'
            : byPosition !== undefined
              ? 'position'
              : 'none',
    });
  }
  return placements;
}

/** The lifecycle a technology created in `ring` starts with: the ring's own setting, else by its well-known name. */
export function lifecycleOfRing(ring: Segment): TechnologyStatus {
  // Checked, since the value comes from a JSON column.
  if (ring.lifecycle !== undefined && TECHNOLOGY_STATUSES.includes(ring.lifecycle)) return ring.lifecycle;
  return RING_LIFECYCLES[segmentSlug(ring.name)] ?? RING_LIFECYCLES[ring.id] ?? 'discovery';
}

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
  options: PlanOptions,
): ImportPlan {
  const { strategy, prune } = options;
  const quadrants = placeSegments(
    parsed.entries.map((entry) => entry.quadrant),
    radar.quadrants,
    parsed.quadrantNames,
    options.mapping?.quadrants,
  );
  const rings = placeSegments(
    parsed.entries.map((entry) => entry.ring),
    radar.rings,
    parsed.ringNames,
    options.mapping?.rings,
    RING_ALIASES,
  );
  const plan: ImportPlan = {
    rows: [],
    conflicts: [...parsed.errors],
    warnings: [],
    removals: [],
    relations: [],
    structure: { quadrants: [...quadrants.values()], rings: [...rings.values()] },
  };
  const blipOf = new Map(blips.map((blip) => [blip.technologyId, blip]));
  const seen = new Map<string, number>();
  /** Technologies the radar keeps after the import: placed by the file, or left alone by it. */
  const kept = new Set<string>();
  const segmentOf = (
    placements: Map<string, SegmentPlacement>,
    segments: readonly Segment[],
    value: string | number,
    names: readonly string[],
  ) => {
    const id = placements.get(fileSegmentKey(value, names).key)?.segmentId;
    return segments.find((segment) => segment.id === id);
  };

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
    const quadrant = segmentOf(quadrants, radar.quadrants, entry.quadrant, parsed.quadrantNames);
    const ring = segmentOf(rings, radar.rings, entry.ring, parsed.ringNames);
    if (quadrant === undefined || ring === undefined) {
      if (current !== undefined) kept.add(current.id);
      const missing = [
        quadrant === undefined
          ? `no quadrant "${fileSegmentKey(entry.quadrant, parsed.quadrantNames).label}"`
          : undefined,
        ring === undefined ? `no ring "${fileSegmentKey(entry.ring, parsed.ringNames).label}"` : undefined,
      ].filter((part) => part !== undefined);
      plan.conflicts.push({
        row: entry.row,
        title: entry.name,
        reason: `the radar has ${missing.join(' and ')}: map it in the preview, or import into a new radar`,
      });
      return;
    }
    const placement = entry.active ? { quadrantId: quadrant.id, ringId: ring.id } : null;
    const base = { row: entry.row, title: entry.name, placement, movement: entry.movement };

    if (current === undefined) {
      const fields = fileChanges(entry, undefined, false);
      plan.rows.push({
        ...base,
        kind: 'create',
        technologyId: null,
        fields,
        status: lifecycleOfRing(ring),
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

    const fields = fileChanges(entry, current, strategy === 'merge');
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
      ...base,
      kind: changes.length === 0 ? 'unchanged' : 'update',
      technologyId: current.id,
      fields,
      status: null,
      changes,
    });
  };

  for (const entry of parsed.entries) planRow(entry);
  planRelations(parsed, plan, existing, options.relatedExisting ?? new Map());
  if (prune) {
    for (const blip of blips) {
      if (!kept.has(blip.technologyId)) plan.removals.push({ technologyId: blip.technologyId, title: blip.title });
    }
  }
  plan.conflicts.sort((a, b) => a.row - b.row);
  plan.warnings.sort((a, b) => a.row - b.row);
  return plan;
}

/** The file's related names, matched by title among the imported rows and the project's technologies. */
function planRelations(
  parsed: ParsedImport,
  plan: ImportPlan,
  existing: ReadonlyMap<string, { title: string }>,
  relatedExisting: ReadonlyMap<string, { title: string }>,
): void {
  const imported = new Map(plan.rows.map((row) => [row.title.toLowerCase(), row]));
  for (const entry of parsed.entries) {
    const from = imported.get(entry.name.toLowerCase());
    // Only the row the plan uses (a name given twice is a conflict on its second row).
    if (from === undefined || from.row !== entry.row) continue;
    for (const name of entry.related) {
      const key = name.toLowerCase();
      const to = imported.get(key)?.title ?? existing.get(key)?.title ?? relatedExisting.get(key)?.title;
      if (to === undefined) {
        plan.warnings.push({
          row: entry.row,
          title: entry.name,
          reason: `related "${name}" is neither in the file nor in the project; not linked`,
        });
      } else if (to.toLowerCase() !== entry.name.toLowerCase()) {
        plan.relations.push({ from: from.title, to });
      }
    }
  }
}
