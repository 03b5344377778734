import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { describeRouteError } from './route-error';

describe('the route error message', () => {
  it("shows an API problem's title and detail", () => {
    const error = new ApiError({
      type: 'https://commandcenter.dev/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'Viewers cannot change the radar.',
    });
    expect(describeRouteError(error)).toEqual({
      title: 'Forbidden',
      detail: 'Viewers cannot change the radar.',
      notFound: false,
    });
  });

  it('treats an API 404 as a page that does not exist', () => {
    const error = new ApiError({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such task.' });
    expect(describeRouteError(error).notFound).toBe(true);
  });

  it('asks for a reload when a page chunk is gone after a deploy', () => {
    const error = new TypeError('Failed to fetch dynamically imported module: /assets/RadarPage-abc.js');
    expect(describeRouteError(error)).toMatchObject({ title: 'A newer version is available', notFound: false });
  });

  it("falls back to an error's own message", () => {
    expect(describeRouteError(new Error('layout exploded'))).toEqual({
      title: 'This page failed',
      detail: 'layout exploded',
      notFound: false,
    });
  });
});
