import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { eventStats } from './tables.js';

export async function countEvent(tx: Tx, projectId: string, day: string, type: string): Promise<void> {
  await tx
    .insert(eventStats)
    .values({ projectId, day, type, count: 1 })
    .onConflictDoUpdate({
      target: [eventStats.projectId, eventStats.day, eventStats.type],
      set: { count: sql`${eventStats.count} + 1` },
    });
}

export async function readEventStats(tx: Tx, projectId: string, sinceDay: string) {
  return tx
    .select({ day: eventStats.day, type: eventStats.type, count: eventStats.count })
    .from(eventStats)
    .where(and(eq(eventStats.projectId, projectId), gte(eventStats.day, sinceDay)))
    .orderBy(asc(eventStats.day), asc(eventStats.type));
}
