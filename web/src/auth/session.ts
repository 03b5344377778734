import createClient from 'openapi-fetch';
import { ApiError, networkError, toApiError } from '../api/problem';
import type { paths } from '../api/schema';
import type { Session, User } from '../api/types';

/**
 * The browser session. The access token lives only in memory; the refresh token is the httpOnly `cc_refresh` cookie
 * (path /api/v1/auth), so a reload calls POST /auth/refresh with `{}` to get a new access token. Refreshes are single
 * flight (and serialized across tabs with the Web Locks API when present): presenting an already-rotated refresh
 * token revokes the whole session family, so two concurrent refreshes must never race.
 *
 * Script cannot see the httpOnly cookie, so a page load would have to ask the server (and get a 401, logged in the
 * console) just to learn that nobody is signed in. Instead a hint in localStorage records that this browser holds a
 * session: set on sign-in and refresh, removed on sign-out or when a refresh fails. Without it the load asks nothing.
 */
export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; setupRequired: boolean; reason?: 'expired' | 'signed-out' }
  | { status: 'authenticated'; user: User };

const REFRESH_MARGIN_MS = 60_000;
const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
const client = createClient<paths>({ baseUrl: origin, credentials: 'same-origin' });

const SESSION_HINT = 'cc-session';

function hasSessionHint(): boolean {
  try {
    return window.localStorage.getItem(SESSION_HINT) !== null;
  } catch {
    // No storage (privacy settings): ask the server as before.
    return true;
  }
}

function setSessionHint(present: boolean): void {
  try {
    if (present) window.localStorage.setItem(SESSION_HINT, '1');
    else window.localStorage.removeItem(SESSION_HINT);
  } catch {
    // without storage every load asks the server
  }
}

let state: AuthState = { status: 'loading' };
let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<boolean> | null = null;
const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('cc-auth');

function setState(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getAuthState(): AuthState {
  return state;
}

export function getAccessToken(): string | null {
  return accessToken;
}

function schedule(delayMs: number): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshSession(), Math.max(5_000, delayMs));
}

function applySession(session: Session): void {
  accessToken = session.accessToken;
  setSessionHint(true);
  schedule(session.expiresIn * 1000 - REFRESH_MARGIN_MS);
  setState({ status: 'authenticated', user: session.user });
}

function clearSession(reason: 'expired' | 'signed-out', setupRequired = false): void {
  accessToken = null;
  clearTimeout(refreshTimer);
  setSessionHint(false);
  setState({ status: 'anonymous', setupRequired, reason });
}

async function doRefresh(): Promise<boolean> {
  try {
    const { data, response } = await client.POST('/api/v1/auth/refresh', { body: {} });
    if (response.ok && data !== undefined) {
      applySession(data);
      return true;
    }
    clearSession('expired');
    return false;
  } catch {
    // Network trouble is not a sign-out: keep what we have and try again soon.
    if (state.status === 'loading') setState({ status: 'anonymous', setupRequired: false });
    else schedule(10_000);
    return false;
  }
}

/** Gets a new access token with the refresh cookie. Resolves false when there is no valid session. */
export function refreshSession(): Promise<boolean> {
  if (inflight !== null) return inflight;
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  const run: Promise<boolean> =
    locks === undefined ? doRefresh() : locks.request('cc-refresh', () => doRefresh()).then((ok) => ok);
  const pending = run.finally(() => {
    inflight = null;
  });
  inflight = pending;
  return pending;
}

/** On page load: does the instance need setup, and is there a session cookie to resume? */
export async function bootstrap(): Promise<void> {
  try {
    const { data } = await client.GET('/api/v1/setup');
    if (data?.setupRequired === true) {
      clearSession('signed-out', true);
      return;
    }
  } catch {
    // fall through: the refresh attempt reports the outcome
  }
  if (!hasSessionHint()) {
    setState({ status: 'anonymous', setupRequired: false });
    return;
  }
  await refreshSession();
}

export async function login(email: string, password: string): Promise<User> {
  const result = await client.POST('/api/v1/auth/login', { body: { email, password } }).catch((error: unknown) => {
    throw networkError(error);
  });
  if (!result.response.ok || result.data === undefined) throw toApiError(result.error, result.response);
  applySession(result.data);
  return result.data.user;
}

export async function logout(): Promise<void> {
  try {
    await client.POST('/api/v1/auth/logout', { body: {} });
  } catch {
    // signing out locally is what matters to the person
  }
  clearSession('signed-out');
  channel?.postMessage('signed-out');
}

/** After first-run setup the instance no longer needs it. */
export function markSetupDone(): void {
  if (state.status === 'anonymous') setState({ ...state, setupRequired: false });
}

channel?.addEventListener('message', (message: MessageEvent) => {
  if (message.data === 'signed-out' && state.status === 'authenticated') clearSession('signed-out');
});

export { ApiError };
