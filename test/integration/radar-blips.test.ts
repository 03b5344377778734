import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectCall, projectJson } from '../helpers/radar.js';

describe.each(databaseKinds())('radars, blips, history and volumes on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'radar-owner' });
    admin = await createUser(test, { name: 'radar-admin' });
    member = await createUser(test, { name: 'radar-member' });
    viewer = await createUser(test, { name: 'radar-viewer' });
  });
  afterAll(() => test.close());

  async function project(name: string) {
    const { id } = await createProject(test, owner, name);
    await addMember(test, id, owner, admin, 'admin');
    await addMember(test, id, owner, member, 'member');
    await addMember(test, id, owner, viewer, 'viewer');
    return { id, call: projectCall(test, id), json: projectJson(test, id) };
  }

  it('gives every project one default radar, created once on first read even when asked concurrently', async () => {
    const { json } = await project('Default');
    const pages = await Promise.all([1, 2, 3, 4].map(() => json('GET', '/radars', viewer, undefined, 200)));
    for (const page of pages) expect(page.items).toHaveLength(1);
    expect(new Set(pages.map((page) => page.items[0].id)).size).toBe(1);
    expect(pages[0].items[0]).toMatchObject({
      name: 'Technology Radar',
      isDefault: true,
      blipCount: 0,
      quadrants: [
        { id: 'techniques', name: 'Techniques' },
        { id: 'tools', name: 'Tools' },
        { id: 'platforms', name: 'Platforms' },
        { id: 'languages-and-frameworks', name: 'Languages & Frameworks' },
      ],
      rings: [
        { id: 'adopt', name: 'Adopt' },
        { id: 'trial', name: 'Trial' },
        { id: 'assess', name: 'Assess' },
        { id: 'hold', name: 'Hold' },
      ],
    });
  });

  it('creates radars with 2–8 quadrants and 2–6 rings; only admins change structure', async () => {
    const { call, json } = await project('Structure');
    const body = {
      name: 'Platform radar',
      quadrants: [{ name: 'Infra' }, { name: 'Data', color: '#123456' }, { name: 'Security' }],
      rings: [{ name: 'Use' }, { name: 'Try' }, { name: 'Stop' }],
    };
    expect((await call('POST', '/radars', member, body)).statusCode).toBe(403);
    const radar = await json('POST', '/radars', admin, body, 201);
    expect(radar.quadrants.map((q: { id: string }) => q.id)).toEqual(['infra', 'data', 'security']);
    expect(radar.quadrants[1].color).toBe('#123456');
    expect((await call('POST', '/radars', admin, body)).json().type).toMatch(/radar-name-taken$/);
    const tooMany = await call('POST', '/radars', admin, {
      name: 'Nine',
      quadrants: Array.from({ length: 9 }, (_, i) => ({ name: `Q${i}` })),
    });
    expect(tooMany.statusCode).toBe(422);
    const oneRing = await call('POST', '/radars', admin, { name: 'One', rings: [{ name: 'Only' }] });
    expect(oneRing.statusCode).toBe(422);
    const duplicate = await call('POST', '/radars', admin, { name: 'Dup', rings: [{ name: 'A' }, { name: 'a' }] });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json().errors[0].pointer).toBe('/body/rings/1/name');
    const listed = await json('GET', '/radars', viewer, undefined, 200);
    expect(listed.items.map((r: { name: string }) => r.name)).toEqual(['Technology Radar', 'Platform radar']);
  });

  it('refuses removing a quadrant or ring that holds blips (409 segment-in-use), allows renaming by id', async () => {
    const { call, json } = await project('Segments');
    const radars = await json('GET', '/radars', viewer, undefined, 200);
    const radar = radars.items[0];
    await json(
      'POST',
      '/technologies',
      member,
      { title: 'Terraform', placement: { quadrantId: 'tools', ringId: 'hold' } },
      201,
    );
    const withoutHold = radar.rings.filter((ring: { id: string }) => ring.id !== 'hold');
    const refused = await call('PATCH', `/radars/${radar.id}`, admin, { rings: withoutHold });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/segment-in-use$/);
    expect(refused.json().detail).toContain('ring "Hold" holds 1 blip');
    // An empty quadrant can go; renaming keeps the id (sent explicitly, or found by the unchanged name).
    const renamed = await json(
      'PATCH',
      `/radars/${radar.id}`,
      admin,
      {
        quadrants: [{ id: 'tools', name: 'Tooling' }, { name: 'Techniques' }, { name: 'Platforms' }],
        rings: [...radar.rings.slice(0, 3), { id: 'hold', name: 'Caution' }],
      },
      200,
    );
    expect(renamed.quadrants.map((q: { id: string }) => q.id)).toEqual(['tools', 'techniques', 'platforms']);
    expect(renamed.rings[3]).toMatchObject({ id: 'hold', name: 'Caution' });
    expect(renamed.blipCount).toBe(1);
    // The list counts each radar's blips too.
    const listed = await json('GET', '/radars', admin, undefined, 200);
    expect(listed.items.find((item: { id: string }) => item.id === radar.id)?.blipCount).toBe(1);
    expect((await call('PATCH', `/radars/${radar.id}`, member, { name: 'x' })).statusCode).toBe(403);
    const deleteDefault = await call('DELETE', `/radars/${radar.id}`, admin);
    expect(deleteDefault.statusCode).toBe(409);
    expect(deleteDefault.json().type).toMatch(/default-radar$/);
  });

  it('places blips (one per technology per radar), moves them with history, and needs a rationale for rings', async () => {
    const { call, json } = await project('Blips');
    const radar = (await json('GET', '/radars', viewer, undefined, 200)).items[0];
    const tech = await json('POST', '/technologies', member, { title: 'Deno' }, 201);
    const placed = await json(
      'POST',
      `/radars/${radar.id}/blips`,
      member,
      { technologyId: tech.id, quadrantId: 'languages-and-frameworks', ringId: 'assess', note: 'watch it' },
      201,
    );
    expect(placed).toMatchObject({ title: 'Deno', ringId: 'assess', note: 'watch it', version: 1, movement: 'new' });
    const again = await call('POST', `/radars/${radar.id}/blips`, member, {
      technologyId: tech.id,
      quadrantId: 'tools',
      ringId: 'trial',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toMatch(/blip-exists$/);
    const badRing = await call('POST', `/radars/${radar.id}/blips`, member, {
      technologyId: (await json('POST', '/technologies', member, { title: 'Bun' }, 201)).id,
      quadrantId: 'tools',
      ringId: 'nowhere',
    });
    expect(badRing.statusCode).toBe(422);
    expect(badRing.json().errors[0].pointer).toBe('/body/ringId');

    const path = `/radars/${radar.id}/blips/${placed.id}`;
    expect((await call('POST', `${path}/move`, member, { ringId: 'trial', rationale: 'x' })).statusCode).toBe(403);
    const noReason = await call('POST', `${path}/move`, admin, { ringId: 'trial' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].pointer).toBe('/body/rationale');
    const moved = await json('POST', `${path}/move`, admin, { ringId: 'trial', rationale: 'two teams use it' }, 200);
    expect(moved).toMatchObject({ ringId: 'trial', version: 2 });
    // A quadrant change alone needs no rationale.
    await json('POST', `${path}/move`, admin, { quadrantId: 'tools' }, 200);
    await json('PATCH', path, member, { note: 'runtime' }, 200);

    const history = await json('GET', `/technologies/${tech.id}/history`, viewer, undefined, 200);
    expect(
      history.items.map(
        (entry: { kind: string; fromRing: { name: string } | null; toRing: { name: string } | null }) => [
          entry.kind,
          entry.fromRing?.name ?? null,
          entry.toRing?.name ?? null,
        ],
      ),
    ).toEqual([
      ['placed', null, 'Assess'],
      ['moved', 'Assess', 'Trial'],
      ['moved', 'Trial', 'Trial'],
    ]);
    expect(history.items[1]).toMatchObject({
      rationale: 'two teams use it',
      actorUserId: admin.id,
      actor: `user:${admin.id}`,
      radarName: 'Technology Radar',
    });
    expect(history.items[2]).toMatchObject({
      fromQuadrant: { id: 'languages-and-frameworks', name: 'Languages & Frameworks' },
      toQuadrant: { id: 'tools', name: 'Tools' },
    });

    await json('DELETE', `${path}?rationale=retired`, admin, undefined, 204);
    const after = await json('GET', `/technologies/${tech.id}/history`, viewer, undefined, 200);
    expect(after.items.at(-1)).toMatchObject({
      kind: 'removed',
      fromRing: { id: 'trial' },
      toRing: null,
      rationale: 'retired',
    });
    expect((await json('GET', `/technologies/${tech.id}`, viewer, undefined, 200)).blips).toEqual([]);

    const events = await json('GET', '/events?limit=200', owner, undefined, 200);
    const types = events.items
      .filter((event: { subject: string }) => event.subject === `blips/${placed.id}`)
      .map((event: { type: string }) => event.type.replace('commandcenter.', '').replace('.v1', ''))
      .reverse();
    expect(types).toEqual(['blip.placed', 'blip.moved', 'blip.moved', 'blip.note_changed', 'blip.removed']);
    const ringMove = events.items.find(
      (event: { type: string; data: { from?: { ringId: string } } }) =>
        event.type === 'commandcenter.blip.moved.v1' && event.data.from?.ringId === 'assess',
    );
    expect(ringMove.data).toMatchObject({ from: { ringId: 'assess' }, to: { ringId: 'trial' }, title: 'Deno' });
  });

  it('publishes volumes with movement against the previous one, and diffs any two states', async () => {
    const { call, json } = await project('Volumes');
    const radar = (await json('GET', '/radars', viewer, undefined, 200)).items[0];
    const place = async (title: string, ringId: string) =>
      (await json('POST', '/technologies', member, { title, placement: { quadrantId: 'tools', ringId } }, 201)).blips[0]
        .id as string;
    const go = await place('Go', 'trial');
    await place('Rust', 'assess');
    const perl = await place('Perl', 'trial');
    const cobol = await place('Cobol', 'hold');

    expect(
      (await call('POST', `/radars/${radar.id}/volumes`, member, { name: 'V1', date: '2025-01-01' })).statusCode,
    ).toBe(403);
    const v1 = await json('POST', `/radars/${radar.id}/volumes`, admin, { name: 'V1', date: '2025-01-01' }, 201);
    expect(v1.counts).toEqual({ new: 4, moved_in: 0, moved_out: 0, no_change: 0, removed: 0 });

    const move = (blipId: string, ringId: string) =>
      json('POST', `/radars/${radar.id}/blips/${blipId}/move`, admin, { ringId, rationale: 'evidence' }, 200);
    await move(go, 'adopt');
    await move(perl, 'hold');
    await json('DELETE', `/radars/${radar.id}/blips/${cobol}`, admin, undefined, 204);
    await place('Zig', 'assess');

    const live = await json('GET', `/radars/${radar.id}/diff`, viewer, undefined, 200);
    expect(live.from).toMatchObject({ kind: 'volume', name: 'V1' });
    expect(live.to).toMatchObject({ kind: 'live' });
    const movements = Object.fromEntries(
      live.items.map((item: { title: string; movement: string }) => [item.title, item.movement]),
    );
    expect(movements).toEqual({ Go: 'moved_in', Rust: 'no_change', Perl: 'moved_out', Cobol: 'removed', Zig: 'new' });
    const blips = await json('GET', `/radars/${radar.id}/blips`, viewer, undefined, 200);
    expect(blips.items.find((blip: { id: string }) => blip.id === go).movement).toBe('moved_in');

    const early = await call('POST', `/radars/${radar.id}/volumes`, admin, { name: 'V0', date: '2024-12-31' });
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toMatch(/volume-out-of-order$/);
    const taken = await call('POST', `/radars/${radar.id}/volumes`, admin, { name: 'v1', date: '2025-06-01' });
    expect(taken.json().type).toMatch(/volume-name-taken$/);

    const v2 = await json('POST', `/radars/${radar.id}/volumes`, admin, { name: 'V2', date: '2025-06-01' }, 201);
    expect(v2.counts).toEqual({ new: 1, moved_in: 1, moved_out: 1, no_change: 1, removed: 1 });
    const detail = await json('GET', `/radars/${radar.id}/volumes/${v2.id}`, viewer, undefined, 200);
    expect(detail.blips.map((blip: { title: string; movement: string }) => `${blip.title}:${blip.movement}`)).toEqual([
      'Go:moved_in',
      'Perl:moved_out',
      'Rust:no_change',
      'Zig:new',
    ]);
    expect(detail.removed).toEqual([expect.objectContaining({ title: 'Cobol', ringId: 'hold', movement: 'removed' })]);
    expect(detail.rings.map((ring: { id: string }) => ring.id)).toEqual(['adopt', 'trial', 'assess', 'hold']);

    const volumes = await json('GET', `/radars/${radar.id}/volumes?limit=1`, viewer, undefined, 200);
    expect(volumes.items.map((volume: { name: string }) => volume.name)).toEqual(['V2']);
    const older = await json(
      'GET',
      `/radars/${radar.id}/volumes?limit=1&cursor=${volumes.nextCursor}`,
      viewer,
      undefined,
      200,
    );
    expect(older.items.map((volume: { name: string }) => volume.name)).toEqual(['V1']);
    expect(older.nextCursor).toBeNull();

    const between = await json('GET', `/radars/${radar.id}/diff?from=${v1.id}&to=${v2.id}`, viewer, undefined, 200);
    expect(between.counts).toEqual(v2.counts);
    const reverse = await json('GET', `/radars/${radar.id}/diff?from=${v2.id}&to=${v1.id}`, viewer, undefined, 200);
    expect(reverse.counts).toEqual({ new: 1, moved_in: 1, moved_out: 1, no_change: 1, removed: 1 });
    const same = await json('GET', `/radars/${radar.id}/diff?from=live&to=live`, viewer, undefined, 200);
    expect(same.counts.no_change).toBe(4);
    const unknown = await call('GET', `/radars/${radar.id}/diff?from=01900000-0000-7000-8000-000000000000`, viewer);
    expect(unknown.statusCode).toBe(422);

    const events = await json('GET', '/events?type=commandcenter.radar.volume_published.v1', viewer, undefined, 200);
    expect(events.items[0].data).toMatchObject({ name: 'V2', blipCount: 4, counts: v2.counts });
  });
});
