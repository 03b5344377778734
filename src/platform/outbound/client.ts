import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type Readable, Transform } from 'node:stream';
import { json, text } from 'node:stream/consumers';
import { finished } from 'node:stream/promises';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { ANY_PRIVATE, literalAddress, NO_PRIVATE, type PrivateAllowance, refusal } from './addresses.js';
import { OutboundError, type OutboundErrorCode, redactUrl } from './errors.js';
import { type Backoff, backoffDelay, parseRetryAfter, realSleep, retrying, type Sleep } from './retry.js';

/** The admin's settings (CC_OUTBOUND_* and the proxy variables), parsed by config.ts. */
export interface OutboundSettings {
  allowPrivate: PrivateAllowance;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** The whole body must arrive within this long after the headers. */
  bodyTimeoutMs: number;
  maxResponseBytes: number;
  /** Total tries of an idempotent call, the first included. */
  maxAttempts: number;
  backoff: Backoff;
  /** A `Retry-After` longer than this is not waited for: the call fails with the server's status instead. */
  maxRetryAfterMs: number;
  /** Consecutive failures (network errors, timeouts, 5xx) of one origin that open its breaker. */
  breakerFailures: number;
  /** How long an open breaker refuses calls before one trial call may go through. */
  breakerResetMs: number;
  maxRedirects: number;
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Name resolution, injectable so tests can make a "public" name answer 127.0.0.1. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export interface OutboundLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface OutboundDependencies {
  resolve?: Resolve;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  logger?: OutboundLogger;
}

/**
 * Private addresses for one call: as the admin configured (`config`), always (`allow`: an endpoint the admin typed
 * in, such as the S3 store) or never (`deny`: a URL a user supplied where the admin's allow-list should not apply).
 */
export type PrivateAddresses = 'config' | 'allow' | 'deny';

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A factory for streamed bodies, so a retry or a 307 can send the body again. */
  body?: string | Uint8Array | (() => Readable);
  /** Declares a POST or PATCH safe to repeat (it carries an idempotency key, say); other methods know their own. */
  idempotent?: boolean;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  maxResponseBytes?: number;
  maxAttempts?: number;
  privateAddresses?: PrivateAddresses;
  /** `manual` hands 3xx answers to the caller. */
  redirects?: 'follow' | 'manual';
  /** Statuses the caller handles itself; others throw `http_status`. Default: below 400. */
  accept?: (status: number) => boolean;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Where the answer came from, after redirects. */
  url: URL;
  /** Capped at the size limit and the body timeout; read it or call `dump()`. */
  body: Readable;
  text(): Promise<string>;
  json(): Promise<unknown>;
  dump(): Promise<void>;
}

export type BreakerState = 'closed' | 'open' | 'half_open';
export interface BreakerView {
  target: string;
  state: BreakerState;
}

/** One HTTP exchange (each retry and each redirect hop is one), for metrics. */
export interface CallRecord {
  target: string;
  method: string;
  /** The status, or the error code when there was none. */
  outcome: string;
  seconds: number;
}

export interface Outbound {
  request(url: string | URL, options?: CallOptions): Promise<OutboundResponse>;
  breakers(): BreakerView[];
  /** Returns the unsubscribe function. */
  onCall(listener: (record: CallRecord) => void): () => void;
  close(): Promise<void>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const HOST_FAILURES: ReadonlySet<OutboundErrorCode> = new Set(['connect_timeout', 'headers_timeout', 'network']);
const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};
/** Breakers of origins not called for a while are dropped beyond this many (crawls reach many hosts). */
const MAX_BREAKERS = 1000;

/** A retryable answer, thrown inside the retry loop only; its body was drained. */
class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`answered ${status}`);
  }
}

/**
 * A host-side failure: worth a retry, and it counts towards the origin's breaker (a refusal or a too-large answer
 * is neither).
 */
const isHostFailure = (error: unknown) => error instanceof OutboundError && HOST_FAILURES.has(error.code);

