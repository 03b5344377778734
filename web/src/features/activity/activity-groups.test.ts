import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../api/types';
import { type ActivityEntry, describeGroup, groupActivity } from './activity-groups';

let sequence = 100;
function event(type: string, data: Record<string, unknown>, transaction: { time: string; correlationid: string }) {
  sequence -= 1;
  return {
    specversion: '1.0',
    id: `00000000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    source: '/commandcenter',
    type: `commandcenter.${type}.v1`,
    subject: 'x',
    datacontenttype: 'application/json',
    data,
    projectid: 'p',
    actor: 'user:u',
    sequence,
    ...transaction,
  } as CloudEvent;
}

describe('groupActivity (live events in the rail)', () => {
  it('makes an import that arrived live one entry with its counts and a link to the radar', () => {
    const tx = { time: '2026-01-01T10:00:00.000Z', correlationid: 'import-request' };
    const completed = event('radar.import_completed', { radarId: 'r1', created: 2, conflicts: 0, volumeId: null }, tx);
    const rows = [
      event('blip.placed', { radarId: 'r1' }, tx),
      event('technology.created', {}, tx),
      event('blip.placed', { radarId: 'r1' }, tx),
      event('technology.created', {}, tx),
    ];
    const entries = groupActivity([completed, ...rows]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.group).toMatchObject({ kind: 'import', count: 5 });
    expect(describeGroup(entries[0]!, 'p')).toEqual({
      title: 'Import created 2 technologies',
      summary: '(and placed 2 blips)',
      link: { to: '/projects/p/radar?radar=r1', label: 'Open the radar' },
    });
  });

  it('collapses a live move into the same blip’s moves the server already grouped', () => {
    const live = event(
      'blip.moved',
      { blipId: 'b', title: 'Kafka', radarId: 'r1', from: { ringId: 'trial' }, to: { ringId: 'adopt' } },
      { time: '2026-01-01T10:00:02.000Z', correlationid: 'c3' },
    );
    const server: ActivityEntry = {
      ...event(
        'blip.moved',
        { blipId: 'b', title: 'Kafka', radarId: 'r1', from: { ringId: 'hold' }, to: { ringId: 'trial' } },
        { time: '2026-01-01T10:00:01.000Z', correlationid: 'c2' },
      ),
      group: { kind: 'moves', count: 2, firstSequence: 1, firstTime: '2026-01-01T10:00:00.000Z', counts: {} },
    };
    const entries = groupActivity([live], [server]);
    expect(entries).toHaveLength(1);
    expect(describeGroup(entries[0]!, 'p')?.title).toBe('Kafka moved 3 times');
    expect(describeGroup(entries[0]!, 'p')?.summary).toBe('hold → adopt');
  });
});
