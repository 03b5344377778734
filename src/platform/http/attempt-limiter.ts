import type { Redis } from 'ioredis';

export interface AttemptDecision {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Hits counted in the current window, this one included. */
  count: number;
}

/**
 * Fixed-window counters for sensitive actions (logins). Redis-backed when configured, so replicas share them. A
 * hit is counted before the work it guards (so parallel attempts cannot slip past the limit) and forgiven when the
 * work turns out not to be a failure (a correct password), so that only failures add up.
 */
export interface AttemptLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<AttemptDecision>;
  /** Takes back one hit of the current window (none when the window is gone). */
  forgive(key: string): Promise<void>;
}

export function memoryAttemptLimiter(now: () => number = Date.now): AttemptLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, limit, windowSeconds) {
      const time = now();
      let window = windows.get(key);
      if (window === undefined || window.resetAt <= time) {
        window = { count: 0, resetAt: time + windowSeconds * 1000 };
        windows.set(key, window);
        if (windows.size > 100_000) {
          for (const [staleKey, stale] of windows) if (stale.resetAt <= time) windows.delete(staleKey);
        }
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        retryAfterSeconds: Math.ceil((window.resetAt - time) / 1000),
        count: window.count,
      };
    },
    async forgive(key) {
      const window = windows.get(key);
      if (window !== undefined && window.resetAt > now() && window.count > 0) window.count -= 1;
    },
  };
}

/** Decrements a live counter; a window that expired meanwhile is not brought back (without a TTL) by DECR. */
const FORGIVE_SCRIPT = `if redis.call('get', KEYS[1]) and tonumber(redis.call('get', KEYS[1])) > 0 then
  return redis.call('decr', KEYS[1]) end return 0`;

export function redisAttemptLimiter(redis: Redis, namespace = 'cc:attempts:'): AttemptLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const redisKey = namespace + key;
      const results = await redis
        .multi()
        .set(redisKey, 0, 'EX', windowSeconds, 'NX')
        .incr(redisKey)
        .ttl(redisKey)
        .exec();
      const count = Number(results?.[1]?.[1] ?? 0);
      const ttl = Number(results?.[2]?.[1] ?? windowSeconds);
      return { allowed: count <= limit, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds, count };
    },
    async forgive(key) {
      await redis.eval(FORGIVE_SCRIPT, 1, namespace + key);
    },
  };
}
