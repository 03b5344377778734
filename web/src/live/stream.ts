import type { CloudEvent } from '../api/types';
import { getAccessToken, refreshSession } from '../auth/session';
import { SseParser } from './sse-parser';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** The server said this stream is not ours to read (no longer a member, project gone): stop retrying. */
class StreamRefused extends Error {}

export interface ProjectStreamOptions {
  projectId: string;
  /** Resume point: events after this sequence number are replayed by the server. */
  lastEventId?: string;
  onEvent(event: CloudEvent): void;
  onStatus(status: StreamStatus, detail?: string): void;
}

/** No byte (event or `: heartbeat`, sent every 15 s) for this long means the connection is dead. */
const SILENCE_LIMIT_MS = 45_000;
const MAX_BACKOFF_MS = 15_000;

/**
 * Follows a project's live event stream: fetch + ReadableStream (EventSource cannot send the bearer token), parses
 * SSE, and reconnects with `Last-Event-ID` after any drop, with capped exponential backoff. Returns a stop function.
 */
export function followProjectEvents(options: ProjectStreamOptions): () => void {
  let stopped = false;
  let lastEventId = options.lastEventId;
  let attempt = 0;
  /** The stream's `retry:` field: how soon the server wants a reconnect after a drop. */
  let serverRetryMs: number | undefined;
  let controller: AbortController | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      wakeTimer = setTimeout(resolve, ms);
    });

  async function connectOnce(): Promise<void> {
    controller = new AbortController();
    const abort = controller;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(new Error('no heartbeat')), SILENCE_LIMIT_MS);
    };
    let ended: { reason: string; reconnect: boolean } | undefined;
    try {
      const token = getAccessToken();
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      arm();
      const response = await fetch(`/api/v1/projects/${encodeURIComponent(options.projectId)}/events/stream`, {
        headers,
        signal: abort.signal,
        cache: 'no-store',
      });
      if (response.status === 401) {
        // The access token expired: refresh (single flight) and let the loop reconnect at once.
        await response.body?.cancel();
        if (await refreshSession()) attempt = 0;
        throw new Error('unauthorized');
      }
      if (response.status === 403 || response.status === 404) {
        await response.body?.cancel();
        throw new StreamRefused(`no access to this project's events (${response.status})`);
      }
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        throw new Error(`stream answered ${response.status}`);
      }
      options.onStatus('live');
      attempt = 0;
      const parser = new SseParser({
        onRetry(ms) {
          serverRetryMs = ms;
        },
        onMessage(message) {
          if (message.event === 'end') {
            // The server ended the stream and says why: after a shutdown or an expired token reconnect (at once,
            // to another process); when access was withdrawn, stop.
            ended = JSON.parse(message.data) as { reason: string; reconnect: boolean };
            return;
          }
          if (message.event !== 'message') return;
          if (message.id !== undefined) lastEventId = message.id;
          try {
            options.onEvent(JSON.parse(message.data) as CloudEvent);
          } catch {
            // a malformed event must not end the stream
          }
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        arm();
        parser.push(value);
      }
      parser.end();
      if (ended !== undefined && !ended.reconnect) throw new StreamRefused(`the stream ended: ${ended.reason}`);
      if (ended?.reason === 'credential-expired' && (await refreshSession())) attempt = 0;
      if (ended !== undefined) serverRetryMs = 0;
    } finally {
      clearTimeout(silence);
    }
  }

  async function loop(): Promise<void> {
    options.onStatus('connecting');
    while (!stopped) {
      let detail = 'the stream ended';
      try {
        await connectOnce();
      } catch (error) {
        if (error instanceof StreamRefused) {
          options.onStatus('closed', error.message);
          return;
        }
        detail = error instanceof Error ? error.message : String(error);
      }
      if (stopped) break;
      attempt += 1;
      const first = Math.min(serverRetryMs ?? 1000, MAX_BACKOFF_MS);
      const delay = Math.min(MAX_BACKOFF_MS, first * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
      options.onStatus('reconnecting', detail);
      await sleep(delay);
    }
    options.onStatus('closed');
  }

  const online = () => {
    // Back online: skip the rest of the backoff.
    clearTimeout(wakeTimer);
    wake?.();
  };
  window.addEventListener('online', online);
  void loop();

  return () => {
    stopped = true;
    window.removeEventListener('online', online);
    controller?.abort();
    clearTimeout(wakeTimer);
    wake?.();
  };
}
