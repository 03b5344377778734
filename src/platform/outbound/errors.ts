/**
 * What went wrong with an outbound call, stable enough for a module to turn into a readable job failure:
 * - `refused`: the SSRF guard refused the target address (or the URL is not http/https);
 * - `connect_timeout`, `headers_timeout`, `body_timeout`: the named phase took longer than allowed;
 * - `too_large`: the response body exceeded the size cap;
 * - `breaker_open`: the target host failed repeatedly and calls to it are paused;
 * - `http_status`: the server answered with a status the caller does not accept;
 * - `too_many_redirects`, `network` (connection refused, reset, DNS failure...).
 */
export type OutboundErrorCode =
  | 'refused'
  | 'connect_timeout'
  | 'headers_timeout'
  | 'body_timeout'
  | 'too_large'
  | 'breaker_open'
  | 'http_status'
  | 'too_many_redirects'
  | 'network';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    /** Already redacted: it may be logged and shown. */
    message: string,
    readonly details: { target?: string; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OutboundError';
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

const SECRET_PARAM = /token|key|secret|signature|password|passwd|credential|auth|session|sig$/i;
const REDACTED = '[redacted]';

/** The URL fit for a log line: no userinfo, and the values of token-, key-, secret- and signature-like parameters hidden. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return REDACTED;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAM.test(name) || /^x-amz-/i.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}
