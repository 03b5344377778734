import { Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';

export const CloudEventSchema = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Uuid,
  source: Type.String(),
  type: Type.String(),
  subject: Type.String(),
  time: Timestamp,
  datacontenttype: Type.Literal('application/json'),
  data: Type.Record(Type.String(), Type.Unknown()),
  projectid: Uuid,
  correlationid: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Union([Type.String(), Type.Null()]),
  sequence: Type.Integer({ description: 'position in the log (commit order); the SSE id' }),
});

export const ActivityEntrySchema = Type.Object({
  ...CloudEventSchema.properties,
  group: Type.Union(
    [
      Type.Object({
        kind: Type.Union([Type.Literal('import'), Type.Literal('bulk'), Type.Literal('moves')]),
        count: Type.Integer({ description: 'how many events the entry stands for' }),
        firstSequence: Type.Integer({ description: "the oldest event's sequence (`sequence` is the newest's)" }),
        firstTime: Timestamp,
        counts: Type.Record(Type.String(), Type.Integer(), { description: 'events per name, e.g. technology.created' }),
      }),
      Type.Null(),
    ],
    {
      description:
        'null: one event. Otherwise the event shown stands for a group: an import (the import_completed event), ' +
        'another change of many events in one transaction, or repeated moves of one blip in a row',
    },
  ),
});

export const ActivityQuery = Type.Object({ ...PageQuery });

export const Catalog = Type.Object({
  events: Type.Array(
    Type.Object({
      type: Type.String(),
      name: Type.String(),
      version: Type.Integer(),
      description: Type.String(),
      schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of `data`' }),
    }),
  ),
  subscribers: Type.Array(
    Type.Object({ name: Type.String(), types: Type.Union([Type.Array(Type.String()), Type.Null()]) }),
  ),
});

const TypeList = Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 });

export const EventLogQuery = Type.Object({
  ...PageQuery,
  type: Type.Optional(TypeList),
  since: Type.Optional(Timestamp),
  until: Type.Optional(Timestamp),
});

export const StreamQuery = Type.Object({
  type: Type.Optional(TypeList),
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'resume after this sequence (like Last-Event-ID)',
    }),
  ),
});

export const StatsQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) });
export const Stats = Type.Object({
  since: Type.String({ format: 'date' }),
  days: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), type: Type.String(), count: Type.Integer() })),
});

export const DeadLetter = Type.Object({
  id: Uuid,
  subscriber: Type.String(),
  eventId: Uuid,
  eventSequence: Type.Integer(),
  eventType: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.String(),
  createdAt: Timestamp,
  replayedAt: Type.Union([Timestamp, Type.Null()]),
});
export const DeadLetterQuery = Type.Object({
  ...PageQuery,
  subscriber: Type.Optional(Type.String({ maxLength: 200 })),
  includeReplayed: Type.Optional(Type.Boolean({ default: false })),
});

export const ReplayBody = Type.Object(
  {
    subscriber: Type.String({ minLength: 1, maxLength: 200 }),
    deadLetterIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 1000 })),
    eventIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 10_000 })),
  },
  { description: 'name dead letters, or events, to re-deliver to one subscriber' },
);
