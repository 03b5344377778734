import type { ServiceContext } from '../../platform/context.js';
import type { ActorContext } from '../../platform/http/actor.js';

/** What most radar operations need: the database (the CLI has nothing else). */
export type DbContext = Pick<ServiceContext, 'db'>;

/** The user behind an actor, as stored in created_by columns; null when there is none. */
export const actorUserId = (actor: ActorContext): string | null => actor.principal?.userId ?? null;