export function createOutbound(settings: OutboundSettings, dependencies: OutboundDependencies = {}): Outbound {
  const resolve = dependencies.resolve ?? systemResolve;
  const sleep = dependencies.sleep ?? realSleep;
  const random = dependencies.random ?? Math.random;
  const now = dependencies.now ?? Date.now;
  const listeners = new Set<(record: CallRecord) => void>();
  const breakers = new Map<string, CircuitBreakerPolicy>();
  const dispatchers = new Map<string, Dispatcher>();

  const allowanceFor = (mode: PrivateAddresses) =>
    mode === 'allow' ? ANY_PRIVATE : mode === 'deny' ? NO_PRIVATE : settings.allowPrivate;

  /** Resolves a host name and refuses it when any of its addresses is one the allowance does not reach. */
  async function checkedAddresses(hostname: string, allowance: PrivateAllowance): Promise<ResolvedAddress[]> {
    const literal = literalAddress(hostname);
    let addresses: ResolvedAddress[];
    try {
      addresses =
        literal !== undefined ? [{ address: literal, family: literal.includes(':') ? 6 : 4 }] : await resolve(hostname);
    } catch (error) {
      throw new OutboundError('network', `${hostname} could not be resolved`, { target: hostname, cause: error });
    }
    if (addresses.length === 0) throw new OutboundError('network', `${hostname} has no address`, { target: hostname });
    for (const { address } of addresses) {
      const kind = refusal(hostname, address, allowance);
      if (kind !== undefined) {
        const what = literal === undefined ? `${hostname} resolves to ${address}, a` : `${hostname} is a`;
        throw new OutboundError(
          'refused',
          `${what} ${kind.replace('_', '-')} address; CC_OUTBOUND_ALLOW_PRIVATE can allow it`,
          { target: hostname },
        );
      }
    }
    return addresses;
  }

  /**
   * The connection resolves through the guard itself, so the address checked is the address connected to: a name
   * that answers public to a first look-up and private to the next (DNS rebinding) is refused at connect time.
   */
  function dispatcherFor(mode: PrivateAddresses, connectTimeoutMs: number): Dispatcher {
    const key = `${mode}:${connectTimeoutMs}`;
    let dispatcher = dispatchers.get(key);
    if (dispatcher === undefined) {
      const allowance = allowanceFor(mode);
      const lookup: LookupFunction = (hostname, options, callback) => {
        checkedAddresses(hostname, allowance).then(
          (addresses) => {
            if (options.all === true) callback(null, addresses as LookupAddress[]);
            else callback(null, addresses[0]!.address, addresses[0]!.family);
          },
          (error: Error) => callback(error as NodeJS.ErrnoException, ''),
        );
      };
      dispatcher = new EnvHttpProxyAgent({
        connect: { timeout: connectTimeoutMs, lookup },
        ...(settings.httpProxy === undefined ? {} : { httpProxy: settings.httpProxy }),
        ...(settings.httpsProxy === undefined ? {} : { httpsProxy: settings.httpsProxy }),
        ...(settings.noProxy === undefined ? {} : { noProxy: settings.noProxy }),
      });
      dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  function breakerFor(origin: string): CircuitBreakerPolicy {
    let breaker = breakers.get(origin);
    if (breaker !== undefined) {
      breakers.delete(origin);
    } else {
      breaker = circuitBreaker(
        handleWhen(isHostFailure).orWhenResult((result) => (result as Dispatcher.ResponseData).statusCode >= 500),
        { halfOpenAfter: settings.breakerResetMs, breaker: new ConsecutiveBreaker(settings.breakerFailures) },
      );
      if (breakers.size >= MAX_BREAKERS) {
        const idle = [...breakers].find(([, candidate]) => candidate.state === CircuitState.Closed);
        if (idle !== undefined) breakers.delete(idle[0]);
      }
    }
    breakers.set(origin, breaker);
    return breaker;
  }

  function record(target: string, method: string, outcome: string, startedAt: number) {
    const entry = { target, method, outcome, seconds: (now() - startedAt) / 1000 };
    for (const listener of listeners) listener(entry);
  }

  function translate(error: unknown, method: string, url: URL): OutboundError {
    if (error instanceof OutboundError) return error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof OutboundError) return cause;
    const where = `${method} ${redactUrl(url)}`;
    if (error instanceof BrokenCircuitError) {
      return new OutboundError('breaker_open', `${where}: ${url.host} failed repeatedly; calls to it are paused`, {
        target: url.host,
      });
    }
    const code = (error as { code?: string }).code;
    const timeouts: Record<string, 'connect_timeout' | 'headers_timeout' | 'body_timeout'> = {
      UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
      UND_ERR_HEADERS_TIMEOUT: 'headers_timeout',
      UND_ERR_BODY_TIMEOUT: 'body_timeout',
    };
    const timeout = code === undefined ? undefined : timeouts[code];
    if (timeout !== undefined) {
      return new OutboundError(timeout, `${where}: ${timeout.replace('_', ' ')}`, { target: url.host, cause: error });
    }
    return new OutboundError('network', `${where} failed: ${code ?? (error as Error).name}`, {
      target: url.host,
      cause: error,
    });
  }

  /** Counts bytes and enforces the size cap and the whole-body deadline on the way to the caller. */
  function limitBody(source: Readable, method: string, url: URL, maxBytes: number, bodyTimeoutMs: number): Readable {
    let received = 0;
    const limited = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes) {
          callback(
            new OutboundError('too_large', `${method} ${redactUrl(url)}: the answer exceeds ${maxBytes} bytes`, {
              target: url.host,
            }),
          );
        } else callback(null, chunk);
      },
    });
    const deadline = setTimeout(() => {
      limited.destroy(
        new OutboundError('body_timeout', `${method} ${redactUrl(url)}: body not received within ${bodyTimeoutMs} ms`, {
          target: url.host,
        }),
      );
    }, bodyTimeoutMs).unref();
    const finish = () => clearTimeout(deadline);
    limited.on('close', finish);
    limited.on('end', finish);
    source.on('error', (error) => limited.destroy(translate(error, method, url)));
    limited.on('close', () => {
      if (!source.destroyed) discard(source);
    });
    // A deadline that fires on a body nobody reads must not crash the process; readers still get the error.
    limited.on('error', () => {});
    source.pipe(limited);
    return limited;
  }

  async function request(input: string | URL, options: CallOptions = {}): Promise<OutboundResponse> {
    let url = new URL(String(input));
    let method = (options.method ?? 'GET').toUpperCase();
    let headers = { ...options.headers };
    let body = options.body;
    const mode = options.privateAddresses ?? 'config';
    const allowance = allowanceFor(mode);
    const connectTimeoutMs = options.connectTimeoutMs ?? settings.connectTimeoutMs;
    const headersTimeoutMs = options.headersTimeoutMs ?? settings.headersTimeoutMs;
    const bodyTimeoutMs = options.bodyTimeoutMs ?? settings.bodyTimeoutMs;
    const maxBytes = options.maxResponseBytes ?? settings.maxResponseBytes;
    const maxAttempts = options.maxAttempts ?? settings.maxAttempts;
    const accept = options.accept ?? ((status: number) => status < 400);

    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new OutboundError('refused', `${redactUrl(url)}: only http and https URLs are fetched`);
      }
      const idempotent = IDEMPOTENT.has(method) || options.idempotent === true;
      const attempts = idempotent ? maxAttempts : 1;
      const hopUrl = url;
      const hopMethod = method;
      const breaker = breakerFor(hopUrl.origin);

      const exchange = async (attempt: number): Promise<Dispatcher.ResponseData> => {
        const startedAt = now();
        try {
          // The guard runs before the request too: through a proxy the connection goes to the proxy, not the target.
          await checkedAddresses(hopUrl.hostname, allowance);
          const response = await breaker.execute(async () => {
            try {
              return await dispatcherFor(mode, connectTimeoutMs).request({
                origin: hopUrl.origin,
                path: `${hopUrl.pathname}${hopUrl.search}`,
                method: hopMethod,
                headers,
                body: typeof body === 'function' ? body() : body,
                headersTimeout: headersTimeoutMs,
                // Between two chunks; the whole body has its own deadline (limitBody).
                bodyTimeout: Math.min(bodyTimeoutMs, headersTimeoutMs),
                signal: options.signal,
              });
            } catch (error) {
              throw translate(error, hopMethod, hopUrl);
            }
          });
          record(hopUrl.host, hopMethod, String(response.statusCode), startedAt);
          if (!RETRYABLE_STATUS.has(response.statusCode) || attempt >= attempts) return response;
          const retryAfterMs = parseRetryAfter(firstHeader(response.headers['retry-after']), now());
          if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) return response;
          await response.body.dump();
          throw new RetryableStatus(response.statusCode, retryAfterMs);
        } catch (error) {
          if (error instanceof RetryableStatus) throw error;
          const failure = translate(error, hopMethod, hopUrl);
          record(hopUrl.host, hopMethod, failure.code, startedAt);
          throw failure;
        }
      };

      const response = await retrying(exchange, {
        attempts,
        stopped: () => options.signal?.aborted === true,
        delayAfter: (error, attempt) => {
          const backoff = backoffDelay(settings.backoff, attempt, random);
          if (error instanceof RetryableStatus) return Math.max(backoff, error.retryAfterMs ?? 0);
          return isHostFailure(error) ? backoff : undefined;
        },
        onRetry: (error, attempt, delayMs) =>
          dependencies.logger?.warn(
            {
              method: hopMethod,
              url: redactUrl(hopUrl),
              attempt,
              delayMs,
              reason: error instanceof RetryableStatus ? error.status : (error as OutboundError).code,
            },
            'outbound call failed; retrying',
          ),
        sleep,
      });

      const location = firstHeader(response.headers.location);
      if (options.redirects !== 'manual' && REDIRECT_STATUS.has(response.statusCode) && location !== undefined) {
        await response.body.dump();
        if (hop >= settings.maxRedirects) {
          throw new OutboundError(
            'too_many_redirects',
            `${method} ${redactUrl(url)}: more than ${settings.maxRedirects} redirects`,
            {
              target: url.host,
            },
          );
        }
        ({ url, method, headers, body } = redirected({ url, method, headers, body }, response.statusCode, location));
        continue;
      }

      if (!accept(response.statusCode)) {
        await response.body.dump();
        const retryAfterMs = parseRetryAfter(firstHeader(response.headers['retry-after']), now());
        throw new OutboundError('http_status', `${method} ${redactUrl(url)} answered ${response.statusCode}`, {
          target: url.host,
          status: response.statusCode,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
      }
      const contentLength = Number(firstHeader(response.headers['content-length']) ?? Number.NaN);
      // A HEAD answer declares the length of a body it does not send.
      if (method !== 'HEAD' && contentLength > maxBytes) {
        discard(response.body);
        throw new OutboundError(
          'too_large',
          `${method} ${redactUrl(url)}: the answer is ${contentLength} bytes, over ${maxBytes}`,
          {
            target: url.host,
          },
        );
      }
      const limited = limitBody(response.body, method, url, maxBytes, bodyTimeoutMs);
      return {
        status: response.statusCode,
        headers: response.headers,
        url,
        body: limited,
        text: () => text(limited),
        json: () => json(limited),
        dump: async () => {
          limited.resume();
          await finished(limited).catch(() => {});
        },
      };
    }
  }

  return {
    request,
    breakers: () => [...breakers].map(([target, breaker]) => ({ target, state: STATES[breaker.state] })),
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.close()));
      dispatchers.clear();
    },
  };
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: CallOptions['body'];
}

/**
 * The next request after a redirect, as browsers make it: 303 (and 301/302 after a POST) turn into a body-less GET;
 * credentials stay behind when the redirect leaves the origin.
 */
function redirected(hop: Hop, status: number, location: string): Hop {
  const url = new URL(location, hop.url);
  const crossOrigin = url.origin !== hop.url.origin;
  const asGet = status === 303 ? hop.method !== 'HEAD' : status <= 302 && hop.method === 'POST';
  const headers = Object.fromEntries(
    Object.entries(hop.headers).filter(([name]) => {
      const lower = name.toLowerCase();
      return !(crossOrigin && CREDENTIAL_HEADERS.has(lower)) && !(asGet && lower.startsWith('content-'));
    }),
  );
  return asGet ? { url, method: 'GET', headers, body: undefined } : { ...hop, url, headers };
}

/** Closes a body nobody will read (its connection is not reused). */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
