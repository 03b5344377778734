import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import type { Redis } from 'ioredis';
import type { ResolvedConfig } from './config.js';
import { registerAuditRoutes } from './modules/audit/routes.js';
import { registerDashboardRoutes } from './modules/dashboard/routes.js';
import { registerEventRoutes } from './modules/events/routes.js';
import { registerIdentityRoutes } from './modules/identity/routes.js';
import { authenticate } from './modules/identity/service.js';
import { registerJobRoutes } from './modules/jobs/routes.js';
import { registerInvitationRoutes } from './modules/projects/invitation-routes.js';
import { registerProjectRoutes } from './modules/projects/routes.js';
import { standingOf } from './modules/projects/service.js';
import { registerRadarRoutes } from './modules/radar/routes.js';
import { registerRepositoryRoutes } from './modules/repositories/routes.js';
import { registerResearchRoutes } from './modules/research/routes.js';
import type { App, ServiceContext } from './platform/context.js';
import type { Database } from './platform/db/database.js';
import { liveStreams } from './platform/events/live-streams.js';
import { registerAccessControl } from './platform/http/access.js';
import { memoryAttemptLimiter, redisAttemptLimiter } from './platform/http/attempt-limiter.js';
import { registerErrorHandling, sendProblem, toProblem } from './platform/http/error-handler.js';
import { tooManyRequests } from './platform/http/problems.js';
import { ProblemSchema } from './platform/http/schemas.js';
import { registerValidation } from './platform/http/validation.js';
import { webApp } from './platform/http/web.js';
import { logSerializers } from './platform/observability/error-serializer.js';
import { type DependencyCheck, registerHealthRoutes } from './platform/observability/health.js';
import { registerMetrics } from './platform/observability/metrics.js';
import { requestIdFor } from './platform/observability/request-id.js';
import { outboundFor } from './platform/outbound/shared.js';
import type { Runtime } from './runtime.js';

export interface AppDependencies {
  config: ResolvedConfig;
  db: Database;
  runtime: Runtime;
  redis?: Redis;
  nats?: DependencyCheck;
  /** Where the built web app is; defaults to web/dist. */
  webRoot?: string;
  /** Tests pass `false` to keep output quiet; production uses pino at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  /**
   * Runs once the access gate is installed and before any module registers a route: the place for an `onRoute`
   * hook that sees every route as Fastify does (the isolation matrix records the routes this way).
   */
  beforeRoutes?: (app: App) => void;
}

export interface BuiltApp {
  app: App;
  context: ServiceContext;
  /**
   * The first step of a graceful stop, before `app.close()`: readiness answers 503 from now on and every open live
   * stream ends with an event telling its client to reconnect (elsewhere). Returns how many streams were ended.
   */
  beginShutdown(): number;
}

export const API_VERSION = '0.1.0';

/** Builds the HTTP application with every module registered. Opening and closing the database is the caller's. */
export async function buildApp(deps: AppDependencies): Promise<BuiltApp> {
  const { config, db, redis } = deps;
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      serializers: logSerializers,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs are refused by the router before any hook runs; answer them as problems all the same.
    frameworkErrors: (error, request, reply) => {
      reply.header('X-Request-Id', request.id);
      return sendProblem(request, reply, toProblem(error));
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  const context: ServiceContext = {
    config,
    db,
    attempts: redis === undefined ? memoryAttemptLimiter() : redisAttemptLimiter(redis),
    jobs: deps.runtime.jobs,
    feed: deps.runtime.feed,
    streams: liveStreams(),
    subscribers: deps.runtime.subscribers,
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  const web = webApp(deps.webRoot);
  registerErrorHandling(app, web.shell);
  registerValidation(app);
  app.addSchema(ProblemSchema);

  await app.register(cookie);
  await app.register(helmet, {
    // The web app and the API docs (/docs) load scripts and styles from this origin only.
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", 'https:', "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        // On a plain-http install (a LAN address) upgrading would send every request to an https that is not there.
        'upgrade-insecure-requests': config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
  });
  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false, credentials: true });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    ...(redis === undefined ? {} : { redis, nameSpace: 'cc:ratelimit:' }),
    errorResponseBuilder: (_request, limitContext) => tooManyRequests(limitContext.ttl / 1000),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CommandCenter API',
        version: API_VERSION,
        description: 'Every error is RFC 9457 problem+json with a stable `type`. Lists use cursor pagination.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'access token (JWT) or API key (cc_...)' },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  registerAccessControl(
    app,
    {
      authenticate: (request) => authenticate(context, request.headers.authorization),
      standing: (principal, projectId) => standingOf(db, principal, projectId),
    },
    // The web app's files ('/*') are public; the API it calls is not.
    ['/docs', '/*'],
  );
  deps.beforeRoutes?.(app);
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  const outbound = outboundFor(config);
  const registry = registerMetrics(app, () => db.poolStats(), outbound);

  registerHealthRoutes(app, {
    db,
    outbound,
    draining: () => context.streams.closing,
    registry,
    dependencies: {
      nats: deps.nats,
      redis: redis === undefined ? undefined : { name: 'redis', check: async () => void (await redis.ping()) },
    },
  });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerIdentityRoutes(app, context);
  registerProjectRoutes(app, context);
  registerInvitationRoutes(app, context);
  registerAuditRoutes(app, context);
  registerEventRoutes(app, context);
  registerJobRoutes(app, context);
  registerRadarRoutes(app, context);
  await registerResearchRoutes(app, context);
  registerRepositoryRoutes(app, context);
  registerDashboardRoutes(app, context);
  await web.register(app);
  // A live stream never ends by itself: without this, closing the app (not only SIGTERM) would wait for its clients.
  app.addHook('preClose', async () => {
    context.streams.endAll('shutdown');
  });

  await app.ready();
  return { app, context, beginShutdown: () => context.streams.endAll('shutdown') };
}
