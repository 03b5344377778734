import type { ServiceContext } from '../../platform/context.js';
import type { ActorContext } from '../../platform/http/actor.js';

/** What most radar operations need: the database (the CLI has nothing else). */
export type DbContext = Pick<ServiceContext, 'db'>;

/**
 * The radar's state changes shared by the API, proposals and imports. Each runs inside the caller's transaction
 * and pushes its events onto `events`; the caller appends them last (ADR 0008) and commits everything at once.
 */

export const actorUserId = (actor: ActorContext): string | null => actor.principal?.userId ?? null;
