/** Why the server ended a live stream; sent to the client as the data of a final `end` event. */
export type StreamEndReason =
  /** The process is shutting down: reconnect (the load balancer sends you to another process). */
  | 'shutdown'
  /** The credential no longer reaches the project (key revoked or suspended, user disabled, membership gone). */
  | 'access-withdrawn'
  /** The access token expired: refresh it and reconnect. */
  | 'credential-expired'
  /** Access could not be checked (the database did not answer): reconnect. */
  | 'recheck-failed';

export interface LiveStream {
  end(reason: StreamEndReason): void;
}

/**
 * This process's open live streams. Shutdown ends them all with a final event (a stream never ends by itself, so
 * without this a connected browser would hold a draining process open until it is killed).
 */
export interface LiveStreams {
  /** Registers an open stream; returns the function that forgets it. */
  add(stream: LiveStream): () => void;
  /** Ends every open stream with the reason and refuses new ones; returns how many were open. */
  endAll(reason: StreamEndReason): number;
  /** True once endAll ran: a stream opened now ends at once. */
  readonly closing: boolean;
}

export function liveStreams(): LiveStreams {
  const open = new Set<LiveStream>();
  let closing = false;
  return {
    add(stream) {
      open.add(stream);
      return () => open.delete(stream);
    },
    endAll(reason) {
      closing = true;
      const count = open.size;
      for (const stream of [...open]) stream.end(reason);
      open.clear();
      return count;
    },
    get closing() {
      return closing;
    },
  };
}

/** The final SSE message: a named event, so clients that only read default messages ignore it and just reconnect. */
export function endMessage(reason: StreamEndReason): string {
  return `event: end\ndata: ${JSON.stringify({ reason, reconnect: reason !== 'access-withdrawn' })}\n\n`;
}
