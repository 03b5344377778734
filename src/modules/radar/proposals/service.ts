import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import { actorLabel, type PendingEvent } from '../../../platform/events/outbox.js';
import { type ProjectScope, roleAtLeast } from '../../../platform/http/access.js';
import type { ActorContext } from '../../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../../platform/http/pagination.js';
import { conflict, forbidden, invalid, notFound, Problem } from '../../../platform/http/problems.js';
import { checkPlace, moveBlipInTx } from '../blips/service.js';
import * as blipStore from '../blips/store.js';
import { actorUserId, type DbContext } from '../context.js';
import { appendRadarEvents, proposalCommented, proposalCreated, proposalDecided } from '../events.js';
import type { ProposalStatus } from '../schemas.js';
import { segmentRef } from '../structure/segments.js';
import { ensureDefaultRadar, loadRadar } from '../structure/service.js';
import * as radarStore from '../structure/store.js';
import { loadTechnology } from '../technologies/service.js';
import type { CreateProposalInput, DecideProposalInput, ProposalView, ProposeFromResearchInput } from './schemas.js';
import * as store from './store.js';

/**
 * Ring-change proposals: members propose (or the research hub does, from a task's verdict), admins decide; approving
 * moves the blip through `moveBlipInTx` in the same transaction. Comments on proposals.
 */

