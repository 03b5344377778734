import { describe, expect, it } from 'vitest';
import { draftsOf, moveSegment, newSegment, removedSegments, segmentsBody } from './segments';

const rings = [
  { id: 'adopt', name: 'Adopt', color: '#5ba300' },
  { id: 'trial', name: 'Trial', color: '#009eb0' },
  { id: 'hold', name: 'Hold', color: '#e09b96' },
];

describe('radar segment drafts', () => {
  it('keeps ids of existing segments and lets the server name new ones', () => {
    const drafts = [...draftsOf(rings), { ...newSegment('#123456'), name: '  Assess ' }];
    expect(segmentsBody(drafts)).toEqual([
      { id: 'adopt', name: 'Adopt', color: '#5ba300' },
      { id: 'trial', name: 'Trial', color: '#009eb0' },
      { id: 'hold', name: 'Hold', color: '#e09b96' },
      { name: 'Assess', color: '#123456' },
    ]);
  });

  it('moves a segment up or down and ignores moves past either end', () => {
    const drafts = draftsOf(rings);
    expect(moveSegment(drafts, 2, -1).map((draft) => draft.id)).toEqual(['adopt', 'hold', 'trial']);
    expect(moveSegment(drafts, 0, -1)).toBe(drafts);
    expect(moveSegment(drafts, 2, 1)).toBe(drafts);
  });

  it('names the segments an edit removes', () => {
    const drafts = draftsOf(rings).filter((draft) => draft.id !== 'trial');
    expect(removedSegments(rings, drafts)).toEqual([rings[1]]);
    expect(removedSegments(rings, draftsOf(rings))).toEqual([]);
  });

  it('gives every new segment its own key', () => {
    expect(newSegment('#000000').key).not.toBe(newSegment('#000000').key);
  });
});
