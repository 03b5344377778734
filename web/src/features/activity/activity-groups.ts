import type { CloudEvent } from '../../api/types';

/**
 * The rail's grouping, as the server's activity read does it (src/modules/events/activity.ts): a transaction of many
 * events (an import, a bulk change) reads as one entry with counts, repeated moves of a blip in a row as one. The
 * server groups the history; this groups only what the live stream delivered since, until the next read settles it.
 */
export interface ActivityGroup {
  kind: 'import' | 'bulk' | 'moves';
  count: number;
  firstSequence: number;
  firstTime: string;
  counts: Record<string, number>;
}

export type ActivityEntry = CloudEvent & { group: ActivityGroup | null };

const BULK_MIN_EVENTS = 5;
const IMPORT_COMPLETED = /^commandcenter\.radar\.import_completed\.v\d+$/;
const BLIP_MOVED = /^commandcenter\.blip\.moved\.v\d+$/;

export function eventName(type: string): string {
  return /^commandcenter\.(.+)\.v\d+$/.exec(type)?.[1] ?? type;
}

const sameTransaction = (a: CloudEvent, b: CloudEvent) =>
  a.correlationid === b.correlationid && a.time === b.time && a.actor === b.actor;

function bulkEntry(events: CloudEvent[]): ActivityEntry {
  const counts: Record<string, number> = {};
  for (const event of events) counts[eventName(event.type)] = (counts[eventName(event.type)] ?? 0) + 1;
  const completed = events.find((event) => IMPORT_COMPLETED.test(event.type));
  const newest = events.reduce((a, b) => (a.sequence > b.sequence ? a : b));
  const oldest = events.reduce((a, b) => (a.sequence < b.sequence ? a : b));
  return {
    ...(completed ?? newest),
    sequence: newest.sequence,
    group: {
      kind: completed === undefined ? 'bulk' : 'import',
      count: events.length,
      firstSequence: oldest.sequence,
      firstTime: oldest.time,
      counts,
    },
  };
}

const isMove = (entry: ActivityEntry) =>
  BLIP_MOVED.test(entry.type) && (entry.group === null || entry.group.kind === 'moves');

function collapseMoves(newer: ActivityEntry, older: ActivityEntry): ActivityEntry | undefined {
  if (!isMove(newer) || !isMove(older) || newer.data.blipId !== older.data.blipId) return undefined;
  const count = (newer.group?.count ?? 1) + (older.group?.count ?? 1);
  return {
    ...newer,
    data: { ...newer.data, from: older.data.from },
    group: {
      kind: 'moves',
      count,
      firstSequence: older.group?.firstSequence ?? older.sequence,
      firstTime: older.group?.firstTime ?? older.time,
      counts: { [eventName(newer.type)]: count },
    },
  };
}

/** Events (newest first) into entries; `older` (already grouped, e.g. the server's page) continues the list. */
export function groupActivity(events: CloudEvent[], older: ActivityEntry[] = []): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  const emit = (entry: ActivityEntry) => {
    const last = entries.at(-1);
    const collapsed = last === undefined ? undefined : collapseMoves(last, entry);
    if (collapsed !== undefined) entries[entries.length - 1] = collapsed;
    else entries.push(entry);
  };
  let run: CloudEvent[] = [];
  const closeRun = () => {
    if (run.length >= BULK_MIN_EVENTS || run.some((event) => IMPORT_COMPLETED.test(event.type))) emit(bulkEntry(run));
    else for (const event of run) emit({ ...event, group: null });
    run = [];
  };
  for (const event of events) {
    const last = run.at(-1);
    if (last !== undefined && !sameTransaction(last, event)) closeRun();
    run.push(event);
  }
  closeRun();
  for (const entry of older) emit(entry);
  return entries;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Title, summary and where to go for a grouped entry (undefined for a single event). */
export function describeGroup(
  entry: ActivityEntry,
  projectId: string,
): { title: string; summary: string; link?: { to: string; label: string } } | undefined {
  const group = entry.group;
  if (group === null) return undefined;
  const counts = group.counts;
  const n = (name: string) => counts[name] ?? 0;
  const radarId = typeof entry.data.radarId === 'string' ? entry.data.radarId : undefined;
  const volume = typeof entry.data.volumeId === 'string' ? `&volume=${entry.data.volumeId}` : '';
  const radarLink =
    radarId === undefined
      ? undefined
      : { to: `/projects/${projectId}/radar?radar=${radarId}${volume}`, label: 'Open the radar' };
  if (group.kind === 'import') {
    const parts: string[] = [];
    if (n('technology.created') > 0)
      parts.push(`created ${plural(n('technology.created'), 'technology', 'technologies')}`);
    if (n('technology.updated') > 0)
      parts.push(`updated ${plural(n('technology.updated'), 'technology', 'technologies')}`);
    const title = parts.length === 0 ? 'Import applied' : `Import ${parts.join(' and ')}`;
    const blips: string[] = [];
    if (n('blip.placed') > 0) blips.push(`placed ${plural(n('blip.placed'), 'blip')}`);
    if (n('blip.moved') > 0) blips.push(`moved ${plural(n('blip.moved'), 'blip')}`);
    if (n('blip.removed') > 0) blips.push(`removed ${plural(n('blip.removed'), 'blip')}`);
    if (n('radar.volume_published') > 0) blips.push('published a volume');
    const conflicts = typeof entry.data.conflicts === 'number' && entry.data.conflicts > 0 ? entry.data.conflicts : 0;
    if (conflicts > 0) blips.push(plural(conflicts, 'conflict'));
    return { title, summary: blips.length === 0 ? '' : `(and ${blips.join(', ')})`, link: radarLink };
  }
  if (group.kind === 'moves') {
    const from = entry.data.from as { ringId?: string } | undefined;
    const to = entry.data.to as { ringId?: string } | undefined;
    const title = typeof entry.data.title === 'string' ? entry.data.title : 'A blip';
    return {
      title: `${title} moved ${group.count} times`,
      summary: from?.ringId !== undefined && to?.ringId !== undefined ? `${from.ringId} → ${to.ringId}` : '',
      link: radarLink,
    };
  }
  const summary = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, count]) => `${name.replace(/[._]/g, ' ')} ×${count}`)
    .join(' · ');
  return { title: `${plural(group.count, 'change')} at once`, summary, link: radarLink };
}
