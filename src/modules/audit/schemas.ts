import { Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';

export const AuditEntry = Type.Object({
  id: Uuid,
  projectId: Type.Union([Uuid, Type.Null()]),
  actorUserId: Type.Union([Uuid, Type.Null()]),
  actorApiKeyId: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
});

export const AuditQuery = Type.Object({
  ...PageQuery,
  action: Type.Optional(Type.String({ maxLength: 100, pattern: '^[a-z_.]+$' })),
  actorUserId: Type.Optional(Uuid),
  since: Type.Optional(Timestamp),
  until: Type.Optional(Timestamp),
});

export const InstanceAuditQuery = Type.Object({ ...AuditQuery.properties, projectId: Type.Optional(Uuid) });

export type AuditFilter = {
  limit: number;
  cursor?: string;
  action?: string;
  actorUserId?: string;
  since?: string;
  until?: string;
  projectId?: string;
};
