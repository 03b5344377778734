import { describe, expect, it } from 'vitest';
import { DEFAULT_RINGS, normalizeSegments, segmentSlug } from './segments.js';

describe('segmentSlug', () => {
  it('makes ids from names', () => {
    expect(segmentSlug('Languages & Frameworks')).toBe('languages-and-frameworks');
    expect(segmentSlug('  Ádopt!! ')).toBe('adopt');
    expect(segmentSlug('***')).toBe('segment');
  });
});

describe('normalizeSegments', () => {
  it('keeps explicit ids, derives unique ones, defaults colours, and reports duplicates', () => {
    const { segments, errors } = normalizeSegments(
      [{ name: 'Use' }, { id: 'use', name: 'Use it' }, { name: 'Use', color: '#ABCDEF' }],
      'rings',
    );
    expect(segments.map((segment) => segment.id)).toEqual(['use-2', 'use', 'use-3']);
    expect(segments[2]!.color).toBe('#abcdef');
    expect(errors).toEqual([{ pointer: '/body/rings/2/name', detail: '"Use" appears twice' }]);
  });

  it('keeps the id of an existing segment sent by its unchanged name', () => {
    const { segments } = normalizeSegments([{ name: 'hold' }, { name: 'Adopt' }], 'rings', DEFAULT_RINGS);
    expect(segments.map((segment) => segment.id)).toEqual(['hold', 'adopt']);
  });
});
