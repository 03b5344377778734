import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  type HttpResponse,
  http,
  killAll,
  removeDir,
  type ServeHandle,
  setupAdmin,
  startServe,
  tempDataDir,
} from '../helpers/process.js';
import { openStream } from '../helpers/sse.js';

/** Resolves with the socket error code of a fresh TCP connection attempt, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolveAttempt) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAttempt('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolveAttempt(error.code ?? error.message));
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 2));
  }
}

describe('graceful shutdown of a real `cc serve`', () => {
  let dir = '';
  let server: ServeHandle;
  beforeAll(() => {
    dir = tempDataDir('cc-shutdown-');
  });
  afterAll(async () => {
    await killAll();
    removeDir(dir);
  });

  it('finishes in-flight requests on SIGTERM, refuses new connections, exits 0 and releases the lock', {
    timeout: 120_000,
  }, async () => {
    server = await startServe(dir, { LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '1000', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
    await setupAdmin(server);
    const lockFile = join(dir, 'commandcenter.lock');
    expect(existsSync(lockFile)).toBe(true);

    // Sign-ins spend ~50 ms of Argon2 each; a batch of them keeps the server busy for a while.
    const inFlight = 16;
    const received = () =>
      server.process.stdout
        .split('\n')
        .filter((line) => line.includes('"msg":"incoming request"') && line.includes('"url":"/api/v1/auth/login"'))
        .length;
    const receivedBefore = received();
    const requests: Array<Promise<HttpResponse | Error>> = Array.from({ length: inFlight }, () =>
      http('POST', `${server.url}/api/v1/auth/login`, {
        body: { email: ADMIN.email, password: ADMIN.password },
      }).catch((error: Error) => error),
    );
    // Wait until the server has logged every one of them as received: they are now in its hands.
    await waitUntil(() => received() >= receivedBefore + inFlight, 30_000);
    const signalledAt = Date.now();
    server.process.signal('SIGTERM');
    // New connections: keep trying until the listener is closed, and a few times more to see it stays closed.
    const attempts: Array<{ at: number; result: string }> = [];
    const deadline = Date.now() + 10_000;
    while (server.process.running && Date.now() < deadline) {
      const result = await tryConnect(server.port);
      attempts.push({ at: Date.now(), result });
      if (attempts.filter((attempt) => attempt.result === 'ECONNREFUSED').length >= 5) break;
    }
    const responses = await Promise.all(requests);
    const exit = await server.process.wait(60_000);

    for (const response of responses) {
      expect(response, server.process.describe()).not.toBeInstanceOf(Error);
      const ok = response as HttpResponse;
      expect(ok.status, ok.body).toBe(200);
      expect(ok.json().accessToken).toEqual(expect.any(String));
    }
    // The batch really was in flight when the signal arrived (otherwise this test proves nothing).
    expect(
      (responses as HttpResponse[]).filter((response) => response.at >= signalledAt).length,
      'responses finished after SIGTERM',
    ).toBeGreaterThan(0);
    // The listener closed while the batch was still being answered, and stayed closed.
    const firstRefusal = attempts.findIndex((attempt) => attempt.result === 'ECONNREFUSED');
    expect(firstRefusal, JSON.stringify(attempts)).toBeGreaterThanOrEqual(0);
    expect(attempts.slice(firstRefusal).every((attempt) => attempt.result === 'ECONNREFUSED')).toBe(true);
    const lastResponseAt = Math.max(...(responses as HttpResponse[]).map((response) => response.at));
    expect(attempts[firstRefusal]!.at, 'refused before the in-flight batch was done').toBeLessThanOrEqual(
      lastResponseAt,
    );
    expect(server.process.stderr).toMatch(/SIGTERM: draining/);
    expect(await tryConnect(server.port)).toBe('ECONNREFUSED');
    expect(exit, server.process.describe()).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile)).toBe(false);
  });

  it('tells a connected live stream to reconnect elsewhere and exits; CC_SETUP_TOKEN is never printed', {
    timeout: 120_000,
  }, async () => {
    const streamDir = tempDataDir('cc-shutdown-stream-');
    try {
      const chosen = 'operator-chosen-setup-token-0123456789';
      const streaming = await startServe(streamDir, { CC_SETUP_TOKEN: chosen });
      expect(streaming.process.stdout + streaming.process.stderr).not.toContain(chosen);
      const token = await setupAdmin({ ...streaming, setupToken: chosen });
      const project = await http('POST', `${streaming.url}/api/v1/projects`, {
        headers: { authorization: `Bearer ${token}` },
        body: { name: 'Streaming' },
      });
      expect(project.status, project.body).toBe(201);
      const stream = await openStream(
        streaming.url,
        `/api/v1/projects/${project.json<{ id: string }>().id}/events/stream`,
        token,
      );
      streaming.process.signal('SIGTERM');
      const exit = await streaming.process.wait(60_000);
      expect(exit, streaming.process.describe()).toEqual({ code: 0, signal: null });
      expect(stream.closed).toBe(true);
      expect(stream.end).toEqual({ reason: 'shutdown', reconnect: true });
    } finally {
      removeDir(streamDir);
    }
  });

  it('exits after CC_SHUTDOWN_TIMEOUT_SECONDS when a request never finishes; the setup link stays out of the log', {
    timeout: 120_000,
  }, async () => {
    const stuckDir = tempDataDir('cc-shutdown-stuck-');
    try {
      const stuck = await startServe(stuckDir, { CC_SHUTDOWN_TIMEOUT_SECONDS: '2' });
      // The generated setup token is shown to the person at the console (stderr), never in the JSON log (stdout).
      expect(stuck.setupToken).toEqual(expect.any(String));
      expect(stuck.process.stderr).toContain(stuck.setupToken);
      expect(stuck.process.stdout).not.toContain(stuck.setupToken);
      // A client that sends headers and then stalls in the middle of its body.
      const socket = connect({ host: '127.0.0.1', port: stuck.port });
      await new Promise<void>((resolveConnect) => socket.once('connect', () => resolveConnect()));
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"email":',
      );
      await waitUntil(() => stuck.process.stdout.includes('"url":"/api/v1/auth/login"'), 30_000);
      stuck.process.signal('SIGTERM');
      const exit = await stuck.process.wait(60_000);
      socket.destroy();
      expect(exit, stuck.process.describe()).toEqual({ code: 1, signal: null });
      expect(stuck.process.stderr).toMatch(/not drained within 2 s; exiting anyway/);
    } finally {
      removeDir(stuckDir);
    }
  });
});
