import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Database } from '../../platform/db/database.js';
import { appendEvents } from '../../platform/events/outbox.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { type PrivateAllowance, refusal } from '../../platform/outbound/addresses.js';
import { repositorySynced, subjectOf } from './events.js';
import { type GitTransport, git, logCommits } from './git.js';
import { remoteHostOf } from './locations.js';
import * as store from './store.js';

/** Commits recorded per transaction while a history is walked. */
const COMMIT_BATCH = 500;

/** Where a repository's bare mirror lives; both ids are UUIDs, so nothing a user typed reaches the path. */
export function mirrorPathOf(dataDir: string, projectId: string, repositoryId: string): string {
  return join(dataDir, 'repositories', projectId, `${repositoryId}.git`);
}

export interface SyncRun {
  db: Database;
  dataDir: string;
  /** Which non-public addresses a remote may have (CC_OUTBOUND_ALLOW_PRIVATE). */
  allowPrivate: PrivateAllowance;
  projectId: string;
  repositoryId: string;
  actor: ActorContext;
  signal: AbortSignal;
  progress(percent: number, step: string): Promise<void>;
}

interface RemoteRefs {
  branches: store.Ref[];
  /** Tags that point (through annotated tags) at commits; tags of trees or blobs are left out. */
  tags: store.Ref[];
  defaultBranch: string | null;
  /** Every branch head and tag target: where the walk starts. */
  tips: string[];
}

export type SyncResult = Record<string, unknown>;

/**
 * Fetches the repository into its mirror and records what changed: all branches and tags, and the commits no
 * recorded branch or tag reached. When history was rewritten (a recorded tip is gone or no longer reachable), the
 * whole history is walked and the commits nothing reaches any more are removed.
 */
export async function syncRepository(run: SyncRun): Promise<SyncResult> {
  const scope = { projectId: run.projectId };
  const repository = await run.db.tenant(scope, (tx) =>
    store.updateRepository(tx, run.projectId, run.repositoryId, { syncStatus: 'syncing', syncError: null }),
  );
  const mirror = mirrorPathOf(run.dataDir, run.projectId, run.repositoryId);
  if (repository === undefined) {
    // Removed while an attempt ran: that attempt may have written the mirror after the removal job deleted it.
    await rm(mirror, { recursive: true, force: true });
    return { skipped: 'the repository was removed' };
  }
  try {
    await run.progress(5, 'fetching');
    if (repository.kind !== 'local') await checkRemoteHost(remoteHostOf(repository.location), run.allowPrivate);
    await fetchMirror(repository.kind === 'local' ? 'file' : 'remote', repository.location, mirror, run.signal);
    await run.progress(15, 'reading branches and tags');
    const refs = await readRefs(mirror, run.signal);
    const recorded = await run.db.tenant(scope, (tx) => store.recordedTips(tx, run.projectId, run.repositoryId));
    const fullWalk = await historyRewritten(mirror, recorded, refs.tips, run.signal);
    const walk = await walkHistory(run, mirror, fullWalk ? refs.tips : [...refs.tips, ...recorded.map(excluded)]);
    await run.progress(95, 'recording branches and tags');
    const outcome = await run.db.tenant(scope, async (tx) => {
      if ((await store.findRepository(tx, run.projectId, run.repositoryId, true)) === undefined) return undefined;
      await store.replaceRefs(tx, run.projectId, run.repositoryId, refs);
      let removedCommits = 0;
      if (fullWalk) {
        const unreachable = (await store.commitShas(tx, run.projectId, run.repositoryId)).filter(
          (sha) => !walk.seen.has(sha),
        );
        await store.deleteCommits(tx, run.projectId, run.repositoryId, unreachable);
        removedCommits = unreachable.length;
      }
      const headSha = refs.branches.find((branch) => branch.name === refs.defaultBranch)?.sha ?? null;
      await store.updateRepository(tx, run.projectId, run.repositoryId, {
        defaultBranch: refs.defaultBranch,
        lastSyncedSha: headSha,
        syncStatus: 'synced',
        syncError: null,
        lastSyncedAt: new Date(),
      });
      const data = {
        id: run.repositoryId,
        defaultBranch: refs.defaultBranch,
        headSha,
        branches: refs.branches.length,
        tags: refs.tags.length,
        newCommits: walk.inserted,
        removedCommits,
        totalCommits: await store.countCommits(tx, run.projectId, run.repositoryId),
        fullWalk,
      };
      await appendEvents(tx, run.projectId, run.actor, [
        { definition: repositorySynced, subject: subjectOf(run.repositoryId), data },
      ]);
      return data;
    });
    if (outcome === undefined) {
      await rm(mirror, { recursive: true, force: true });
      return { skipped: 'the repository was removed' };
    }
    return outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await run.db
      .tenant(scope, (tx) =>
        store.updateRepository(tx, run.projectId, run.repositoryId, { syncStatus: 'failed', syncError: reason }),
      )
      .catch(() => undefined);
    throw error;
  }
}

