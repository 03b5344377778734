import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../../platform/context.js';
import { randomToken, sha256 } from '../../../platform/crypto/tokens.js';
import type { Database } from '../../../platform/db/database.js';
import type { EventDefinition } from '../../../platform/events/catalog.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../../platform/http/pagination.js';
import { notFound, Problem } from '../../../platform/http/problems.js';
import { type AuditAction, appendAuditedEvents } from '../../audit/service.js';
import { type ExportedFile, exportRadar } from '../export/service.js';
import { EXPORT_FORMATS, type ExportFormat } from '../schemas.js';
import * as radarStore from '../structure/store.js';
import * as volumeStore from '../volumes/store.js';
import { radarShareLinkCreated, radarShareLinkRevoked } from './events.js';
import { type CreateShareLinkInput, type ShareLinkView, sharedFileName } from './schemas.js';
import * as store from './store.js';

type ShareContext = Pick<ServiceContext, 'config' | 'db'>;

/** Tokens look like `ccs_<43 base64url characters>` (256 random bits); only their SHA-256 is stored. */
const TOKEN_PATTERN = /^ccs_[A-Za-z0-9_-]{43}$/;
/** A link's `lastUsedAt` is written at most this often, however many requests it serves. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

const AUDITED = new Map<EventDefinition, AuditAction>([
  [radarShareLinkCreated, 'radar_share_link.created'],
  [radarShareLinkRevoked, 'radar_share_link.revoked'],
]);

/** Unknown, malformed and revoked tokens answer alike: the answer says nothing about what existed. */
export const shareLinkNotFound = () =>
  new Problem(404, 'share-link-not-found', 'Share link not found', 'This share link does not exist or was revoked.');

function present(row: store.ShareLinkRow): ShareLinkView {
  return {
    id: row.id,
    projectId: row.projectId,
    radarId: row.radarId,
    volumeId: row.volumeId,
    volumeName: row.volumeName,
    label: row.label,
    status: row.revokedAt === null ? 'active' : 'revoked',
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
  };
}

function eventData(row: store.ShareLinkRow) {
  return { linkId: row.id, radarId: row.radarId, volumeId: row.volumeId, label: row.label };
}

/** The public URL of a token for every export format. */
export function sharedUrls(publicUrl: string, token: string): Record<string, string> {
  return Object.fromEntries(
    EXPORT_FORMATS.map((format) => [format, `${publicUrl}/api/v1/shared/radars/${token}/${sharedFileName(format)}`]),
  );
}

/**
 * Creates a read-only public link to a radar (live) or one of its published volumes. The token is returned once,
 * with the URL per format; only its hash is kept. Audited, and announced as an event.
 */
export async function createShareLink(
  context: ShareContext,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  input: CreateShareLinkInput,
) {
  const token = `ccs_${randomToken(32)}`;
  return context.db.tenant(scope, async (tx) => {
    const radar = await radarStore.findRadar(tx, scope.projectId, radarId);
    if (radar === undefined) throw notFound('Radar');
    let volumeName: string | null = null;
    if (input.volumeId !== undefined && input.volumeId !== null) {
      const volume = await volumeStore.findVolume(tx, scope.projectId, radarId, input.volumeId);
      if (volume === undefined) throw notFound('Volume');
      volumeName = volume.name;
    }
    const inserted = await store.insertShareLink(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      radarId,
      volumeId: input.volumeId ?? null,
      label: (input.label ?? '').trim(),
      tokenHash: sha256(token),
      createdBy: scope.actor.userId,
    });
    const row = { ...inserted, volumeName };
    await appendAuditedEvents(
      tx,
      scope.projectId,
      actor,
      [{ definition: radarShareLinkCreated, subject: `radar_share_links/${row.id}`, data: eventData(row) }],
      AUDITED,
    );
    return { link: present(row), token, urls: sharedUrls(context.config.publicUrl, token) };
  });
}

export async function listShareLinks(
  db: Database,
  scope: ProjectScope,
  radarId: string,
  query: { limit: number; cursor?: string; includeRevoked?: boolean },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.tenant(scope, async (tx) => {
    if ((await radarStore.findRadar(tx, scope.projectId, radarId)) === undefined) throw notFound('Radar');
    return store.listShareLinks(tx, scope.projectId, radarId, {
      limit: query.limit,
      before,
      includeRevoked: query.includeRevoked ?? true,
    });
  });
  return toPage(rows.map(present), query.limit, (link) => link.id);
}

/** Revokes a link: its URL answers 404 from the next request on. Revoking a revoked link changes nothing. */
export async function revokeShareLink(
  db: Database,
  scope: ProjectScope,
  actor: ActorContext,
  radarId: string,
  linkId: string,
) {
  await db.tenant(scope, async (tx) => {
    const row = await store.findShareLink(tx, scope.projectId, radarId, linkId);
    if (row === undefined) throw notFound('Share link');
    if ((await store.revokeShareLink(tx, scope.projectId, row.id, scope.actor.userId)) === undefined) return;
    await appendAuditedEvents(
      tx,
      scope.projectId,
      actor,
      [{ definition: radarShareLinkRevoked, subject: `radar_share_links/${row.id}`, data: eventData(row) }],
      AUDITED,
    );
  });
}

/**
 * What a share link serves: its radar (or volume) in one export format, to anyone holding the token. The token is
 * the only credential and opens only this: the export runs in the link's project scope as a read-only viewer that
 * stands for the link. Use is recorded at most once a minute, so a burst of requests does not become a burst of
 * writes.
 */
export async function serveSharedRadar(
  context: Pick<ServiceContext, 'db'>,
  token: string,
  format: ExportFormat,
): Promise<ExportedFile> {
  if (!TOKEN_PATTERN.test(token)) throw shareLinkNotFound();
  const link = await context.db.system((tx) => store.findShareLinkByTokenHash(tx, sha256(token)));
  if (link === undefined || link.revokedAt !== null) throw shareLinkNotFound();
  const scope: ProjectScope = {
    projectId: link.projectId,
    role: 'viewer',
    actor: { kind: 'api_key', keyId: link.id, projectId: link.projectId, role: 'viewer', userId: null },
  };
  const file = await exportRadar(context, scope, link.radarId, {
    format,
    ...(link.volumeId === null ? {} : { volumeId: link.volumeId }),
  }).catch((error: unknown) => {
    // The radar or volume went away between the look-up and the export (their deletion takes the link with it).
    if (error instanceof Problem && error.status === 404) throw shareLinkNotFound();
    throw error;
  });
  const stale =
    link.lastUsedAt === null || Date.now() - link.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_SECONDS * 1000;
  if (stale) await context.db.system((tx) => store.touchShareLink(tx, link.id, LAST_USED_RESOLUTION_SECONDS));
  return file;
}
