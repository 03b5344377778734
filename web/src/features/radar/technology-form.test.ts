import { describe, expect, it } from 'vitest';
import { createBodyOf, EMPTY_DRAFT, updateBodyOf } from './technology-form';

describe('technology form bodies', () => {
  it('creates with only what was filled in, numbers parsed and dates as timestamps', () => {
    const body = createBodyOf({
      ...EMPTY_DRAFT,
      title: '  Kafka ',
      vendor: 'Apache',
      githubStars: '28000',
      lastCommitAt: '2026-10-01',
    });
    expect(body).toEqual({
      title: 'Kafka',
      vendor: 'Apache',
      status: 'discovery',
      relevance: 50,
      priority: 3,
      tags: [],
      githubStars: 28000,
      lastCommitAt: '2026-10-01T00:00:00.000Z',
    });
  });

  it('updates only the fields that changed, clearing emptied ones to null', () => {
    const base = { ...EMPTY_DRAFT, title: 'Kafka', vendor: 'Apache', latencyMs: '5', tags: ['streaming'] };
    expect(updateBodyOf({ ...base, vendor: '', priority: 5 }, base)).toEqual({ vendor: null, priority: 5 });
    expect(updateBodyOf(base, base)).toEqual({});
    expect(updateBodyOf({ ...base, tags: ['streaming', 'jvm'] }, base)).toEqual({ tags: ['streaming', 'jvm'] });
  });

  it('sends a number that does not parse as typed, so the server names the field', () => {
    const base = { ...EMPTY_DRAFT, title: 'Kafka' };
    expect(updateBodyOf({ ...base, latencyMs: 'fast' }, base)).toEqual({ latencyMs: 'fast' });
  });
});
