/**
 * Imports the five real Thoughtworks volumes (../shared/data/radar/thoughtworks, read in place) in order, publishing
 * a volume after each. Volumes 30–33 are imported without their `status` and `isNew` columns, so the movement is
 * ours: measured against each blip's last appearance (ADR 0038), it must agree with the dataset's `status` for every
 * blip with a history in the run, returning ones included. Volume 34 is imported as it is, and its volume must take
 * the file's movement for every blip, including those whose history predates volume 30.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectJson, THOUGHTWORKS_VOLUMES, thoughtworksCsv, waitForJob } from '../helpers/radar.js';

type Row = { name: string; status: string; isNew: string } & Record<string, string>;
const rows = (file: string) =>
  parseCsv(thoughtworksCsv(file), { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true }) as Row[];

/** The dataset's own `status` column, by blip name (lower-cased). */
const statuses = (file: string) => new Map(rows(file).map((row) => [row.name.trim().toLowerCase(), row.status]));

/** The file without the columns that state movement: what another tool's export would look like. */
function withoutMovement(file: string): string {
  return stringify(
    rows(file).map(({ status: _status, isNew: _isNew, ...rest }) => rest),
    { header: true },
  );
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

  it("follows the publisher's last-appearance rule, and takes a file's stated movement", async () => {
    const volumeIds: string[] = [];
    for (const [index, volume] of THOUGHTWORKS_VOLUMES.entries()) {
      const stated = index === THOUGHTWORKS_VOLUMES.length - 1;
      const accepted = await json(
        'POST',
        '/radar-imports',
        owner,
        {
          format: 'byor-csv',
          content: stated ? thoughtworksCsv(volume.file) : withoutMovement(volume.file),
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
    const seen = new Set<string>();
    let compared = 0;
    let returning = 0;
    const mismatches: string[] = [];
    for (const [index, file] of THOUGHTWORKS_VOLUMES.entries()) {
      const current = statuses(file.file);
      const volume = await json('GET', `/radars/${radarId}/volumes/${volumeIds[index]}`, owner, undefined, 200);
      // Each volume holds exactly the file's blips (prune), each once, numbered 1…n.
      expect(volume.blips).toHaveLength(current.size);
      expect(new Set(volume.blips.map((blip: { number: number }) => blip.number)).size).toBe(current.size);
      for (const blip of volume.blips as Array<{ title: string; movement: string; returning: boolean }>) {
        const key = blip.title.toLowerCase();
        const known = seen.has(key);
        if (blip.returning) returning += 1;
        if (index === THOUGHTWORKS_VOLUMES.length - 1 || known) {
          compared += 1;
          if (WORD[blip.movement] !== current.get(key)) {
            mismatches.push(`${file.name} ${blip.title}: ${blip.movement} vs ${current.get(key)}`);
          }
        } else {
          expect(blip.movement, blip.title).toBe('new');
        }
      }
      for (const key of current.keys()) seen.add(key);
    }
    console.info(
      `Thoughtworks agreement on ${kind}: ${compared - mismatches.length} / ${compared}, ${returning} returning`,
    );
    expect(mismatches).toEqual([]);
    // 48 blips with a history in volumes 31–33, and all 118 of volume 34; 19 blips return after a gap.
    expect(compared).toBe(48 + 118);
    expect(returning).toBe(19);

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
