import { Alert, Button, Center, Code, Group, Stack, Text } from '@mantine/core';
import { Link, useNavigate, useRouteError } from 'react-router';
import { ApiError } from '../api/problem';
import { NotFoundContent } from './NotFoundPage';
import { describeRouteError } from './route-error';

/**
 * Every route's `errorElement`: an error thrown while loading or rendering a page shows here, inside the shell when
 * the page is a project page, instead of a blank screen.
 */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const { title, detail, notFound } = describeRouteError(error);
  if (notFound) return <NotFoundContent />;
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <Center py="xl" px="md" data-testid="route-error">
      <Alert color="red" variant="light" title={title} role="alert" maw={560} w="100%">
        <Stack gap="sm">
          <Text size="sm">{detail}</Text>
          {requestId !== undefined && (
            <Text size="xs" c="dimmed">
              Request id <Code>{requestId}</Code>
            </Text>
          )}
          <Group gap="xs">
            <Button size="xs" variant="light" color="red" onClick={() => window.location.reload()}>
              Reload the page
            </Button>
            <Button size="xs" variant="default" onClick={() => void navigate(-1)}>
              Go back
            </Button>
            <Button size="xs" variant="subtle" component={Link} to="/">
              Go to projects
            </Button>
          </Group>
        </Stack>
      </Alert>
    </Center>
  );
}
