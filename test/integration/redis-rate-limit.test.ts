import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { requireService } from '../helpers/services.js';

const redisUrl = requireService('redis');
const LIMIT = 5;

/**
 * Two api replicas (two app instances, each with its own database) sharing one Redis share one per-client budget:
 * a client cannot get twice the limit by spreading requests over replicas.
 */
describe.skipIf(redisUrl === undefined)('global rate limit shared through Redis', () => {
  let redis: Redis;
  let replicas: [TestApp, TestApp];
  const usedIps: string[] = [];
  // A client address of our own keeps these keys apart from any other suite using the same Redis.
  const newClientIp = () => {
    const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    usedIps.push(ip);
    return ip;
  };

  beforeAll(async () => {
    redis = new Redis(redisUrl!, { maxRetriesPerRequest: 2 });
    const env = { RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    replicas = [await buildTestApp('embedded', { env, redis }), await buildTestApp('embedded', { env, redis })];
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((replica) => replica?.close()));
    if (usedIps.length > 0) await redis.del(...usedIps.map((ip) => `cc:ratelimit:${ip}`));
    await redis.quit();
  });

  const get = (replica: number, url: string, ip: string) =>
    replicas[replica]!.app.inject({ method: 'GET', url, remoteAddress: ip });

  it('counts requests to both replicas against one budget and answers 429 problem+json with Retry-After', async () => {
    const ip = newClientIp();
    const statuses: number[] = [];
    // Alternate replicas: each sees at most 3 requests, far below the limit on its own.
    for (let request = 0; request < LIMIT; request++) {
      statuses.push((await get(request % 2, '/api/v1/setup', ip)).statusCode);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    expect(Number(await redis.get(`cc:ratelimit:${ip}`))).toBe(LIMIT);

    for (const replica of [0, 1]) {
      const limited = await get(replica, '/api/v1/setup', ip);
      expect(limited.statusCode, `replica ${replica}`).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const problem = limited.json();
      expect(problem.type).toMatch(/rate-limited$/);
      expect(problem.status).toBe(429);
    }

    // Another client still has its whole budget.
    expect((await get(1, '/api/v1/setup', newClientIp())).statusCode).toBe(200);
  });

  it('never rate-limits /health', async () => {
    const ip = newClientIp();
    for (let request = 0; request < LIMIT; request++) await get(request % 2, '/api/v1/setup', ip);
    expect((await get(0, '/api/v1/setup', ip)).statusCode).toBe(429);
    for (let request = 0; request < LIMIT * 2; request++) {
      const health = await get(request % 2, '/health', ip);
      expect(health.statusCode).toBe(200);
    }
  });
});
