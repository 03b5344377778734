/**
 * How errors appear in logs. Drizzle puts a failed query's bound parameters into its message ("params: …") and
 * PostgreSQL echoes the offending values in `detail` ("Key (slug)=(x) already exists"): either can be a password
 * hash, a token digest or a user's data, so neither is logged. The statement text (placeholders only), the error
 * code and the constraint stay: they are what an operator needs.
 */
const SAFE_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'routine', 'severity', 'statusCode'] as const;

function withoutParameters(text: string): string {
  return text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [not logged]');
}

interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error), stack: '' };
  const serialized: SerializedError = {
    type: error.constructor.name,
    message: withoutParameters(error.message),
    stack: withoutParameters(error.stack ?? ''),
  };
  for (const field of SAFE_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (value !== undefined) serialized[field] = value;
  }
  if (error.cause !== undefined && depth < 4) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

/**
 * Paths under `/api/v1/shared/<kind>/` carry their credential (a share link's token): logs keep the route's shape,
 * never the token.
 */
export function redactSecretPaths(url: string): string {
  return url.replace(/^(\/api\/v1\/shared\/[^/?#]+\/)[^?#]*/, '$1[redacted]');
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export const logSerializers = {
  err: (error: unknown) => serializeError(error),
  // Fastify's own request serializer, with secret-bearing paths redacted.
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: redactSecretPaths(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

/**
 * A failure's message for people (a job's error, shown in the UI): a failed query says what the database said,
 * not the statement and its parameters.
 */
export function failureMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message.startsWith('Failed query:') && error.cause instanceof Error) return error.cause.message;
  return withoutParameters(error.message);
}
