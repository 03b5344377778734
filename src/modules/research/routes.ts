import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App, ServiceContext } from '../../platform/context.js';
import { requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import { Proposal } from '../radar/proposals/schemas.js';
import { contentDisposition } from './attachment-rules.js';
import * as attachments from './attachments.js';
import * as comments from './comments.js';
import {
  Attachment,
  AttachmentListQuery,
  AttachmentParams,
  Comment,
  CommentBody,
  CommentListQuery,
  CommentParams,
  CreateTaskBody,
  ProposeBody,
  ResearchTask,
  StatsQuery,
  TaskListQuery,
  TaskParams,
  TaskStats,
  UpdateTaskBody,
  UploadQuery,
} from './schemas.js';
import * as research from './service.js';
import { readUpload } from './uploads.js';

const BASE = '/api/v1/projects/:projectId/research-tasks';
const tags = ['research'];

export async function registerResearchRoutes(app: App, context: ServiceContext): Promise<void> {
  app.get(
    BASE,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Research tasks, filtered and sorted, a page at a time',
        params: ProjectIdParams,
        querystring: TaskListQuery,
        response: { 200: Page(ResearchTask), ...problemResponses },
      },
    },
    (request) =>
      research.listTasks(context, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    BASE,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Create a research task',
        params: ProjectIdParams,
        body: CreateTaskBody,
        response: { 201: ResearchTask, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await research.createTask(context, requireScope(request), actorContext(request), request.body)),
  );

  app.get(
    `${BASE}/stats`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Counts by status and verdict; overdue and upcoming tasks with the first of each',
        params: ProjectIdParams,
        querystring: StatsQuery,
        response: { 200: TaskStats, ...problemResponses },
      },
    },
    (request) =>
      research.taskStatistics(context, requireScope(request), {
        days: request.query.days ?? 7,
        top: request.query.top ?? 5,
      }),
  );

  app.get(
    `${BASE}/:taskId`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'One research task',
        params: TaskParams,
        response: { 200: ResearchTask, ...problemResponses },
      },
    },
    (request) => research.getTask(context, requireScope(request), request.params.taskId),
  );

  app.patch(
    `${BASE}/:taskId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Change a research task (progress 100 completes it; see the completion rules in docs/api.md)',
        params: TaskParams,
        body: UpdateTaskBody,
        response: { 200: ResearchTask, ...problemResponses },
      },
    },
    (request) =>
      research.updateTask(context, requireScope(request), actorContext(request), request.params.taskId, request.body),
  );

  app.delete(
    `${BASE}/:taskId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Delete a research task with its comments and attachments',
        params: TaskParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await research.deleteTask(context, requireScope(request), actorContext(request), request.params.taskId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${BASE}/:taskId/propose`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: "Open a ring-change proposal on the radar from the task's verdict, linked to the task",
        params: TaskParams,
        body: ProposeBody,
        response: { 201: Proposal, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await research.proposeFromVerdict(
            context,
            requireScope(request),
            actorContext(request),
            request.params.taskId,
            request.body,
          ),
        ),
  );

  // ---- comments

  app.get(
    `${BASE}/:taskId/comments`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: "A task's comments, oldest first",
        params: TaskParams,
        querystring: CommentListQuery,
        response: { 200: Page(Comment), ...problemResponses },
      },
    },
    (request) =>
      comments.listComments(context, requireScope(request), request.params.taskId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    `${BASE}/:taskId/comments`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Comment on a task',
        params: TaskParams,
        body: CommentBody,
        response: { 201: Comment, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await comments.addComment(
            context,
            requireScope(request),
            actorContext(request),
            request.params.taskId,
            request.body.body,
          ),
        ),
  );

  app.delete(
    `${BASE}/:taskId/comments/:commentId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: "Delete a comment: your own, or anyone's as an admin",
        params: CommentParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await comments.deleteComment(
        context,
        requireScope(request),
        actorContext(request),
        request.params.taskId,
        request.params.commentId,
      );
      return reply.code(204).send(null);
    },
  );

  // ---- attachments

  app.get(
    `${BASE}/:taskId/attachments`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: "A task's attachments",
        params: TaskParams,
        querystring: AttachmentListQuery,
        response: { 200: Page(Attachment), ...problemResponses },
      },
    },
    (request) =>
      attachments.listAttachments(context, requireScope(request), request.params.taskId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );

  app.get(
    `${BASE}/:taskId/attachments/:attachmentId/content`,
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Download an attachment (its own Content-Type, as an attachment, never rendered inline)',
        params: AttachmentParams,
        response: {
          200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }),
          304: Type.Null({ description: 'If-None-Match named the current ETag (the content hash)' }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { attachment, stream } = await attachments.openAttachment(
        context,
        requireScope(request),
        request.params.taskId,
        request.params.attachmentId,
      );
      const etag = `"${attachment.sha256}"`;
      reply.headers({
        'content-type': attachment.contentType,
        'content-length': String(attachment.sizeBytes),
        'content-disposition': contentDisposition(attachment.filename),
        etag,
        'cache-control': 'private, max-age=0, must-revalidate',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      });
      if (request.headers['if-none-match'] === etag) {
        stream.destroy();
        return reply.code(304).send(null);
      }
      return reply.send(stream);
    },
  );

  app.delete(
    `${BASE}/:taskId/attachments/:attachmentId`,
    {
      config: { minRole: 'member' },
      schema: {
        tags,
        summary: 'Delete an attachment (its content goes when no other attachment of the project shares it)',
        params: AttachmentParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await attachments.deleteAttachment(
        context,
        requireScope(request),
        actorContext(request),
        request.params.taskId,
        request.params.attachmentId,
      );
      return reply.code(204).send(null);
    },
  );

  // Uploads read their body as a stream with its own size limit (CC_ATTACHMENT_MAX_BYTES, not BODY_LIMIT_BYTES),
  // so they live in a plugin scope whose body parsers hand the stream over instead of parsing JSON.
  await app.register(async (scoped) => {
    const uploads = scoped.withTypeProvider<TypeBoxTypeProvider>();
    uploads.removeAllContentTypeParsers();
    await uploads.register(multipart, { limits: { fileSize: context.config.attachmentMaxBytes + 1 } });
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null));
    uploads.post(
      `${BASE}/:taskId/attachments`,
      {
        config: { minRole: 'member' },
        schema: {
          tags,
          summary: 'Attach a file: multipart/form-data with one file part, or the raw bytes with ?filename=',
          description: `At most CC_ATTACHMENT_MAX_BYTES (413 beyond); the type must be in CC_ATTACHMENT_TYPES (415 otherwise) and agree with the content (422 otherwise). Identical content is stored once per project.`,
          consumes: ['multipart/form-data', 'application/octet-stream'],
          params: TaskParams,
          querystring: UploadQuery,
          response: { 201: Attachment, ...problemResponses },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, context.config.attachmentMaxBytes, request.query.filename);
        return reply
          .code(201)
          .send(
            await attachments.addAttachment(
              context,
              requireScope(request),
              actorContext(request),
              request.params.taskId,
              upload,
            ),
          );
      },
    );
  });
}
