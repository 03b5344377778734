import type { ServiceContext } from '../../platform/context.js';
import { eventCatalog } from '../../platform/events/catalog.js';
import { toCloudEvent } from '../../platform/events/envelope.js';
import { listProjectEvents } from '../../platform/events/store.js';
import type { ProjectScope } from '../../platform/http/access.js';
import { jobUpdated } from '../../platform/jobs/catalog.js';
import { radarSummary } from '../radar/summary/service.js';
import * as research from '../research/service.js';

/** Every event type but job progress, which would crowd out what people did. */
function activityTypes(): string[] {
  return eventCatalog()
    .map((definition) => definition.type)
    .filter((type) => type !== jobUpdated.type);
}

async function recentActivity(context: ServiceContext, scope: ProjectScope, limit: number) {
  if (limit === 0) return [];
  const rows = await context.db.tenant(scope, (tx) =>
    listProjectEvents(tx, scope.projectId, { types: activityTypes(), limit }),
  );
  return rows.slice(0, limit).map(toCloudEvent);
}

/**
 * The project's home page in one request. The three parts read independently, so they run at once: on PostgreSQL
 * each takes its own pooled connection, and the answer costs the slowest part rather than the sum.
 */
export async function projectDashboard(
  context: ServiceContext,
  scope: ProjectScope,
  options: { days: number; top: number; activity: number },
) {
  const [summary, attention, activity] = await Promise.all([
    radarSummary(context, scope),
    research.attention(context, scope, { days: options.days, top: options.top }),
    recentActivity(context, scope, options.activity),
  ]);
  return { ...summary, research: attention, recentActivity: activity, generatedAt: new Date().toISOString() };
}