function presentProposal(found: store.ProposalWithContext, radar: radarStore.RadarRow | undefined): ProposalView {
  const row = found.proposal;
  const rings = radar?.rings ?? [];
  const quadrants = radar?.quadrants ?? [];
  return {
    id: row.id,
    radarId: row.radarId,
    blipId: row.blipId,
    technologyId: row.technologyId,
    technologyTitle: found.title,
    fromRing: segmentRef(rings, row.fromRingId),
    toRing: segmentRef(rings, row.toRingId),
    fromQuadrant: segmentRef(quadrants, row.fromQuadrantId),
    toQuadrant: segmentRef(quadrants, row.toQuadrantId),
    rationale: row.rationale,
    researchTaskIds: row.researchTaskIds,
    status: row.status as ProposalView['status'],
    stale: row.status === 'open' && found.blipVersion !== row.blipVersion,
    proposedBy: row.proposedBy,
    proposer: row.proposer,
    decidedBy: row.decidedBy,
    decider: row.decider,
    decisionComment: row.decisionComment,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    commentCount: found.commentCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function proposalViews(
  tx: Tx,
  projectId: string,
  rows: store.ProposalWithContext[],
): Promise<ProposalView[]> {
  const radars = new Map(
    (
      await radarStore.findRadars(
        tx,
        projectId,
        rows.map((row) => row.proposal.radarId),
      )
    ).map((radar) => [radar.id, radar]),
  );
  return rows.map((row) => presentProposal(row, radars.get(row.proposal.radarId)));
}

async function proposalView(tx: Tx, projectId: string, proposalId: string): Promise<ProposalView> {
  const found = await store.findProposal(tx, projectId, proposalId);
  if (found === undefined) throw notFound('Proposal');
  return (await proposalViews(tx, projectId, [found]))[0]!;
}

/** Opens a proposal in the caller's transaction; shared by the API and the research hub's verdicts. */
async function openProposal(
  tx: Tx,
  scope: ProjectScope,
  actor: ActorContext,
  radar: radarStore.RadarRow,
  blip: blipStore.BlipWithTitle,
  input: { toRingId: string; toQuadrantId?: string; rationale: string; researchTaskIds: string[] },
  pointers: { toRingId: string; toQuadrantId: string; rationale: string },
): Promise<ProposalView> {
  const to = { ringId: input.toRingId, quadrantId: input.toQuadrantId ?? blip.quadrantId };
  checkPlace(radar, to, { ringId: pointers.toRingId, quadrantId: pointers.toQuadrantId });
  const rationale = input.rationale.trim();
  if (rationale === '') throw invalid([{ pointer: pointers.rationale, detail: 'must not be blank' }]);
  if (to.ringId === blip.ringId && to.quadrantId === blip.quadrantId) {
    throw conflict(`"${blip.title}" is in that ring and quadrant already.`, 'proposal-no-change');
  }
  const row = await store.insertProposal(tx, {
    id: uuidv7(),
    projectId: scope.projectId,
    radarId: radar.id,
    blipId: blip.id,
    technologyId: blip.technologyId,
    fromRingId: blip.ringId,
    fromQuadrantId: blip.quadrantId,
    toRingId: to.ringId,
    toQuadrantId: to.quadrantId,
    blipVersion: blip.version,
    rationale,
    researchTaskIds: input.researchTaskIds,
    proposedBy: actorUserId(actor),
    proposer: actorLabel(actor),
  });
  await appendRadarEvents(tx, scope.projectId, actor, [
    {
      definition: proposalCreated,
      subject: `proposals/${row.id}`,
      data: {
        proposalId: row.id,
        blipId: blip.id,
        technologyId: blip.technologyId,
        title: blip.title,
        fromRingId: row.fromRingId,
        toRingId: row.toRingId,
        researchTaskIds: row.researchTaskIds,
      },
    },
  ]);
  return presentProposal({ proposal: row, title: blip.title, blipVersion: blip.version, commentCount: 0 }, radar);
}

export async function createProposal(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: CreateProposalInput,
): Promise<ProposalView> {
  return context.db.tenant(scope, async (tx) => {
    const blip = await blipStore.findBlip(tx, scope.projectId, input.blipId);
    if (blip === undefined)
      throw invalid([{ pointer: '/body/blipId', detail: 'no blip with this id in this project' }]);
    const radar = await loadRadar(tx, scope.projectId, blip.radarId);
    return openProposal(
      tx,
      scope,
      actor,
      radar,
      blip,
      { ...input, researchTaskIds: input.researchTaskIds ?? [] },
      { toRingId: '/body/toRingId', toQuadrantId: '/body/toQuadrantId', rationale: '/body/rationale' },
    );
  });
}

/**
 * Opens a ring-change proposal from a research task's verdict (called by the research hub). The verdict names
 * the target ring: the ring of the given radar (or the default one) whose name matches it case-insensitively.
 * 422 when the radar has no such ring or the technology has no blip there; 409 `proposal-no-change` when the blip
 * is in that ring already; 403 below the member role.
 */
export async function proposeFromResearch(
  context: ServiceContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: {
    technologyId: string;
    verdict: 'adopt' | 'trial' | 'assess' | 'hold';
    rationale: string;
    researchTaskId: string;
    radarId?: string;
  },
): Promise<ProposalView> {
  if (!roleAtLeast(scope.role, 'member')) throw forbidden('Proposing a ring change needs the member role.');
  const request: ProposeFromResearchInput = input;
  return context.db.tenant(scope, async (tx) => {
    const technology = await loadTechnology(tx, scope.projectId, request.technologyId);
    const radar =
      request.radarId === undefined
        ? await ensureDefaultRadar(tx, scope.projectId)
        : await radarStore.findRadar(tx, scope.projectId, request.radarId);
    if (radar === undefined)
      throw invalid([{ pointer: '/body/radarId', detail: 'no radar with this id in this project' }]);
    const ring = radar.rings.find((candidate) => candidate.name.toLowerCase() === request.verdict.toLowerCase());
    if (ring === undefined) {
      throw invalid([
        {
          pointer: '/body/verdict',
          detail: `radar "${radar.name}" has no ring named "${request.verdict}" (it has ${radar.rings.map((r) => r.name).join(', ')})`,
        },
      ]);
    }
    const blip = await blipStore.findBlipOfTechnology(tx, scope.projectId, radar.id, technology.id);
    if (blip === undefined) {
      throw invalid([
        {
          pointer: '/body/technologyId',
          detail: `"${technology.title}" is not on radar "${radar.name}"; place it there first`,
        },
      ]);
    }
    return openProposal(
      tx,
      scope,
      actor,
      radar,
      blip,
      { toRingId: ring.id, rationale: request.rationale, researchTaskIds: [request.researchTaskId] },
      { toRingId: '/body/verdict', toQuadrantId: '/body/verdict', rationale: '/body/rationale' },
    );
  });
}

export async function listProposals(
  context: DbContext,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; status?: ProposalStatus; radarId?: string; technologyId?: string },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  return context.db.tenant(scope, async (tx) => {
    const rows = await store.listProposals(tx, scope.projectId, query, query.limit, before);
    return toPage(await proposalViews(tx, scope.projectId, rows), query.limit, (proposal) => proposal.id);
  });
}

export async function getProposal(context: DbContext, scope: ProjectScope, proposalId: string) {
  return context.db.tenant(scope, (tx) => proposalView(tx, scope.projectId, proposalId));
}

/** Whether the actor is the person (or key) who made the proposal; API keys act for the user who created them. */
function isProposer(proposal: store.ProposalRow, actor: ActorContext): boolean {
  const userId = actorUserId(actor);
  if (userId !== null && proposal.proposedBy !== null) return userId === proposal.proposedBy;
  return actorLabel(actor) === proposal.proposer;
}

const ownProposal = () =>
  new Problem(403, 'own-proposal', 'Forbidden', 'You made this proposal; someone else has to decide it.');

/**
 * Approves (moving the blip, with history, in the same transaction) or rejects (comment required) an open
 * proposal. The proposer never decides their own (403 `own-proposal`); a proposal whose blip moved since it was
 * made is refused (409 `stale-proposal`); a decided one answers 409 `proposal-not-open`.
 */
export async function decideProposal(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  proposalId: string,
  input: DecideProposalInput,
): Promise<ProposalView> {
  const comment = input.comment?.trim() || null;
  return context.db.tenant(scope, async (tx) => {
    const found = await store.findProposal(tx, scope.projectId, proposalId, { lock: true });
    if (found === undefined) throw notFound('Proposal');
    const proposal = found.proposal;
    if (isProposer(proposal, actor)) throw ownProposal();
    if (proposal.status !== 'open') {
      throw conflict(`The proposal is ${proposal.status} already.`, 'proposal-not-open');
    }
    if (input.decision === 'reject' && comment === null) {
      throw invalid([{ pointer: '/body/comment', detail: 'say why when rejecting' }]);
    }
    const radar = await radarStore.lockRadar(tx, scope.projectId, proposal.radarId, 'share');
    if (radar === undefined) throw notFound('Proposal');
    const events: PendingEvent[] = [];
    if (input.decision === 'approve') {
      const blip = await blipStore.findBlip(tx, scope.projectId, proposal.blipId, { lock: true });
      const to = { ringId: proposal.toRingId, quadrantId: proposal.toQuadrantId };
      const targetGone =
        !radar.rings.some((ring) => ring.id === to.ringId) ||
        !radar.quadrants.some((quadrant) => quadrant.id === to.quadrantId);
      if (blip === undefined || blip.version !== proposal.blipVersion || targetGone) {
        throw conflict(
          'The blip has moved (or the radar changed) since this proposal was made; reject it and propose again.',
          'stale-proposal',
        );
      }
      const rationale = comment === null ? proposal.rationale : `${proposal.rationale}\n\nApproved: ${comment}`;
      await moveBlipInTx(tx, scope.projectId, actor, radar, blip, to, rationale, proposal.id, events);
    }
    const settled = await store.settleProposal(tx, scope.projectId, proposalId, {
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: actorUserId(actor),
      decider: actorLabel(actor),
      decisionComment: comment,
    });
    if (settled === undefined) throw conflict('The proposal was decided meanwhile.', 'proposal-not-open');
    events.push({
      definition: proposalDecided,
      subject: `proposals/${proposal.id}`,
      data: {
        proposalId: proposal.id,
        blipId: proposal.blipId,
        technologyId: proposal.technologyId,
        title: found.title,
        fromRingId: proposal.fromRingId,
        toRingId: proposal.toRingId,
        status: settled.status,
      },
    });
    await appendRadarEvents(tx, scope.projectId, actor, events);
    return proposalView(tx, scope.projectId, proposalId);
  });
}

/** The proposer takes back an open proposal. */
export async function withdrawProposal(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  proposalId: string,
): Promise<ProposalView> {
  return context.db.tenant(scope, async (tx) => {
    const found = await store.findProposal(tx, scope.projectId, proposalId, { lock: true });
    if (found === undefined) throw notFound('Proposal');
    const proposal = found.proposal;
    if (!isProposer(proposal, actor)) throw forbidden('Only the proposer can withdraw a proposal; admins reject it.');
    const settled = await store.settleProposal(tx, scope.projectId, proposalId, {
      status: 'withdrawn',
      decidedBy: actorUserId(actor),
      decider: actorLabel(actor),
      decisionComment: null,
    });
    if (settled === undefined) throw conflict(`The proposal is ${proposal.status} already.`, 'proposal-not-open');
    await appendRadarEvents(tx, scope.projectId, actor, [
      {
        definition: proposalDecided,
        subject: `proposals/${proposal.id}`,
        data: {
          proposalId: proposal.id,
          blipId: proposal.blipId,
          technologyId: proposal.technologyId,
          title: found.title,
          fromRingId: proposal.fromRingId,
          toRingId: proposal.toRingId,
          status: 'withdrawn',
        },
      },
    ]);
    return proposalView(tx, scope.projectId, proposalId);
  });
}

function presentComment(row: store.CommentRow) {
  return {
    id: row.id,
    proposalId: row.proposalId,
    authorId: row.authorId,
    author: row.author,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listComments(
  context: DbContext,
  scope: ProjectScope,
  proposalId: string,
  query: { limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await context.db.tenant(scope, async (tx) => {
    if ((await store.findProposal(tx, scope.projectId, proposalId)) === undefined) throw notFound('Proposal');
    return store.listComments(tx, scope.projectId, proposalId, query.limit, after);
  });
  return toPage(rows.map(presentComment), query.limit, (comment) => comment.id);
}

export async function addComment(
  context: DbContext,
  scope: ProjectScope,
  actor: ActorContext,
  proposalId: string,
  body: string,
) {
  const text = body.trim();
  if (text === '') throw invalid([{ pointer: '/body/body', detail: 'must not be blank' }]);
  return context.db.tenant(scope, async (tx) => {
    if ((await store.findProposal(tx, scope.projectId, proposalId)) === undefined) throw notFound('Proposal');
    const row = await store.insertComment(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      proposalId,
      authorId: actorUserId(actor),
      author: actorLabel(actor),
      body: text,
    });
    await appendRadarEvents(tx, scope.projectId, actor, [
      {
        definition: proposalCommented,
        subject: `proposals/${proposalId}/comments/${row.id}`,
        data: { proposalId, commentId: row.id },
      },
    ]);
    return presentComment(row);
  });
}
