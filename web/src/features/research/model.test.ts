import { describe, expect, it } from 'vitest';
import {
  filtersFromParams,
  formatBytes,
  groupByStatus,
  isFiltering,
  listQuery,
  neighbourColumn,
  normalizeTags,
  predictStatusChange,
  proposeBlocker,
  reconcileCompletion,
  TASK_STATUSES,
} from './model';
import type { ResearchTask } from './types';

/** The research pages' pure rules (web/src/research/model.ts): board columns, optimistic moves, filters, forms. */

function task(overrides: Partial<ResearchTask> = {}): ResearchTask {
  return {
    id: 'task-1',
    title: 'Evaluate Deno',
    description: '',
    status: 'pending',
    assigneeId: null,
    dueDate: null,
    overdue: false,
    progress: 0,
    estimatedHours: null,
    actualHours: null,
    findings: '',
    verdict: null,
    confidence: null,
    tags: [],
    technologyIds: [],
    commentCount: 0,
    attachmentCount: 0,
    completedAt: null,
    createdBy: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('groupByStatus', () => {
  it('gives every status a column, in board order, keeping the list order within each', () => {
    const columns = groupByStatus([
      task({ id: 'a', status: 'blocked' }),
      task({ id: 'b', status: 'pending' }),
      task({ id: 'c', status: 'blocked' }),
    ]);
    expect(Object.keys(columns)).toEqual([...TASK_STATUSES]);
    expect(columns.blocked.map((item) => item.id)).toEqual(['a', 'c']);
    expect(columns.pending.map((item) => item.id)).toEqual(['b']);
    expect(columns.completed).toEqual([]);
  });
});

describe('predictStatusChange', () => {
  it('completing sets progress 100 and stamps completedAt', () => {
    const moved = predictStatusChange(task({ status: 'in_progress', progress: 40 }), 'completed', NOW);
    expect(moved).toMatchObject({ status: 'completed', progress: 100, completedAt: NOW.toISOString() });
  });

  it('reopening a completed task restarts its progress and clears completedAt', () => {
    const done = task({ status: 'completed', progress: 100, completedAt: '2026-03-01T00:00:00.000Z' });
    expect(predictStatusChange(done, 'in_progress', NOW)).toMatchObject({
      status: 'in_progress',
      progress: 0,
      completedAt: null,
    });
  });

  it('other moves keep the progress, and overdue follows whether the task is still open', () => {
    const late = task({ status: 'in_progress', progress: 30, dueDate: '2026-03-01', overdue: true });
    expect(predictStatusChange(late, 'blocked', NOW)).toMatchObject({ progress: 30, overdue: true });
    expect(predictStatusChange(late, 'cancelled', NOW)).toMatchObject({ progress: 30, overdue: false });
  });

  it('returns the task itself when the status does not change', () => {
    const same = task();
    expect(predictStatusChange(same, 'pending', NOW)).toBe(same);
  });
});

describe('reconcileCompletion', () => {
  it('keeps status and progress consistent whichever the user changes', () => {
    expect(reconcileCompletion({ status: 'in_progress', progress: 40 }, { status: 'completed' })).toEqual({
      status: 'completed',
      progress: 100,
    });
    expect(reconcileCompletion({ status: 'in_progress', progress: 40 }, { progress: 100 })).toEqual({
      status: 'completed',
      progress: 100,
    });
    expect(reconcileCompletion({ status: 'completed', progress: 100 }, { status: 'blocked' })).toEqual({
      status: 'blocked',
      progress: 0,
    });
    expect(reconcileCompletion({ status: 'completed', progress: 100 }, { progress: 60 })).toEqual({
      status: 'in_progress',
      progress: 60,
    });
    expect(reconcileCompletion({ status: 'completed', progress: 100 }, { progress: 0 })).toEqual({
      status: 'pending',
      progress: 0,
    });
    expect(reconcileCompletion({ status: 'pending', progress: 0 }, { progress: 10 })).toEqual({
      status: 'in_progress',
      progress: 10,
    });
    expect(reconcileCompletion({ status: 'blocked', progress: 20 }, { progress: 35 })).toEqual({
      status: 'blocked',
      progress: 35,
    });
  });
});

describe('filters', () => {
  it('reads the URL, ignoring values the API would refuse', () => {
    const filters = filtersFromParams(
      new URLSearchParams('status=blocked&status=bogus&assignee=u1&overdue=true&due=abc&q=%20deno%20&sort=nope'),
    );
    expect(filters).toMatchObject({
      status: ['blocked'],
      assigneeId: 'u1',
      overdue: true,
      dueWithinDays: '',
      q: ' deno ',
      sort: '-created',
    });
  });

  it('builds the list query; the board leaves out the status, which its columns show', () => {
    const filters = filtersFromParams(new URLSearchParams('status=pending&due=14&tag=db&sort=due&q=deno'));
    expect(listQuery(filters, true)).toEqual({
      sort: 'due',
      status: ['pending'],
      dueWithinDays: 14,
      tag: 'db',
      q: 'deno',
    });
    expect(listQuery(filters, false)).toEqual({ sort: 'due', dueWithinDays: 14, tag: 'db', q: 'deno' });
    expect(isFiltering(filtersFromParams(new URLSearchParams('sort=title')), true)).toBe(false);
    expect(isFiltering(filtersFromParams(new URLSearchParams('status=pending')), false)).toBe(false);
    expect(isFiltering(filtersFromParams(new URLSearchParams('status=pending')), true)).toBe(true);
  });
});

describe('neighbourColumn', () => {
  const columns = [
    { id: 'blocked', left: 460, width: 220 },
    { id: 'pending', left: 0, width: 220 },
    { id: 'in_progress', left: 230, width: 220 },
  ];

  it('jumps to the column left or right of the one under x, in screen order', () => {
    expect(neighbourColumn(columns, 100, 1)?.id).toBe('in_progress');
    expect(neighbourColumn(columns, 300, 1)?.id).toBe('blocked');
    expect(neighbourColumn(columns, 300, -1)?.id).toBe('pending');
    expect(neighbourColumn(columns, 500, 1)).toBeUndefined();
    expect(neighbourColumn(columns, 100, -1)).toBeUndefined();
  });

  it('counts from the nearest column when x is in a gap, and copes with no columns', () => {
    expect(neighbourColumn(columns, 224, 1)?.id).toBe('in_progress');
    expect(neighbourColumn([], 10, 1)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('normalizes tags as the server compares them', () => {
    expect(normalizeTags([' DB ', 'db', 'Runtime', ''])).toEqual(['db', 'runtime']);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });

  it('says why a ring change cannot be proposed yet', () => {
    expect(proposeBlocker({ verdict: null, confidence: null, technologyIds: ['t'] })).toMatch(/verdict/);
    expect(proposeBlocker({ verdict: 'adopt', confidence: 'high', technologyIds: [] })).toMatch(/technology/);
    expect(proposeBlocker({ verdict: 'adopt', confidence: 'high', technologyIds: ['t'] })).toBeNull();
  });
});
