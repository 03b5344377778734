import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  badRequest,
  type FieldError,
  internalError,
  invalid,
  notFound,
  Problem,
  payloadTooLarge,
  tooManyRequests,
  unsupportedMediaType,
} from './problems.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface AjvIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function fieldErrors(context: string, issues: AjvIssue[]): FieldError[] {
  const part = context === 'querystring' ? 'query' : context;
  return issues.map((issue) => {
    const missing = issue.keyword === 'required' ? `/${String(issue.params.missingProperty)}` : '';
    return { pointer: `/${part}${issue.instancePath}${missing}`, detail: issue.message ?? issue.keyword };
  });
}

/** Maps anything thrown into one of the catalogue's problems; unknown errors become a 500 that hides internals. */
export function toProblem(error: FastifyError | Error): Problem {
  if (error instanceof Problem) return error;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    return invalid(fieldErrors(fastifyError.validationContext ?? 'body', fastifyError.validation as AjvIssue[]));
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge('The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType('Send the body as application/json.');
    case 'FST_ERR_CTP_INVALID_JSON':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest('The request body is not valid JSON.');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return badRequest('The request URL is malformed.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new Problem(414, 'uri-too-long', 'URI too long', 'A path segment of the URL is too long.');
  }
  switch (fastifyError.statusCode) {
    case 429:
      return tooManyRequests(60);
    case 403:
    case 404:
      // Refusals from plugins (static files) say nothing useful and must not hint at what exists.
      return notFound('The resource');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new Problem(fastifyError.statusCode, 'bad-request', 'Bad request', fastifyError.message);
  }
  return internalError();
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(problem.errors ? { errors: problem.errors } : {}),
    });
}

/** How much of a refused body is read and discarded so that the client gets the answer; beyond it the socket goes. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * A client still sending a body we refuse would have its connection reset before it reads our answer (curl and
 * fetch then report EPIPE or an empty reply instead of the 413 or 401). Reading and discarding the rest of the body first,
 * up to a bound, lets every client see the problem; the answer then closes the connection.
 */
function drainRequest(raw: IncomingMessage): Promise<void> {
  if (bodyReceived(raw) || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', count);
      raw.off('end', done);
      raw.off('close', done);
      raw.off('error', done);
      resolve();
    };
    const count = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_TIMEOUT_MS);
    raw.on('data', count);
    raw.once('end', done);
    raw.once('close', done);
    raw.once('error', done);
    raw.resume();
  });
}

/** Whether the whole request has arrived: parsed to its end (a real socket) or read to its end (any stream). */
function bodyReceived(raw: IncomingMessage): boolean {
  return raw.complete === true || raw.readableEnded;
}

export function registerErrorHandling(
  app: FastifyInstance,
  fallback: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined = () => undefined,
): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    if (!bodyReceived(request.raw)) {
      // Refused before its body was read (401 at the gate, 413 at the limit): let the client finish sending.
      await drainRequest(request.raw);
      reply.header('connection', 'close');
    }
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler(
    (request, reply) =>
      fallback(request, reply) ??
      sendProblem(request, reply, notFound(`Route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
