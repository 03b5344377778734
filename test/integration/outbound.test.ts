import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { parsePrivateAllowance } from '../../src/platform/outbound/addresses.js';
import {
  type CallRecord,
  createOutbound,
  type Outbound,
  type OutboundDependencies,
  type OutboundSettings,
} from '../../src/platform/outbound/client.js';
import { OutboundError } from '../../src/platform/outbound/errors.js';
import { outboundFor } from '../../src/platform/outbound/shared.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/**
 * The outbound client against real HTTP servers on 127.0.0.1. Names such as `public.example` resolve through an
 * injected resolver, so a "public" host can answer from this machine; waits go through an injected sleep, so the
 * delay the retry policy chose is asserted, never measured.
 */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; port: number; hits: IncomingMessage[] }> {
  const hits: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    hits.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

const stalled: ServerResponse[] = [];
let main: Awaited<ReturnType<typeof listen>>;
let other: Awaited<ReturnType<typeof listen>>;
let base = '';

const routes: Record<string, Handler> = {
  '/ok': (_request, response) => response.end('hello'),
  '/echo-headers': (request, response) => response.end(JSON.stringify(request.headers)),
  '/stall-headers': (_request, response) => void stalled.push(response),
  '/drip': (_request, response) => {
    // A chunk every 20 ms, forever: never idle, but never done either.
    response.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => response.write('.'), 20);
    response.on('close', () => clearInterval(timer));
  },
  '/big-declared': (_request, response) => {
    response.writeHead(200, { 'content-length': '4096' });
    response.end('x'.repeat(4096));
  },
  '/big-chunked': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    for (let i = 0; i < 8; i++) response.write('x'.repeat(512));
    response.end();
  },
  '/always-500': (_request, response) => {
    response.statusCode = 500;
    response.end('down');
  },
};

/** `/unavailable-once?after=...`: the first call of each key answers 503 with that Retry-After, the next 200. */
const unavailableSeen = new Set<string>();

