import { count, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { blips, technologies } from '../tables.js';

// Counts for the dashboard's radar summary, scoped by project id like every radar store.

export async function blipCountsByRing(tx: Tx, projectId: string) {
  return tx
    .select({ radarId: blips.radarId, ringId: blips.ringId, n: count() })
    .from(blips)
    .where(eq(blips.projectId, projectId))
    .groupBy(blips.radarId, blips.ringId);
}

/**
 * Technologies per status and per domain from one scan (grouping sets), each set ordered by count then name as the
 * database collates; `domain` null is "no domain".
 */
export async function technologyCounts(tx: Tx, projectId: string) {
  const result = (await tx.execute(sql`
    SELECT status, domain, grouping(status) AS by_domain, count(*)::int AS n FROM ${technologies}
    WHERE project_id = ${projectId}
    GROUP BY GROUPING SETS ((status), (domain))
    ORDER BY grouping(status), n DESC, status, domain`)) as unknown as { rows: Array<Record<string, unknown>> };
  const byStatus: Array<{ status: string; n: number }> = [];
  const byDomain: Array<{ domain: string | null; n: number }> = [];
  for (const row of result.rows) {
    if (Number(row.by_domain) === 0) byStatus.push({ status: String(row.status), n: Number(row.n) });
    else byDomain.push({ domain: row.domain === null ? null : String(row.domain), n: Number(row.n) });
  }
  return { byStatus, byDomain };
}
