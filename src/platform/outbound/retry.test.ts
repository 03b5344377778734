import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retrying } from './retry.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
  });

  it('reads an HTTP-date relative to now, a past date meaning now', () => {
    expect(parseRetryAfter('Thu, 03 Dec 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Thu, 03 Dec 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, '', '-5', '1.5', 'soon', '12abc'])
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const backoff = { baseMs: 100, maxMs: 1000 };

  it('draws up to base * 2^(retry-1), capped (full jitter)', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 10].map((retry) => backoffDelay(backoff, retry, top))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(backoff, 3, () => 0)).toBe(0);
    expect(backoffDelay(backoff, 3, () => 0.5)).toBe(200);
  });
});

describe('retrying', () => {
  it('retries after the delays the policy chooses, then rethrows the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      retrying(
        async () => {
          calls += 1;
          throw new Error(`failure ${calls}`);
        },
        { attempts: 3, delayAfter: (_error, attempt) => attempt * 10, sleep: async (ms) => void waits.push(ms) },
      ),
    ).rejects.toThrow('failure 3');
    expect(waits).toEqual([10, 20]);
  });

  it('gives up at once when the policy says so or the caller stopped', async () => {
    let calls = 0;
    const fail = async () => {
      calls += 1;
      throw new Error('no');
    };
    await expect(retrying(fail, { attempts: 5, delayAfter: () => undefined, sleep: async () => {} })).rejects.toThrow();
    expect(calls).toBe(1);
    let stopped = false;
    await expect(
      retrying(fail, {
        attempts: 5,
        delayAfter: () => 1,
        stopped: () => stopped,
        sleep: async () => {
          stopped = true;
        },
      }),
    ).rejects.toThrow();
    expect(calls).toBe(2);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await retrying(
      async (attempt) => {
        calls += 1;
        if (attempt < 2) throw new Error('once');
        return 'done';
      },
      { attempts: 3, delayAfter: () => 0, sleep: async () => {} },
    );
    expect([value, calls]).toEqual(['done', 2]);
  });
});
