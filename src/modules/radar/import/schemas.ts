import { type Static, Type } from 'typebox';
import { Uuid } from '../../../platform/http/schemas.js';
import { JobView } from '../../../platform/jobs/catalog.js';
import {
  IMPORT_FORMATS,
  MERGE_STRATEGIES,
  MOVEMENTS,
  nullable,
  Segment,
  SegmentId,
  TECHNOLOGY_STATUSES,
  VolumeDate,
} from '../schemas.js';

const ImportSegmentMap = Type.Record(Type.String({ maxLength: 200 }), SegmentId, {
  maxProperties: 50,
  description: "the file's quadrant (or ring) key, as the preview's structure lists it → the radar's segment id",
});

export const ImportBody = Type.Object({
  format: Type.Enum(IMPORT_FORMATS),
  // The size limit is checked with the file (MAX_IMPORT_CHARACTERS), so that the CLI and the API say the same thing.
  content: Type.String({ minLength: 1, description: 'the file, as text: at most 1,000,000 characters' }),
  strategy: Type.Optional(
    Type.Enum(MERGE_STRATEGIES, {
      default: 'merge',
      description:
        'for technologies that exist already: skip leaves them (and their blips) alone; overwrite replaces their ' +
        'fields with the file; merge fills only empty fields and adds tags. overwrite and merge move blips to the ' +
        "file's ring and quadrant.",
    }),
  ),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'preview only: nothing is written' })),
  radarId: Type.Optional(Uuid),
  newRadar: Type.Optional(
    Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 120 }) },
      { description: "import into a new radar with the file's quadrants and rings (instead of radarId)" },
    ),
  ),
  mapping: Type.Optional(
    Type.Object(
      { quadrants: Type.Optional(ImportSegmentMap), rings: Type.Optional(ImportSegmentMap) },
      { description: "where the file's quadrants and rings go; unmapped ones are matched by name" },
    ),
  ),
  prune: Type.Optional(
    Type.Boolean({ default: false, description: 'remove blips of the radar that the file does not list' }),
  ),
  publishVolume: Type.Optional(
    Type.Object(
      { name: Type.String({ minLength: 1, maxLength: 120 }), date: Type.Optional(VolumeDate) },
      {
        description:
          "publish a volume after the import; its date defaults to the file's own (Zalando, Backstage), else today",
      },
    ),
  ),
  sourceName: Type.Optional(Type.String({ maxLength: 200, description: 'file name, for history rationales' })),
});

export type ImportInput = Static<typeof ImportBody>;

const PreviewRow = Type.Object({ row: Type.Integer(), title: Type.String() });

const SegmentPlacement = Type.Object({
  fileKey: Type.String({ description: 'the key a mapping uses' }),
  label: Type.String({ description: 'the name in the file, or "position N" for a bare index' }),
  entries: Type.Integer(),
  segmentId: nullable(Type.String({ description: "the radar's segment; null: none (its rows are conflicts)" })),
  matchedBy: Type.Enum(['name', 'mapping', 'position', 'none'] as const),
});

export const ImportPreview = Type.Object({
  format: Type.Enum(IMPORT_FORMATS),
  radarId: nullable(
    Type.String({ format: 'uuid', description: 'null: a radar that does not exist yet (the default, or a new one)' }),
  ),
  newRadar: nullable(Type.Object({ name: Type.String() })),
  /** The structure the file is placed on: the radar's, or the new radar's (the file's own). */
  quadrants: Type.Array(Segment),
  rings: Type.Array(Segment),
  structure: Type.Object(
    { quadrants: Type.Array(SegmentPlacement), rings: Type.Array(SegmentPlacement) },
    { description: "where each of the file's quadrants and rings lands" },
  ),
  strategy: Type.Enum(MERGE_STRATEGIES),
  rows: Type.Integer(),
  fileDate: nullable(Type.String({ description: "the file's own date (Zalando, Backstage): the volume's default" })),
  statesMovement: Type.Boolean({
    description: "the file states each blip's movement; a volume the import publishes takes it from the file",
  }),
  ignoredColumns: Type.Array(Type.String(), { description: 'columns (or keys) of the file that no field takes' }),
  creates: Type.Array(
    Type.Object({
      ...PreviewRow.properties,
      quadrantId: Type.String(),
      ringId: Type.String(),
      lifecycle: Type.Enum(TECHNOLOGY_STATUSES, { description: 'its initial status, from its ring' }),
      movement: nullable(Type.Enum(MOVEMENTS)),
    }),
  ),
  updates: Type.Array(
    Type.Object({ ...PreviewRow.properties, technologyId: Uuid, changes: Type.Array(Type.String()) }),
  ),
  unchanged: Type.Integer(),
  conflicts: Type.Array(Type.Object({ ...PreviewRow.properties, reason: Type.String() })),
  warnings: Type.Array(Type.Object({ ...PreviewRow.properties, reason: Type.String() })),
  relations: Type.Integer({ description: 'related_to relations the import adds (from relatedBlips)' }),
  removals: Type.Array(Type.Object({ technologyId: Uuid, title: Type.String() })),
});

export type ImportPreviewView = Static<typeof ImportPreview>;

export const ImportAccepted = Type.Object({
  importId: Uuid,
  radarId: Type.String({ format: 'uuid', description: 'the radar the import goes into (a new one, when asked)' }),
  job: JobView,
});
