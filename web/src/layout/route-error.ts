import { isRouteErrorResponse } from 'react-router';
import { ApiError, describeError } from '../api/problem';

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
