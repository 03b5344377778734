import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ServiceContext } from '../../src/platform/context.js';
import { liveStreams } from '../../src/platform/events/live-streams.js';
import type { ProjectRole, ProjectScope } from '../../src/platform/http/access.js';
import type { ActorContext } from '../../src/platform/http/actor.js';
import { memoryAttemptLimiter } from '../../src/platform/http/attempt-limiter.js';
import { bearer, type TestApp, type TestUser } from './app.js';
import { waitFor } from './wait.js';

/** The shared, read-only data sets beside the repository (never copied into it). */
export const THOUGHTWORKS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'data',
  'radar',
  'thoughtworks',
);
export const THOUGHTWORKS_VOLUMES = [
  { file: 'vol30-2024-Apr.csv', name: 'Volume 30', date: '2024-04-01' },
  { file: 'vol31-2024-Oct.csv', name: 'Volume 31', date: '2024-10-01' },
  { file: 'vol32-2025-Apr.csv', name: 'Volume 32', date: '2025-04-01' },
  { file: 'vol33-2025-Nov.csv', name: 'Volume 33', date: '2025-11-01' },
  { file: 'vol34-2026-Apr.csv', name: 'Volume 34', date: '2026-04-01' },
] as const;

export function thoughtworksCsv(file: string): string {
  return readFileSync(join(THOUGHTWORKS_DIR, file), 'utf8');
}

/** The services' view of a test app, for calling the radar service directly (as other modules do). */
export function radarContext(test: TestApp): ServiceContext {
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

/** A user's scope and actor in a project, as the access gate would make them. */
export function actingAs(
  projectId: string,
  user: TestUser,
  role: ProjectRole,
): { scope: ProjectScope; actor: ActorContext } {
  const principal = { kind: 'user' as const, userId: user.id, isAdmin: false };
  return { scope: { projectId, role, actor: principal }, actor: { principal, ip: null, requestId: 'radar-test' } };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A request to a project route as `user`; returns the raw response. */
export function projectCall(test: TestApp, projectId: string) {
  return (method: Method, path: string, user: TestUser | string, payload?: object) =>
    test.app.inject({
      method,
      url: `/api/v1/projects/${projectId}${path}`,
      headers: bearer(typeof user === 'string' ? user : user.token),
      ...(payload === undefined ? {} : { payload }),
    });
}

/** Like projectCall, but asserts the status and returns the JSON body. */
export function projectJson(test: TestApp, projectId: string) {
  const call = projectCall(test, projectId);
  return async (method: Method, path: string, user: TestUser | string, payload: object | undefined, status: number) => {
    const response = await call(method, path, user, payload);
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(status);
    return response.body === '' ? undefined : response.json();
  };
}

/** Waits for a job to finish (completed or failed) and returns its record. */
export async function waitForJob(test: TestApp, projectId: string, user: TestUser, jobId: string, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const response = await test.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${projectId}/jobs/${jobId}`,
        headers: bearer(user.token),
      });
      const job = response.json() as { status: string; result: Record<string, unknown> | null; error: string | null };
      return job.status === 'completed' || job.status === 'failed' ? job : undefined;
    },
    timeoutMs,
    `job ${jobId}`,
  );
}

// ---- fixtures for the isolation matrix (made through the API) -------------------------------------------------

let fixtureCounter = 0;
const unique = () => `${Date.now()}-${++fixtureCounter}`;

async function ok(
  test: TestApp,
  method: Method,
  url: string,
  token: string,
  payload: object | undefined,
  status: number,
) {
  const response = await test.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload }),
  });
  if (response.statusCode !== status) {
    throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  }
  return response.body === '' ? undefined : response.json();
}

export async function defaultRadarId(test: TestApp, projectId: string, token: string): Promise<string> {
  const page = await ok(test, 'GET', `/api/v1/projects/${projectId}/radars`, token, undefined, 200);
  return (page.items as Array<{ id: string; isDefault: boolean }>).find((radar) => radar.isDefault)!.id;
}

/** A non-default radar (one that may be deleted). */
export async function radarFixture(test: TestApp, projectId: string, token: string): Promise<string> {
  const radar = await ok(
    test,
    'POST',
    `/api/v1/projects/${projectId}/radars`,
    token,
    { name: `Radar ${unique()}` },
    201,
  );
  return radar.id;
}

export async function technologyFixture(test: TestApp, projectId: string, token: string): Promise<string> {
  const technology = await ok(
    test,
    'POST',
    `/api/v1/projects/${projectId}/technologies`,
    token,
    { title: `Technology ${unique()}` },
    201,
  );
  return technology.id;
}

/** A technology placed on the default radar (Tools, Assess). */
export async function blipFixture(
  test: TestApp,
  projectId: string,
  token: string,
): Promise<{ technologyId: string; blipId: string; radarId: string }> {
  const technology = await ok(
    test,
    'POST',
    `/api/v1/projects/${projectId}/technologies`,
    token,
    { title: `Placed ${unique()}`, placement: { quadrantId: 'tools', ringId: 'assess' } },
    201,
  );
  const blip = technology.blips[0] as { id: string; radarId: string };
  return { technologyId: technology.id, blipId: blip.id, radarId: blip.radarId };
}

export async function volumeFixture(
  test: TestApp,
  projectId: string,
  token: string,
): Promise<{ radarId: string; volumeId: string }> {
  const radarId = await defaultRadarId(test, projectId, token);
  const volume = await ok(
    test,
    'POST',
    `/api/v1/projects/${projectId}/radars/${radarId}/volumes`,
    token,
    { name: `Volume ${unique()}`, date: '2030-01-01' },
    201,
  );
  return { radarId, volumeId: volume.id };
}

export async function relationFixture(
  test: TestApp,
  projectId: string,
  token: string,
): Promise<{ technologyId: string; relationId: string }> {
  const technologyId = await technologyFixture(test, projectId, token);
  const targetTechnologyId = await technologyFixture(test, projectId, token);
  const relation = await ok(
    test,
    'POST',
    `/api/v1/projects/${projectId}/technologies/${technologyId}/relations`,
    token,
    { kind: 'depends_on', targetTechnologyId },
    201,
  );
  return { technologyId, relationId: relation.id };
}

/** An open proposal (Assess → Adopt) on a fresh blip; the owner places it, `proposerToken` proposes. */
export async function proposalFixture(
  test: TestApp,
  projectId: string,
  ownerToken: string,
  proposerToken: string = ownerToken,
): Promise<string> {
  const { blipId } = await blipFixture(test, projectId, ownerToken);
  const proposal = await ok(
    test,
    'POST',
    `/api/v1/projects/${projectId}/proposals`,
    proposerToken,
    { blipId, toRingId: 'adopt', rationale: 'proven in production' },
    201,
  );
  return proposal.id;
}

/** A one-row BYOR CSV with a fresh name. */
export function tinyCsv(): string {
  return `name,ring,quadrant,isNew,description\nImported ${unique()},trial,tools,TRUE,<p>from the matrix</p>\n`;
}
