import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeFromResearch } from '../../src/modules/radar/proposals/service.js';
import { radarSummary } from '../../src/modules/radar/summary/service.js';
import { Problem } from '../../src/platform/http/problems.js';
import { addMember, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { actingAs, projectCall, projectJson, radarContext } from '../helpers/radar.js';

async function problemOf(work: Promise<unknown>): Promise<Problem> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Problem) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe.each(databaseKinds())('ring-change proposals on %s', (kind) => {
  let test: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let projectId: string;
  let call: ReturnType<typeof projectCall>;
  let json: ReturnType<typeof projectJson>;
  let radarId: string;

  beforeAll(async () => {
    test = await buildTestApp(kind);
    owner = await createUser(test, { name: 'proposal-owner' });
    admin = await createUser(test, { name: 'proposal-admin' });
    member = await createUser(test, { name: 'proposal-member' });
    viewer = await createUser(test, { name: 'proposal-viewer' });
    projectId = (await createProject(test, owner, 'Proposals')).id;
    await addMember(test, projectId, owner, admin, 'admin');
    await addMember(test, projectId, owner, member, 'member');
    await addMember(test, projectId, owner, viewer, 'viewer');
    call = projectCall(test, projectId);
    json = projectJson(test, projectId);
    radarId = (await json('GET', '/radars', viewer, undefined, 200)).items[0].id;
  });
  afterAll(() => test.close());

  let counter = 0;
  async function blip(ringId = 'assess') {
    counter += 1;
    const technology = await json(
      'POST',
      '/technologies',
      member,
      { title: `Candidate ${counter}`, placement: { quadrantId: 'platforms', ringId } },
      201,
    );
    return { technologyId: technology.id as string, blipId: technology.blips[0].id as string };
  }

  it('lets a member propose and another admin approve: the blip moves with history, atomically', async () => {
    const { technologyId, blipId } = await blip();
    const taskId = randomUUID();
    expect((await call('POST', '/proposals', viewer, { blipId, toRingId: 'trial', rationale: 'x' })).statusCode).toBe(
      403,
    );
    const proposal = await json(
      'POST',
      '/proposals',
      member,
      { blipId, toRingId: 'trial', rationale: 'Two pilots went well', researchTaskIds: [taskId] },
      201,
    );
    expect(proposal).toMatchObject({
      status: 'open',
      stale: false,
      fromRing: { id: 'assess', name: 'Assess' },
      toRing: { id: 'trial', name: 'Trial' },
      toQuadrant: { id: 'platforms' },
      researchTaskIds: [taskId],
      proposedBy: member.id,
      technologyTitle: `Candidate ${counter}`,
    });
    // Members cannot decide; admins can, but not their own proposals.
    expect((await call('POST', `/proposals/${proposal.id}/decision`, member, { decision: 'approve' })).statusCode).toBe(
      403,
    );
    const approved = await json(
      'POST',
      `/proposals/${proposal.id}/decision`,
      admin,
      { decision: 'approve', comment: 'agreed' },
      200,
    );
    expect(approved).toMatchObject({ status: 'approved', decidedBy: admin.id, decisionComment: 'agreed' });
    expect(approved.decidedAt).not.toBeNull();
    const technology = await json('GET', `/technologies/${technologyId}`, viewer, undefined, 200);
    expect(technology.blips[0].ringId).toBe('trial');
    const history = await json('GET', `/technologies/${technologyId}/history`, viewer, undefined, 200);
    expect(history.items.at(-1)).toMatchObject({
      kind: 'moved',
      toRing: { id: 'trial' },
      proposalId: proposal.id,
      actorUserId: admin.id,
      rationale: 'Two pilots went well\n\nApproved: agreed',
    });
    const again = await call('POST', `/proposals/${proposal.id}/decision`, admin, {
      decision: 'reject',
      comment: 'no',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toMatch(/proposal-not-open$/);
    const events = await json('GET', '/events?limit=20', viewer, undefined, 200);
    const types = events.items.slice(0, 2).map((event: { type: string }) => event.type);
    expect(types).toEqual(['commandcenter.proposal.decided.v1', 'commandcenter.blip.moved.v1']);
  });

  it('never lets the proposer decide their own proposal (403 own-proposal), not even with their API key', async () => {
    const { blipId } = await blip();
    const proposal = await json('POST', '/proposals', admin, { blipId, toRingId: 'adopt', rationale: 'mine' }, 201);
    const own = await call('POST', `/proposals/${proposal.id}/decision`, admin, { decision: 'approve' });
    expect(own.statusCode).toBe(403);
    expect(own.json().type).toMatch(/own-proposal$/);
    const key = await json('POST', '/api-keys', admin, { name: 'admin key', role: 'admin' }, 201);
    const byKey = await call('POST', `/proposals/${proposal.id}/decision`, key.token, { decision: 'approve' });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().type).toMatch(/own-proposal$/);
    // The owner may decide it.
    await json('POST', `/proposals/${proposal.id}/decision`, owner, { decision: 'approve' }, 200);
  });

  it('refuses a stale proposal (the blip moved since) with 409 stale-proposal', async () => {
    const { blipId } = await blip();
    const proposal = await json('POST', '/proposals', member, { blipId, toRingId: 'adopt', rationale: 'go' }, 201);
    await json(
      'POST',
      `/radars/${radarId}/blips/${blipId}/move`,
      admin,
      { ringId: 'hold', rationale: 'incident' },
      200,
    );
    const listed = await json('GET', `/proposals/${proposal.id}`, viewer, undefined, 200);
    expect(listed.stale).toBe(true);
    const stale = await call('POST', `/proposals/${proposal.id}/decision`, admin, { decision: 'approve' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toMatch(/stale-proposal$/);
    const technology = await json('GET', `/radars/${radarId}/blips`, viewer, undefined, 200);
    expect(technology.items.find((item: { id: string }) => item.id === blipId).ringId).toBe('hold');
    // Rejecting needs a reason, and works on a stale one.
    expect((await call('POST', `/proposals/${proposal.id}/decision`, admin, { decision: 'reject' })).statusCode).toBe(
      422,
    );
    const rejected = await json(
      'POST',
      `/proposals/${proposal.id}/decision`,
      admin,
      { decision: 'reject', comment: 'outdated' },
      200,
    );
    expect(rejected).toMatchObject({ status: 'rejected', stale: false, decisionComment: 'outdated' });
  });

  it('refuses proposals to the current place, unknown rings, and foreign blips', async () => {
    const { blipId } = await blip('trial');
    const same = await call('POST', '/proposals', member, { blipId, toRingId: 'trial', rationale: 'same' });
    expect(same.statusCode).toBe(409);
    expect(same.json().type).toMatch(/proposal-no-change$/);
    const unknownRing = await call('POST', '/proposals', member, { blipId, toRingId: 'nope', rationale: 'r' });
    expect(unknownRing.statusCode).toBe(422);
    expect(unknownRing.json().errors[0].pointer).toBe('/body/toRingId');
    const blank = await call('POST', '/proposals', member, { blipId, toRingId: 'adopt', rationale: '   ' });
    expect(blank.statusCode).toBe(422);
    const unknownBlip = await call('POST', '/proposals', member, {
      blipId: randomUUID(),
      toRingId: 'adopt',
      rationale: 'r',
    });
    expect(unknownBlip.statusCode).toBe(422);
  });

  it('takes comments, lets the proposer withdraw, and lists by status', async () => {
    const { blipId } = await blip();
    const proposal = await json('POST', '/proposals', member, { blipId, toRingId: 'trial', rationale: 'try it' }, 201);
    await json('POST', `/proposals/${proposal.id}/comments`, member, { body: 'see task' }, 201);
    await json('POST', `/proposals/${proposal.id}/comments`, admin, { body: 'which team?' }, 201);
    expect((await call('POST', `/proposals/${proposal.id}/comments`, viewer, { body: 'x' })).statusCode).toBe(403);
    const comments = await json('GET', `/proposals/${proposal.id}/comments`, viewer, undefined, 200);
    expect(
      comments.items.map((comment: { body: string; authorId: string }) => [comment.body, comment.authorId]),
    ).toEqual([
      ['see task', member.id],
      ['which team?', admin.id],
    ]);
    expect((await json('GET', `/proposals/${proposal.id}`, viewer, undefined, 200)).commentCount).toBe(2);
    const notYours = await call('POST', `/proposals/${proposal.id}/withdraw`, admin);
    expect(notYours.statusCode).toBe(403);
    const withdrawn = await json('POST', `/proposals/${proposal.id}/withdraw`, member, undefined, 200);
    expect(withdrawn.status).toBe('withdrawn');
    const open = await blip();
    await json('POST', '/proposals', member, { blipId: open.blipId, toRingId: 'hold', rationale: 'risky' }, 201);
    for (const status of ['open', 'approved', 'rejected', 'withdrawn']) {
      const page = await json('GET', `/proposals?status=${status}&limit=200`, viewer, undefined, 200);
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((item: { status: string }) => item.status === status)).toBe(true);
    }
    const first = await json('GET', '/proposals?limit=2', viewer, undefined, 200);
    const second = await json('GET', `/proposals?limit=2&cursor=${first.nextCursor}`, viewer, undefined, 200);
    expect(second.items[0].id < first.items[1].id).toBe(true);
  });

  it('opens proposals from research verdicts (proposeFromResearch) on the given or default radar', async () => {
    const context = radarContext(test);
    const asMember = actingAs(projectId, member, 'member');
    const { technologyId } = await blip('assess');
    const taskId = randomUUID();
    const proposal = await proposeFromResearch(context, asMember.scope, asMember.actor, {
      technologyId,
      verdict: 'adopt',
      rationale: 'The study says adopt.',
      researchTaskId: taskId,
    });
    expect(proposal).toMatchObject({
      status: 'open',
      toRing: { id: 'adopt', name: 'Adopt' },
      researchTaskIds: [taskId],
      radarId,
      proposedBy: member.id,
    });
    const asViewer = actingAs(projectId, viewer, 'viewer');
    expect(
      (
        await problemOf(
          proposeFromResearch(context, asViewer.scope, asViewer.actor, {
            technologyId,
            verdict: 'hold',
            rationale: 'r',
            researchTaskId: taskId,
          }),
        )
      ).status,
    ).toBe(403);
    const unplaced = await json('POST', '/technologies', member, { title: 'Unplaced' }, 201);
    const notOnRadar = await problemOf(
      proposeFromResearch(context, asMember.scope, asMember.actor, {
        technologyId: unplaced.id,
        verdict: 'trial',
        rationale: 'r',
        researchTaskId: taskId,
      }),
    );
    expect(notOnRadar.status).toBe(422);
    const other = await json(
      'POST',
      '/radars',
      admin,
      { name: 'Verdicts', rings: [{ name: 'Adopt' }, { name: 'Later' }] },
      201,
    );
    await json(
      'POST',
      `/radars/${other.id}/blips`,
      member,
      { technologyId: unplaced.id, quadrantId: 'tools', ringId: 'later' },
      201,
    );
    const onOther = await proposeFromResearch(context, asMember.scope, asMember.actor, {
      technologyId: unplaced.id,
      verdict: 'adopt',
      rationale: 'r',
      researchTaskId: taskId,
      radarId: other.id,
    });
    expect(onOther).toMatchObject({ radarId: other.id, toRing: { id: 'adopt' } });
    const noRing = await problemOf(
      proposeFromResearch(context, asMember.scope, asMember.actor, {
        technologyId: unplaced.id,
        verdict: 'hold',
        rationale: 'r',
        researchTaskId: taskId,
        radarId: other.id,
      }),
    );
    expect(noRing.status).toBe(422);
    expect(noRing.errors?.[0]?.pointer).toBe('/body/verdict');
  });

  it('summarises the radar for the dashboard (radarSummary)', async () => {
    const fresh = (await createProject(test, owner, 'Summary')).id;
    await addMember(test, fresh, owner, admin, 'admin');
    const summaryJson = projectJson(test, fresh);
    const place = async (title: string, ringId: string, extra: object = {}) =>
      summaryJson('POST', '/technologies', owner, { title, placement: { quadrantId: 'tools', ringId }, ...extra }, 201);
    const a = await place('Alpha', 'assess', { priority: 5, domain: 'Data', status: 'evaluation' });
    await place('Beta', 'trial', { priority: 4, domain: 'Data' });
    await place('Gamma', 'hold', { priority: 1 });
    const radar = (await summaryJson('GET', '/radars', owner, undefined, 200)).items[0];
    await summaryJson('POST', `/radars/${radar.id}/volumes`, owner, { name: 'First', date: '2026-01-01' }, 201);
    await summaryJson(
      'POST',
      `/radars/${radar.id}/blips/${a.blips[0].id}/move`,
      owner,
      { ringId: 'trial', rationale: 'pilot' },
      200,
    );
    await place('Delta', 'assess');
    const proposalBlip = (await place('Epsilon', 'assess')).blips[0].id;
    await summaryJson('POST', '/proposals', admin, { blipId: proposalBlip, toRingId: 'trial', rationale: 'r' }, 201);

    const scope = actingAs(fresh, owner, 'owner').scope;
    const summary = await radarSummary(radarContext(test), scope);
    expect(summary.countsByRing).toEqual([
      { radarId: radar.id, ring: 'Adopt', count: 0 },
      { radarId: radar.id, ring: 'Trial', count: 2 },
      { radarId: radar.id, ring: 'Assess', count: 2 },
      { radarId: radar.id, ring: 'Hold', count: 1 },
    ]);
    expect(summary.countsByStatus).toContainEqual({ status: 'discovery', count: 4 });
    expect(summary.countsByStatus).toContainEqual({ status: 'evaluation', count: 1 });
    expect(summary.countsByStatus).toHaveLength(6);
    expect(summary.countsByDomain).toEqual([
      { domain: 'unspecified', count: 3 },
      { domain: 'Data', count: 2 },
    ]);
    expect(summary.highPriority.map((technology) => technology.title)).toEqual(['Alpha', 'Beta']);
    expect(summary.movementSinceLastVolume).toEqual([
      { technologyId: a.id, title: 'Alpha', movement: 'moved_in', ring: 'Trial' },
      expect.objectContaining({ title: 'Delta', movement: 'new', ring: 'Assess' }),
      expect.objectContaining({ title: 'Epsilon', movement: 'new', ring: 'Assess' }),
    ]);
    expect(summary.openProposals.map((proposal) => proposal.technologyTitle)).toEqual(['Epsilon']);
  });
});
