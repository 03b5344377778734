import type { Movement, ProposalView, RadarView, TechnologyView } from './schemas.js';
import type * as store from './store.js';
import type { Segment } from './tables.js';

/** Turns rows into the API's shapes (ISO timestamps, names resolved from the radar's structure). */

export function presentRadar(row: store.RadarRow, blipCount: number): RadarView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.isDefault,
    quadrants: row.quadrants,
    rings: row.rings,
    blipCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface BlipRefRow {
  id: string;
  radarId: string;
  technologyId: string;
  quadrantId: string;
  ringId: string;
}

export function presentTechnology(row: store.TechnologyRow, blips: readonly BlipRefRow[]): TechnologyView {
  return {
    id: row.id,
    title: row.title,
    vendor: row.vendor,
    domain: row.domain,
    status: row.status,
    relevance: row.relevance,
    priority: row.priority,
    description: row.description,
    notes: row.notes,
    useCases: row.useCases,
    documentationUrl: row.documentationUrl,
    repositoryUrl: row.repositoryUrl,
    websiteUrl: row.websiteUrl,
    tags: row.tags,
    maturity: row.maturity,
    costTier: row.costTier,
    monthlyCost: row.monthlyCost,
    integrationDifficulty: row.integrationDifficulty,
    integrationEstimateDays: row.integrationEstimateDays,
    stabilityScore: row.stabilityScore,
    latencyMs: row.latencyMs,
    throughputQps: row.throughputQps,
    githubStars: row.githubStars,
    lastCommitAt: row.lastCommitAt?.toISOString() ?? null,
    blips: blips
      .filter((blip) => blip.technologyId === row.id)
      .map((blip) => ({ id: blip.id, radarId: blip.radarId, quadrantId: blip.quadrantId, ringId: blip.ringId })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A segment's id and name; an id no longer in the radar keeps the id as its name. */
export function segmentRef(segments: readonly Segment[], id: string): { id: string; name: string } {
  return { id, name: segments.find((segment) => segment.id === id)?.name ?? id };
}

export function presentBlip(row: store.BlipWithTitle, history: { movement: Movement; returning: boolean }) {
  return {
    id: row.id,
    radarId: row.radarId,
    technologyId: row.technologyId,
    title: row.title,
    quadrantId: row.quadrantId,
    ringId: row.ringId,
    note: row.note,
    version: row.version,
    number: row.number,
    movement: history.movement,
    returning: history.returning,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentProposal(found: store.ProposalWithContext, radar: store.RadarRow | undefined): ProposalView {
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

export function presentHistory(row: store.HistoryRow, radarName: string) {
  const ref = (id: string | null, name: string | null) => (id === null ? null : { id, name: name ?? id });
  return {
    id: row.id,
    radarId: row.radarId,
    radarName,
    blipId: row.blipId,
    kind: row.kind as 'placed' | 'moved' | 'removed',
    fromRing: ref(row.fromRingId, row.fromRingName),
    toRing: ref(row.toRingId, row.toRingName),
    fromQuadrant: ref(row.fromQuadrantId, row.fromQuadrantName),
    toQuadrant: ref(row.toQuadrantId, row.toQuadrantName),
    rationale: row.rationale,
    proposalId: row.proposalId,
    actor: row.actor,
    actorUserId: row.actorUserId,
    createdAt: row.createdAt.toISOString(),
  };
}