/**
 * A remote must resolve to addresses outbound calls may reach (the SSRF rule of src/platform/outbound): git makes
 * its own connection, so this is checked on the addresses the name has just before the fetch.
 */
async function checkRemoteHost(host: string, allowPrivate: PrivateAllowance): Promise<void> {
  const addresses = await lookup(host, { all: true, verbatim: true }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${host} cannot be resolved (${error.code ?? error.message})`);
  });
  for (const { address } of addresses) {
    const refused = refusal(host, address, allowPrivate);
    if (refused !== undefined) {
      throw new Error(`${host} resolves to a ${refused} address (${address}); CC_OUTBOUND_ALLOW_PRIVATE can allow it`);
    }
  }
}

/** A first sync clones into a scratch folder and renames it, so a killed clone never leaves half a mirror. */
async function fetchMirror(transport: GitTransport, location: string, mirror: string, signal: AbortSignal) {
  if (await exists(mirror)) {
    await git(['--git-dir', mirror, 'fetch', '--prune', '--quiet', 'origin'], { transport, signal });
    return;
  }
  await mkdir(dirname(mirror), { recursive: true });
  const partial = `${mirror}.partial-${randomUUID()}`;
  try {
    // --no-local: a local source is read through git's file transport, never by copying its files (which could
    // be links to files outside the allowed roots).
    await git(['clone', '--mirror', '--no-local', '--quiet', '--', location, partial], { transport, signal });
    await rename(partial, mirror);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function readRefs(mirror: string, signal: AbortSignal): Promise<RemoteRefs> {
  const listing = await git(
    [
      '--git-dir',
      mirror,
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)',
      'refs/heads',
      'refs/tags',
    ],
    { transport: 'file', signal },
  );
  const branches: store.Ref[] = [];
  const tags: store.Ref[] = [];
  for (const line of listing.split('\n')) {
    const [ref = '', sha = '', type, peeledSha, peeledType] = line.split('\0');
    if (ref.startsWith('refs/heads/') && type === 'commit') {
      branches.push({ name: ref.slice('refs/heads/'.length), sha });
    } else if (ref.startsWith('refs/tags/') && (peeledType || type) === 'commit') {
      tags.push({ name: ref.slice('refs/tags/'.length), sha: peeledSha || sha });
    }
  }
  const head = await git(['--git-dir', mirror, 'symbolic-ref', '--quiet', 'HEAD'], { transport: 'file', signal }).catch(
    () => '',
  );
  const headBranch = head.trim().replace(/^refs\/heads\//, '');
  return {
    branches,
    tags,
    defaultBranch: branches.some((branch) => branch.name === headBranch) ? headBranch : null,
    tips: [...new Set([...branches, ...tags].map((ref) => ref.sha))],
  };
}

/**
 * Whether the recorded commits must be re-walked: nothing recorded yet, a recorded tip missing from the mirror
 * (history rewritten and collected), or commits reachable from the recorded tips that the current ones no longer
 * reach (a force-push, a deleted branch).
 */
async function historyRewritten(
  mirror: string,
  recorded: readonly string[],
  tips: readonly string[],
  signal: AbortSignal,
): Promise<boolean> {
  if (recorded.length === 0 || tips.length === 0) return true;
  const present = await git(['--git-dir', mirror, 'rev-list', '--no-walk', '--ignore-missing', '--stdin'], {
    transport: 'file',
    signal,
    input: revisionInput(recorded),
  });
  if (present.split('\n').filter((line) => line !== '').length < recorded.length) return true;
  const lost = await git(['--git-dir', mirror, 'rev-list', '--count', '--stdin'], {
    transport: 'file',
    signal,
    input: revisionInput([...recorded, ...tips.map(excluded)]),
  });
  return Number(lost.trim()) > 0;
}

const revisionInput = (revisions: readonly string[]) => `${revisions.join('\n')}\n`;
/** `^sha`: commits reachable from it are left out (git before 2.42 refuses `--not` on standard input). */
const excluded = (sha: string) => `^${sha}`;

/** Records the commits the revisions select, a batch per transaction, reporting progress against their count. */
async function walkHistory(run: SyncRun, mirror: string, revisions: readonly string[]) {
  const seen = new Set<string>();
  let inserted = 0;
  if (revisions.length === 0) return { seen, inserted };
  const total = Number(
    (
      await git(['--git-dir', mirror, 'rev-list', '--count', '--stdin'], {
        transport: 'file',
        signal: run.signal,
        input: revisionInput(revisions),
      })
    ).trim(),
  );
  await run.progress(20, `recording ${total} commits`);
  for await (const batch of logCommits(mirror, revisions, { signal: run.signal, batchSize: COMMIT_BATCH })) {
    inserted += await run.db.tenant({ projectId: run.projectId }, (tx) =>
      store.insertCommits(tx, run.projectId, run.repositoryId, batch),
    );
    for (const commit of batch) seen.add(commit.sha);
    await run.progress(20 + Math.floor((75 * Math.min(seen.size, total)) / Math.max(total, 1)), 'recording commits');
  }
  return { seen, inserted };
}
