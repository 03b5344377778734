import { bearer, type TestApp } from './app.js';
import { unique } from './route-matrix.js';

/**
 * A repository added by URL (nothing on disk needed), acting as `token` (an admin of the project); returns its id.
 * The host never resolves: a suite with workers sees its sync fail.
 */
export async function repositoryFixture(test: TestApp, projectId: string, token: string): Promise<string> {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${projectId}/repositories`,
    headers: bearer(token),
    payload: { location: `https://git.example.invalid/matrix/${unique()}.git` },
  });
  if (response.statusCode !== 201) throw new Error(`repository fixture: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}
