/**
 * Files from other radar tools arrive whole and leave the same: movement and relations survive an import, a published
 * volume and an export (BYOR CSV, Zalando JSON, Backstage JSON checked by the plugin's own schema); Zalando quadrants
 * that the radar does not have are conflicts until the user maps them (or imports into a new radar with the file's
 * structure); a created technology starts at its ring's lifecycle; blip numbers stay put when other blips move.
 */
import { TechRadarLoaderResponseParser } from '@backstage-community/plugin-tech-radar-common';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectCall, projectJson, waitForJob } from '../helpers/radar.js';

/** A Thoughtworks-style file: every movement, relations (one to a name nowhere), a column nothing takes. */
const BYOR = [
  'name,ring,quadrant,isNew,status,description,relatedBlips,Owner',
  'Use "remote native" processes,adopt,techniques,FALSE,moved in,<p>Remote first</p>,Backstage;Nowhere,ops',
  'Backstage,trial,platforms,FALSE,no change,"<p>A portal, with <a href=""https://backstage.io"">docs</a></p>",,ops',
  'Kafka,assess,tools,TRUE,new,,Backstage,data',
  'Flink,hold,languages-and-frameworks,FALSE,moved out,,,data',
].join('\n');

const ZALANDO = JSON.stringify({
  date: '2023-09-01',
  quadrants: [{ name: 'Languages' }, { name: 'Infrastructure' }, { name: 'Datastores' }, { name: 'Data Management' }],
  rings: [{ name: 'ADOPT' }, { name: 'TRIAL' }, { name: 'ASSESS' }, { name: 'HOLD' }],
  entries: [
    { label: 'Kotlin', quadrant: 0, ring: 0, moved: 0, active: true },
    { label: 'Terraform', quadrant: 1, ring: 1, moved: 1, active: true },
    { label: 'Cassandra', quadrant: 2, ring: 3, moved: -1, active: true },
    { label: 'dbt', quadrant: 3, ring: 2, moved: 2, active: true },
  ],
});

