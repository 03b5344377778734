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

export const JobSummaryQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'the period, in days' })),
});

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'completed out of finished (completed + failed); null when none finished',
});

export const JobSummary = Type.Object({
  since: Type.String({ format: 'date-time' }),
  days: Type.Integer(),
  total: Type.Integer(),
  byStatus: Type.Object(Object.fromEntries(JOB_STATUSES.map((status) => [status, Type.Integer()]))),
  successRate: Rate,
  byType: Type.Array(
    Type.Object({
      type: Type.String(),
      total: Type.Integer(),
      completed: Type.Integer(),
      failed: Type.Integer(),
      successRate: Rate,
      meanRunSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'mean run time of finished jobs' }),
    }),
  ),
});
