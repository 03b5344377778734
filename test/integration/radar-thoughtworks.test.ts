/**
 * Imports the five real Thoughtworks volumes (../shared/data/radar/thoughtworks, read in place) in order, publishing
 * a volume after each, and checks that the movement we compute agrees with the dataset's own `status` column for
 * every blip present in two consecutive volumes. (A blip absent from the previous volume is "new" for us, whatever
 * older volumes had; Thoughtworks sometimes calls a returning blip "moved in", so those are not compared.)
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectJson, THOUGHTWORKS_VOLUMES, thoughtworksCsv, waitForJob } from '../helpers/radar.js';

/** The dataset's own `status` column, by blip name (lower-cased). */
function statuses(file: string): Map<string, string> {
  const records = parseCsv(thoughtworksCsv(file), { columns: true, bom: true, skip_empty_lines: true }) as Array<{
    name: string;
    status: string;
  }>;
  return new Map(records.map((record) => [record.name.trim().toLowerCase(), record.status]));
}

const WORD: Record<string, string> = {
  new: 'new',
  moved_in: 'moved in',
  moved_out: 'moved out',
  no_change: 'no change',
};

describe.each(databaseKinds())('Thoughtworks volumes 30–34 on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let projectId: string;
  let json: ReturnType<typeof projectJson>;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'thoughtworks' });
    projectId = (await createProject(test, owner, 'Thoughtworks')).id;
    json = projectJson(test, projectId);
  });
  afterAll(() => test.close());

  it('yields the movement the dataset states for blips present in consecutive volumes', async () => {
    const volumeIds: string[] = [];
    for (const volume of THOUGHTWORKS_VOLUMES) {
      const accepted = await json(
        'POST',
        '/radar-imports',
        owner,
        {
          format: 'byor-csv',
          content: thoughtworksCsv(volume.file),
          strategy: 'overwrite',
          prune: true,
          sourceName: volume.file,
          publishVolume: { name: volume.name, date: volume.date },
        },
        202,
      );
      const job = await waitForJob(test, projectId, owner, accepted.job.id, 120_000);
      expect(job.status, job.error ?? '').toBe('completed');
      expect(job.result?.conflicts).toBe(0);
      volumeIds.push(job.result?.volumeId as string);
    }

    const radarId = (await json('GET', '/radars', owner, undefined, 200)).items[0].id;
    let compared = 0;
    let matching = 0;
    const mismatches: string[] = [];
    for (let index = 1; index < THOUGHTWORKS_VOLUMES.length; index++) {
      const previous = statuses(THOUGHTWORKS_VOLUMES[index - 1]!.file);
      const current = statuses(THOUGHTWORKS_VOLUMES[index]!.file);
      const volume = await json('GET', `/radars/${radarId}/volumes/${volumeIds[index]}`, owner, undefined, 200);
      // Each volume holds exactly the file's blips (prune), each once.
      expect(volume.blips).toHaveLength(current.size);
      for (const blip of volume.blips as Array<{ title: string; movement: string }>) {
        const key = blip.title.toLowerCase();
        if (!previous.has(key)) {
          expect(blip.movement, blip.title).toBe('new');
          continue;
        }
        compared += 1;
        if (WORD[blip.movement] === current.get(key)) matching += 1;
        else
          mismatches.push(
            `${THOUGHTWORKS_VOLUMES[index]!.name} ${blip.title}: ${blip.movement} vs ${current.get(key)}`,
          );
      }
    }
    console.info(`Thoughtworks agreement on ${kind}: ${matching} / ${compared} blips in consecutive volumes`);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(52);
    expect(matching).toBe(compared);

    // The last volume, and a blip's timeline across the five imports.
    const latest = await json('GET', `/radars/${radarId}/volumes/${volumeIds[4]}`, owner, undefined, 200);
    expect(latest.blipCount).toBe(118);
    const context = (await json('GET', '/technologies?q=context%20engineering', owner, undefined, 200)).items.find(
      (item: { title: string }) => item.title === 'Context engineering',
    );
    const history = await json('GET', `/technologies/${context.id}/history`, owner, undefined, 200);
    expect(history.items.at(-1)).toMatchObject({
      toRing: { id: 'adopt' },
      rationale: 'Imported from vol34-2026-Apr.csv',
    });
  });
});
