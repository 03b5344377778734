import { Type } from 'typebox';
import type { App, ServiceContext } from '../../platform/context.js';
import { requirePrincipal, requireScope } from '../../platform/http/access.js';
import { actorContext } from '../../platform/http/actor.js';
import { Page, ProjectIdParams, problemResponses } from '../../platform/http/schemas.js';
import {
  AddMemberBody,
  CreateProjectBody,
  Member,
  MemberListQuery,
  MemberParams,
  Project,
  ProjectListQuery,
  UpdateMemberBody,
  UpdateProjectBody,
} from './schemas.js';
import * as projects from './service.js';

export function registerProjectRoutes(app: App, context: ServiceContext): void {
  const { db } = context;
  app.get(
    '/api/v1/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Projects I am a member of (an API key sees its own project)',
        querystring: ProjectListQuery,
        response: { 200: Page(Project), ...problemResponses },
      },
    },
    (request) =>
      projects.listMyProjects(db, requirePrincipal(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/api/v1/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create a project; you become its owner',
        body: CreateProjectBody,
        response: { 201: Project, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await projects.createProject(db, actorContext(request), request.body)),
  );

  app.get(
    '/api/v1/projects/:projectId',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['projects'],
        summary: 'One project',
        params: ProjectIdParams,
        response: { 200: Project, ...problemResponses },
      },
    },
    (request) => projects.getProject(db, requireScope(request)),
  );

  app.patch(
    '/api/v1/projects/:projectId',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['projects'],
        summary: 'Rename or describe a project',
        params: ProjectIdParams,
        body: UpdateProjectBody,
        response: { 200: Project, ...problemResponses },
      },
    },
    (request) => projects.updateProject(db, requireScope(request), actorContext(request), request.body),
  );

  app.delete(
    '/api/v1/projects/:projectId',
    {
      config: { minRole: 'owner' },
      schema: {
        tags: ['projects'],
        summary: 'Delete a project and everything in it',
        params: ProjectIdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await projects.deleteProject(context, requireScope(request), actorContext(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/projects/:projectId/members',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['members'],
        summary: "The project's members",
        params: ProjectIdParams,
        querystring: MemberListQuery,
        response: { 200: Page(Member), ...problemResponses },
      },
    },
    (request) =>
      projects.listMembers(db, requireScope(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/api/v1/projects/:projectId/members',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'],
        summary: 'Add an existing account by email with a role (instance administrators; others invite)',
        params: ProjectIdParams,
        body: AddMemberBody,
        response: { 201: Member, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await projects.addMember(
            db,
            requireScope(request),
            actorContext(request),
            request.body.email,
            request.body.role,
          ),
        ),
  );

  app.patch(
    '/api/v1/projects/:projectId/members/:userId',
    {
      config: { minRole: 'admin' },
      schema: {
        tags: ['members'],
        summary: "Change a member's role (the last owner cannot be demoted)",
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: Member, ...problemResponses },
      },
    },
    (request) =>
      projects.changeMemberRole(
        db,
        requireScope(request),
        actorContext(request),
        request.params.userId,
        request.body.role,
      ),
  );

  app.delete(
    '/api/v1/projects/:projectId/members/:userId',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['members'],
        summary: 'Remove a member (admins), or leave (yourself); the last owner cannot leave',
        params: MemberParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await projects.removeMember(db, requireScope(request), actorContext(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
