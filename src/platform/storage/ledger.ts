import { and, eq, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore, StagedBlob } from './blob-store.js';
import { type StoredBlobState, storedBlobs } from './tables.js';

/**
 * Blob I/O never runs inside a database transaction (ADR 0045): an upload reserves a generation of its content
 * (short transaction), writes the bytes (no transaction), then confirms the generation in the transaction that
 * records its use. Removing bytes is a job: it marks unused generations `deleting` (short transaction), deletes
 * the bytes (no transaction), then forgets the rows.
 */

/** A module's use of the blob store: its name, and how it counts its own uses of some content in a project. */
export interface ContentOwner {
  readonly name: string;
  references(tx: Tx, projectId: string, sha256: string): Promise<number>;
}

export interface Reservation {
  readonly id: string;
  readonly key: string;
  readonly sha256: string;
  /** True when no live generation existed: the caller writes the bytes under `key` before confirming. */
  readonly mustWrite: boolean;
}

/** How long a `writing` generation may stay unconfirmed before a collection takes it for a dead upload. */
export const UPLOAD_LEASE_MS = 60 * 60_000;

// Two-key advisory locks live apart from the one-key locks (the outbox's); this first key names ours.
const CONTENT_LOCK_SPACE = 424_202;

/** Serialises reserve, confirm and claim for one content of one owner in a project; held only by short transactions. */
async function lockContent(tx: Tx, projectId: string, owner: string, sha256: string): Promise<void> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(${CONTENT_LOCK_SPACE}, hashtext(${`${projectId}/${owner}/${sha256}`}))`,
  );
}

async function findLive(tx: Tx, projectId: string, owner: string, sha256: string) {
  const rows = await tx
    .select()
    .from(storedBlobs)
    .where(
      and(
        eq(storedBlobs.projectId, projectId),
        eq(storedBlobs.owner, owner),
        eq(storedBlobs.sha256, sha256),
        eq(storedBlobs.state, 'live'),
      ),
    )
    .limit(1);
  return rows[0];
}

/** Moves the generations `which` selects to `state`, stamping when. */
async function moveTo(tx: Tx, state: StoredBlobState, which: SQL | undefined): Promise<void> {
  await tx.update(storedBlobs).set({ state, stateChangedAt: new Date() }).where(which);
}

async function markDeleting(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await moveTo(tx, 'deleting', inArray(storedBlobs.id, [...ids]));
}

/** Every generation is its own key, so bytes being deleted and bytes being written never share a name. */
const generationKey = (projectId: string, sha256: string, id: string) =>
  `${projectId}/${sha256.slice(0, 2)}/${sha256}.${id}`;

/** The live generation of the content to reuse, or a new `writing` one for the caller to write. */
export async function reserveContent(
  db: Database,
  projectId: string,
  owner: string,
  staged: Pick<StagedBlob, 'sha256' | 'sizeBytes'>,
): Promise<Reservation> {
  return db.tenant({ projectId }, async (tx) => {
    await lockContent(tx, projectId, owner, staged.sha256);
    const live = await findLive(tx, projectId, owner, staged.sha256);
    if (live !== undefined) return { id: live.id, key: live.key, sha256: live.sha256, mustWrite: false };
    const id = uuidv7();
    const key = generationKey(projectId, staged.sha256, id);
    await tx.insert(storedBlobs).values({
      id,
      projectId,
      owner,
      sha256: staged.sha256,
      key,
      sizeBytes: staged.sizeBytes,
      state: 'writing',
    });
    return { id, key, sha256: staged.sha256, mustWrite: true };
  });
}

export type Confirmation =
  /** Record `key`. `abandoned`: the caller's own generation lost to another one; discard it after commit. */
  | { readonly key: string; readonly abandoned: boolean }
  /** The generation relied on is gone (collected meanwhile): reserve again. */
  | undefined;

/** In the transaction that records the use: makes the reserved generation live (or finds the one that won). */
export async function confirmContent(
  tx: Tx,
  projectId: string,
  owner: string,
  reservation: Reservation,
): Promise<Confirmation> {
  await lockContent(tx, projectId, owner, reservation.sha256);
  const live = await findLive(tx, projectId, owner, reservation.sha256);
  if (!reservation.mustWrite) return live?.id === reservation.id ? { key: live.key, abandoned: false } : undefined;
  const [own] = await tx.select().from(storedBlobs).where(eq(storedBlobs.id, reservation.id)).limit(1);
  if (own?.state !== 'writing') return undefined;
  if (live !== undefined) {
    // Two uploads of new content raced; the first to confirm is the live generation, the other's bytes go.
    await markDeleting(tx, [own.id]);
    return { key: live.key, abandoned: true };
  }
  await moveTo(tx, 'live', eq(storedBlobs.id, own.id));
  return { key: own.key, abandoned: false };
}

/**
 * Removes a generation the caller wrote that nothing will use: its upload failed after writing, or lost the race to
 * another generation of the same content. Only the caller ever knew its key, so the bytes can go at once.
 */
export async function discardGeneration(
  db: Database,
  blobs: BlobStore,
  projectId: string,
  reservation: Reservation,
): Promise<void> {
  if (!reservation.mustWrite) return;
  await blobs.delete(reservation.key);
  await db.tenant({ projectId }, (tx) =>
    tx.delete(storedBlobs).where(and(eq(storedBlobs.id, reservation.id), ne(storedBlobs.state, 'live'))),
  );
}

export interface CollectOptions {
  /** Contents whose last use may have gone. */
  readonly candidates: readonly string[];
  /** `writing` generations older than this are dead uploads. */
  readonly now: Date;
}

/**
 * Removes the owner's content nothing uses any more in the project: the candidates whose live generation has no
 * reference, generations of dead or losing uploads, and deletions an earlier run did not finish. Safe to run
 * twice at once and to repeat after a crash (deleting missing bytes is harmless). Returns how many it removed.
 */
export async function collectUnused(
  db: Database,
  blobs: BlobStore,
  projectId: string,
  owner: ContentOwner,
  options: CollectOptions,
): Promise<number> {
  const doomed = await db.tenant({ projectId }, async (tx) => {
    const unused: string[] = [];
    for (const sha256 of new Set(options.candidates)) {
      await lockContent(tx, projectId, owner.name, sha256);
      const live = await findLive(tx, projectId, owner.name, sha256);
      if (live !== undefined && (await owner.references(tx, projectId, sha256)) === 0) unused.push(live.id);
    }
    await markDeleting(tx, unused);
    await moveTo(
      tx,
      'deleting',
      and(
        eq(storedBlobs.projectId, projectId),
        eq(storedBlobs.owner, owner.name),
        eq(storedBlobs.state, 'writing'),
        lt(storedBlobs.stateChangedAt, new Date(options.now.getTime() - UPLOAD_LEASE_MS)),
      ),
    );
    return tx
      .select({ id: storedBlobs.id, key: storedBlobs.key })
      .from(storedBlobs)
      .where(
        and(eq(storedBlobs.projectId, projectId), eq(storedBlobs.owner, owner.name), eq(storedBlobs.state, 'deleting')),
      );
  });
  return removeBytes(db, blobs, projectId, doomed);
}

/** Removes every generation the owner stored for a project (the project was deleted). */
export async function purgeOwner(db: Database, blobs: BlobStore, projectId: string, owner: string): Promise<number> {
  const rows = await db.tenant({ projectId }, (tx) =>
    tx
      .select({ id: storedBlobs.id, key: storedBlobs.key })
      .from(storedBlobs)
      .where(and(eq(storedBlobs.projectId, projectId), eq(storedBlobs.owner, owner))),
  );
  return removeBytes(db, blobs, projectId, rows);
}

async function removeBytes(
  db: Database,
  blobs: BlobStore,
  projectId: string,
  rows: ReadonlyArray<{ id: string; key: string }>,
): Promise<number> {
  for (const row of rows) await blobs.delete(row.key);
  if (rows.length > 0) {
    await db.tenant({ projectId }, (tx) =>
      tx.delete(storedBlobs).where(
        inArray(
          storedBlobs.id,
          rows.map((row) => row.id),
        ),
      ),
    );
  }
  return rows.length;
}
