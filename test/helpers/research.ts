import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import type { CreateTechnologyInput } from '../../src/modules/radar/technologies/schemas.js';
import * as technologies from '../../src/modules/radar/technologies/service.js';
import type { ServiceContext } from '../../src/platform/context.js';
import { liveStreams } from '../../src/platform/events/live-streams.js';
import type { ProjectScope } from '../../src/platform/http/access.js';
import { memoryAttemptLimiter } from '../../src/platform/http/attempt-limiter.js';
import { bearer, type TestApp, type TestUser } from './app.js';

/** A scratch CC_DATA_DIR for suites that store files (attachments); remove it with the returned function. */
export function scratchDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cc-research-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `YYYY-MM-DD` in UTC, `days` from today. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The services' view of a test app, for fixtures made through another module's service. */
export function serviceContext(test: TestApp): ServiceContext {
  return {
    config: test.config,
    db: test.database.db,
    attempts: memoryAttemptLimiter(),
    jobs: test.runtime.jobs,
    feed: test.runtime.feed,
    streams: liveStreams(),
    subscribers: test.runtime.subscribers,
  };
}

/** A technology made through the radar service, acting as `user` (an owner of the project). */
export async function createTechnology(
  test: TestApp,
  projectId: string,
  user: TestUser,
  title: string,
  input: Partial<CreateTechnologyInput> = {},
): Promise<{ id: string; title: string }> {
  const scope: ProjectScope = { projectId, role: 'owner', actor: { kind: 'user', userId: user.id, isAdmin: false } };
  return technologies.createTechnology(
    serviceContext(test),
    scope,
    { principal: scope.actor, ip: null, requestId: null },
    { title, ...input },
  );
}

export async function createTask(
  test: TestApp,
  projectId: string,
  user: TestUser,
  body: Record<string, unknown>,
): Promise<{ id: string } & Record<string, unknown>> {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${projectId}/research-tasks`,
    headers: bearer(user.token),
    payload: body,
  });
  if (response.statusCode !== 201) throw new Error(`task creation failed: ${response.body}`);
  return response.json();
}

export interface FilePart {
  name: string;
  filename?: string;
  type?: string;
  content: Buffer | string;
}

/** A multipart/form-data body, built by hand so tests control every byte and header. */
export function multipart(parts: FilePart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cc${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`}\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The data of a project's events of one type, newest first. */
export async function eventsOfType(
  test: TestApp,
  projectId: string,
  user: TestUser,
  name: string,
): Promise<Array<Record<string, unknown>>> {
  const response = await test.app.inject({
    method: 'GET',
    url: `/api/v1/projects/${projectId}/events`,
    query: { type: `commandcenter.${name}.v1`, limit: '200' },
    headers: bearer(user.token),
  });
  if (response.statusCode !== 200) throw new Error(`event read failed: ${response.body}`);
  return (response.json() as { items: Array<{ data: Record<string, unknown> }> }).items.map((event) => event.data);
}

// ---- isolation-matrix fixtures (through the API, with a caller's token) ------------------------------------------

async function created(test: TestApp, options: InjectOptions): Promise<string> {
  const response = await test.app.inject(options);
  if (response.statusCode !== 201)
    throw new Error(`fixture creation failed (${response.statusCode}): ${response.body}`);
  return (response.json() as { id: string }).id;
}

let fixtureCounter = 0;

export function researchTaskFixture(test: TestApp, projectId: string, token: string): Promise<string> {
  return created(test, {
    method: 'POST',
    url: `/api/v1/projects/${projectId}/research-tasks`,
    headers: bearer(token),
    payload: { title: `matrix task ${++fixtureCounter}`, dueDate: dayFromToday(-1), tags: ['matrix'] },
  });
}

export function researchCommentFixture(test: TestApp, projectId: string, taskId: string, token: string) {
  return created(test, {
    method: 'POST',
    url: `/api/v1/projects/${projectId}/research-tasks/${taskId}/comments`,
    headers: bearer(token),
    payload: { body: `matrix comment ${++fixtureCounter}` },
  });
}

export function researchAttachmentFixture(test: TestApp, projectId: string, taskId: string, token: string) {
  return created(test, {
    method: 'POST',
    url: `/api/v1/projects/${projectId}/research-tasks/${taskId}/attachments`,
    query: { filename: 'notes.txt' },
    headers: { ...bearer(token), 'content-type': 'text/plain' },
    payload: `matrix attachment ${++fixtureCounter}`,
  });
}

/**
 * A task whose verdict can become a proposal: it studies one technology placed in Assess on the default radar and
 * recommends adopting it.
 */
export async function proposableTaskFixture(
  test: TestApp,
  projectId: string,
  owner: TestUser,
): Promise<{ taskId: string; technologyId: string }> {
  const technology = await createTechnology(test, projectId, owner, `Proposable ${++fixtureCounter}`, {
    placement: { quadrantId: 'tools', ringId: 'assess' },
  });
  const taskId = await created(test, {
    method: 'POST',
    url: `/api/v1/projects/${projectId}/research-tasks`,
    headers: bearer(owner.token),
    payload: {
      title: `Evaluate ${technology.title}`,
      technologyIds: [technology.id],
      verdict: 'adopt',
      confidence: 'high',
      findings: 'It holds up.',
    },
  });
  return { taskId, technologyId: technology.id };
}
