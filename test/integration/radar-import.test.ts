import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImport } from '../../src/modules/radar/import/parse.js';
import { addMember, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectCall, projectJson, thoughtworksCsv, waitForJob } from '../helpers/radar.js';
import { waitFor } from '../helpers/wait.js';

const CSV = [
  'name,ring,quadrant,isNew,description',
  'Kafka,trial,tools,TRUE,"<p>A <a href=""https://kafka.apache.org"" target=""_blank"">log</a>, with commas</p><script>x</script>"',
  'Postgres,adopt,platforms,FALSE,<p>Relational</p>',
  'Mystery,someday,tools,TRUE,',
  'kafka,hold,tools,FALSE,duplicate',
].join('\n');

describe.each(databaseKinds())('radar import and export on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'import-owner' });
    admin = await createUser(test, { name: 'import-admin' });
    member = await createUser(test, { name: 'import-member' });
  });
  afterAll(() => test.close());

  async function project(name: string) {
    const { id } = await createProject(test, owner, name);
    await addMember(test, id, owner, admin, 'admin');
    await addMember(test, id, owner, member, 'member');
    return { id, call: projectCall(test, id), json: projectJson(test, id) };
  }

  async function runImport(projectId: string, json: ReturnType<typeof projectJson>, body: object) {
    const accepted = await json('POST', '/radar-imports', admin, body, 202);
    expect(accepted.job).toMatchObject({ type: 'radar.import', status: 'pending' });
    const job = await waitForJob(test, projectId, admin, accepted.job.id);
    expect(job.status, job.error ?? '').toBe('completed');
    return job.result as Record<string, number | string | null>;
  }

  it('previews an import without writing anything', async () => {
    const { call, json } = await project('Preview');
    await json('POST', '/technologies', member, { title: 'Postgres', description: 'ours' }, 201);
    const eventsBefore = (await json('GET', '/events?limit=200', owner, undefined, 200)).items.length;
    const preview = await json(
      'POST',
      '/radar-imports',
      admin,
      { format: 'byor-csv', content: CSV, dryRun: true, strategy: 'overwrite', sourceName: 'mine.csv' },
      200,
    );
    expect(preview).toMatchObject({ format: 'byor-csv', strategy: 'overwrite', rows: 4, unchanged: 0, radarId: null });
    // Rows are the file's lines (the header is line 1).
    expect(preview.creates).toEqual([
      { row: 2, title: 'Kafka', quadrantId: 'tools', ringId: 'trial', lifecycle: 'evaluation', movement: 'new' },
    ]);
    expect(preview.updates).toEqual([
      expect.objectContaining({ row: 3, title: 'Postgres', changes: ['description', 'placed'] }),
    ]);
    expect(preview.conflicts.map((conflict: { row: number }) => conflict.row)).toEqual([4, 5]);
    expect((await json('GET', '/events?limit=200', owner, undefined, 200)).items.length).toBe(eventsBefore);
    expect((await json('GET', '/technologies', owner, undefined, 200)).items).toHaveLength(1);
    const bad = await call('POST', '/radar-imports', admin, { format: 'byor-csv', content: 'title\nx', dryRun: true });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].pointer).toBe('/body/content');
    expect((await call('POST', '/radar-imports', member, { format: 'byor-csv', content: CSV })).statusCode).toBe(403);
    // Text that was decoded wrongly on the way is refused, not stored as "Caf� Cr�me".
    const mojibake = await call('POST', '/radar-imports', admin, {
      format: 'byor-csv',
      content: 'name,ring,quadrant\nCaf\ufffd Cr\ufffdme,trial,tools\n',
      dryRun: true,
    });
    expect(mojibake.statusCode).toBe(422);
    expect(mojibake.json().errors[0]).toMatchObject({
      pointer: '/body/content',
      detail: expect.stringMatching(/UTF-8/),
    });
  });

  it('imports as a job: creates, sanitises, places with history, publishes a volume, and reports', async () => {
    const { id, json } = await project('Import');
    const result = await runImport(id, json, {
      format: 'byor-csv',
      content: CSV,
      sourceName: 'team.csv',
      publishVolume: { name: 'Imported', date: '2026-02-01' },
    });
    expect(result).toMatchObject({ rows: 4, created: 2, updated: 0, unchanged: 0, conflicts: 2, removed: 0 });
    const kafka = (await json('GET', '/technologies?q=kafka', owner, undefined, 200)).items[0];
    expect(kafka.description).toBe('<p>A <a href="https://kafka.apache.org">log</a>, with commas</p>');
    expect(kafka.blips[0]).toMatchObject({ quadrantId: 'tools', ringId: 'trial' });
    const history = await json('GET', `/technologies/${kafka.id}/history`, owner, undefined, 200);
    expect(history.items[0]).toMatchObject({
      kind: 'placed',
      rationale: 'Imported from team.csv',
      actorUserId: admin.id,
    });
    const radar = (await json('GET', '/radars', owner, undefined, 200)).items[0];
    const volumes = await json('GET', `/radars/${radar.id}/volumes`, owner, undefined, 200);
    expect(volumes.items).toEqual([expect.objectContaining({ id: result.volumeId, name: 'Imported', blipCount: 2 })]);
    const done = await json('GET', '/events?type=commandcenter.radar.import_completed.v1', owner, undefined, 200);
    expect(done.items[0].data).toMatchObject({ created: 2, conflicts: 2, volumeId: result.volumeId });
    // The import is in the audit log, attributed to the admin who started it.
    const audit = await json('GET', '/audit?action=radar.imported', owner, undefined, 200);
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actorUserId: admin.id, targetType: 'radars', targetId: radar.id });
    expect(audit.items[0].data).toMatchObject({ format: 'byor-csv', created: 2, conflicts: 2 });
    // A volume name that is taken is refused at upload, before any work.
    const again = await projectCall(test, id)('POST', '/radar-imports', admin, {
      format: 'byor-csv',
      content: CSV,
      publishVolume: { name: 'imported', date: '2026-03-01' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('applies skip, merge and overwrite to existing technologies; prune removes what the file drops', async () => {
    const { id, json } = await project('Strategies');
    await json(
      'POST',
      '/technologies',
      member,
      { title: 'Kafka', description: 'kept', placement: { quadrantId: 'tools', ringId: 'assess' } },
      201,
    );
    await json('POST', '/technologies', member, { title: 'Postgres' }, 201);
    await json(
      'POST',
      '/technologies',
      member,
      { title: 'Oracle', placement: { quadrantId: 'platforms', ringId: 'hold' } },
      201,
    );
    const read = async (title: string) =>
      (await json('GET', `/technologies?q=${title}`, owner, undefined, 200)).items[0] as {
        description: string;
        blips: Array<{ ringId: string }>;
      };

    const skipped = await runImport(id, json, { format: 'byor-csv', content: CSV, strategy: 'skip' });
    expect(skipped).toMatchObject({ created: 0, updated: 0, conflicts: 4 });
    expect((await read('kafka')).blips[0]?.ringId).toBe('assess');

    const merged = await runImport(id, json, { format: 'byor-csv', content: CSV, strategy: 'merge' });
    expect(merged).toMatchObject({ created: 0, updated: 2 });
    expect(await read('kafka')).toMatchObject({ description: 'kept', blips: [{ ringId: 'trial' }] });
    expect((await read('postgres')).description).toBe('<p>Relational</p>');

    const overwritten = await runImport(id, json, {
      format: 'byor-csv',
      content: CSV,
      strategy: 'overwrite',
      prune: true,
    });
    expect(overwritten).toMatchObject({ updated: 1, unchanged: 1, removed: 1 });
    expect((await read('kafka')).description).toContain('with commas');
    expect((await read('oracle')).blips).toEqual([]);
  });

  it('applies an import whole or not at all: a failure at row 60 of 118 leaves nothing, the retry applies all', async () => {
    const { id, json } = await project('Atomic');
    const content = thoughtworksCsv('vol34-2026-Apr.csv');
    const { entries } = parseImport('byor-csv', content);
    expect(entries.length).toBeGreaterThan(100);
    const poisoned = entries[59]!.name.replace(/'/g, "''");
    // A stand-in for a worker dying mid-import: the 60th technology's insert fails, in this project only.
    const trigger = `import_poison_${id.replace(/-/g, '')}`;
    await test.database.db.session((run) =>
      run(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               IF NEW.project_id = '${id}' AND NEW.title = '${poisoned}' THEN RAISE EXCEPTION 'worker died'; END IF;
               RETURN NEW;
             END $$;
           CREATE TRIGGER ${trigger} BEFORE INSERT ON technologies FOR EACH ROW EXECUTE FUNCTION ${trigger}();`),
    );
    const accepted = await json(
      'POST',
      '/radar-imports',
      admin,
      {
        format: 'byor-csv',
        content,
        sourceName: 'vol34.csv',
        publishVolume: { name: 'Volume 34', date: '2026-04-01' },
      },
      202,
    );
    // The first attempt fails; while the job waits for its retry, the project shows nothing of the import.
    const failed = await waitFor(
      async () => {
        const job = await json('GET', `/jobs/${accepted.job.id}`, admin, undefined, 200);
        return job.error === null ? undefined : job;
      },
      60_000,
      'the first attempt to fail',
    );
    expect(failed.error).toMatch(/worker died/);
    expect((await json('GET', '/technologies?limit=200', owner, undefined, 200)).items).toEqual([]);
    const radar = (await json('GET', '/radars', owner, undefined, 200)).items[0];
    expect((await json('GET', `/radars/${radar.id}/volumes`, owner, undefined, 200)).items).toEqual([]);
    const created = await json('GET', '/events?type=commandcenter.technology.created.v1', owner, undefined, 200);
    expect(created.items).toEqual([]);

    // The cause goes away and the job's own retry applies the whole file.
    await test.database.db.session((run) =>
      run(`DROP TRIGGER ${trigger} ON technologies; DROP FUNCTION ${trigger}();`),
    );
    const retried = await waitForJob(test, id, admin, accepted.job.id);
    expect(retried.status, retried.error ?? '').toBe('completed');
    expect(retried.result).toMatchObject({ created: entries.length, conflicts: 0 });
    expect((await json('GET', '/technologies?limit=200', owner, undefined, 200)).items).toHaveLength(entries.length);
  });

  it('imports Zalando and BYOR JSON files', async () => {
    const { id, json } = await project('Formats');
    const zalando = {
      quadrants: [{ name: 'Techniques' }, { name: 'Tools' }, { name: 'Platforms' }, { name: 'Languages & Frameworks' }],
      rings: [{ name: 'ADOPT' }, { name: 'TRIAL' }, { name: 'ASSESS' }, { name: 'HOLD' }],
      entries: [
        { label: 'Go', quadrant: 3, ring: 0, moved: 0, active: true, link: 'https://go.dev' },
        { label: 'Grunt', quadrant: 1, ring: 3, moved: -1, active: false },
      ],
    };
    const result = await runImport(id, json, { format: 'zalando', content: JSON.stringify(zalando) });
    expect(result).toMatchObject({ created: 2 });
    const go = (await json('GET', '/technologies?q=go', owner, undefined, 200)).items[0];
    expect(go).toMatchObject({
      websiteUrl: 'https://go.dev',
      blips: [{ quadrantId: 'languages-and-frameworks', ringId: 'adopt' }],
    });
    expect((await json('GET', '/technologies?q=grunt', owner, undefined, 200)).items[0].blips).toEqual([]);
    const byor = [{ name: 'Rust', ring: 'Trial', quadrant: 'Languages & Frameworks', isNew: true, description: '' }];
    expect(await runImport(id, json, { format: 'byor-json', content: JSON.stringify(byor) })).toMatchObject({
      created: 1,
    });
  });

  it('exports BYOR CSV and JSON, Zalando JSON and SVG, live or from a volume, and re-imports them', async () => {
    const { id, call, json } = await project('Export');
    await runImport(id, json, {
      format: 'byor-csv',
      content: thoughtworksCsv('vol34-2026-Apr.csv'),
      publishVolume: { name: 'Vol 34', date: '2026-04-01' },
    });
    const radar = (await json('GET', '/radars', owner, undefined, 200)).items[0];
    const csv = await call('GET', `/radars/${radar.id}/export?format=byor-csv`, member);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="Technology-Radar.csv"');
    expect(csv.body.split('\n')[0]).toBe('name,ring,quadrant,isNew,status,description,relatedBlips');

    const svg = await call('GET', `/radars/${radar.id}/export?format=svg`, member);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
    expect(svg.body).not.toContain('<script');

    const volume = (await json('GET', `/radars/${radar.id}/volumes`, owner, undefined, 200)).items[0];
    const zalando = await call('GET', `/radars/${radar.id}/export?format=zalando&volumeId=${volume.id}`, member);
    expect(zalando.headers['content-type']).toMatch(/^application\/json/);
    const data = zalando.json();
    expect(data.entries).toHaveLength(118);
    expect(data.date).toBe('2026-04-01');
    // The file's movement (Thoughtworks' status column), not "new" for every blip of a first volume.
    const moved: Record<string, number> = { new: 2, 'moved in': 1, 'moved out': -1, 'no change': 0 };
    const stated = parseCsv(thoughtworksCsv('vol34-2026-Apr.csv'), { columns: true, relax_quotes: true }) as Array<{
      name: string;
      status: string;
    }>;
    expect(
      Object.fromEntries(data.entries.map((entry: { label: string; moved: number }) => [entry.label, entry.moved])),
    ).toEqual(Object.fromEntries(stated.map((row) => [row.name.trim(), moved[row.status]])));

    const byorJson = await call('GET', `/radars/${radar.id}/export?format=byor-json`, member);
    expect(byorJson.json()).toHaveLength(118);

    // Round trip: the exports re-import into a fresh project with the same placements.
    for (const [format, content] of [
      ['byor-csv', csv.body],
      ['zalando', zalando.body],
      ['byor-json', byorJson.body],
    ] as const) {
      const other = await project(`Round trip ${format}`);
      const result = await runImport(other.id, other.json, { format, content });
      expect(result).toMatchObject({ created: 118, conflicts: 0 });
      const otherRadar = (await other.json('GET', '/radars', owner, undefined, 200)).items[0];
      const exported = await other.call('GET', `/radars/${otherRadar.id}/export?format=byor-csv`, owner);
      const placements = (body: string) =>
        parseImport('byor-csv', body)
          .entries.map((entry) => `${entry.name}|${entry.ring}|${entry.quadrant}`)
          .sort();
      expect(placements(exported.body)).toEqual(placements(csv.body));
    }
    expect((await call('GET', `/radars/${radar.id}/export?format=pdf`, member)).statusCode).toBe(422);
  }, 120_000);
});
