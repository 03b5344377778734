import { Anchor, Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { atLeast } from '../../api/types';
import { RoleBadge } from '../../components/badges';
import { dateTime, plural } from '../../components/format';
import { ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { ActivityFeed } from '../activity/ActivityFeed';
import { useActiveJobs } from '../jobs/queries';
import { useRadars, useVolumes } from '../radar/queries';
import { UPCOMING_DAYS, useDashboard } from './queries';
import { Bars, Figure, MovementList, Panel, RingCounts, TaskList } from './Widgets';

function useActiveJobCount(projectId: string) {
  const active = useActiveJobs(projectId);
  if (active.data === undefined) return active.isError ? '—' : '…';
  const count = active.data.items.length;
  return count === 0 ? 'Idle' : `${count}${active.data.nextCursor ? '+' : ''} active`;
}

function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The project's home: what the radar holds, what moved, what is due and what needs a decision. */
export function ProjectHomePage() {
  const project = useProject();
  const base = `/projects/${project.id}`;
  const dashboard = useDashboard(project.id);
  const radars = useRadars(project.id);
  const jobs = useActiveJobCount(project.id);
  const now = useMinuteClock();
  const canWrite = atLeast(project.role, 'member');
  const defaultRadar = radars.data?.find((radar) => radar.isDefault);
  const volumes = useVolumes(project.id, defaultRadar?.id);

  const header = (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2" data-testid="project-title">
            {project.name}
          </Title>
          <Text size="xs" c="dimmed" ff="monospace">
            {project.slug} · created {dateTime(project.createdAt)}
          </Text>
        </div>
        <RoleBadge role={project.role} />
      </Group>
      <Text mt="sm" c={project.description ? undefined : 'dimmed'}>
        {project.description || 'No description yet.'}
      </Text>
    </Paper>
  );

  if (dashboard.isPending) {
    return (
      <Stack gap="lg">
        {header}
        <Loading label="Loading the dashboard…" />
      </Stack>
    );
  }
  if (dashboard.isError) {
    return (
      <Stack gap="lg">
        {header}
        <ErrorState
          title="Could not load the dashboard"
          error={dashboard.error}
          retry={() => void dashboard.refetch()}
        />
      </Stack>
    );
  }

  const data = dashboard.data;
  const technologyCount = data.countsByStatus.reduce((sum, row) => sum + row.count, 0);
  const { overdue, upcoming } = data.research;
  const nothingPlaced = (radars.data ?? []).every((radar) => radar.blipCount === 0);
  // Before the first volume every blip would read as "new": say what a volume is for and where to publish one.
  const noVolumeYet =
    radars.data !== undefined &&
    (defaultRadar === undefined || (volumes.data !== undefined && volumes.data.length === 0));
  const addTechnologies = canWrite ? (
    <>
      {' '}
      <Anchor component={Link} to={`${base}/radar/import`} size="sm">
        Import a radar
      </Anchor>{' '}
      or{' '}
      <Anchor component={Link} to={`${base}/radar`} size="sm">
        add technologies on the radar
      </Anchor>
      .
    </>
  ) : (
    ' Members add them on the radar.'
  );
  return (
    <Stack gap="lg" data-testid="dashboard">
      {header}

      {technologyCount === 0 && canWrite && (
        <Paper withBorder radius="md" p="md" data-testid="dashboard-getting-started">
          <Group justify="space-between">
            <div>
              <Text fw={600}>Start your radar</Text>
              <Text size="sm" c="dimmed">
                Import a Thoughtworks or Zalando radar, or add technologies one by one.
              </Text>
            </div>
            <Group gap="xs">
              <Button component={Link} to={`${base}/radar/import`} variant="light">
                Import a radar
              </Button>
              <Button component={Link} to={`${base}/radar`} variant="default">
                Open the radar
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Figure
          testId="figure-technologies"
          label="Technologies"
          value={technologyCount}
          hint="in the catalog"
          to={`${base}/radar?view=table`}
        />
        <Figure
          testId="figure-proposals"
          label="Open proposals"
          value={data.openProposals.length}
          hint="waiting for a decision"
          to={`${base}/radar/proposals`}
          color={data.openProposals.length > 0 ? 'blue' : undefined}
        />
        <Figure
          testId="figure-overdue"
          label="Overdue tasks"
          value={overdue.count}
          hint="research past its due date"
          to={`${base}/research?view=table&overdue=true`}
          color={overdue.count > 0 ? 'red' : undefined}
        />
        <Figure
          testId="figure-upcoming"
          label="Due soon"
          value={upcoming.count}
          hint={`within ${plural(upcoming.days, 'day')}`}
          to={`${base}/research?view=table&due=${UPCOMING_DAYS}`}
        />
        <Figure testId="figure-jobs" label="Jobs" value={jobs} hint="background work" to={`${base}/jobs`} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        <Panel
          title="Blips by ring"
          testId="panel-rings"
          isEmpty={nothingPlaced}
          empty={<>No technology is placed on a radar yet.{addTechnologies}</>}
          action={
            <Anchor component={Link} to={`${base}/radar`} size="sm">
              Radar
            </Anchor>
          }
        >
          <RingCounts dashboard={data} radars={radars.data ?? []} />
        </Panel>
        <Panel
          title="Movement since the last volume"
          testId="panel-movement"
          isEmpty={noVolumeYet || data.movementSinceLastVolume.length === 0}
          empty={
            noVolumeYet ? (
              <>
                No volume is published yet, so there is nothing to compare with. A volume is a dated snapshot of the
                radar; once one exists, what moves after it shows here.{' '}
                {nothingPlaced ? (
                  'Place technologies on the radar first.'
                ) : atLeast(project.role, 'admin') ? (
                  <Anchor component={Link} to={`${base}/radar/diff`} size="sm" data-testid="publish-first-volume">
                    Publish the first volume
                  </Anchor>
                ) : (
                  'Project admins publish volumes.'
                )}
              </>
            ) : (
              'Nothing moved on the default radar since its last published volume.'
            )
          }
          action={
            <Anchor component={Link} to={`${base}/radar/diff`} size="sm">
              Compare volumes
            </Anchor>
          }
        >
          <MovementList projectId={project.id} items={data.movementSinceLastVolume} />
        </Panel>
        <Panel
          title="Open proposals"
          testId="panel-proposals"
          isEmpty={data.openProposals.length === 0}
          empty="No ring change is waiting for a decision."
          action={
            <Anchor component={Link} to={`${base}/radar/proposals`} size="sm">
              Inbox
            </Anchor>
          }
        >
          <Stack gap={6}>
            {data.openProposals.slice(0, 8).map((proposal) => (
              <Group key={proposal.id} justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`${base}/radar/proposals`} size="sm" lineClamp={1}>
                  {proposal.technologyTitle}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {proposal.fromRing.name} → {proposal.toRing.name}
                </Text>
              </Group>
            ))}
          </Stack>
        </Panel>
        <Panel
          title="Overdue research"
          testId="panel-overdue"
          isEmpty={overdue.count === 0}
          empty="Nothing is overdue."
        >
          <TaskList projectId={project.id} tasks={overdue.items} now={now} testId="overdue-tasks" />
        </Panel>
        <Panel
          title={`Research due within ${plural(upcoming.days, 'day')}`}
          testId="panel-upcoming"
          isEmpty={upcoming.count === 0}
          empty="No open task is due soon."
          action={
            <Anchor component={Link} to={`${base}/research`} size="sm">
              Board
            </Anchor>
          }
        >
          <TaskList projectId={project.id} tasks={upcoming.items} now={now} testId="upcoming-tasks" />
        </Panel>
        <Panel
          title="High priority"
          testId="panel-priority"
          isEmpty={data.highPriority.length === 0}
          empty="No technology has priority 4 or 5."
        >
          <Stack gap={6}>
            {data.highPriority.map((technology) => (
              <Group key={technology.id} justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`${base}/radar/technologies/${technology.id}`} size="sm" lineClamp={1}>
                  {technology.title}
                </Anchor>
                <Group gap={4} wrap="nowrap">
                  <Badge size="sm" variant="light" tt="none" color="gray">
                    {technology.status}
                  </Badge>
                  <Badge size="sm" variant="light" tt="none">
                    P{technology.priority}
                  </Badge>
                </Group>
              </Group>
            ))}
          </Stack>
        </Panel>
        <Panel
          title="Technologies by status"
          testId="panel-status"
          isEmpty={technologyCount === 0}
          empty={<>The catalog is empty.{addTechnologies}</>}
        >
          <Bars
            testId="status-counts"
            rows={data.countsByStatus.map((row) => ({ label: row.status, count: row.count, color: 'teal' }))}
          />
        </Panel>
        <Panel
          title="Technologies by domain"
          testId="panel-domain"
          isEmpty={data.countsByDomain.length === 0}
          empty={<>The catalog is empty.{addTechnologies}</>}
        >
          <Bars
            testId="domain-counts"
            rows={data.countsByDomain
              .slice(0, 10)
              .map((row) => ({ label: row.domain, count: row.count, color: 'grape' }))}
          />
        </Panel>
      </SimpleGrid>

      {/* From lg up the shell shows the live activity beside the page; below lg it lives here. */}
      <Box hiddenFrom="lg">
        <Paper withBorder radius="md" p="md">
          <ActivityFeed projectId={project.id} />
        </Paper>
      </Box>
    </Stack>
  );
}
