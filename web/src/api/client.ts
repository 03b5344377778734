import createClient from 'openapi-fetch';
import { getAccessToken, refreshSession } from '../auth/session';
import { networkError, toApiError } from './problem';
import type { paths } from './schema';

const baseUrl = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;

function withToken(request: Request, token: string | null): Request {
  if (token === null || request.headers.has('Authorization')) return request;
  const headers = new Headers(request.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

/**
 * fetch with the in-memory access token; on 401 it refreshes the session once (single flight) and retries the request
 * once with the new token. Requests that carry their own Authorization header (API-key calls) are left alone.
 */
export async function authedFetch(request: Request): Promise<Response> {
  const ownCredentials = request.headers.has('Authorization');
  const retry = ownCredentials ? undefined : request.clone();
  const token = getAccessToken();
  const response = await fetch(withToken(request, token));
  if (response.status !== 401 || retry === undefined || token === null) return response;
  // Another request may have refreshed already while this one was in flight.
  const current = getAccessToken();
  const fresh = current !== null && current !== token ? current : (await refreshSession()) ? getAccessToken() : null;
  if (fresh === null) return response;
  return fetch(withToken(retry, fresh));
}

/** The typed API client (types generated from the server's OpenAPI document by `npm run gen:api`). */
export const api = createClient<paths>({ baseUrl, fetch: authedFetch });

/** For the sign-in, refresh, sign-out and setup calls: no bearer token, the refresh cookie rides along. */
export const publicApi = createClient<paths>({ baseUrl, credentials: 'same-origin' });

type Result<D> = { data?: D; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the problem+json body. */
export async function call<D>(pending: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await pending;
  } catch (error) {
    throw networkError(error);
  }
  if (!result.response.ok) throw toApiError(result.error, result.response);
  return result.data as D;
}
