import type { App, ServiceContext } from '../../platform/context.js';
import { registerBlipRoutes } from './blips/routes.js';
import { registerExportRoutes } from './export/routes.js';
import { registerImportRoutes } from './import/routes.js';
import { registerProposalCommentRoutes, registerProposalRoutes } from './proposals/routes.js';
import { registerShareLinkRoutes } from './share/routes.js';
import { registerRadarStructureRoutes } from './structure/routes.js';
import { registerTechnologyLinkRoutes, registerTechnologyRoutes } from './technologies/routes.js';
import { registerVolumeRoutes } from './volumes/routes.js';

/**
 * The radar's HTTP surface, one sub-capability after the other. Viewers read; members write technologies, place
 * blips, propose and comment; admins change radar structure, move or remove blips directly, publish volumes, import,
 * and decide proposals (ADR 0021). The order is the OpenAPI document's order of paths.
 */
export function registerRadarRoutes(app: App, context: ServiceContext): void {
  registerRadarStructureRoutes(app, context);
  registerBlipRoutes(app, context);
  registerVolumeRoutes(app, context);
  registerExportRoutes(app, context);
  registerImportRoutes(app, context);
  registerTechnologyRoutes(app, context);
  registerTechnologyLinkRoutes(app, context);
  registerProposalRoutes(app, context);
  registerProposalCommentRoutes(app, context);
  registerShareLinkRoutes(app, context);
}
