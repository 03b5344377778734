import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { defaultRadarId, projectJson, thoughtworksCsv, waitForJob } from '../helpers/radar.js';

interface Entry {
  id: string;
  type: string;
  sequence: number;
  data: Record<string, unknown>;
  group: { kind: string; count: number; firstSequence: number; counts: Record<string, number> } | null;
}

describe.each(databaseKinds())('the activity read on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let json: ReturnType<typeof projectJson>;
  let radarId: string;
  let importResult: Record<string, unknown>;
  let importId: string;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'activity-owner' });
    const projectId = (await createProject(test, owner, 'Activity')).id;
    json = projectJson(test, projectId);
    radarId = await defaultRadarId(test, projectId, owner.token);
    const accepted = await json(
      'POST',
      '/radar-imports',
      owner,
      { format: 'byor-csv', content: thoughtworksCsv('vol34-2026-Apr.csv'), sourceName: 'vol34-2026-Apr.csv' },
      202,
    );
    importId = accepted.importId;
    const job = await waitForJob(test, projectId, owner, accepted.job.id, 120_000);
    expect(job.status, job.error ?? '').toBe('completed');
    importResult = job.result!;
  });
  afterAll(() => test.close());

  it('shows an import of 100+ rows as one entry with its counts and what to link to', async () => {
    const created = importResult.created as number;
    expect(created).toBeGreaterThan(100);
    // The raw log holds an event per technology and per blip: the flood the rail used to show.
    const raw = await json('GET', '/events?limit=200', owner, undefined, 200);
    expect(raw.items).toHaveLength(200);
    expect(raw.nextCursor).not.toBeNull();

    const page = await json('GET', '/activity?limit=50', owner, undefined, 200);
    const items = page.items as Entry[];
    const imports = items.filter((entry) => entry.group?.kind === 'import');
    expect(imports).toHaveLength(1);
    const [entry] = imports;
    expect(entry!.type).toBe('commandcenter.radar.import_completed.v1');
    expect(entry!.data).toMatchObject({ importId, radarId, created });
    expect(entry!.group!.counts).toMatchObject({
      'technology.created': created,
      'blip.placed': created,
      'radar.import_completed': 1,
    });
    const counts = Object.values(entry!.group!.counts) as number[];
    expect(entry!.group!.count).toBe(counts.reduce((sum, count) => sum + count, 0));
    expect(entry!.group!.count).toBeGreaterThan(created * 2);
    // Nothing of the import is shown on its own; what is left is the project's creation and the job's updates.
    expect(items.filter((item) => /technology\.created|blip\.placed/.test(item.type))).toEqual([]);
    expect(items.length).toBeLessThan(10);
    expect(page.nextCursor).toBeNull();
  });

  it('collapses repeated moves of the same blip in a row, and pages by entries', async () => {
    const technology = await json(
      'POST',
      '/technologies',
      owner,
      { title: 'Restless', placement: { quadrantId: 'tools', ringId: 'hold' } },
      201,
    );
    const blipId = technology.blips[0].id as string;
    for (const ringId of ['assess', 'trial', 'adopt']) {
      await json('POST', `/radars/${radarId}/blips/${blipId}/move`, owner, { ringId, rationale: `to ${ringId}` }, 200);
    }
    await json('POST', '/technologies', owner, { title: 'Bystander' }, 201);

    const items = (await json('GET', '/activity?limit=50', owner, undefined, 200)).items as Entry[];
    expect(items[0]!.type).toBe('commandcenter.technology.created.v1');
    const moves = items.filter((entry) => /blip\.moved/.test(entry.type));
    expect(moves).toHaveLength(1);
    expect(moves[0]!.group).toMatchObject({ kind: 'moves', count: 3, counts: { 'blip.moved': 3 } });
    expect(moves[0]!.data).toMatchObject({
      blipId,
      from: { ringId: 'hold', quadrantId: 'tools' },
      to: { ringId: 'adopt', quadrantId: 'tools' },
    });

    // Page by page with a small limit, the same entries come back, none twice.
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await json('GET', `/activity?limit=2${query}`, owner, undefined, 200);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged.map((entry) => entry.id)).toEqual(items.map((entry) => entry.id));
  });
});
