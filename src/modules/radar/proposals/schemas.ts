import { type Static, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../../platform/http/schemas.js';
import { nullable, PROPOSAL_STATUSES, SegmentId, type Verdict } from '../schemas.js';

export const Proposal = Type.Object({
  id: Uuid,
  radarId: Uuid,
  blipId: Uuid,
  technologyId: Uuid,
  technologyTitle: Type.String(),
  fromRing: Type.Object({ id: Type.String(), name: Type.String() }),
  toRing: Type.Object({ id: Type.String(), name: Type.String() }),
  fromQuadrant: Type.Object({ id: Type.String(), name: Type.String() }),
  toQuadrant: Type.Object({ id: Type.String(), name: Type.String() }),
  rationale: Type.String(),
  researchTaskIds: Type.Array(Uuid),
  status: Type.Enum(PROPOSAL_STATUSES),
  stale: Type.Boolean({ description: 'the blip moved since the proposal was made; it can no longer be approved' }),
  proposedBy: nullable(Uuid),
  proposer: Type.String({ description: 'user:<id> or api_key:<id>' }),
  decidedBy: nullable(Uuid),
  decider: nullable(Type.String()),
  decisionComment: nullable(Type.String()),
  decidedAt: NullableTimestamp,
  commentCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type ProposalView = Static<typeof Proposal>;

export const CreateProposalBody = Type.Object({
  blipId: Uuid,
  toRingId: SegmentId,
  toQuadrantId: Type.Optional(SegmentId),
  rationale: Type.String({ minLength: 1, maxLength: 5000 }),
  researchTaskIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
});

export type CreateProposalInput = Static<typeof CreateProposalBody>;

export const DecideProposalBody = Type.Object({
  decision: Type.Enum(['approve', 'reject'] as const),
  comment: Type.Optional(Type.String({ maxLength: 5000, description: 'required when rejecting' })),
});

export type DecideProposalInput = Static<typeof DecideProposalBody>;

export const ProposalParams = Type.Object({ projectId: Uuid, proposalId: Uuid });

export const ProposalListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Enum(PROPOSAL_STATUSES)),
  radarId: Type.Optional(Uuid),
  technologyId: Type.Optional(Uuid),
});

export const ProposalComment = Type.Object({
  id: Uuid,
  proposalId: Uuid,
  authorId: nullable(Uuid),
  author: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
});

export const AddCommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) });

/** What the research hub hands over when a task's verdict should move a blip. */
export interface ProposeFromResearchInput {
  technologyId: string;
  verdict: Verdict;
  rationale: string;
  researchTaskId: string;
  radarId?: string;
}
