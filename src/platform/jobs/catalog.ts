import { type Static, type TSchema, Type } from 'typebox';
import type { Database } from '../db/database.js';
import { defineEvent } from '../events/catalog.js';
import type { ActorContext } from '../http/actor.js';

/** How pg-boss treats a queue: every job type states all of it explicitly. */
export interface JobPolicy {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** An attempt running longer than this is failed (and retried): the timeout. */
  expireInSeconds: number;
  /**
   * Workers of this queue prove they are alive this often (≥ 10 s); a worker that stops (killed, crashed) has its
   * job retried after about this long instead of waiting for `expireInSeconds`.
   */
  heartbeatSeconds: number;
  /** Parallel fetch loops per process. */
  concurrency: number;
  /** Jobs claimed per fetch; with a full batch the worker fetches again at once (burst). */
  batchSize: number;
}

export interface JobContext<P> {
  readonly payload: P;
  readonly jobId: string;
  readonly projectId: string;
  readonly attempt: number;
  readonly createdBy: string | null;
  readonly correlationId: string | null;
  readonly db: Database;
  /** Aborted when the job is cancelled or its attempt expires. */
  readonly signal: AbortSignal;
  /** Reports progress (0–100) and the current step; throws JobCancelledError once the job was cancelled. */
  progress(percent: number, step?: string): Promise<void>;
}

/**
 * A job type. Handlers must be idempotent: an attempt can die after doing part of its work (a killed worker)
 * and the next attempt starts again from the top with the same payload.
 */
export interface JobDefinition<S extends TSchema = TSchema> {
  readonly name: string;
  readonly description: string;
  readonly schema: S;
  readonly policy: JobPolicy;
  run(context: JobContext<Static<S>>): Promise<Record<string, unknown> | undefined>;
}

export function defineJob<S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(definition.name)) {
    throw new Error(`job name ${definition.name} must be dotted lower-case words`);
  }
  return definition;
}

/** The person who started the job, as the actor of everything it changes (history rows, events). */
export function jobActor(createdBy: string | null, correlationId: string | null): ActorContext {
  return {
    principal: createdBy === null ? null : { kind: 'user', userId: createdBy, isAdmin: false },
    ip: null,
    requestId: correlationId,
  };
}

export class JobCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}

export const JobView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('running'),
    Type.Literal('completed'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  step: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const jobUpdated = defineEvent(
  'job.updated',
  1,
  Type.Omit(JobView, ['payload']),
  'A job record changed: created, started, progressed, completed, failed, cancelled or requeued.',
);
