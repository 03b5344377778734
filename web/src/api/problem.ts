/** RFC 9457 problem details, as every API error is shaped (see docs/api.md). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).status === 'number' &&
    typeof (value as Problem).title === 'string'
  );
}

/** A failed API call. `detail` is for people; `type` is for branching; `fieldErrors` maps body fields to messages. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The stable suffix of the problem type, e.g. `slug-taken` for `https://commandcenter.dev/problems/slug-taken`. */
  get kind(): string {
    return this.problem.type.split('/').pop() ?? this.problem.type;
  }

  /** `errors[].pointer` `/body/<field>` → `{ field: detail }` (first message per field). */
  get fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const match = /^\/body\/([^/]+)/.exec(error.pointer);
      const field = match?.[1];
      if (field !== undefined && fields[field] === undefined) fields[field] = error.detail;
    }
    return fields;
  }

  /** Validation messages that belong to no known form field, so a form can still show them. */
  otherErrors(knownFields: readonly string[]): string[] {
    return (this.problem.errors ?? [])
      .filter((error) => {
        const field = /^\/body\/([^/]+)/.exec(error.pointer)?.[1];
        return field === undefined || !knownFields.includes(field);
      })
      .map((error) => `${error.pointer || 'request'}: ${error.detail}`);
  }
}

/** Builds an ApiError from whatever a failed response carried (problem+json, other JSON, text or nothing). */
export function toApiError(body: unknown, response: Response): ApiError {
  if (isProblem(body)) return new ApiError(body);
  const text = typeof body === 'string' && body.length > 0 ? body.slice(0, 300) : '';
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: text || `The server answered ${response.status} ${response.statusText}.`.trim(),
  });
}

/** For errors thrown before any response (network down, server gone). */
export function networkError(error: unknown): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    detail: `Could not reach the server (${error instanceof Error ? error.message : String(error)}).`,
  });
}

/** A message for any thrown value, for alerts and notifications. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title;
  if (error instanceof Error) return error.message;
  return String(error);
}
