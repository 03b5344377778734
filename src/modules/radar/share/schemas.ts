import { type Static, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { EXPORT_FORMATS, type ExportFormat } from '../schemas.js';

export const ShareLink = Type.Object({
  id: Uuid,
  projectId: Uuid,
  radarId: Uuid,
  volumeId: Type.Union([Uuid, Type.Null()], { description: 'null: the live radar' }),
  volumeName: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()], { description: 'updated at most once a minute' }),
  revokedAt: NullableTimestamp,
  revokedBy: Type.Union([Uuid, Type.Null()]),
});
export type ShareLinkView = Static<typeof ShareLink>;

export const CreateShareLinkBody = Type.Object({
  label: Type.Optional(Type.String({ maxLength: 200 })),
  volumeId: Type.Optional(
    Type.Union([Uuid, Type.Null()], { description: 'share this published volume; absent or null: the live radar' }),
  ),
});
export type CreateShareLinkInput = Static<typeof CreateShareLinkBody>;

export const CreatedShareLink = Type.Object({
  link: ShareLink,
  token: Type.String({ description: 'shown once; only its hash is stored' }),
  urls: Type.Record(Type.String(), Type.String(), {
    description: 'the public URL per export format (no credentials needed); shown once',
  }),
});

export const ShareLinkParams = Type.Object({ projectId: Uuid, radarId: Uuid, linkId: Uuid });
export const ShareLinkListQuery = Type.Object({
  ...PageQuery,
  includeRevoked: Type.Optional(Type.Boolean({ default: true })),
});

// The token is checked by the service, not the schema: a malformed token answers exactly like an unknown one.
export const SharedRadarParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
export const SharedFileParams = Type.Object({
  token: Type.String({ maxLength: 200 }),
  file: Type.String({ maxLength: 40, description: 'byor.csv, byor.json, zalando.json, backstage.json, radar.svg' }),
});
export const SharedRadarQuery = Type.Object({ format: Type.Enum(EXPORT_FORMATS) });

/** The file name a format is served under at `/shared/radars/:token/<file>` (BYOR picks its reader by extension). */
export function sharedFileName(format: ExportFormat): string {
  if (format === 'byor-csv') return 'byor.csv';
  if (format === 'byor-json') return 'byor.json';
  if (format === 'svg') return 'radar.svg';
  return `${format}.json`;
}

export function formatOfSharedFile(file: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => sharedFileName(format) === file);
}
