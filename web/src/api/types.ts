import type { paths } from './schema';

/** Response body of `GET path` (200). */
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer C } } } }
    ? C
    : never;

/** The JSON request body of `method path`, as the server's schema declares it. */
export type RequestBody<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type User = Ok<'/api/v1/auth/login', 'post'>['user'];
export type Session = Ok<'/api/v1/auth/login', 'post'>;
export type Project = Ok<'/api/v1/projects', 'get'>['items'][number];
export type Member = Ok<'/api/v1/projects/{projectId}/members', 'get'>['items'][number];
export type ApiKey = Ok<'/api/v1/projects/{projectId}/api-keys', 'get'>['items'][number];
export type CreatedApiKey = Ok<'/api/v1/projects/{projectId}/api-keys', 'post'>;

export const PROJECT_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export const API_KEY_ROLES = ['admin', 'member', 'viewer'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

const RANK: Record<string, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

/** Whether `role` is at least `minimum` (owner > admin > member > viewer). */
export function atLeast(role: string | undefined, minimum: ProjectRole): boolean {
  return (RANK[role ?? ''] ?? 0) >= (RANK[minimum] ?? 99);
}

/** A CloudEvents 1.0 envelope as the event log and the live stream deliver it. */
export type CloudEvent = Ok<'/api/v1/projects/{projectId}/events', 'get'>['items'][number];

/** A job's user-visible record (also the `data` of `commandcenter.job.updated.v1`). */
export type Job = Ok<'/api/v1/projects/{projectId}/jobs', 'get'>['items'][number];
export type JobStatus = Job['status'];
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}
