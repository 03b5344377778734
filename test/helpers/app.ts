import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { type AppDependencies, buildApp } from '../../src/app.js';
import { loadConfig, type ResolvedConfig } from '../../src/config.js';
import * as identity from '../../src/modules/identity/service.js';
import { productSubscribers } from '../../src/modules/registry.js';
import type { App } from '../../src/platform/context.js';
import type { Subscriber } from '../../src/platform/events/subscribers.js';
import { CLI_ACTOR } from '../../src/platform/http/actor.js';
import { type Runtime, type RuntimeSettings, startRuntime } from '../../src/runtime.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export function testConfig(overrides: Record<string, string> = {}): ResolvedConfig {
  const config = loadConfig({
    CC_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    // Files (attachments) go to a throwaway folder, never into the working tree.
    CC_DATA_DIR: mkdtempSync(join(tmpdir(), 'cc-test-data-')),
    ...overrides,
  });
  return { ...config, secretKey: config.secretKey! };
}

export interface TestApp {
  app: App;
  runtime: Runtime;
  database: TestDatabase;
  config: ResolvedConfig;
  /** The first step of a graceful stop (readiness 503, live streams told to reconnect), as SIGTERM takes it. */
  beginShutdown(): number;
  close(): Promise<void>;
}

/** A real app on a fresh database of the given kind; requests go through `app.inject`. */
export async function buildTestApp(
  kind: DatabaseKind,
  options: {
    env?: Record<string, string>;
    redis?: Redis;
    runtime?: Partial<RuntimeSettings> & { extraSubscribers?: readonly Subscriber[] };
    beforeRoutes?: AppDependencies['beforeRoutes'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = testConfig(options.env);
  const { extraSubscribers = [], ...settings } = options.runtime ?? {};
  const runtime = await startRuntime({
    db: database.db,
    logger: silentLogger,
    roles: ['api', 'worker'],
    jobPollingIntervalSeconds: 0.5,
    eventPollIntervalMs: 200,
    ...settings,
    config,
    subscribers: [...productSubscribers(), ...extraSubscribers],
  });
  const { app, beginShutdown } = await buildApp({
    config,
    db: database.db,
    runtime,
    redis: options.redis,
    logger: false,
    beforeRoutes: options.beforeRoutes,
  });
  return {
    app,
    beginShutdown,
    database,
    config,
    runtime,
    async close() {
      await app.close();
      await runtime.stop();
      await database.drop();
    },
  };
}

const silentLogger = { info() {}, warn() {}, error() {} };

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

let userCounter = 0;

/** Creates a user through the service and signs in through the API, returning its access token. */
export async function createUser(test: TestApp, options: { admin?: boolean; name?: string } = {}): Promise<TestUser> {
  userCounter += 1;
  const email = `${options.name ?? 'user'}-${userCounter}-${Date.now()}@example.com`;
  const user = await identity.createUser({ config: test.config, db: test.database.db }, CLI_ACTOR, {
    email,
    password: TEST_PASSWORD,
    displayName: options.name ?? `User ${userCounter}`,
    isAdmin: options.admin ?? false,
  });
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return { id: user.id, email, token: response.json().accessToken };
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

export async function createProject(
  test: TestApp,
  owner: TestUser,
  name = 'Project',
): Promise<{ id: string; slug: string }> {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/v1/projects',
    headers: bearer(owner.token),
    payload: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now()}-${++userCounter}` },
  });
  if (response.statusCode !== 201) throw new Error(`project creation failed: ${response.body}`);
  return response.json();
}

/** Invites `member` into the project as `inviter` and accepts as `member`, as people join; the accept response. */
export async function joinProject(
  test: TestApp,
  projectId: string,
  inviterToken: string,
  member: TestUser,
  role: string,
) {
  const invited = await test.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${projectId}/invitations`,
    headers: bearer(inviterToken),
    payload: { email: member.email, role },
  });
  if (invited.statusCode !== 201) throw new Error(`inviting failed: ${invited.body}`);
  return test.app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    headers: bearer(member.token),
    payload: { token: invited.json().token },
  });
}

export async function addMember(test: TestApp, projectId: string, owner: TestUser, member: TestUser, role: string) {
  const accepted = await joinProject(test, projectId, owner.token, member, role);
  if (accepted.statusCode !== 200) throw new Error(`adding member failed: ${accepted.body}`);
}
