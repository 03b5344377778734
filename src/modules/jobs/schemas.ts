import { Type } from 'typebox';
import { PageQuery, Uuid } from '../../platform/http/schemas.js';
import { JOB_STATUSES } from '../../platform/jobs/tables.js';

export const JobStatusSchema = Type.Union(JOB_STATUSES.map((status) => Type.Literal(status)));
export const JobListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Array(Type.String({ enum: [...JOB_STATUSES] }), { maxItems: 5 })),
  type: Type.Optional(Type.String({ maxLength: 100 })),
});
export const JobParams = Type.Object({ projectId: Uuid, jobId: Uuid });
