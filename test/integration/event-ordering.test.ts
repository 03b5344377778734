import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectUpdated } from '../../src/modules/projects/events.js';
import { projects } from '../../src/modules/projects/tables.js';
import type { Database, Tx } from '../../src/platform/db/database.js';
import { appendEvents } from '../../src/platform/events/outbox.js';
import { startSequencer } from '../../src/platform/events/sequencer.js';
import { type EventRow, readEventsAfter, sequenceEvents } from '../../src/platform/events/store.js';
import { CLI_ACTOR } from '../../src/platform/http/actor.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { requireService } from '../helpers/services.js';

const update = (projectId: string, description: string) => ({
  definition: projectUpdated,
  subject: `projects/${projectId}`,
  data: { id: projectId, slug: 'ordering', name: 'Ordering', description, changed: ['description'] },
});

/** Everything after `cursor` that is in the log now, read in pages as the dispatcher and the relay read it. */
async function readAll(db: Database, cursor: number): Promise<EventRow[]> {
  const seen: EventRow[] = [];
  for (;;) {
    const batch = await db.system((tx) => readEventsAfter(tx, seen.at(-1)?.position ?? cursor, 50));
    seen.push(...batch);
    if (batch.length < 50) return seen;
  }
}

// Concurrent transactions need a real server: PGlite is one connection and runs transactions one after another.
describe.skipIf(requireService('postgres') === undefined)('event positions with concurrent writers on postgres', () => {
  let database: TestDatabase;
  let db: Database;
  const projectIds = Array.from({ length: 10 }, () => uuidv7());
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    db = database.db;
    await db.system((tx) =>
      tx.insert(projects).values(projectIds.map((id) => ({ id, slug: `ordering-${id}`, name: 'Ordering' }))),
    );
  });
  afterAll(() => database.drop());

  it('numbers an event whose transaction commits late after the events already read, and a resuming reader gets it', async () => {
    const [projectId] = projectIds as [string];
    const start = await readAll(db, 0);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let appended: () => void = () => undefined;
    const earlyAppended = new Promise<void>((resolve) => {
      appended = resolve;
    });
    // The early transaction appends first and commits last.
    const early = db.tenant({ projectId }, async (tx) => {
      const ids = await appendEvents(tx, projectId, CLI_ACTOR, [update(projectId, 'early')]);
      appended();
      await released;
      return ids[0]!;
    });
    await earlyAppended;
    const [lateId] = await db.tenant({ projectId }, (tx) =>
      appendEvents(tx, projectId, CLI_ACTOR, [update(projectId, 'late')]),
    );
    await db.system(sequenceEvents);
    const firstRead = await readAll(db, start.at(-1)?.position ?? 0);
    expect(firstRead.map((row) => row.id)).toEqual([lateId]);

    release();
    const earlyId = await early;
    await db.system(sequenceEvents);
    const resumed = await readAll(db, firstRead[0]!.position);
    expect(resumed.map((row) => [row.id, row.position])).toEqual([[earlyId, firstRead[0]!.position + 1]]);
  });

  it('gives concurrent writers gap-free positions that readers and resumed readers see exactly once, in order', async () => {
    const before = (await readAll(db, 0)).length;
    const sequencer = startSequencer({ db, logger: console, pollIntervalMs: 50 });
    const transactions = new Map<string, string[]>();
    let writing = true;
    /** Follows the log from `cursor` while it grows, as the dispatcher, the relay and the feed do. */
    const follow = async (from: number, pageSize: number) => {
      const seen: EventRow[] = [];
      let cursor = from;
      while (writing || cursor < (await db.system(countEvents))) {
        const batch = await db.system((tx) => readEventsAfter(tx, cursor, pageSize));
        seen.push(...batch);
        cursor = batch.at(-1)?.position ?? cursor;
        if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return seen;
    };
    const readers = [follow(before, 20), follow(before, 7)];
    // A reader that resumes from a position in the middle while the writers are still at work.
    const resumeAt = before + 20;
    const resumed = (async () => {
      while ((await db.system(countEvents)) < resumeAt) await new Promise((resolve) => setTimeout(resolve, 5));
      return follow(resumeAt, 11);
    })();
    const writers = projectIds.map(async (projectId, writer) => {
      for (let index = 0; index < 15; index++) {
        const count = 1 + ((writer + index) % 3);
        const ids = await db.tenant({ projectId }, async (tx) => {
          const appendedIds = await appendEvents(
            tx,
            projectId,
            CLI_ACTOR,
            Array.from({ length: count }, (_, n) => update(projectId, `${writer}.${index}.${n}`)),
          );
          // Holding some transactions open after their append makes commit order differ from append order.
          await tx.execute(sql`SELECT pg_sleep(${((writer * 7 + index * 3) % 5) / 1000})`);
          return appendedIds;
        });
        transactions.set(ids[0]!, ids);
      }
    });
    await Promise.all(writers);
    await sequencer.stop();
    await db.system(sequenceEvents);
    writing = false;
    const [steady, small] = await Promise.all(readers);

    const log = (await readAll(db, 0)).slice(before);
    const written = [...transactions.values()].flat();
    expect(log).toHaveLength(written.length);
    expect(log.map((row) => row.position)).toEqual(log.map((_, index) => before + index + 1));
    expect(new Set(log.map((row) => row.id))).toEqual(new Set(written));
    for (const reader of [steady!, small!]) expect(reader.map((row) => row.id)).toEqual(log.map((row) => row.id));
    expect((await resumed).map((row) => row.id)).toEqual(
      log.filter((row) => row.position > resumeAt).map((row) => row.id),
    );
    // A transaction's events stay together in the log, in the order it appended them.
    const positionOf = new Map(log.map((row) => [row.id, row.position]));
    for (const ids of transactions.values()) {
      const positions = ids.map((id) => positionOf.get(id)!);
      expect(positions).toEqual(positions.map((_, index) => positions[0]! + index));
    }
    // Resuming after any position yields exactly the rest of the log.
    for (const cursor of [before, before + 1, before + Math.floor(log.length / 2), before + log.length - 1]) {
      expect((await readAll(db, cursor)).map((row) => row.id)).toEqual(
        log.filter((row) => row.position > cursor).map((row) => row.id),
      );
    }
  });
});

async function countEvents(tx: Tx): Promise<number> {
  const result = await tx.execute(sql`SELECT count(*)::int AS n FROM events`);
  return Number((result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);
}
