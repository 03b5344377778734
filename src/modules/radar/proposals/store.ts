import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import { blips, proposalComments, radarProposals, technologies } from '../tables.js';

// Proposals and their comments, scoped by project id like every radar store.

export type ProposalRow = typeof radarProposals.$inferSelect;

export type CommentRow = typeof proposalComments.$inferSelect;

const proposalWithContext = {
  proposal: radarProposals,
  title: technologies.title,
  blipVersion: blips.version,
  commentCount: sql<number>`(SELECT count(*)::int FROM radar_proposal_comments c WHERE c.proposal_id = ${radarProposals.id})`,
};

export interface ProposalWithContext {
  proposal: ProposalRow;
  title: string;
  blipVersion: number;
  commentCount: number;
}

export async function insertProposal(tx: Tx, row: typeof radarProposals.$inferInsert): Promise<ProposalRow> {
  const rows = await tx.insert(radarProposals).values(row).returning();
  return rows[0]!;
}

export async function findProposal(
  tx: Tx,
  projectId: string,
  proposalId: string,
  options: { lock?: boolean } = {},
): Promise<ProposalWithContext | undefined> {
  const query = tx
    .select(proposalWithContext)
    .from(radarProposals)
    .innerJoin(technologies, eq(technologies.id, radarProposals.technologyId))
    .innerJoin(blips, eq(blips.id, radarProposals.blipId))
    .where(and(eq(radarProposals.projectId, projectId), eq(radarProposals.id, proposalId)))
    .limit(1);
  const rows = options.lock ? await query.for('update', { of: radarProposals }) : await query;
  return rows[0];
}

export async function listProposals(
  tx: Tx,
  projectId: string,
  filters: { status?: string; radarId?: string; technologyId?: string },
  limit: number,
  beforeId: string | undefined,
): Promise<ProposalWithContext[]> {
  return tx
    .select(proposalWithContext)
    .from(radarProposals)
    .innerJoin(technologies, eq(technologies.id, radarProposals.technologyId))
    .innerJoin(blips, eq(blips.id, radarProposals.blipId))
    .where(
      and(
        eq(radarProposals.projectId, projectId),
        filters.status === undefined ? undefined : eq(radarProposals.status, filters.status),
        filters.radarId === undefined ? undefined : eq(radarProposals.radarId, filters.radarId),
        filters.technologyId === undefined ? undefined : eq(radarProposals.technologyId, filters.technologyId),
        beforeId === undefined ? undefined : lt(radarProposals.id, beforeId),
      ),
    )
    .orderBy(desc(radarProposals.id))
    .limit(limit + 1);
}

/** Settles an open proposal; undefined when it was not open any more (a concurrent decision won). */
export async function settleProposal(
  tx: Tx,
  projectId: string,
  proposalId: string,
  changes: Pick<ProposalRow, 'status' | 'decidedBy' | 'decider' | 'decisionComment'>,
): Promise<ProposalRow | undefined> {
  const now = new Date();
  const rows = await tx
    .update(radarProposals)
    .set({ ...changes, decidedAt: now, updatedAt: now })
    .where(
      and(
        eq(radarProposals.projectId, projectId),
        eq(radarProposals.id, proposalId),
        eq(radarProposals.status, 'open'),
      ),
    )
    .returning();
  return rows[0];
}

export async function insertComment(tx: Tx, row: typeof proposalComments.$inferInsert): Promise<CommentRow> {
  const rows = await tx.insert(proposalComments).values(row).returning();
  return rows[0]!;
}

export async function listComments(
  tx: Tx,
  projectId: string,
  proposalId: string,
  limit: number,
  afterId: string | undefined,
): Promise<CommentRow[]> {
  return tx
    .select()
    .from(proposalComments)
    .where(
      and(
        eq(proposalComments.projectId, projectId),
        eq(proposalComments.proposalId, proposalId),
        afterId === undefined ? undefined : gt(proposalComments.id, afterId),
      ),
    )
    .orderBy(asc(proposalComments.id))
    .limit(limit + 1);
}
