import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { startRuntime } from '../../src/runtime.js';
import { bearer, buildTestApp, createUser, type TestApp, testConfig } from '../helpers/app.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.js';

describe.each(databaseKinds())('HTTP platform on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp(kind, { env: { BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'https://radar.example.com' } });
  });
  afterAll(() => test.close());

  it('reports the version and the build commit on /health and /health/ready', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD']).toString().trim();
    for (const url of ['/health', '/health/ready']) {
      const response = await test.app.inject({ method: 'GET', url });
      expect(response.json(), url).toMatchObject({ version, commit });
    }
  });

  it('echoes a plain X-Request-Id and replaces an unsafe one', async () => {
    const kept = await test.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers['x-request-id']).toBe('trace-123');
    const unsafe = await test.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': `bad id ${'x'.repeat(300)}` },
    });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await test.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { 'x-request-id': 'trace-456' },
    });
    expect(problem.json().requestId).toBe('trace-456');
  });

  it('lets a client that is still sending a refused body read the answer (413 over the limit, 401 unsigned), every time', async () => {
    // Listening stays on until the suite closes the app.
    const base = new URL(await test.app.listen({ port: 0, host: '127.0.0.1' }));
    const user = await createUser(test, { name: 'uploader' });
    const body = Buffer.alloc(4 * 1024 * 1024, 'x');
    const send = (authorization: string) =>
      new Promise<{ response: string; error: string | undefined }>((resolve) => {
        const socket = connect({ host: base.hostname, port: Number(base.port) });
        let response = '';
        let error: string | undefined;
        socket.on('data', (chunk) => {
          response += chunk.toString('utf8');
        });
        socket.on('error', (failure: NodeJS.ErrnoException) => {
          error = failure.code ?? failure.message;
        });
        socket.on('close', () => resolve({ response, error }));
        socket.write(
          `POST /api/v1/projects HTTP/1.1\r\nHost: x\r\n${authorization}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        socket.end(body);
      });
    for (let attempt = 0; attempt < 4; attempt++) {
      const tooLarge = await send(`Authorization: Bearer ${user.token}\r\n`);
      expect(tooLarge.error, `attempt ${attempt + 1}`).toBeUndefined();
      expect(tooLarge.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(tooLarge.response).toContain('payload-too-large');
      const unsigned = await send('');
      expect(unsigned.error, `attempt ${attempt + 1}`).toBeUndefined();
      expect(unsigned.response).toMatch(/^HTTP\/1\.1 401 /);
    }
  });

  it('answers over-limit bodies with 413, malformed JSON with 400, wrong media type with 415, all as problems', async () => {
    const big = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.com', password: 'x'.repeat(4000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().type).toMatch(/payload-too-large$/);
    const malformed = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    const media = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/xml' },
      payload: '<login/>',
    });
    expect(media.statusCode).toBe(415);
  });

  it('lists every invalid field in one 422', async () => {
    const user = await createUser(test);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: bearer(user.token),
      payload: { name: '', slug: 'Not A Slug', description: 7 },
    });
    expect(response.statusCode).toBe(422);
    const pointers = response
      .json()
      .errors.map((error: { pointer: string }) => error.pointer)
      .sort();
    expect(pointers).toEqual(['/body/description', '/body/name', '/body/slug']);
  });

  it('sets security headers and allows only configured CORS origins', async () => {
    const allowed = await test.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://radar.example.com' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://radar.example.com');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['content-security-policy']).toBeDefined();
    const denied = await test.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reports readiness with the database kind and pgvector presence', async () => {
    const ready = await test.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const body = ready.json();
    expect(body.database).toMatchObject({ kind, status: 'up' });
    const hasVector = await test.database.db.hasExtension('vector');
    expect(body.pgvector.available).toBe(hasVector);
    // PGlite always ships pgvector; the machine's PostgreSQL has none, and the probe must say so.
    expect(hasVector).toBe(kind === 'embedded');
    expect(body.dependencies).toEqual({ nats: { status: 'not_configured' }, redis: { status: 'not_configured' } });
  });

  it('exposes Prometheus metrics by route pattern, not raw URL', async () => {
    const user = await createUser(test);
    await test.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${crypto.randomUUID()}`,
      headers: bearer(user.token),
    });
    const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain(
      'cc_http_requests_total{method="GET",route="/api/v1/projects/:projectId",status="404"}',
    );
    expect(metrics.body).toMatch(/cc_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health"/);
    expect(metrics.body).toMatch(/cc_db_pool_connections\{state="total"\} \d+/);
  });

  it('serves the OpenAPI document and the interactive docs without credentials', async () => {
    const openapi = await test.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(openapi.json().openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.json().paths)).toContain('/api/v1/projects/{projectId}/members/{userId}');
    const docs = await test.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
  });
});

describe('request logs', () => {
  let database: TestDatabase;
  afterAll(() => database.drop());

  it('carry the correlation id on every line of a request', async () => {
    database = await createTestDatabase('embedded');
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const runtime = await startRuntime({
      config: testConfig(),
      db: database.db,
      logger: { info() {}, warn() {}, error() {} },
      roles: ['api'],
    });
    const { app } = await buildApp({
      config: testConfig({ LOG_LEVEL: 'info' }),
      db: database.db,
      runtime,
      logger: { level: 'info', stream },
    });
    await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-request-id': 'corr-789' } });
    await app.close();
    await runtime.stop();
    const requestLines = lines.filter((line) => line.requestId === 'corr-789');
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    expect(
      lines.filter((line) => 'req' in line || 'res' in line).every((line) => typeof line.requestId === 'string'),
    ).toBe(true);
  });
});
