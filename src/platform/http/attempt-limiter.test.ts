import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireService } from '../../../test/helpers/services.js';
import { type AttemptLimiter, memoryAttemptLimiter, redisAttemptLimiter } from './attempt-limiter.js';

async function hits(limiter: AttemptLimiter, key: string, count: number, limit: number, windowSeconds: number) {
  const decisions = [];
  for (let index = 0; index < count; index++) decisions.push(await limiter.hit(key, limit, windowSeconds));
  return decisions;
}

describe('memoryAttemptLimiter (fixed window, injected clock)', () => {
  it('allows `limit` hits per window, then refuses with the time left in the window', async () => {
    let now = 1_000_000;
    const limiter = memoryAttemptLimiter(() => now);
    const first = await hits(limiter, 'login:a', 3, 3, 60);
    expect(first.map((decision) => decision.allowed)).toEqual([true, true, true]);
    expect(first[0]!.retryAfterSeconds).toBe(60);

    expect(await limiter.hit('login:a', 3, 60)).toEqual({ allowed: false, retryAfterSeconds: 60, count: 4 });
    now += 20_000;
    expect(await limiter.hit('login:a', 3, 60)).toEqual({ allowed: false, retryAfterSeconds: 40, count: 5 });
    now += 39_500; // 500 ms left: rounded up, never 0
    expect(await limiter.hit('login:a', 3, 60)).toEqual({ allowed: false, retryAfterSeconds: 1, count: 6 });
  });

  it('starts a fresh window exactly when the old one ends; refused hits do not extend it', async () => {
    let now = 0;
    const limiter = memoryAttemptLimiter(() => now);
    await hits(limiter, 'k', 2, 2, 10);
    now = 9_999;
    expect((await limiter.hit('k', 2, 10)).allowed).toBe(false);
    now = 10_000;
    const fresh = await hits(limiter, 'k', 3, 2, 10);
    expect(fresh.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(fresh[2]!.retryAfterSeconds).toBe(10);
  });

  it('forgives a hit in the current window only, never below zero', async () => {
    let now = 0;
    const limiter = memoryAttemptLimiter(() => now);
    await hits(limiter, 'f', 2, 2, 10);
    await limiter.forgive('f');
    expect(await limiter.hit('f', 2, 10)).toMatchObject({ allowed: true, count: 2 });
    await limiter.forgive('f');
    await limiter.forgive('f');
    await limiter.forgive('f');
    expect(await limiter.hit('f', 2, 10)).toMatchObject({ allowed: true, count: 1 });
    now = 10_000;
    await limiter.forgive('f');
    expect(await limiter.hit('f', 2, 10)).toMatchObject({ allowed: true, count: 1, retryAfterSeconds: 10 });
  });

  it('keeps keys apart', async () => {
    const now = 5;
    const limiter = memoryAttemptLimiter(() => now);
    await hits(limiter, 'account:a', 2, 1, 60);
    expect((await limiter.hit('account:a', 1, 60)).allowed).toBe(false);
    expect((await limiter.hit('account:b', 1, 60)).allowed).toBe(true);
    expect((await limiter.hit('ip:a', 1, 60)).allowed).toBe(true);
  });

  it('forgets expired windows when many keys pile up, and still counts live ones', async () => {
    let now = 0;
    const limiter = memoryAttemptLimiter(() => now);
    await limiter.hit('survivor', 1, 3600);
    for (let index = 0; index < 100_001; index++) await limiter.hit(`spray-${index}`, 1, 1);
    now = 2_000;
    await limiter.hit('trigger-cleanup', 1, 1);
    expect((await limiter.hit('survivor', 1, 3600)).allowed).toBe(false);
    expect((await limiter.hit('spray-0', 1, 1)).allowed).toBe(true);
  });
});

const redisUrl = requireService('redis');

describe.skipIf(redisUrl === undefined)('redisAttemptLimiter on the machine Redis', () => {
  let redis: Redis;
  const namespace = `cc:test:attempts:${randomBytes(6).toString('hex')}:`;
  beforeAll(() => {
    redis = new Redis(redisUrl!, { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${namespace}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts hits across limiter instances (replicas) and refuses past the limit', async () => {
    const replicaA = redisAttemptLimiter(redis, namespace);
    const replicaB = redisAttemptLimiter(redis, namespace);
    const decisions = [
      await replicaA.hit('count', 3, 30),
      await replicaB.hit('count', 3, 30),
      await replicaA.hit('count', 3, 30),
      await replicaB.hit('count', 3, 30),
    ];
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    for (const decision of decisions) {
      expect(decision.retryAfterSeconds).toBeGreaterThanOrEqual(29);
      expect(decision.retryAfterSeconds).toBeLessThanOrEqual(30);
    }
    expect(await redis.get(`${namespace}count`)).toBe('4');
    const ttl = await redis.ttl(`${namespace}count`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it('forgives a hit across replicas, and never brings back an expired window without its TTL', async () => {
    const replicaA = redisAttemptLimiter(redis, namespace);
    const replicaB = redisAttemptLimiter(redis, namespace);
    await hits(replicaA, 'forgive', 2, 2, 30);
    await replicaB.forgive('forgive');
    expect(await replicaA.hit('forgive', 2, 30)).toMatchObject({ allowed: true, count: 2 });
    await replicaB.forgive('never-hit');
    expect(await redis.exists(`${namespace}never-hit`)).toBe(0);
  });

  it('keeps keys apart', async () => {
    const limiter = redisAttemptLimiter(redis, namespace);
    await hits(limiter, 'apart-a', 2, 1, 30);
    expect((await limiter.hit('apart-a', 1, 30)).allowed).toBe(false);
    expect((await limiter.hit('apart-b', 1, 30)).allowed).toBe(true);
  });

  it('opens a fresh window when the old one expires, and refused hits do not extend it', async () => {
    const limiter = redisAttemptLimiter(redis, namespace);
    const key = `${namespace}expiry`;
    const first = await hits(limiter, 'expiry', 3, 2, 30);
    expect(first.map((decision) => decision.allowed)).toEqual([true, true, false]);
    // 10 s of the window gone, by Redis's own clock (no sleeping): a refused hit leaves the expiry where it is.
    await redis.pexpire(key, 20_000);
    expect(await limiter.hit('expiry', 2, 30)).toMatchObject({ allowed: false, retryAfterSeconds: 20 });
    expect(await redis.pttl(key)).toBeLessThanOrEqual(20_000);
    // The window ends when Redis expires the key, which removes it: the next hits open a fresh window with its TTL.
    await redis.del(key);
    const fresh = await hits(limiter, 'expiry', 3, 2, 30);
    expect(fresh.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
