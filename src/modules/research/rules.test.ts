import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CompletionState,
  isCalendarDay,
  normalizeTags,
  resolveCompletion,
  resolveVerdict,
  utcDay,
} from './rules.js';
import { RESEARCH_STATUSES } from './tables.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const EARLIER = new Date('2026-03-01T09:00:00Z');
const state = (status: CompletionState['status'], progress: number): CompletionState => ({
  status,
  progress,
  completedAt: status === 'completed' ? EARLIER : null,
});
const ok = (result: ReturnType<typeof resolveCompletion>) => {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
};

describe('resolveCompletion', () => {
  it('starts new tasks pending at 0, or completed and stamped when created at 100 or completed', () => {
    expect(ok(resolveCompletion(null, {}, NOW))).toEqual({ status: 'pending', progress: 0, completedAt: null });
    expect(ok(resolveCompletion(null, { progress: 100 }, NOW))).toEqual({
      status: 'completed',
      progress: 100,
      completedAt: NOW,
    });
    expect(ok(resolveCompletion(null, { status: 'completed' }, NOW))).toEqual({
      status: 'completed',
      progress: 100,
      completedAt: NOW,
    });
    expect(ok(resolveCompletion(null, { progress: 30 }, NOW)).status).toBe('in_progress');
    expect(ok(resolveCompletion(null, { status: 'blocked', progress: 30 }, NOW)).status).toBe('blocked');
  });

  it('completes at progress 100 from any status and keeps the first stamp when already completed', () => {
    for (const status of ['pending', 'in_progress', 'blocked', 'cancelled'] as const) {
      expect(ok(resolveCompletion(state(status, 40), { progress: 100 }, NOW))).toEqual({
        status: 'completed',
        progress: 100,
        completedAt: NOW,
      });
    }
    expect(ok(resolveCompletion(state('completed', 100), { progress: 100 }, NOW)).completedAt).toBe(EARLIER);
    expect(ok(resolveCompletion(state('completed', 100), { status: 'completed' }, NOW)).completedAt).toBe(EARLIER);
  });

  it('refuses contradictions between status and progress', () => {
    const a = resolveCompletion(state('in_progress', 10), { status: 'completed', progress: 90 }, NOW);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.errors[0]!.pointer).toBe('/body/progress');
    expect(resolveCompletion(state('in_progress', 10), { status: 'blocked', progress: 100 }, NOW).ok).toBe(false);
  });

  it('reopens: lower progress goes back to in_progress (pending at 0), another status restarts at 0', () => {
    expect(ok(resolveCompletion(state('completed', 100), { progress: 60 }, NOW))).toEqual({
      status: 'in_progress',
      progress: 60,
      completedAt: null,
    });
    expect(ok(resolveCompletion(state('completed', 100), { progress: 0 }, NOW)).status).toBe('pending');
    expect(ok(resolveCompletion(state('completed', 100), { status: 'blocked' }, NOW))).toEqual({
      status: 'blocked',
      progress: 0,
      completedAt: null,
    });
    expect(ok(resolveCompletion(state('completed', 100), { status: 'in_progress', progress: 80 }, NOW))).toEqual({
      status: 'in_progress',
      progress: 80,
      completedAt: null,
    });
  });

  it('starts a pending task when progress rises, and otherwise leaves status and progress to each other', () => {
    expect(ok(resolveCompletion(state('pending', 0), { progress: 5 }, NOW)).status).toBe('in_progress');
    expect(ok(resolveCompletion(state('blocked', 20), { progress: 50 }, NOW)).status).toBe('blocked');
    expect(ok(resolveCompletion(state('in_progress', 20), { status: 'blocked' }, NOW)).progress).toBe(20);
    expect(ok(resolveCompletion(state('in_progress', 20), {}, NOW))).toEqual(state('in_progress', 20));
  });

  it('always ends in a consistent state: completed exactly at 100, stamped exactly when completed', () => {
    const status = fc.constantFrom(...RESEARCH_STATUSES);
    const progress = fc.integer({ min: 0, max: 100 });
    const before = fc
      .tuple(status, progress)
      .map(([s, p]) => (s === 'completed' || p === 100 ? state('completed', 100) : state(s, p)));
    fc.assert(
      fc.property(before, fc.option(status, { nil: undefined }), fc.option(progress, { nil: undefined }), (b, s, p) => {
        const result = resolveCompletion(b, { status: s, progress: p }, NOW);
        if (!result.ok) {
          expect(
            (s === 'completed' && p !== undefined && p < 100) || (s !== undefined && s !== 'completed' && p === 100),
          ).toBe(true);
          return;
        }
        const next = result.value;
        expect(next.status === 'completed').toBe(next.progress === 100);
        expect(next.status === 'completed').toBe(next.completedAt !== null);
        if (s !== undefined) expect(next.status).toBe(s);
        if (p !== undefined) expect(next.progress).toBe(p);
      }),
    );
  });
});

describe('resolveVerdict', () => {
  it('needs a confidence with a verdict, keeps one already there, and clears it with the verdict', () => {
    expect(resolveVerdict(null, { verdict: 'adopt' }).ok).toBe(false);
    expect(resolveVerdict(null, { verdict: 'adopt', confidence: 'high' })).toEqual({
      ok: true,
      value: { verdict: 'adopt', confidence: 'high' },
    });
    expect(resolveVerdict({ verdict: 'trial', confidence: 'low' }, { verdict: 'hold' })).toEqual({
      ok: true,
      value: { verdict: 'hold', confidence: 'low' },
    });
    expect(resolveVerdict({ verdict: 'trial', confidence: 'low' }, { verdict: null })).toEqual({
      ok: true,
      value: { verdict: null, confidence: null },
    });
    expect(resolveVerdict(null, { confidence: 'low' }).ok).toBe(false);
    expect(resolveVerdict({ verdict: 'trial', confidence: 'low' }, { confidence: null }).ok).toBe(false);
  });
});

describe('days and tags', () => {
  it('adds days across months and years in UTC and recognises real calendar days', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(utcDay(new Date('2026-03-10T23:59:59-05:00'))).toBe('2026-03-11');
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2028-02-29')).toBe(true);
  });

  it('normalises tags: trimmed, lower-case, unique, order kept', () => {
    expect(normalizeTags([' Rust ', 'rust', 'WASM', '', 'db'])).toEqual(['rust', 'wasm', 'db']);
  });
});
