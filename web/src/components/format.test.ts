import { describe, expect, it } from 'vitest';
import { day, eventSummary, noun, plural } from './format';

describe('plural', () => {
  it('says "1 published volume", not "1 published volumes"', () => {
    expect(plural(1, 'published volume')).toBe('1 published volume');
    expect(plural(0, 'published volume')).toBe('0 published volumes');
    expect(plural(2, 'blip')).toBe('2 blips');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('day', () => {
  const medium = (utc: number) =>
    new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);

  it('shows a calendar day in the one date format, the same day in every time zone', () => {
    expect(day('2024-05-01')).toBe(medium(Date.UTC(2024, 4, 1)));
    expect(day('2024-05-01T23:30:00Z')).toBe(medium(Date.UTC(2024, 4, 1)));
    expect(day('2024-05-01')).not.toContain('2024-05-01');
  });

  it('shows a dash for no date and leaves text that is no date alone', () => {
    expect(day(null)).toBe('—');
    expect(day('')).toBe('—');
    expect(day('soon')).toBe('soon');
  });
});

describe('noun', () => {
  it('gives the noun alone for labels beside a figure', () => {
    expect(noun(1, 'job')).toBe('job');
    expect(noun(30, 'job')).toBe('jobs');
  });
});

describe('eventSummary', () => {
  it('shows dates in event data in the one date format', () => {
    const summary = eventSummary({ name: 'First', date: '2031-05-01' });
    expect(summary).toBe(`name: First · date: ${day('2031-05-01')}`);
    expect(summary).not.toContain('2031-05-01');
  });
});
