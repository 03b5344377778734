import type { ServiceContext } from '../../platform/context.js';
import { type CloudEvent, toCloudEvent } from '../../platform/events/envelope.js';
import * as outboxStore from '../../platform/events/store.js';
import type { ProjectScope } from '../../platform/http/access.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';

/**
 * The activity read: the event log as people read it. One transaction that changed many things at once (an import,
 * a bulk change) is one entry with counts per event type; a blip moved several times in a row is one entry. The
 * grouping is done here, over the log, so a page holds `limit` entries however many events they stand for, and the
 * cursor continues after the last entry's oldest event.
 */
export interface ActivityGroup {
  kind: 'import' | 'bulk' | 'moves';
  /** How many events the entry stands for. */
  count: number;
  /** The oldest event's sequence (the entry's own `sequence` is its newest). */
  firstSequence: number;
  firstTime: string;
  /** Events per name (`technology.created`: 118). */
  counts: Record<string, number>;
}

export type ActivityEntry = CloudEvent & { group: ActivityGroup | null };

/** A transaction with at least this many events reads as one bulk entry (imports always do). */
export const BULK_MIN_EVENTS = 5;
const READ_CHUNK = 500;

const IMPORT_COMPLETED = /^commandcenter\.radar\.import_completed\.v\d+$/;
const BLIP_MOVED = /^commandcenter\.blip\.moved\.v\d+$/;

/** `commandcenter.technology.created.v1` → `technology.created`. */
export function eventName(type: string): string {
  return /^commandcenter\.(.+)\.v\d+$/.exec(type)?.[1] ?? type;
}

/**
 * Events of one transaction share the request that caused them and the transaction's start time (the `time`
 * column defaults to now(), which is the same for every statement of a transaction) and sit next to each other in
 * the log (the sequencer numbers a transaction's events together, ADR 0040).
 */
function sameTransaction(a: CloudEvent, b: CloudEvent): boolean {
  return a.correlationid === b.correlationid && a.time === b.time && a.actor === b.actor;
}

function countsOf(events: CloudEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) counts[eventName(event.type)] = (counts[eventName(event.type)] ?? 0) + 1;
  return counts;
}

function bulkEntry(events: CloudEvent[]): ActivityEntry {
  const completed = events.find((event) => IMPORT_COMPLETED.test(event.type));
  const newest = events.reduce((a, b) => (a.sequence > b.sequence ? a : b));
  const oldest = events.reduce((a, b) => (a.sequence < b.sequence ? a : b));
  const representative = completed ?? newest;
  return {
    ...representative,
    sequence: newest.sequence,
    group: {
      kind: completed === undefined ? 'bulk' : 'import',
      count: events.length,
      firstSequence: oldest.sequence,
      firstTime: oldest.time,
      counts: countsOf(events),
    },
  };
}

function isMove(entry: ActivityEntry): boolean {
  return BLIP_MOVED.test(entry.type) && (entry.group === null || entry.group.kind === 'moves');
}

/** `newer` and `older` are neighbours in the log: the same blip moved twice in a row reads as one entry. */
function collapseMoves(newer: ActivityEntry, older: ActivityEntry): ActivityEntry | undefined {
  if (!isMove(newer) || !isMove(older) || newer.data.blipId !== older.data.blipId) return undefined;
  const count = (newer.group?.count ?? 1) + (older.group?.count ?? 1);
  return {
    ...newer,
    // From where the first move started to where the last one ended.
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

/** Turns events, pushed newest first, into activity entries (`done`, newest first). */
export class ActivityGrouper {
  readonly done: ActivityEntry[] = [];
  private run: CloudEvent[] = [];
  private open: ActivityEntry | undefined;

  push(event: CloudEvent): void {
    const last = this.run.at(-1);
    if (last !== undefined && !sameTransaction(last, event)) this.closeRun();
    this.run.push(event);
  }

  /** The log has no older events: what is still open is complete. */
  finish(): ActivityEntry[] {
    this.closeRun();
    if (this.open !== undefined) this.done.push(this.open);
    this.open = undefined;
    return this.done;
  }

  private closeRun(): void {
    const events = this.run;
    this.run = [];
    if (events.length === 0) return;
    if (events.length >= BULK_MIN_EVENTS || events.some((event) => IMPORT_COMPLETED.test(event.type))) {
      this.emit(bulkEntry(events));
    } else {
      for (const event of events) this.emit({ ...event, group: null });
    }
  }

  private emit(entry: ActivityEntry): void {
    if (this.open !== undefined) {
      const collapsed = collapseMoves(this.open, entry);
      if (collapsed !== undefined) {
        this.open = collapsed;
        return;
      }
      this.done.push(this.open);
    }
    this.open = entry;
  }
}

/** Groups a list of events (newest first) as the activity read does. */
export function groupActivity(events: CloudEvent[]): ActivityEntry[] {
  const grouper = new ActivityGrouper();
  for (const event of events) grouper.push(event);
  return grouper.finish();
}

export async function listActivity(
  context: Pick<ServiceContext, 'db'>,
  scope: ProjectScope,
  query: { limit: number; cursor?: string },
) {
  const cursor = decodeCursor(query.cursor, /^\d+$/);
  const entries = await context.db.tenant(scope, async (tx) => {
    const grouper = new ActivityGrouper();
    let before = cursor === undefined ? undefined : Number(cursor);
    // Read until one entry more than the page is complete (it proves the page's last entry is whole).
    while (grouper.done.length <= query.limit) {
      const rows = await outboxStore.listProjectEvents(tx, scope.projectId, { before, limit: READ_CHUNK });
      for (const row of rows) grouper.push(toCloudEvent(row));
      if (rows.length <= READ_CHUNK) return grouper.finish();
      before = rows.at(-1)!.position;
    }
    return grouper.done;
  });
  return toPage(entries, query.limit, (entry) => String(entry.group?.firstSequence ?? entry.sequence));
}
