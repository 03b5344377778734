import type { TechnologyView } from './schemas.js';
import type * as store from './store.js';

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