describe.each(databaseKinds())('radar files round trip on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'round-trip' });
  });
  afterAll(() => test.close());

  async function project(name: string) {
    const { id } = await createProject(test, owner, name);
    return { id, call: projectCall(test, id), json: projectJson(test, id) };
  }

  async function imported(projectId: string, json: ReturnType<typeof projectJson>, body: object) {
    const accepted = await json('POST', '/radar-imports', owner, body, 202);
    const job = await waitForJob(test, projectId, owner, accepted.job.id);
    expect(job.status, job.error ?? '').toBe('completed');
    return job.result as Record<string, unknown>;
  }

  it('keeps names, rings, quadrants, movement and relations through import, volume and export', async () => {
    const { id, call, json } = await project('Round trip');
    const preview = await json(
      'POST',
      '/radar-imports',
      owner,
      { format: 'byor-csv', content: BYOR, dryRun: true },
      200,
    );
    expect(preview.statesMovement).toBe(true);
    expect(preview.ignoredColumns).toEqual(['Owner']);
    expect(preview.relations).toBe(2);
    expect(preview.warnings).toEqual([
      {
        row: 2,
        title: 'Use "remote native" processes',
        reason: 'related "Nowhere" is neither in the file nor in the project; not linked',
      },
    ]);
    // Initial lifecycle from the ring, shown before anything is written.
    expect(preview.creates.map((row: { title: string; lifecycle: string }) => [row.title, row.lifecycle])).toEqual([
      ['Use "remote native" processes', 'integrated'],
      ['Backstage', 'evaluation'],
      ['Kafka', 'research'],
      ['Flink', 'archived'],
    ]);

    const result = await imported(id, json, {
      format: 'byor-csv',
      content: BYOR,
      sourceName: 'tw.csv',
      publishVolume: { name: 'Volume 1', date: '2026-04-01' },
    });
    expect(result).toMatchObject({ created: 4, related: 2, conflicts: 0 });
    const technologies = (await json('GET', '/technologies?sort=title', owner, undefined, 200)).items as Array<{
      title: string;
      status: string;
    }>;
    expect(technologies.find((technology) => technology.title === 'Flink')?.status).toBe('archived');

    const radarId = (await json('GET', '/radars', owner, undefined, 200)).items[0].id as string;
    const volumeId = result.volumeId as string;
    const volume = await json('GET', `/radars/${radarId}/volumes/${volumeId}`, owner, undefined, 200);
    // The file's movement, not ours (we would call all four "new" on a first volume).
    expect(
      Object.fromEntries(volume.blips.map((blip: { title: string; movement: string }) => [blip.title, blip.movement])),
    ).toEqual({
      'Use "remote native" processes': 'moved_in',
      Backstage: 'no_change',
      Kafka: 'new',
      Flink: 'moved_out',
    });

    const exported = async (format: string) => {
      const response = await call('GET', `/radars/${radarId}/export?format=${format}&volumeId=${volumeId}`, owner);
      expect(response.statusCode, response.body).toBe(200);
      return response.body;
    };
    const input = parseCsv(BYOR, { columns: true, relax_quotes: true }) as Array<Record<string, string>>;
    const output = parseCsv(await exported('byor-csv'), { columns: true }) as Array<Record<string, string>>;
    const essentials = (rows: Array<Record<string, string>>) =>
      rows
        .map((row) => ({
          name: row.name,
          ring: row.ring!.toLowerCase(),
          quadrant: row.quadrant!.toLowerCase().replace(/ & /g, '-and-').replace(/ /g, '-'),
          status: row.status,
          isNew: row.isNew!.toUpperCase(),
          // The unmatched name is not a relation; the preview warned about it.
          relatedBlips: row
            .relatedBlips!.split(';')
            .filter((name) => name !== 'Nowhere' && name !== '')
            .join(';'),
        }))
        .sort((a, b) => a.name!.localeCompare(b.name!));
    expect(essentials(output)).toEqual(essentials(input));
    expect(output.find((row) => row.name === 'Backstage')?.description).toBe(
      '<p>A portal, with <a href="https://backstage.io">docs</a></p>',
    );

    const zalando = JSON.parse(await exported('zalando'));
    expect(zalando.date).toBe('2026-04-01');
    const moved = { 'moved in': 1, 'moved out': -1, new: 2, 'no change': 0 } as Record<string, number>;
    expect(
      Object.fromEntries(zalando.entries.map((entry: { label: string; moved: number }) => [entry.label, entry.moved])),
    ).toEqual(Object.fromEntries(input.map((row) => [row.name, moved[row.status!]])));

    const backstage = JSON.parse(await exported('backstage'));
    expect(TechRadarLoaderResponseParser.safeParse(backstage).error?.issues ?? []).toEqual([]);
    expect(backstage.entries).toHaveLength(4);
  });

  it('never places Zalando quadrants by index onto other names: map them, or import into a new radar', async () => {
    const { id, json } = await project('Zalando');
    const preview = await json(
      'POST',
      '/radar-imports',
      owner,
      { format: 'zalando', content: ZALANDO, dryRun: true },
      200,
    );
    expect(preview.creates).toEqual([]);
    expect(preview.conflicts).toHaveLength(4);
    expect(preview.fileDate).toBe('2023-09-01');
    expect(
      preview.structure.quadrants.map((quadrant: { label: string; segmentId: string | null }) => [
        quadrant.label,
        quadrant.segmentId,
      ]),
    ).toEqual([
      ['Languages', null],
      ['Infrastructure', null],
      ['Datastores', null],
      ['Data Management', null],
    ]);
    const unknownTarget = await json(
      'POST',
      '/radar-imports',
      owner,
      { format: 'zalando', content: ZALANDO, dryRun: true, mapping: { quadrants: { languages: 'nowhere' } } },
      422,
    );
    expect(unknownTarget.errors[0].pointer).toBe('/body/mapping/quadrants/languages');

    const mapping = {
      quadrants: {
        languages: 'languages-and-frameworks',
        infrastructure: 'platforms',
        datastores: 'platforms',
        'data management': 'tools',
      },
    };
    const mapped = await json(
      'POST',
      '/radar-imports',
      owner,
      { format: 'zalando', content: ZALANDO, dryRun: true, mapping },
      200,
    );
    expect(
      mapped.creates.map((row: { title: string; quadrantId: string; ringId: string }) => [
        row.title,
        row.quadrantId,
        row.ringId,
      ]),
    ).toEqual([
      ['Kotlin', 'languages-and-frameworks', 'adopt'],
      ['Terraform', 'platforms', 'trial'],
      ['Cassandra', 'platforms', 'hold'],
      ['dbt', 'tools', 'assess'],
    ]);
    // Without a date, the volume takes the file's.
    const result = await imported(id, json, {
      format: 'zalando',
      content: ZALANDO,
      mapping,
      publishVolume: { name: 'Zalando 2023' },
    });
    const radarId = (await json('GET', '/radars', owner, undefined, 200)).items[0].id as string;
    const volume = await json('GET', `/radars/${radarId}/volumes/${result.volumeId}`, owner, undefined, 200);
    expect(volume.date).toBe('2023-09-01');

    // The file's structure as a new radar, in one step.
    const fresh = await imported(id, json, {
      format: 'zalando',
      content: ZALANDO,
      newRadar: { name: 'Zalando radar' },
    });
    expect(fresh).toMatchObject({ conflicts: 0, updated: 4 });
    const radars = (await json('GET', '/radars', owner, undefined, 200)).items as Array<{
      id: string;
      name: string;
      quadrants: Array<{ name: string }>;
      blipCount: number;
    }>;
    const created = radars.find((radar) => radar.name === 'Zalando radar')!;
    expect(created.quadrants.map((quadrant) => quadrant.name)).toEqual([
      'Languages',
      'Infrastructure',
      'Datastores',
      'Data Management',
    ]);
    expect(created.blipCount).toBe(4);
  });

  it('keeps blip numbers when other blips move, and a volume keeps its numbers', async () => {
    const { id, json } = await project('Numbers');
    await imported(id, json, {
      format: 'byor-csv',
      content: 'name,ring,quadrant\nAlpha,adopt,tools\nBravo,trial,tools\nCharlie,assess,tools\n',
      publishVolume: { name: 'V1', date: '2026-01-01' },
    });
    const radarId = (await json('GET', '/radars', owner, undefined, 200)).items[0].id as string;
    const numbers = async () =>
      Object.fromEntries(
        (
          (await json('GET', `/radars/${radarId}/blips?limit=100`, owner, undefined, 200)).items as Array<{
            title: string;
            number: number;
          }>
        ).map((blip) => [blip.title, blip.number]),
      );
    const before = await numbers();
    expect(before).toEqual({ Alpha: 1, Bravo: 2, Charlie: 3 });
    const blips = (await json('GET', `/radars/${radarId}/blips?limit=100`, owner, undefined, 200)).items as Array<{
      id: string;
      title: string;
    }>;
    // Charlie moves to the centre: in legend order it would come first, but nobody's number changes.
    const charlie = blips.find((blip) => blip.title === 'Charlie')!;
    await json(
      'POST',
      `/radars/${radarId}/blips/${charlie.id}/move`,
      owner,
      { ringId: 'adopt', rationale: 'proven' },
      200,
    );
    const technology = await json('POST', '/technologies', owner, { title: 'Aardvark' }, 201);
    await json(
      'POST',
      `/radars/${radarId}/blips`,
      owner,
      { technologyId: technology.id, quadrantId: 'tools', ringId: 'adopt' },
      201,
    );
    expect(await numbers()).toEqual({ ...before, Aardvark: 4 });
    const volumeId = (await json('GET', `/radars/${radarId}/volumes`, owner, undefined, 200)).items[0].id as string;
    const volume = await json('GET', `/radars/${radarId}/volumes/${volumeId}`, owner, undefined, 200);
    expect(
      Object.fromEntries(volume.blips.map((blip: { title: string; number: number }) => [blip.title, blip.number])),
    ).toEqual(before);
  });
});
