import { v7 as uuidv7 } from 'uuid';
import type { Database, Tx } from '../db/database.js';
import { backoffDelay } from '../outbound/retry.js';
import type { CloudEvent } from './envelope.js';
import { claimProcessed, insertDeadLetter } from './store.js';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Delay before retry n is random up to `baseDelayMs * 2^(n-1)`, capped at maxDelayMs (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Reacts to committed events. `handle` runs inside a tenant transaction of the event's project, together with the
 * subscriber's idempotency key: its database effects happen exactly once; anything external should enqueue a job.
 */
export interface Subscriber {
  /** Stable: it names the cursor, the idempotency keys and the JetStream durable consumer. */
  readonly name: string;
  /** CloudEvents types to receive; all when absent. */
  readonly types?: readonly string[];
  readonly retry?: RetryPolicy;
  handle(event: CloudEvent, tx: Tx): Promise<void>;
}

export function wants(subscriber: Subscriber, type: string): boolean {
  return subscriber.types === undefined || subscriber.types.includes(type);
}

export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return backoffDelay({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }, attempt);
}

export type DeliveryOutcome = 'applied' | 'duplicate';

/** Applies one event once: claims the idempotency key and runs the handler in one transaction. */
export async function deliverOnce(db: Database, subscriber: Subscriber, event: CloudEvent): Promise<DeliveryOutcome> {
  return db.tenant({ projectId: event.projectid }, async (tx) => {
    if (!(await claimProcessed(tx, subscriber.name, event.id, event.projectid))) return 'duplicate';
    await subscriber.handle(event, tx);
    return 'applied';
  });
}

export async function recordDeadLetter(
  db: Database,
  subscriber: Subscriber,
  event: CloudEvent,
  attempts: number,
  error: unknown,
) {
  await db.tenant({ projectId: event.projectid }, (tx) =>
    insertDeadLetter(tx, {
      id: uuidv7(),
      projectId: event.projectid,
      subscriber: subscriber.name,
      eventId: event.id,
      eventPosition: event.sequence,
      eventType: event.type,
      attempts,
      lastError: error instanceof Error ? error.message.slice(0, 2000) : String(error).slice(0, 2000),
    }),
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
