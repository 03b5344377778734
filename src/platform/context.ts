import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ResolvedConfig } from '../config.js';
import type { Database } from './db/database.js';
import type { AttemptLimiter } from './http/attempt-limiter.js';

/** What services need from the platform, built once in app.ts and handed to every module's routes. */
export interface ServiceContext {
  readonly config: ResolvedConfig;
  readonly db: Database;
  readonly attempts: AttemptLimiter;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
