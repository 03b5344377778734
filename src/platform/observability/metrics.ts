import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { onPasswordVerification } from '../crypto/passwords.js';
import type { PoolStats } from '../db/database.js';
import type { BreakerState, Outbound } from '../outbound/client.js';

const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** One registry per app instance, so tests that build many apps never share or clash on metrics. */
export function registerMetrics(app: FastifyInstance, poolStats: () => PoolStats, outbound: Outbound): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: 'cc_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'cc_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'cc_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting clients)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });

  // Every exchange that left the process (each retry and redirect hop is one); `target` is the host, `status` the
  // HTTP status or the client's error code (refused, headers_timeout, breaker_open, ...).
  const outboundCalls = new Histogram({
    name: 'cc_outbound_request_duration_seconds',
    help: 'Outbound HTTP exchanges by target host, method and status or error code: time to the response headers',
    labelNames: ['target', 'method', 'status'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'cc_outbound_breaker_state',
    help: 'Circuit breaker per outbound target host: 0 closed, 1 half-open (one trial call), 2 open (calls refused)',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      this.reset();
      for (const breaker of outbound.breakers()) this.set({ target: breaker.target }, BREAKER_VALUES[breaker.state]);
    },
  });
  const stopObserving = outbound.onCall((call) =>
    outboundCalls.observe({ target: call.target, method: call.method, status: call.outcome }, call.seconds),
  );
  // Argon2 is most of what a sign-in costs (about 50 ms of CPU and 19 MiB each): this shows that load, decoys included.
  const passwordVerifications = new Counter({
    name: 'cc_password_verifications_total',
    help: 'Argon2 password verifications run by sign-ins, including the decoy verification for an unknown email',
    registers: [registry],
  });
  const stopCountingVerifications = onPasswordVerification(() => passwordVerifications.inc());
  app.addHook('onClose', async () => {
    stopObserving();
    stopCountingVerifications();
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids in paths would make unbounded label sets.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  return registry;
}
