import type { Redis } from 'ioredis';

export interface AttemptDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Fixed-window counters for sensitive actions (logins). Redis-backed when configured, so replicas share them. */
export interface AttemptLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<AttemptDecision>;
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
      return { allowed: window.count <= limit, retryAfterSeconds: Math.ceil((window.resetAt - time) / 1000) };
    },
  };
}

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
      return { allowed: count <= limit, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
    },
  };
}
