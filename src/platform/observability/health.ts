import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import type { App } from '../context.js';
import type { Database } from '../db/database.js';
import type { Outbound } from '../outbound/client.js';
import { buildInfo } from './build-info.js';

/** A dependency the readiness probe checks; absent ones are reported as not configured, not as failures. */
export interface DependencyCheck {
  name: string;
  check(): Promise<void>;
}

const CheckResult = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('not_configured')]),
  detail: Type.Optional(Type.String()),
});

const BuildFields = {
  version: Type.String({ description: 'the package version' }),
  commit: Type.String({ description: 'the git commit of the build, or "unknown"' }),
};

const Readiness = Type.Object({
  ...BuildFields,
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready'), Type.Literal('draining')]),
  database: Type.Object({ kind: Type.String(), status: Type.String(), detail: Type.Optional(Type.String()) }),
  pgvector: Type.Object({
    available: Type.Boolean(),
    detail: Type.String(),
  }),
  dependencies: Type.Record(Type.String(), CheckResult),
  outbound: Type.Object(
    {
      breakers: Type.Array(
        Type.Object({
          target: Type.String({ description: 'the origin called, e.g. https://api.github.com' }),
          state: Type.Union([Type.Literal('closed'), Type.Literal('half_open'), Type.Literal('open')]),
        }),
      ),
    },
    {
      description:
        'Informational: circuit breakers of the outside hosts this process called. An open breaker never makes the instance not ready',
    },
  ),
});

async function probe(
  check: () => Promise<void>,
  timeoutMs = 2000,
): Promise<{ status: 'up' | 'down'; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(
  app: App,
  options: {
    db: Database;
    registry: Registry;
    dependencies: Record<'nats' | 'redis', DependencyCheck | undefined>;
    outbound: Outbound;
    /** True once the process is shutting down: readiness turns false at once, so balancers stop sending work. */
    draining: () => boolean;
  },
): void {
  app.get(
    '/health',
    {
      config: { public: true, rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok'), ...BuildFields }) },
      },
    },
    async () => ({ status: 'ok' as const, ...buildInfo() }),
  );

  app.get(
    '/health/ready',
    {
      config: { public: true, rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: database, pgvector, and NATS / Redis when configured; 503 "draining" once shutdown began',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const database = await probe(() => options.db.ping());
      const vector = database.status === 'up' ? await options.db.hasExtension('vector').catch(() => false) : false;
      const dependencies: Record<string, { status: 'up' | 'down' | 'not_configured'; detail?: string }> = {};
      for (const [name, dependency] of Object.entries(options.dependencies)) {
        dependencies[name] =
          dependency === undefined ? { status: 'not_configured' } : await probe(() => dependency.check());
      }
      const draining = options.draining();
      const ready =
        !draining &&
        database.status === 'up' &&
        Object.values(dependencies).every((result) => result.status !== 'down');
      return reply.code(ready ? 200 : 503).send({
        ...buildInfo(),
        status: draining ? 'draining' : ready ? 'ready' : 'not_ready',
        database: { kind: options.db.kind, ...database },
        pgvector: {
          available: vector,
          detail: vector
            ? 'vector search enabled'
            : 'pgvector is not installed in this database: knowledge search runs keyword-only',
        },
        dependencies,
        // Not part of `ready`: one outside host being down must not take this instance out of the balancer.
        outbound: { breakers: options.outbound.breakers() },
      });
    },
  );

  app.get(
    '/metrics',
    {
      config: { public: true, rateLimit: false },
      schema: { tags: ['health'], summary: 'Prometheus metrics', hide: true },
    },
    async (_request, reply) => reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
}
