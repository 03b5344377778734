import type { ServiceContext } from '../../../platform/context.js';
import type { ProjectScope } from '../../../platform/http/access.js';
import type { ProposalView } from '../proposals/schemas.js';
import { proposalViews } from '../proposals/service.js';
import * as proposalStore from '../proposals/store.js';
import { TECHNOLOGY_STATUSES } from '../schemas.js';
import { segmentRef } from '../structure/segments.js';
import * as radarStore from '../structure/store.js';
import type { TechnologyView } from '../technologies/schemas.js';
import * as technologyStore from '../technologies/store.js';
import { diffPlacements } from '../volumes/movement.js';
import { radarState } from '../volumes/service.js';
import type { RadarSummaryView } from './schemas.js';
import * as store from './store.js';

/**
 * What the dashboard shows of the radar, in one transaction: blips per ring of every radar (zeros included),
 * technologies per lifecycle status (all six) and per domain ("unspecified" for none), the ten most important
 * technologies still in play, the default radar's movement since its latest volume (changes only), and the
 * twenty newest open proposals. Reads only: it never creates the default radar.
 */
export async function radarSummary(
  context: ServiceContext,
  scope: ProjectScope,
): Promise<{
  countsByRing: Array<{ radarId: string; ring: string; count: number }>;
  countsByStatus: Array<{ status: string; count: number }>;
  countsByDomain: Array<{ domain: string; count: number }>;
  highPriority: TechnologyView[];
  movementSinceLastVolume: Array<{ technologyId: string; title: string; movement: string; ring: string }>;
  openProposals: ProposalView[];
}> {
  const summary: RadarSummaryView = await context.db.tenant(scope, async (tx) => {
    const projectId = scope.projectId;
    const radars = await radarStore.listAllRadars(tx, projectId);
    const ringCounts = await store.blipCountsByRing(tx, projectId);
    const countsByRing = radars.flatMap((radar) =>
      radar.rings.map((ring) => ({
        radarId: radar.id,
        ring: ring.name,
        count: ringCounts.find((row) => row.radarId === radar.id && row.ringId === ring.id)?.n ?? 0,
      })),
    );
    const counts = await store.technologyCounts(tx, projectId);
    const statusCounts = counts.byStatus;
    const countsByStatus = [
      ...TECHNOLOGY_STATUSES.map((status) => ({
        status: status as string,
        count: statusCounts.find((row) => row.status === status)?.n ?? 0,
      })),
      ...statusCounts
        .filter((row) => !(TECHNOLOGY_STATUSES as readonly string[]).includes(row.status))
        .map((row) => ({ status: row.status, count: row.n })),
    ];
    const countsByDomain = counts.byDomain.map((row) => ({ domain: row.domain ?? 'unspecified', count: row.n }));
    const highPriority = await technologyStore.highPriorityTechnologies(tx, projectId, 10);

    const movementSinceLastVolume: RadarSummaryView['movementSinceLastVolume'] = [];
    const radar = radars.find((candidate) => candidate.isDefault);
    if (radar !== undefined) {
      const from = await radarState(tx, projectId, radar, undefined, 'latest', '/query/from');
      const to = await radarState(tx, projectId, radar, 'live', 'live', '/query/to');
      for (const item of diffPlacements(from.placed, to.placed)) {
        if (item.movement === 'no_change') continue;
        const ringId = (item.to ?? item.from)!.ringId;
        const rings = item.to === undefined ? from.rings : to.rings;
        movementSinceLastVolume.push({
          technologyId: item.technologyId,
          title: item.title,
          movement: item.movement,
          ring: segmentRef(rings, ringId).name,
        });
      }
    }
    const open = await proposalStore.listProposals(tx, projectId, { status: 'open' }, 20, undefined);
    const openProposals = await proposalViews(tx, projectId, open.slice(0, 20));
    return { countsByRing, countsByStatus, countsByDomain, highPriority, movementSinceLastVolume, openProposals };
  });
  return summary;
}
