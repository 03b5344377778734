import { Button, Center, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundContent({ what = 'page' }: { what?: string }) {
  return (
    <Center py={80} data-testid="not-found">
      <Stack align="center" gap="sm" ta="center" maw={460}>
        <Text fz={64} fw={800} c="dimmed" lh={1}>
          404
        </Text>
        <Title order={1} size="h3">
          {what === 'page' ? 'This page does not exist' : `This ${what} does not exist`}
        </Title>
        <Text c="dimmed" size="sm">
          {what === 'page'
            ? 'The address may be mistyped, or the page has moved.'
            : `It may have been deleted, or you are not a member of it.`}
        </Text>
        <Group>
          <Button component={Link} to="/">
            Go to projects
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}

export function NotFoundPage() {
  return (
    <Center mih="100vh" p="md">
      <NotFoundContent />
    </Center>
  );
}
