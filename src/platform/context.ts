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
import type { EventFeed } from './events/feed.js';
import type { LiveStreams } from './events/live-streams.js';
import type { Subscriber } from './events/subscribers.js';
import type { AttemptLimiter } from './http/attempt-limiter.js';
import type { Jobs } from './jobs/jobs.js';

/** What services need from the platform, built once in app.ts and handed to every module's routes. */
export interface ServiceContext {
  readonly config: ResolvedConfig;
  readonly db: Database;
  readonly attempts: AttemptLimiter;
  readonly jobs: Jobs;
  /** This process's live view of committed events (Server-Sent Events read from it). */
  readonly feed: EventFeed;
  /** This process's open live streams (shutdown ends them). */
  readonly streams: LiveStreams;
  /** Every event subscriber of the product, for replays and the catalog. */
  readonly subscribers: readonly Subscriber[];
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
