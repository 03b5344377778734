import { Alert, Button, Center, Code, Group, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, Link, useNavigate, useRouteError } from 'react-router';
import { ApiError, describeError } from '../api/problem';
import { NotFoundContent } from './NotFoundPage';

/** What went wrong, for people: the API's problem title and detail when there is one, else the error's message. */
export function describeRouteError(error: unknown): { title: string; detail: string; notFound: boolean } {
  if (isRouteErrorResponse(error)) {
    return {
      title: error.status === 404 ? 'Not found' : `${error.status} ${error.statusText}`.trim(),
      detail: typeof error.data === 'string' ? error.data : error.statusText,
      notFound: error.status === 404,
    };
  }
  if (error instanceof ApiError) {
    return { title: error.problem.title, detail: error.problem.detail, notFound: error.status === 404 };
  }
  // A deploy replaced the chunk files this tab was built against: the fix is to load the new version.
  if (
    error instanceof TypeError &&
    /dynamically imported module|Importing a module script failed/.test(error.message)
  ) {
    return {
      title: 'A newer version is available',
      detail: 'Part of the app could not be loaded, probably because it was updated. Reload the page.',
      notFound: false,
    };
  }
  return { title: 'This page failed', detail: describeError(error), notFound: false };
}

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
