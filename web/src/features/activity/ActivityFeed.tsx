import { Anchor, Badge, Box, Group, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { coalesceJobUpdates, dateTime, describeEvent, timeAgo } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useLiveStatus } from '../../live/LiveProvider';
import { useActivity } from '../../live/queries';
import { type ActivityEntry, describeGroup, groupActivity } from './activity-groups';
import { useGroupedActivity } from './queries';

/** After live events stop arriving for this long, the grouped history is read again so that it settles. */
const SETTLE_MS = 1500;

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

function EventRow({ entry, projectId, now }: { entry: ActivityEntry; projectId: string; now: number }) {
  const grouped = describeGroup(entry, projectId);
  const { title, summary } = grouped ?? describeEvent(entry);
  return (
    <Box
      component="li"
      data-testid="activity-item"
      data-event-type={entry.type}
      data-group={entry.group?.kind}
      py={6}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', listStyle: 'none' }}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={600} lineClamp={2}>
          {title}
        </Text>
        <Tooltip label={dateTime(entry.time)}>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {timeAgo(entry.time, now)}
          </Text>
        </Tooltip>
      </Group>
      {summary !== '' && (
        <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {summary}
        </Text>
      )}
      {grouped?.link !== undefined && (
        <Anchor component={Link} to={grouped.link.to} size="xs" data-testid="activity-link">
          {grouped.link.label}
        </Anchor>
      )}
    </Box>
  );
}

/**
 * The project's activity: the grouped history, then every new event as the live stream delivers it (grouped the
 * same way, and read again from the server once a burst is over so that a page never holds a flood).
 */
export function ActivityFeed({ projectId, height }: { projectId: string; height?: number | string }) {
  const live = useActivity(projectId);
  const history = useGroupedActivity(projectId);
  const now = useNow();
  const newestKnown = (history.data?.items ?? []).reduce((max, entry) => Math.max(max, entry.sequence), 0);
  const fresh = history.isSuccess ? (live.data?.items ?? []).filter((event) => event.sequence > newestKnown) : [];
  const newestFresh = fresh[0]?.sequence;
  const { refetch } = history;
  useEffect(() => {
    if (newestFresh === undefined) return;
    const timer = setTimeout(() => void refetch(), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [newestFresh, refetch]);

  const items = coalesceJobUpdates(groupActivity(fresh, (history.data?.items ?? []) as ActivityEntry[]));
  let body: React.ReactNode;
  if (history.isPending) body = <Loading label="Loading activity…" />;
  else if (items.length === 0 && history.isError)
    body = <ErrorState title="Could not load the history" error={history.error} retry={() => void history.refetch()} />;
  else if (items.length === 0)
    body = <EmptyState title="No activity yet">Changes to this project show up here as they happen.</EmptyState>;
  else
    body = (
      <Box component="ul" p={0} m={0}>
        {items.map((entry) => (
          <EventRow key={entry.id} entry={entry} projectId={projectId} now={now} />
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
