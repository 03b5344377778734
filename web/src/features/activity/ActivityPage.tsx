import { Paper, Stack, Text, Title } from '@mantine/core';
import { useProject } from '../../layout/ProjectContext';
import { ActivityFeed } from './ActivityFeed';

export function ActivityPage() {
  const project = useProject();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Activity
        </Title>
        <Text c="dimmed" size="sm">
          Events in {project.name}, newest first; new ones appear as they happen.
        </Text>
      </div>
      <Paper withBorder radius="md" p="md">
        <ActivityFeed projectId={project.id} />
      </Paper>
    </Stack>
  );
}
