import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { keys } from '../api/keys';
import type { CloudEvent, PageOf } from '../api/types';
import { applyLiveEvent } from './effects';
import { useActivity } from './queries';
import { followProjectEvents, type StreamStatus } from './stream';

const KEEP_IN_CACHE = 200;

interface LiveState {
  status: StreamStatus;
  detail: string | undefined;
  /** How many events arrived over the stream since the page opened. */
  received: number;
}

const LiveContext = createContext<LiveState>({ status: 'closed', detail: undefined, received: 0 });

export function useLiveStatus(): LiveState {
  return useContext(LiveContext);
}

function mergeEvent(page: PageOf<CloudEvent> | undefined, event: CloudEvent): PageOf<CloudEvent> {
  const items = page?.items ?? [];
  if (items.some((item) => item.id === event.id)) return page ?? { items, nextCursor: null };
  const next = [event, ...items].sort((a, b) => b.sequence - a.sequence).slice(0, KEEP_IN_CACHE);
  return { items: next, nextCursor: page?.nextCursor ?? null };
}

/**
 * Opens the project's live stream once the history has loaded (resuming after the newest event it holds), applies each
 * event to the query cache, and tells the layout whether the stream is live.
 */
export function LiveProvider({ projectId, children }: { projectId: string; children: ReactNode }) {
  const client = useQueryClient();
  const history = useActivity(projectId);
  const [state, setState] = useState<LiveState>({ status: 'connecting', detail: undefined, received: 0 });
  const ready = history.isSuccess || history.isError;
  const resumeFrom = useRef<string | undefined>(undefined);
  if (history.isSuccess && resumeFrom.current === undefined) {
    // Resume right after the newest event we hold (0 when there is none), so nothing committed between the history
    // request and the stream's start is missed: the server replays the project's events after that sequence.
    resumeFrom.current = String(history.data.items.reduce((max, item) => Math.max(max, item.sequence), 0));
  }

  useEffect(() => {
    if (!ready) return;
    const stop = followProjectEvents({
      projectId,
      lastEventId: resumeFrom.current,
      onEvent(event) {
        if (event.projectid !== undefined && event.projectid !== projectId) return;
        client.setQueryData<PageOf<CloudEvent>>(keys.events(projectId), (page) => mergeEvent(page, event));
        applyLiveEvent(client, projectId, event);
        setState((current) => ({ ...current, received: current.received + 1 }));
      },
      onStatus(status, detail) {
        setState((current) => ({ ...current, status, detail }));
      },
    });
    return stop;
  }, [client, projectId, ready]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}
