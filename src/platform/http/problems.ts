/**
 * The catalogue of problems (RFC 9457). Clients branch on `type`, which never changes once published; people read
 * `detail`. Every error the API returns is one of these.
 */
export const PROBLEM_BASE = 'https://commandcenter.dev/problems/';

export interface FieldError {
  /** JSON pointer into the request part, prefixed with it: `/body/email`, `/query/limit`. */
  pointer: string;
  detail: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }

  get type(): string {
    return PROBLEM_BASE + this.slug;
  }
}

export const badRequest = (detail: string) => new Problem(400, 'bad-request', 'Bad request', detail);
export const unauthorized = (detail = 'Authentication is required.') =>
  new Problem(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
export const invalidCredentials = () =>
  new Problem(401, 'invalid-credentials', 'Invalid credentials', 'The email or password is not correct.');
export const forbidden = (detail: string) => new Problem(403, 'forbidden', 'Forbidden', detail);
export const notFound = (what: string) => new Problem(404, 'not-found', 'Not found', `${what} was not found.`);
export const conflict = (detail: string, slug = 'conflict') => new Problem(409, slug, 'Conflict', detail);
export const payloadTooLarge = (detail: string) => new Problem(413, 'payload-too-large', 'Payload too large', detail);
export const unsupportedMediaType = (detail: string) =>
  new Problem(415, 'unsupported-media-type', 'Unsupported media type', detail);
export const invalid = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new Problem(422, 'validation', 'Validation failed', detail, errors);
export const tooManyRequests = (retryAfterSeconds: number, detail = 'Too many requests; try again later.') =>
  new Problem(429, 'rate-limited', 'Too many requests', detail, undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const unavailable = (detail: string) => new Problem(503, 'unavailable', 'Service unavailable', detail);
export const internalError = () =>
  new Problem(
    500,
    'internal',
    'Internal server error',
    'Something went wrong on our side; the request id helps us find it.',
  );
