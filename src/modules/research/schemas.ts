import { type Static, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';
import { CONFIDENCES, RESEARCH_STATUSES, VERDICTS } from './tables.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const StatusSchema = Type.Enum(RESEARCH_STATUSES);
export const VerdictSchema = Type.Enum(VERDICTS);
export const ConfidenceSchema = Type.Enum(CONFIDENCES);

const Day = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' });
const Hours = Type.Number({ minimum: 0, maximum: 100_000 });
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^,]*\\S[^,]*$', description: 'no commas' });
const Tags = Type.Array(Tag, { maxItems: 30 });
const TechnologyIds = Type.Array(Uuid, { maxItems: 100, uniqueItems: true });
const Markdown = (maxLength: number) => Type.String({ maxLength, description: 'markdown' });

export const ResearchTask = Type.Object({
  id: Uuid,
  title: Type.String(),
  description: Type.String({ description: 'markdown' }),
  status: StatusSchema,
  assigneeId: Nullable(Uuid),
  dueDate: Nullable(Day),
  overdue: Type.Boolean({ description: 'due before today (UTC) and neither completed nor cancelled' }),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  estimatedHours: Nullable(Type.Number()),
  actualHours: Nullable(Type.Number()),
  findings: Type.String({ description: 'markdown' }),
  verdict: Nullable(VerdictSchema),
  confidence: Nullable(ConfidenceSchema),
  tags: Type.Array(Type.String()),
  technologyIds: Type.Array(Uuid),
  commentCount: Type.Integer(),
  attachmentCount: Type.Integer(),
  completedAt: NullableTimestamp,
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ResearchTaskView = Static<typeof ResearchTask>;

/** The few fields lists of "what needs attention" show (statistics, dashboard). */
export const ResearchTaskSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  status: StatusSchema,
  assigneeId: Nullable(Uuid),
  dueDate: Nullable(Day),
  progress: Type.Integer(),
});
export type ResearchTaskSummaryView = Static<typeof ResearchTaskSummary>;

export const CreateTaskBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Markdown(50_000)),
  status: Type.Optional(StatusSchema),
  assigneeId: Type.Optional(Nullable(Uuid)),
  dueDate: Type.Optional(Nullable(Day)),
  progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  estimatedHours: Type.Optional(Nullable(Hours)),
  actualHours: Type.Optional(Nullable(Hours)),
  findings: Type.Optional(Markdown(100_000)),
  verdict: Type.Optional(Nullable(VerdictSchema)),
  confidence: Type.Optional(Nullable(ConfidenceSchema)),
  tags: Type.Optional(Tags),
  technologyIds: Type.Optional(TechnologyIds),
});
export type CreateTaskInput = Static<typeof CreateTaskBody>;

export const UpdateTaskBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Markdown(50_000)),
    status: Type.Optional(StatusSchema),
    assigneeId: Type.Optional(Nullable(Uuid)),
    dueDate: Type.Optional(Nullable(Day)),
    progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    estimatedHours: Type.Optional(Nullable(Hours)),
    actualHours: Type.Optional(Nullable(Hours)),
    findings: Type.Optional(Markdown(100_000)),
    verdict: Type.Optional(Nullable(VerdictSchema)),
    confidence: Type.Optional(Nullable(ConfidenceSchema)),
    tags: Type.Optional(Tags),
    technologyIds: Type.Optional(TechnologyIds),
  },
  { minProperties: 1 },
);
export type UpdateTaskInput = Static<typeof UpdateTaskBody>;

export const TASK_SORTS = [
  'created',
  '-created',
  'updated',
  '-updated',
  'due',
  '-due',
  'progress',
  '-progress',
  'title',
  '-title',
] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const TaskListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Array(StatusSchema, { maxItems: 5 })),
  assigneeId: Type.Optional(Uuid),
  technologyId: Type.Optional(Uuid),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  verdict: Type.Optional(VerdictSchema),
  overdue: Type.Optional(Type.Boolean({ description: 'only tasks due before today (UTC) and still open' })),
  dueWithinDays: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 3650, description: 'only open tasks due from today to today + N days' }),
  ),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'matches title or description' })),
  sort: Type.Optional(
    Type.Enum(TASK_SORTS, {
      default: '-created',
      description: 'field, `-` for descending; undated tasks sort last by due date',
    }),
  ),
});
export type TaskListInput = Static<typeof TaskListQuery>;

export const StatsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 7, description: 'the "upcoming" window' })),
  top: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, default: 5, description: 'items listed per group' })),
});

export const TaskStats = Type.Object({
  total: Type.Integer(),
  byStatus: Type.Array(Type.Object({ status: StatusSchema, count: Type.Integer() })),
  byVerdict: Type.Array(Type.Object({ verdict: VerdictSchema, count: Type.Integer() })),
  averageOpenProgress: Nullable(Type.Number({ description: 'mean progress of open tasks; null without any' })),
  overdue: Type.Object({ count: Type.Integer(), items: Type.Array(ResearchTaskSummary) }),
  upcoming: Type.Object({
    days: Type.Integer(),
    count: Type.Integer(),
    items: Type.Array(ResearchTaskSummary, { description: 'open tasks due from today to today + days, soonest first' }),
  }),
});

export const TaskParams = Type.Object({ projectId: Uuid, taskId: Uuid });
export const CommentParams = Type.Object({ projectId: Uuid, taskId: Uuid, commentId: Uuid });
export const AttachmentParams = Type.Object({ projectId: Uuid, taskId: Uuid, attachmentId: Uuid });

export const Comment = Type.Object({
  id: Uuid,
  taskId: Uuid,
  authorId: Nullable(Uuid),
  body: Type.String({ description: 'markdown' }),
  createdAt: Timestamp,
});
export const CommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10_000 }) });
export const CommentListQuery = Type.Object({ ...PageQuery });

export const Attachment = Type.Object({
  id: Uuid,
  taskId: Uuid,
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String({ description: 'hex SHA-256 of the content' }),
  uploadedBy: Nullable(Uuid),
  createdAt: Timestamp,
});
export const AttachmentListQuery = Type.Object({ ...PageQuery });
export const UploadQuery = Type.Object({
  filename: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description:
        'the file name for a raw upload (body = the bytes, Content-Type = their type); multipart uploads name the file in the part',
    }),
  ),
});

export const ProposeBody = Type.Object({
  technologyId: Type.Optional(
    Type.String({ format: 'uuid', description: "one of the task's technologies; needed when it has several" }),
  ),
  radarId: Type.Optional(
    Type.String({ format: 'uuid', description: 'the radar to propose on; the default radar when absent' }),
  ),
  rationale: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 5000,
      description: 'defaults to the task title, verdict, confidence and findings',
    }),
  ),
});
export type ProposeInput = Static<typeof ProposeBody>;
