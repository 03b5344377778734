import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  totalRequests: number;
  errors: number;
  non2xx: number;
  /** Status codes seen, for diagnosing non-2xx answers. */
  statusCodes: Record<string, number>;
}

/** One autocannon run in this process; nothing is rendered, the figures come back. */
export async function fire(request: LoadRequest, connections: number, durationSeconds: number): Promise<LoadFigures> {
  const result = await autocannon({
    url: request.url,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    totalRequests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
}

/** Checks one request answers 2xx before loading it, so a broken setup fails loudly instead of measuring 401s. */
export async function probe(request: LoadRequest): Promise<unknown> {
  const response = await fetch(request.url, {
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${request.method ?? 'GET'} ${request.url} answered ${response.status}: ${text}`);
  return text === '' ? null : JSON.parse(text);
}
