import { setTimeout as wait } from 'node:timers/promises';

/** Exponential backoff: the n-th retry waits a random time up to `baseMs * 2^(n-1)`, never above `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * "Full jitter" (a uniformly random delay between 0 and the exponential cap): callers that failed together do not
 * retry together. `random` is injectable so tests can pin the draw.
 */
export function backoffDelay(backoff: Backoff, retry: number, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/**
 * A `Retry-After` value in milliseconds from `now`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the
 * past means "now"; anything unparsable is ignored (undefined).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => wait(ms);

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  /** How long to wait before the next try after `error` failed try number `attempt`; `undefined` gives up. */
  delayAfter(error: unknown, attempt: number): number | undefined;
  /** Checked before every wait and every further try: true gives up at once with the last error. */
  stopped?: () => boolean;
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  sleep?: Sleep;
}

/** Runs `attempt` until it succeeds or the policy gives up; rethrows the last error as it was. */
export async function retrying<T>(attemptOnce: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(attempt);
    } catch (error) {
      const delayMs = attempt >= options.attempts ? undefined : options.delayAfter(error, attempt);
      if (delayMs === undefined || options.stopped?.() === true) throw error;
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
      if (options.stopped?.() === true) throw error;
    }
  }
}
