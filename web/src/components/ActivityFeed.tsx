import { Badge, Box, Group, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { CloudEvent } from '../api/types';
import { useActivity, useLiveStatus } from '../live/LiveProvider';
import { coalesceJobUpdates, dateTime, describeEvent, timeAgo } from './format';
import { EmptyState, ErrorState, Loading } from './states';

function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function LiveIndicator() {
  const live = useLiveStatus();
  const label =
    live.status === 'live'
      ? 'Live'
      : live.status === 'reconnecting'
        ? 'Reconnecting…'
        : live.status === 'connecting'
          ? 'Connecting…'
          : 'Offline';
  const color = live.status === 'live' ? 'green' : live.status === 'closed' ? 'gray' : 'yellow';
  return (
    <Tooltip label={live.detail ?? 'Updates arrive as they happen'} disabled={live.status === 'live'}>
      <Badge
        color={color}
        variant="dot"
        tt="none"
        data-testid="live-status"
        data-status={live.status}
        aria-live="polite"
      >
        {label}
      </Badge>
    </Tooltip>
  );
}

function EventRow({ event, now }: { event: CloudEvent; now: number }) {
  const { title, summary } = describeEvent(event);
  return (
    <Box
      component="li"
      data-testid="activity-item"
      data-event-type={event.type}
      py={6}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', listStyle: 'none' }}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={600} lineClamp={1}>
          {title}
        </Text>
        <Tooltip label={dateTime(event.time)}>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {timeAgo(event.time, now)}
          </Text>
        </Tooltip>
      </Group>
      {summary !== '' && (
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {summary}
        </Text>
      )}
    </Box>
  );
}

/** The project's activity: recent history, then every new event as the live stream delivers it. */
export function ActivityFeed({ projectId, height }: { projectId: string; height?: number | string }) {
  const activity = useActivity(projectId);
  const now = useNow();
  const items = coalesceJobUpdates(activity.data?.items ?? []);
  let body: React.ReactNode;
  if (activity.isPending) body = <Loading label="Loading activity…" />;
  else if (items.length === 0 && activity.isError)
    body = (
      <ErrorState title="Could not load the history" error={activity.error} retry={() => void activity.refetch()} />
    );
  else if (items.length === 0)
    body = <EmptyState title="No activity yet">Changes to this project show up here as they happen.</EmptyState>;
  else
    body = (
      <Box component="ul" p={0} m={0}>
        {items.map((event) => (
          <EventRow key={event.id} event={event} now={now} />
        ))}
      </Box>
    );

  return (
    <Stack gap="xs" data-testid="activity-panel" h={height} style={{ minHeight: 0 }}>
      <Group justify="space-between">
        <Title order={2} size="h5">
          Activity
        </Title>
        <LiveIndicator />
      </Group>
      <ScrollArea.Autosize mah={height === undefined ? undefined : '100%'} type="auto" offsetScrollbars>
        {body}
      </ScrollArea.Autosize>
    </Stack>
  );
}
