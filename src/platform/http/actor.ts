import type { FastifyRequest } from 'fastify';
import type { Principal } from './access.js';

/** Who did something and from where: carried into audit records (and later events and jobs). */
export interface ActorContext {
  readonly principal: Principal | null;
  readonly ip: string | null;
  readonly requestId: string | null;
}

export function actorContext(request: FastifyRequest): ActorContext {
  return { principal: request.principal, ip: request.ip ?? null, requestId: request.id };
}

/** Work started by an operator at the command line, not through the API. */
export const CLI_ACTOR: ActorContext = { principal: null, ip: null, requestId: null };
