import { Anchor, Badge, Box, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { keys } from '../api/keys';
import { atLeast } from '../api/types';
import { ActivityFeed } from '../components/ActivityFeed';
import { RoleBadge } from '../components/badges';
import { dateTime } from '../components/format';
import { useProject } from '../layout/ProjectContext';
import { projectSections } from '../sections';

function MembersWidget({ projectId }: { projectId: string }) {
  const members = useQuery({
    queryKey: [...keys.members(projectId), 'summary'],
    queryFn: () =>
      call(api.GET('/api/v1/projects/{projectId}/members', { params: { path: { projectId }, query: { limit: 200 } } })),
  });
  const count = members.data?.items.length;
  return (
    <Card withBorder radius="md" component={Link} to={`/projects/${projectId}/members`}>
      <Text size="sm" c="dimmed">
        Members
      </Text>
      <Text fw={700} size="xl">
        {members.isPending ? '…' : members.isError ? '—' : `${count}${members.data?.nextCursor ? '+' : ''}`}
      </Text>
      <Text size="xs" c="dimmed">
        People with access to this project
      </Text>
    </Card>
  );
}

function JobsWidget({ projectId }: { projectId: string }) {
  const active = useQuery({
    queryKey: keys.activeJobs(projectId),
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/jobs', {
          params: { path: { projectId }, query: { status: ['pending', 'running'], limit: 200 } },
        }),
      ),
  });
  const count = active.data?.items.length ?? 0;
  return (
    <Card withBorder radius="md" component={Link} to={`/projects/${projectId}/jobs`}>
      <Text size="sm" c="dimmed">
        Jobs
      </Text>
      <Text fw={700} size="xl" data-testid="active-jobs">
        {active.isPending
          ? '…'
          : active.isError
            ? '—'
            : count === 0
              ? 'Idle'
              : `${count}${active.data?.nextCursor ? '+' : ''} active`}
      </Text>
      <Text size="xs" c="dimmed">
        Background work, updated live
      </Text>
    </Card>
  );
}

/**
 * The project's home. Its dashboard slot holds one card per capability; a capability that ships a dashboard widget
 * replaces its placeholder card.
 */
export function ProjectHomePage() {
  const project = useProject();
  const capabilities = projectSections.filter((section) => section.group === 'capabilities');
  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={1} size="h2" data-testid="project-title">
              {project.name}
            </Title>
            <Text size="xs" c="dimmed" ff="monospace">
              {project.slug}
            </Text>
          </div>
          <RoleBadge role={project.role} />
        </Group>
        <Text mt="sm" c={project.description ? undefined : 'dimmed'}>
          {project.description || 'No description yet.'}
        </Text>
        <Text size="xs" c="dimmed" mt="sm">
          Created {dateTime(project.createdAt)}
        </Text>
      </Paper>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        <MembersWidget projectId={project.id} />
        <JobsWidget projectId={project.id} />
        {atLeast(project.role, 'admin') && (
          <Card withBorder radius="md" component={Link} to={`/projects/${project.id}/api-keys`}>
            <Text size="sm" c="dimmed">
              API keys
            </Text>
            <Text fw={700} size="xl">
              Integrations
            </Text>
            <Text size="xs" c="dimmed">
              Keys for scripts and tools
            </Text>
          </Card>
        )}
      </SimpleGrid>

      <div>
        <Title order={2} size="h4" mb="sm">
          Dashboard
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} data-testid="dashboard-slot">
          {capabilities.map((section) => (
            <Card key={section.key} withBorder radius="md" padding="md">
              <Group justify="space-between">
                <Anchor component={Link} to={`/projects/${project.id}/${section.path}`} fw={600}>
                  {section.label}
                </Anchor>
                {section.element === undefined && (
                  <Badge size="sm" variant="light" color="gray" tt="none">
                    coming
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed" mt={4}>
                {section.description}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      </div>

      <Box hiddenFrom="lg">
        <Paper withBorder radius="md" p="md">
          <ActivityFeed projectId={project.id} />
        </Paper>
      </Box>
    </Stack>
  );
}