beforeAll(async () => {
  main = await listen((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/unavailable-once') {
      const key = url.searchParams.get('key') ?? '';
      if (unavailableSeen.has(key)) return response.end('recovered');
      unavailableSeen.add(key);
      response.writeHead(503, { 'retry-after': url.searchParams.get('after') ?? '' });
      return response.end('busy');
    }
    if (url.pathname === '/redirect') {
      response.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '' });
      return response.end();
    }
    const route = routes[url.pathname];
    if (route === undefined) {
      response.statusCode = 404;
      return response.end();
    }
    route(request, response);
  });
  other = await listen((request, response) => routes['/echo-headers']!(request, response));
  base = `http://127.0.0.1:${main.port}`;
});
afterEach(() => {
  for (const response of stalled.splice(0)) response.destroy();
  main.hits.length = 0;
  other.hits.length = 0;
});
afterAll(async () => {
  for (const { server } of [main, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const clients: Outbound[] = [];
afterAll(() => Promise.all(clients.map((client) => client.close())));

function client(
  overrides: Partial<OutboundSettings> & { allow?: string } = {},
  dependencies: OutboundDependencies = {},
): { outbound: Outbound; waits: number[]; calls: CallRecord[] } {
  const waits: number[] = [];
  const calls: CallRecord[] = [];
  const { allow = '127.0.0.1', ...settings } = overrides;
  const outbound = createOutbound(
    { ...loadConfig({}).outbound, allowPrivate: parsePrivateAllowance(allow), ...settings },
    {
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
      resolve: async (hostname) => {
        if (hostname === 'public.example' || hostname === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
      ...dependencies,
    },
  );
  outbound.onCall((call) => calls.push(call));
  clients.push(outbound);
  return { outbound, waits, calls };
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('the SSRF guard', () => {
  it.each(['127.0.0.1', '2130706433', '0177.0.0.1', '0x7f.1', '127.1', '[::ffff:127.0.0.1]', '[::1]'])(
    'refuses %s when private addresses are not allowed, without connecting',
    async (host) => {
      const { outbound } = client({ allow: 'false' });
      const error = await failure(outbound.request(`http://${host}:${main.port}/ok`));
      expect(error.code).toBe('refused');
      expect(error.message).toMatch(/loopback/);
      expect(main.hits).toHaveLength(0);
    },
  );

  it('refuses a name that resolves to a private address, and allows it when the admin lists the name', async () => {
    const refused = await failure(client({ allow: 'false' }).outbound.request(`http://public.example:${main.port}/ok`));
    expect(refused.code).toBe('refused');
    expect(main.hits).toHaveLength(0);

    // Listed by name: the connection goes to the address the guard checked (the injected resolver's answer).
    const response = await client({ allow: 'public.example' }).outbound.request(
      `http://public.example:${main.port}/ok`,
    );
    expect(await response.text()).toBe('hello');
  });

  it('lets a caller allow private addresses (an endpoint the admin configured) or refuse them despite the admin', async () => {
    const response = await client({ allow: 'false' }).outbound.request(`${base}/ok`, { privateAddresses: 'allow' });
    expect(await response.text()).toBe('hello');
    const refused = await failure(
      client({ allow: 'true' }).outbound.request(`${base}/ok`, { privateAddresses: 'deny' }),
    );
    expect(refused.code).toBe('refused');
  });

  it('re-checks every redirect hop: an allowed host redirecting to 127.0.0.1 is refused', async () => {
    const { outbound } = client({ allow: 'public.example' });
    const to = encodeURIComponent(`http://127.0.0.1:${main.port}/ok`);
    const error = await failure(outbound.request(`http://public.example:${main.port}/redirect?to=${to}`));
    expect(error.code).toBe('refused');
    expect(error.message).toMatch(/127\.0\.0\.1.*loopback/);
    expect(main.hits.map((hit) => hit.url)).toEqual([`/redirect?to=${to}`]);
  });

  it('pins the checked address: a name that answers public, then private (DNS rebinding) never connects', async () => {
    const answers = ['93.184.215.14', '127.0.0.1'];
    const { outbound } = client(
      { allow: 'false' },
      { resolve: async () => [{ address: answers.shift() ?? '127.0.0.1', family: 4 }] },
    );
    const error = await failure(outbound.request(`http://rebind.example:${main.port}/ok`, { maxAttempts: 1 }));
    expect(error.code).toBe('refused');
    expect(answers).toEqual([]);
    expect(main.hits).toHaveLength(0);
  });

  it('refuses schemes other than http and https', async () => {
    expect((await failure(client().outbound.request('file:///etc/passwd'))).code).toBe('refused');
  });
});

describe('through a proxy', () => {
  /** A CONNECT proxy on 127.0.0.1 that resolves `public.example` to this machine, as a real proxy would resolve it. */
  async function connectProxy() {
    const tunnels: string[] = [];
    const sockets: Array<{ destroy(): void }> = [];
    const proxy = createServer();
    proxy.on('connect', (request, client, head) => {
      tunnels.push(request.url ?? '');
      sockets.push(client);
      const [host = '', port = ''] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host === 'public.example' ? '127.0.0.1' : host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return { proxy, tunnels, sockets, url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
  }

  it('goes through HTTP_PROXY to a public target while the guard still refuses a private one', async () => {
    const { proxy, tunnels, sockets, url } = await connectProxy();
    try {
      const { outbound } = client(
        { allow: 'false', httpProxy: url },
        {
          resolve: async (hostname) => [
            { address: hostname === 'public.example' ? '93.184.215.14' : '127.0.0.1', family: 4 },
          ],
        },
      );
      const response = await outbound.request(`http://public.example:${main.port}/ok`);
      expect(await response.text()).toBe('hello');
      expect(tunnels).toEqual([`public.example:${main.port}`]);

      const refused = await failure(outbound.request(`http://127.0.0.1:${main.port}/ok`));
      expect(refused.code).toBe('refused');
      expect(tunnels).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('redirects', () => {
  it('follows them, dropping credentials when the origin changes', async () => {
    const { outbound } = client();
    const headers = { authorization: 'Bearer hop-secret', cookie: 'session=hop', 'x-trace': 'kept' };
    const sameOrigin = encodeURIComponent(`${base}/echo-headers`);
    const same = (await (await outbound.request(`${base}/redirect?to=${sameOrigin}`, { headers })).json()) as Record<
      string,
      string
    >;
    expect(same.authorization).toBe('Bearer hop-secret');

    const crossOrigin = encodeURIComponent(`http://127.0.0.1:${other.port}/echo-headers`);
    const response = await outbound.request(`${base}/redirect?status=307&to=${crossOrigin}`, { headers });
    expect(response.url.port).toBe(String(other.port));
    const cross = (await response.json()) as Record<string, string>;
    expect(cross.authorization).toBeUndefined();
    expect(cross.cookie).toBeUndefined();
    expect(cross['x-trace']).toBe('kept');
  });

  it('turns a POST answered with 303 into a GET without the body', async () => {
    const to = encodeURIComponent(`${base}/echo-headers`);
    const response = await client().outbound.request(`${base}/redirect?status=303&to=${to}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'form',
    });
    const echoed = (await response.json()) as Record<string, string>;
    expect(main.hits.map((hit) => hit.method)).toEqual(['POST', 'GET']);
    expect(echoed['content-type']).toBeUndefined();
  });

  it('stops after the redirect limit', async () => {
    const loop = encodeURIComponent(`${base}/redirect?to=${encodeURIComponent(`${base}/ok`)}`);
    const error = await failure(client({ maxRedirects: 0 }).outbound.request(`${base}/redirect?to=${loop}`));
    expect(error.code).toBe('too_many_redirects');
  });
});

describe('timeouts and the size cap', () => {
  it('fails a connection that is not established in time with connect_timeout', async () => {
    // The connection's own look-up never answers (the check before it did), so the connect phase runs out.
    let lookups = 0;
    const { outbound } = client(
      { allow: 'public.example' },
      {
        resolve: () =>
          ++lookups === 1 ? Promise.resolve([{ address: '127.0.0.1', family: 4 }]) : new Promise(() => {}),
      },
    );
    const error = await failure(
      outbound.request(`http://public.example:${main.port}/ok`, { connectTimeoutMs: 200, maxAttempts: 1 }),
    );
    expect(error.code).toBe('connect_timeout');
    expect(main.hits).toHaveLength(0);
  });

  it('fails a server that never sends headers with headers_timeout', async () => {
    const { outbound, calls } = client({ headersTimeoutMs: 200 });
    const error = await failure(outbound.request(`${base}/stall-headers`, { maxAttempts: 1 }));
    expect(error.code).toBe('headers_timeout');
    expect(calls.map((call) => call.outcome)).toEqual(['headers_timeout']);
  });

  it('fails a body that keeps trickling past the whole-body deadline with body_timeout', async () => {
    const response = await client({ bodyTimeoutMs: 300 }).outbound.request(`${base}/drip`);
    expect(response.status).toBe(200);
    const error = await failure(response.text());
    expect(error.code).toBe('body_timeout');
  });

  it('refuses an answer whose declared length is over the cap, before reading it', async () => {
    const { outbound } = client({ maxResponseBytes: 1000 });
    const error = await failure(outbound.request(`${base}/big-declared`));
    expect(error.code).toBe('too_large');
    const head = await outbound.request(`${base}/big-declared`, { method: 'HEAD' });
    expect([head.status, head.headers['content-length']]).toEqual([200, '4096']);
  });

  it('stops reading an undeclared body once it passes the cap', async () => {
    const response = await client().outbound.request(`${base}/big-chunked`, { maxResponseBytes: 1000 });
    const error = await failure(response.text());
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/exceeds 1000 bytes/);
  });
});

describe('retries', () => {
  it('retries a 503 after the Retry-After the server gave', async () => {
    const { outbound, waits, calls } = client();
    const response = await outbound.request(`${base}/unavailable-once?key=seconds&after=2`);
    expect(await response.text()).toBe('recovered');
    expect(waits).toEqual([2000]);
    expect(calls.map((call) => call.outcome)).toEqual(['503', '200']);
  });

  it('reads Retry-After as an HTTP-date', async () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    const { outbound, waits } = client({}, { now: () => now });
    const after = encodeURIComponent('Thu, 03 Dec 2026 12:00:07 GMT');
    await (await outbound.request(`${base}/unavailable-once?key=date&after=${after}`)).dump();
    expect(waits).toEqual([7000]);
  });

  it('without Retry-After waits an exponential backoff with jitter', async () => {
    const { outbound, waits } = client({ backoff: { baseMs: 100, maxMs: 1000 } });
    await failure(outbound.request(`${base}/always-500`, { maxAttempts: 4 }));
    // random() is 0.5: half of 100, 200, 400.
    expect(waits).toEqual([50, 100, 200]);
  });

  it('does not wait for a Retry-After beyond the cap: the call fails with the status and the delay asked', async () => {
    const { outbound, waits } = client({ maxRetryAfterMs: 60_000 });
    const error = await failure(outbound.request(`${base}/unavailable-once?key=long&after=3600`));
    expect(error).toMatchObject({ code: 'http_status', status: 503, details: { retryAfterMs: 3_600_000 } });
    expect(waits).toEqual([]);
  });

  it('never retries a POST unless the caller declares it idempotent', async () => {
    const { outbound } = client();
    const error = await failure(
      outbound.request(`${base}/unavailable-once?key=post&after=1`, { method: 'POST', body: 'x' }),
    );
    expect(error.status).toBe(503);
    expect(main.hits).toHaveLength(1);

    const declared = await outbound.request(`${base}/unavailable-once?key=post-idempotent&after=1`, {
      method: 'POST',
      body: 'x',
      idempotent: true,
    });
    expect(declared.status).toBe(200);
    expect(main.hits).toHaveLength(3);
  });
});

describe('secrets', () => {
  it('keeps credentials out of error messages and log lines', async () => {
    const lines: string[] = [];
    const { outbound } = client(
      {},
      { logger: { warn: (fields, message) => lines.push(JSON.stringify({ ...fields, message })) } },
    );
    const error = await failure(
      outbound.request(
        `http://user:hunter2@127.0.0.1:${main.port}/always-500?token=tok-secret&X-Amz-Signature=sig-secret&page=2`,
        { headers: { authorization: 'Bearer bearer-secret', cookie: 'session=cookie-secret' }, maxAttempts: 2 },
      ),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/retrying/);
    for (const text of [error.message, lines[0]!]) {
      for (const secret of ['hunter2', 'tok-secret', 'sig-secret', 'bearer-secret', 'cookie-secret']) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('page=2');
    }
  });
});

describe('the circuit breaker', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('embedded', {
      env: {
        CC_OUTBOUND_ALLOW_PRIVATE: '127.0.0.1',
        CC_OUTBOUND_MAX_ATTEMPTS: '1',
        CC_OUTBOUND_BREAKER_FAILURES: '3',
      },
    });
  });
  afterAll(() => test.close());

  it('opens after repeated 5xx from one host, shows in /health/ready and /metrics, and keeps the instance ready', async () => {
    const outbound = outboundFor(test.config);
    for (let i = 0; i < 3; i++) {
      expect((await failure(outbound.request(`${base}/always-500`))).code).toBe('http_status');
    }
    const open = await failure(outbound.request(`${base}/ok`));
    expect(open.code).toBe('breaker_open');
    expect(main.hits).toHaveLength(3);

    const ready = await test.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', outbound: { breakers: [{ target: base, state: 'open' }] } });

    const metrics = (await test.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`cc_outbound_breaker_state{target="${base}"} 2`);
    const count = (status: string) =>
      new RegExp(
        `cc_outbound_request_duration_seconds_count\\{target="127.0.0.1:${main.port}",method="GET",status="${status}"\\} (\\d+)`,
      ).exec(metrics)?.[1];
    expect([count('500'), count('breaker_open')]).toEqual(['3', '1']);
  });
});
