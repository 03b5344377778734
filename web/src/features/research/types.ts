// The .js suffix lets the unit test (test/e2e/web-research-model.test.ts) compile this under NodeNext as well.
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

const TASKS = '/api/v1/projects/{projectId}/research-tasks' as const;
type TaskPaths = typeof TASKS;

export type ResearchTask = Json<paths[TaskPaths]['get']['responses'][200]>['items'][number];
export type TaskStats = Json<paths['/api/v1/projects/{projectId}/research-tasks/stats']['get']['responses'][200]>;
export type TaskComment = Json<
  paths['/api/v1/projects/{projectId}/research-tasks/{taskId}/comments']['get']['responses'][200]
>['items'][number];
export type TaskAttachment = Json<
  paths['/api/v1/projects/{projectId}/research-tasks/{taskId}/attachments']['get']['responses'][200]
>['items'][number];
export type CreateTaskBody = NonNullable<paths[TaskPaths]['post']['requestBody']>['content']['application/json'];
export type UpdateTaskBody = NonNullable<
  paths['/api/v1/projects/{projectId}/research-tasks/{taskId}']['patch']['requestBody']
>['content']['application/json'];
export type ProposeBody = NonNullable<
  paths['/api/v1/projects/{projectId}/research-tasks/{taskId}/propose']['post']['requestBody']
>['content']['application/json'];
export type TaskListQuery = NonNullable<paths[TaskPaths]['get']['parameters']['query']>;

export type TaskStatus = ResearchTask['status'];
export type Verdict = NonNullable<ResearchTask['verdict']>;
export type Confidence = NonNullable<ResearchTask['confidence']>;
export type TaskSort = NonNullable<TaskListQuery['sort']>;
