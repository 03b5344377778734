import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/platform/context.js';
import { type Runtime, startRuntime } from '../../src/runtime.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

describe('serving the web app', () => {
  let database: TestDatabase;
  let runtime: Runtime;
  let app: App;
  const root = mkdtempSync(join(tmpdir(), 'cc-web-'));
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>CommandCenter</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app")');
    database = await createTestDatabase('embedded');
    runtime = await startRuntime({
      config: testConfig(),
      db: database.db,
      logger: { info() {}, warn() {}, error() {} },
      roles: ['api'],
    });
    ({ app } = await buildApp({ config: testConfig(), db: database.db, runtime, logger: false, webRoot: root }));
  });
  afterAll(async () => {
    await app.close();
    await runtime.stop();
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html and assets without credentials', async () => {
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<div id="root">');
    const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('answers client-side routes with the app shell, but API and missing assets with 404 problems', async () => {
    const deepLink = await app.inject({
      method: 'GET',
      url: '/projects/123/members',
      headers: { accept: 'text/html' },
    });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toContain('<div id="root">');
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    const asset = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: 'text/html' } });
    expect(asset.statusCode).toBe(404);
    const protectedRoute = await app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(protectedRoute.statusCode).toBe(401);
  });
});
