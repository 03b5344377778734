import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmContent, reserveContent } from '../../src/platform/storage/ledger.js';
import { sharedBlobStore } from '../../src/platform/storage/open.js';
import {
  addMember,
  bearer,
  buildTestApp,
  createProject,
  createUser,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import {
  createTask,
  createTechnology,
  eventsOfType,
  multipart,
  proposableTaskFixture,
  scratchDataDir,
} from '../helpers/research.js';
import { waitFor } from '../helpers/wait.js';

const MAX_BYTES = 2048;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

describe.each(databaseKinds())('research comments, attachments and proposals on %s', (kind) => {
  let test: TestApp;
  let dataDir: ReturnType<typeof scratchDataDir>;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let project: { id: string };

  beforeAll(async () => {
    dataDir = scratchDataDir();
    test = await buildTestApp(kind, {
      env: {
        CC_DATA_DIR: dataDir.dir,
        CC_ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
        CC_ATTACHMENT_TYPES: 'text/plain,text/markdown,image/png,application/pdf',
      },
    });
    owner = await createUser(test, { name: 'owner' });
    admin = await createUser(test, { name: 'admin' });
    member = await createUser(test, { name: 'member' });
    viewer = await createUser(test, { name: 'viewer' });
    project = await createProject(test, owner, 'Collaboration');
    await addMember(test, project.id, owner, admin, 'admin');
    await addMember(test, project.id, owner, member, 'member');
    await addMember(test, project.id, owner, viewer, 'viewer');
  });
  afterAll(async () => {
    await test.close();
    dataDir.remove();
  });

  const taskUrl = (taskId: string) => `/api/v1/projects/${project.id}/research-tasks/${taskId}`;
  const blobFiles = () => {
    const root = join(dataDir.dir, 'attachments', project.id);
    if (!existsSync(root)) return [];
    return (
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        // Each stored generation of some content is `<sha256>.<generation id>` (ADR 0045).
        .map((entry) => entry.name.split('.')[0]!)
        .sort()
    );
  };

  /** True once at least `count` content collections of the project have completed (they run as jobs). */
  const collectionsFinished = async (count: number) => {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project.id}/jobs`,
      query: { type: 'research.collect_attachment_content', status: 'completed', limit: '100' },
      headers: bearer(owner.token),
    });
    return response.json().items.length >= count ? true : undefined;
  };

  describe('comments', () => {
    it('adds, lists a page at a time, and counts comments; viewers read but cannot write', async () => {
      const task = await createTask(test, project.id, member, { title: 'Discussed' });
      for (const [user, body] of [
        [member, 'first'],
        [owner, 'second'],
        [member, 'third'],
      ] as const) {
        const response = await test.app.inject({
          method: 'POST',
          url: `${taskUrl(task.id)}/comments`,
          headers: bearer(user.token),
          payload: { body },
        });
        expect(response.statusCode, response.body).toBe(201);
        expect(response.json()).toMatchObject({ taskId: task.id, authorId: user.id, body });
      }
      const first = await test.app.inject({
        method: 'GET',
        url: `${taskUrl(task.id)}/comments?limit=2`,
        headers: bearer(viewer.token),
      });
      expect(first.json().items.map((comment: { body: string }) => comment.body)).toEqual(['first', 'second']);
      const second = await test.app.inject({
        method: 'GET',
        url: `${taskUrl(task.id)}/comments?limit=2&cursor=${first.json().nextCursor}`,
        headers: bearer(viewer.token),
      });
      expect(second.json()).toMatchObject({ items: [{ body: 'third' }], nextCursor: null });
      expect(
        (await test.app.inject({ method: 'GET', url: taskUrl(task.id), headers: bearer(viewer.token) })).json()
          .commentCount,
      ).toBe(3);
      const refused = await test.app.inject({
        method: 'POST',
        url: `${taskUrl(task.id)}/comments`,
        headers: bearer(viewer.token),
        payload: { body: 'me too' },
      });
      expect(refused.statusCode).toBe(403);
      const blank = await test.app.inject({
        method: 'POST',
        url: `${taskUrl(task.id)}/comments`,
        headers: bearer(member.token),
        payload: { body: '   ' },
      });
      expect(blank.statusCode).toBe(422);
      const events = await eventsOfType(test, project.id, owner, 'research_task.commented');
      expect(events.filter((event) => event.taskId === task.id).map((event) => event.excerpt)).toEqual([
        'third',
        'second',
        'first',
      ]);
    });

    it("lets authors delete their own comments and admins anyone's; members cannot delete others'", async () => {
      const task = await createTask(test, project.id, member, { title: 'Moderated' });
      const comment = async (user: TestUser) =>
        (
          await test.app.inject({
            method: 'POST',
            url: `${taskUrl(task.id)}/comments`,
            headers: bearer(user.token),
            payload: { body: `by ${user.email}` },
          })
        ).json().id as string;
      const remove = (user: TestUser, id: string) =>
        test.app.inject({ method: 'DELETE', url: `${taskUrl(task.id)}/comments/${id}`, headers: bearer(user.token) });

      const owners = await comment(owner);
      const members = await comment(member);
      const refused = await remove(member, owners);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().type).toMatch(/forbidden$/);
      expect((await remove(member, members)).statusCode).toBe(204);
      expect((await remove(admin, owners)).statusCode).toBe(204);
      expect((await remove(admin, owners)).statusCode).toBe(404);
      const deleted = await eventsOfType(test, project.id, owner, 'research_task.comment_deleted');
      expect(deleted.filter((event) => event.taskId === task.id).map((event) => event.commentId)).toEqual([
        owners,
        members,
      ]);
    });
  });

  describe('attachments', () => {
    const upload = (taskId: string, parts: Parameters<typeof multipart>[0], user = member) => {
      const body = multipart(parts);
      return test.app.inject({
        method: 'POST',
        url: `${taskUrl(taskId)}/attachments`,
        headers: { ...bearer(user.token), ...body.headers },
        payload: body.payload,
      });
    };
    const rawUpload = (taskId: string, filename: string, type: string, content: Buffer | string) =>
      test.app.inject({
        method: 'POST',
        url: `${taskUrl(taskId)}/attachments`,
        query: { filename },
        headers: { ...bearer(member.token), 'content-type': type },
        payload: content,
      });

    it('stores a multipart upload, lists it, and downloads it with its type and file name', async () => {
      const task = await createTask(test, project.id, member, { title: 'With files' });
      const response = await upload(task.id, [
        { name: 'note', content: 'ignored field' },
        { name: 'file', filename: 'Résumé of findings.md', type: 'text/markdown', content: '# Findings\nAll good.' },
      ]);
      expect(response.statusCode, response.body).toBe(201);
      const attachment = response.json();
      expect(attachment).toMatchObject({
        taskId: task.id,
        filename: 'Résumé of findings.md',
        contentType: 'text/markdown',
        sizeBytes: 20,
        uploadedBy: member.id,
      });
      expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);

      const list = await test.app.inject({
        method: 'GET',
        url: `${taskUrl(task.id)}/attachments`,
        headers: bearer(viewer.token),
      });
      expect(list.json()).toEqual({ items: [attachment], nextCursor: null });

      const download = await test.app.inject({
        method: 'GET',
        url: `${taskUrl(task.id)}/attachments/${attachment.id}/content`,
        headers: bearer(viewer.token),
      });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('text/markdown');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="R_sum_ of findings.md"; filename*=UTF-8''R%C3%A9sum%C3%A9%20of%20findings.md`,
      );
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.body).toBe('# Findings\nAll good.');
      const cached = await test.app.inject({
        method: 'GET',
        url: `${taskUrl(task.id)}/attachments/${attachment.id}/content`,
        headers: { ...bearer(viewer.token), 'if-none-match': download.headers.etag as string },
      });
      expect(cached.statusCode).toBe(304);

      const added = await eventsOfType(test, project.id, owner, 'research_task.attachment_added');
      expect(added[0]).toMatchObject({ taskId: task.id, attachmentId: attachment.id, sizeBytes: 20 });
    });

    it('takes raw uploads (bytes as the body, ?filename=) and binary types that match their content', async () => {
      const task = await createTask(test, project.id, member, { title: 'Raw' });
      const png = await rawUpload(task.id, 'chart.png', 'image/png', PNG);
      expect(png.statusCode, png.body).toBe(201);
      expect(png.json()).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length });
      const download = await test.app.inject({
        method: 'GET',
        url: `${taskUrl(task.id)}/attachments/${png.json().id}/content`,
        headers: bearer(member.token),
      });
      expect(download.headers['content-type']).toBe('image/png');
      expect(download.rawPayload.equals(PNG)).toBe(true);
      // curl -F sends application/octet-stream for unknown files: the extension decides then.
      const guessed = await upload(task.id, [
        { name: 'file', filename: 'report.pdf', type: 'application/octet-stream', content: '%PDF-1.7\n...' },
      ]);
      expect(guessed.statusCode, guessed.body).toBe(201);
      expect(guessed.json().contentType).toBe('application/pdf');
      const nameless = await rawUpload(task.id, '', 'text/plain', 'x');
      expect(nameless.statusCode).toBe(422);
    });

    it('refuses files over CC_ATTACHMENT_MAX_BYTES with 413, whatever the form, and keeps nothing', async () => {
      const task = await createTask(test, project.id, member, { title: 'Too big' });
      const before = blobFiles();
      const exact = await upload(task.id, [
        { name: 'file', filename: 'exact.txt', type: 'text/plain', content: 'x'.repeat(MAX_BYTES) },
      ]);
      expect(exact.statusCode, exact.body).toBe(201);
      const over = await upload(task.id, [
        { name: 'file', filename: 'big.txt', type: 'text/plain', content: 'x'.repeat(MAX_BYTES + 1) },
      ]);
      expect(over.statusCode, over.body).toBe(413);
      expect(over.json().type).toMatch(/payload-too-large$/);
      const raw = await rawUpload(task.id, 'big.txt', 'text/plain', 'y'.repeat(MAX_BYTES * 3));
      expect(raw.statusCode).toBe(413);
      // Bigger than the JSON body limit would not matter either: uploads have their own limit.
      expect(blobFiles()).toEqual([...before, exact.json().sha256].sort());
      expect(readdirSync(join(dataDir.dir, 'attachments', '.staging'))).toEqual([]);
    });

    it('refuses types outside CC_ATTACHMENT_TYPES with 415 and content that contradicts its type with 422', async () => {
      const task = await createTask(test, project.id, member, { title: 'Types' });
      const html = await upload(task.id, [
        { name: 'file', filename: 'page.html', type: 'text/html', content: '<script>alert(1)</script>' },
      ]);
      expect(html.statusCode).toBe(415);
      expect(html.json().type).toMatch(/unsupported-media-type$/);
      const rawJson = await rawUpload(task.id, 'data.json', 'application/json', '{"a":1}');
      expect(rawJson.statusCode).toBe(415);
      const fakePng = await rawUpload(task.id, 'fake.png', 'image/png', '<html>not a png</html>');
      expect(fakePng.statusCode).toBe(422);
      expect(fakePng.json().errors[0]).toEqual({ pointer: '/body/file', detail: 'the content is not image/png' });
      const binaryText = await rawUpload(task.id, 'bin.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42]));
      expect(binaryText.statusCode).toBe(422);
      const empty = await upload(task.id, [{ name: 'file', filename: 'empty.txt', type: 'text/plain', content: '' }]);
      expect(empty.statusCode).toBe(422);
      const noFile = await upload(task.id, [{ name: 'note', content: 'just a field' }]);
      expect(noFile.statusCode).toBe(422);
      const viewerUpload = await upload(task.id, [{ name: 'file', filename: 'a.txt', content: 'a' }], viewer);
      expect(viewerUpload.statusCode).toBe(403);
      const unknownTask = await rawUpload('01a216cc-0000-7000-8000-000000000000', 'a.txt', 'text/plain', 'a');
      expect(unknownTask.statusCode).toBe(404);
    });

    it('stores identical content once per project and deletes it with its last reference', async () => {
      const first = await createTask(test, project.id, member, { title: 'Dedupe one' });
      const second = await createTask(test, project.id, member, { title: 'Dedupe two' });
      const content = `shared content ${Date.now()}`;
      const a = (await rawUpload(first.id, 'a.txt', 'text/plain', content)).json();
      const b = (await rawUpload(second.id, 'b.txt', 'text/plain', content)).json();
      const c = (await rawUpload(second.id, 'c.txt', 'text/plain', content)).json();
      expect(new Set([a.sha256, b.sha256, c.sha256]).size).toBe(1);
      expect(new Set([a.id, b.id, c.id]).size).toBe(3);
      expect(blobFiles().filter((name) => name === a.sha256)).toHaveLength(1);

      const remove = (taskId: string, id: string) =>
        test.app.inject({
          method: 'DELETE',
          url: `${taskUrl(taskId)}/attachments/${id}`,
          headers: bearer(member.token),
        });
      expect((await remove(first.id, a.id)).statusCode).toBe(204);
      expect((await remove(first.id, b.id)).statusCode).toBe(404);
      expect((await remove(second.id, b.id)).statusCode).toBe(204);
      // Each removal queued a collection; once they ran, the content one attachment still uses is there.
      await waitFor(() => collectionsFinished(2), 20_000, 'the collections to run');
      expect(blobFiles()).toContain(a.sha256);
      // Deleting the task drops its last attachment, and with it the content.
      expect(
        (await test.app.inject({ method: 'DELETE', url: taskUrl(second.id), headers: bearer(member.token) }))
          .statusCode,
      ).toBe(204);
      await waitFor(async () => (blobFiles().includes(a.sha256) ? undefined : true), 20_000, 'the content to go');
      const removed = await eventsOfType(test, project.id, owner, 'research_task.attachment_removed');
      expect(removed.slice(0, 2).map((event) => event.attachmentId)).toEqual([b.id, a.id]);

      // The same bytes uploaded again are stored again.
      const again = await rawUpload(first.id, 'again.txt', 'text/plain', content);
      expect(again.statusCode).toBe(201);
      expect(blobFiles()).toContain(a.sha256);
    });

    it('keeps the content while concurrent uploads and deletes of the same bytes interleave', async () => {
      const task = await createTask(test, project.id, member, { title: 'Race' });
      const content = `raced ${Date.now()}`;
      const seed = (await rawUpload(task.id, 'seed.txt', 'text/plain', content)).json();
      const results = await Promise.all([
        test.app.inject({
          method: 'DELETE',
          url: `${taskUrl(task.id)}/attachments/${seed.id}`,
          headers: bearer(member.token),
        }),
        rawUpload(task.id, 'one.txt', 'text/plain', content),
        rawUpload(task.id, 'two.txt', 'text/plain', content),
      ]);
      expect(results.map((response) => response.statusCode)).toEqual([204, 201, 201]);
      for (const response of results.slice(1)) {
        const download = await test.app.inject({
          method: 'GET',
          url: `${taskUrl(task.id)}/attachments/${response.json().id}/content`,
          headers: bearer(member.token),
        });
        expect(download.body).toBe(content);
      }
    });

    it('writes the bytes with no transaction open: a stalled store delays only its own upload', async () => {
      const task = await createTask(test, project.id, member, { title: 'Slow store' });
      const content = `slow ${Date.now()}`;
      const blobs = sharedBlobStore(test.config);
      const commit = blobs.commit.bind(blobs);
      let stalled: () => void = () => undefined;
      const entered = new Promise<void>((enter) => {
        let first = true;
        blobs.commit = async (staged, key) => {
          if (first) {
            first = false;
            enter();
            await new Promise<void>((release) => {
              stalled = release;
            });
          }
          return commit(staged, key);
        };
      });
      try {
        const slow = rawUpload(task.id, 'slow.txt', 'text/plain', content);
        await entered;
        // The same bytes again, a read and a removal all finish while the first upload's write hangs; with the
        // write inside the recording transaction, they waited for its lock (or, on PGlite, its connection).
        const fast = await rawUpload(task.id, 'fast.txt', 'text/plain', content);
        expect(fast.statusCode).toBe(201);
        const listed = await test.app.inject({
          method: 'GET',
          url: `${taskUrl(task.id)}/attachments`,
          headers: bearer(member.token),
        });
        expect(listed.json().items.map((item: { filename: string }) => item.filename)).toEqual(['fast.txt']);
        stalled();
        const late = await slow;
        expect(late.statusCode).toBe(201);
        for (const id of [fast.json().id, late.json().id]) {
          const download = await test.app.inject({
            method: 'GET',
            url: `${taskUrl(task.id)}/attachments/${id}/content`,
            headers: bearer(member.token),
          });
          expect(download.body).toBe(content);
        }
        // The late upload lost the race to be the live copy: its own copy is gone, one copy is left.
        expect(blobFiles().filter((name) => name === fast.json().sha256)).toHaveLength(1);
      } finally {
        stalled();
        blobs.commit = commit;
      }
    });

    it('never confirms a copy that a collection took between an upload reusing it and its recording', async () => {
      const task = await createTask(test, project.id, member, { title: 'Collected meanwhile' });
      const content = `collected ${Date.now()}`;
      const stored = (await rawUpload(task.id, 'first.txt', 'text/plain', content)).json();
      const reuse = await reserveContent(test.database.db, project.id, 'research.attachments', {
        sha256: stored.sha256,
        sizeBytes: stored.sizeBytes,
      });
      expect(reuse.mustWrite).toBe(false);
      const removed = await test.app.inject({
        method: 'DELETE',
        url: `${taskUrl(task.id)}/attachments/${stored.id}`,
        headers: bearer(member.token),
      });
      expect(removed.statusCode).toBe(204);
      await waitFor(async () => (blobFiles().includes(stored.sha256) ? undefined : true), 20_000, 'the content to go');
      const confirmed = await test.database.db.tenant({ projectId: project.id }, (tx) =>
        confirmContent(tx, project.id, 'research.attachments', reuse),
      );
      expect(confirmed).toBeUndefined();
      // An upload in that position reserves again and writes a new copy.
      const again = await rawUpload(task.id, 'again.txt', 'text/plain', content);
      expect(again.statusCode).toBe(201);
      expect(blobFiles()).toContain(stored.sha256);
    });

    it("removes a deleted project's files once the deletion has committed, and only that project's", async () => {
      const doomed = await createProject(test, owner, 'Doomed');
      await addMember(test, doomed.id, owner, member, 'member');
      const task = await createTask(test, doomed.id, member, { title: 'Soon gone' });
      const stored = await test.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${doomed.id}/research-tasks/${task.id}/attachments`,
        query: { filename: 'gone.txt' },
        headers: { ...bearer(member.token), 'content-type': 'text/plain' },
        payload: `doomed ${Date.now()}`,
      });
      expect(stored.statusCode).toBe(201);
      const doomedFolder = join(dataDir.dir, 'attachments', doomed.id);
      expect(existsSync(doomedFolder)).toBe(true);
      const survivor = await createTask(test, project.id, member, { title: 'Survivor' });
      const kept = (await rawUpload(survivor.id, 'kept.txt', 'text/plain', `kept ${Date.now()}`)).json();

      const deleted = await test.app.inject({
        method: 'DELETE',
        url: `/api/v1/projects/${doomed.id}`,
        headers: bearer(owner.token),
      });
      expect(deleted.statusCode).toBe(204);
      await waitFor(async () => (existsSync(doomedFolder) ? undefined : true), 15_000, 'the folder to go');
      expect(blobFiles()).toContain(kept.sha256);
    });
  });

  describe('proposals from verdicts', () => {
    it('opens a ring-change proposal linked to the task, with the verdict as target ring', async () => {
      const { taskId, technologyId } = await proposableTaskFixture(test, project.id, owner);
      const response = await test.app.inject({
        method: 'POST',
        url: `${taskUrl(taskId)}/propose`,
        headers: bearer(member.token),
        payload: {},
      });
      expect(response.statusCode, response.body).toBe(201);
      const proposal = response.json();
      expect(proposal).toMatchObject({
        technologyId,
        status: 'open',
        researchTaskIds: [taskId],
        fromRing: { id: 'assess' },
        toRing: { id: 'adopt' },
      });
      expect(proposal.rationale).toContain('recommends adopt (high confidence)');
      expect(proposal.rationale).toContain('It holds up.');
    });

    it('needs a verdict and a technology the task studies', async () => {
      const propose = (taskId: string, payload: object = {}) =>
        test.app.inject({
          method: 'POST',
          url: `${taskUrl(taskId)}/propose`,
          headers: bearer(member.token),
          payload,
        });
      const noVerdict = await createTask(test, project.id, member, { title: 'Undecided' });
      const conflict = await propose(noVerdict.id);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().type).toMatch(/verdict-missing$/);

      const one = await createTechnology(test, project.id, owner, `One ${Date.now()}`);
      const two = await createTechnology(test, project.id, owner, `Two ${Date.now()}`);
      const several = await createTask(test, project.id, member, {
        title: 'Several',
        technologyIds: [one.id, two.id],
        verdict: 'hold',
        confidence: 'low',
      });
      expect((await propose(several.id)).json().errors[0].pointer).toBe('/body/technologyId');
      const stranger = await createTechnology(test, project.id, owner, `Stranger ${Date.now()}`);
      expect((await propose(several.id, { technologyId: stranger.id })).statusCode).toBe(422);
      // Not on a radar yet: the radar module refuses, and says why.
      const unplaced = await propose(several.id, { technologyId: one.id });
      expect(unplaced.statusCode).toBe(422);
      expect(unplaced.json().errors[0].detail).toMatch(/place it there first/);
      expect((await propose(several.id, { technologyId: one.id, rationale: 'x' })).statusCode).toBe(422);
      const viewerTry = await test.app.inject({
        method: 'POST',
        url: `${taskUrl(several.id)}/propose`,
        headers: bearer(viewer.token),
        payload: {},
      });
      expect(viewerTry.statusCode).toBe(403);
    });
  });
});
