import { EVENT_SOURCE } from './catalog.js';
import type { events } from './tables.js';

/** A stored event as CloudEvents 1.0 (structured JSON), with our extensions. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
  projectid: string;
  correlationid: string | null;
  actor: string | null;
  /** Position in the log: gap-free, given in commit order by the sequencer (ADR 0040); the SSE event id and resume point. */
  sequence: number;
}

export function toCloudEvent(row: typeof events.$inferSelect): CloudEvent {
  return {
    specversion: '1.0',
    id: row.id,
    source: EVENT_SOURCE,
    type: row.type,
    subject: row.subject,
    time: row.time.toISOString(),
    datacontenttype: 'application/json',
    data: row.data,
    projectid: row.projectId,
    correlationid: row.correlationId,
    actor: row.actor,
    sequence: row.position,
  };
}
