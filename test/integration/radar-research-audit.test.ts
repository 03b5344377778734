import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { projectJson, proposalFixture, technologyFixture } from '../helpers/radar.js';
import { createTask, scratchDataDir } from '../helpers/research.js';

/**
 * Radar and research changes that govern or destroy leave audit entries, written in the transaction of the change:
 * radar structure, imports, proposal decisions, deletions. Everyday edits stay in the event log only, and a refused
 * change leaves nothing.
 */
describe.each(databaseKinds())('audit of radar and research changes on %s', (kind) => {
  let test: TestApp;
  let dataDir: ReturnType<typeof scratchDataDir>;
  let owner: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    dataDir = scratchDataDir();
    test = await buildTestApp(kind, { env: { CC_DATA_DIR: dataDir.dir } });
    owner = await createUser(test, { name: 'audit-owner' });
    member = await createUser(test, { name: 'audit-member' });
  });
  afterAll(async () => {
    await test.close();
    dataDir.remove();
  });

  it('records radar structure, proposal decisions and deletions with actor and target, and nothing for refusals', async () => {
    const { id: projectId } = await createProject(test, owner, 'Audited radar');
    await addMember(test, projectId, owner, member, 'member');
    const json = projectJson(test, projectId);

    const radar = await json('POST', '/radars', owner, { name: 'Platforms' }, 201);
    await json('PATCH', `/radars/${radar.id}`, owner, { name: 'Platform radar' }, 200);
    const proposalId = await proposalFixture(test, projectId, owner.token, member.token);
    await json('POST', `/proposals/${proposalId}/decision`, owner, { decision: 'approve', comment: 'ok' }, 200);
    const technologyId = await technologyFixture(test, projectId, owner.token);
    await json('PATCH', `/technologies/${technologyId}`, member, { vendor: 'Acme' }, 200);
    await json('DELETE', `/technologies/${technologyId}`, member, undefined, 204);
    await json('DELETE', `/radars/${radar.id}`, owner, undefined, 204);
    // Refused: the default radar cannot be deleted.
    const defaultRadar = (await json('GET', '/radars', owner, undefined, 200)).items.find(
      (item: { isDefault: boolean }) => item.isDefault,
    );
    await json('DELETE', `/radars/${defaultRadar.id}`, owner, undefined, 409);

    const task = await createTask(test, projectId, member, { title: 'Short-lived' });
    const attachment = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/research-tasks/${task.id}/attachments`,
      query: { filename: 'notes.txt' },
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'text/plain' },
      payload: 'notes',
    });
    expect(attachment.statusCode).toBe(201);
    await json('DELETE', `/research-tasks/${task.id}/attachments/${attachment.json().id}`, member, undefined, 204);
    await json('DELETE', `/research-tasks/${task.id}`, member, undefined, 204);

    const audit = await json('GET', '/audit?limit=100', owner, undefined, 200);
    const entries = (
      audit.items as Array<{ action: string; targetType: string; targetId: string; actorUserId: string }>
    )
      .filter((entry) => !/^(member|project|invitation)\./.test(entry.action))
      .reverse();
    expect(entries.map((entry) => entry.action)).toEqual([
      'radar.created',
      'radar.updated',
      'proposal.decided',
      'technology.deleted',
      'radar.deleted',
      'research_attachment.deleted',
      'research_task.deleted',
    ]);
    expect(entries[0]).toMatchObject({ targetType: 'radars', targetId: radar.id, actorUserId: owner.id });
    expect(entries[2]).toMatchObject({ targetType: 'proposals', targetId: proposalId, actorUserId: owner.id });
    expect(entries[3]).toMatchObject({ targetType: 'technologies', targetId: technologyId, actorUserId: member.id });
    expect(entries[6]).toMatchObject({ targetType: 'research-tasks', targetId: task.id, actorUserId: member.id });
  });
});
