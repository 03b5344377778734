import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/platform/db/database.js';
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

type Row = Record<string, unknown>;

async function rows(tx: Tx, query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await tx.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** Catches the rejection so a failed statement can be asserted on (and the transaction is rolled back). */
async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the statement succeeded');
}

/** The full error text: drizzle wraps the driver's error ("Failed query: ...") and keeps it as the cause. */
const messageOf = (error: Error): string =>
  `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`.toLowerCase();

describe.each(databaseKinds())('row-level security on %s', (kind) => {
  let test: TestApp;
  let ownerA: TestUser;
  let ownerB: TestUser;
  let memberA: TestUser;
  let projectA: { id: string; slug: string };
  let projectB: { id: string; slug: string };
  /** Tables in schema public with a project_id column, found from the catalog so new tables are covered. */
  let tenantTables: string[] = [];

  beforeAll(async () => {
    test = await buildTestApp(kind);
    ownerA = await createUser(test, { name: 'owner-a' });
    ownerB = await createUser(test, { name: 'owner-b' });
    memberA = await createUser(test, { name: 'member-a' });
    projectA = await createProject(test, ownerA, 'Alpha');
    projectB = await createProject(test, ownerB, 'Beta');
    await addMember(test, projectA.id, ownerA, memberA, 'member');
    await addMember(test, projectB.id, ownerB, memberA, 'viewer');
    for (const [project, owner] of [
      [projectA, ownerA],
      [projectB, ownerB],
    ] as const) {
      const key = await test.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${project.id}/api-keys`,
        headers: bearer(owner.token),
        payload: { name: `key-${project.slug}`, role: 'viewer' },
      });
      expect(key.statusCode, key.body).toBe(201);
    }
    tenantTables = (
      await test.database.db.session((run) =>
        run(`SELECT c.relname AS name FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'project_id' AND NOT a.attisdropped
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              ORDER BY 1`),
      )
    ).map((row) => String(row.name));
  });
  afterAll(() => test?.close());

  it('forces RLS with a cc_app tenant policy on every table that has project_id', async () => {
    // The known ones must be found; any table added later is checked the same way without editing this test.
    expect(tenantTables).toEqual(expect.arrayContaining(['api_keys', 'audit_log', 'memberships']));
    const report = await test.database.db.session((run) =>
      run(`SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                  EXISTS (SELECT 1 FROM pg_policies p
                           WHERE p.schemaname = 'public' AND p.tablename = c.relname
                             AND 'cc_app' = ANY (p.roles)
                             AND p.qual LIKE '%project_id%' AND p.qual LIKE '%app.project_id%'
                             AND p.with_check LIKE '%app.project_id%') AS tenant_policy
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname IN (${[...tenantTables, 'projects'].map((name) => `'${name}'`).join(', ')})
            ORDER BY 1`),
    );
    expect(report).toHaveLength(tenantTables.length + 1);
    for (const table of report) {
      expect(table, String(table.name)).toEqual({ name: table.name, enabled: true, forced: true, tenant_policy: true });
    }
  });

  it('confines a tenant transaction to its project even without a WHERE clause', async () => {
    const { db } = test.database;
    for (const table of tenantTables) {
      const all = await db.system((tx) => rows(tx, sql`SELECT project_id FROM ${sql.identifier(table)}`));
      const seenByA = await db.tenant({ projectId: projectA.id }, (tx) =>
        rows(tx, sql`SELECT project_id FROM ${sql.identifier(table)}`),
      );
      const ofA = all.filter((row) => row.project_id === projectA.id);
      // The tables this suite fills hold rows of both projects; tables added later are checked on whatever they hold.
      if (['api_keys', 'audit_log', 'memberships'].includes(table)) {
        expect(ofA.length, `${table} has rows of A`).toBeGreaterThan(0);
        expect(all.length - ofA.length, `${table} has rows of other projects`).toBeGreaterThan(0);
      }
      expect(seenByA.length, table).toBe(ofA.length);
      expect(
        seenByA.every((row) => row.project_id === projectA.id),
        table,
      ).toBe(true);
    }

    const memberships = await db.tenant({ projectId: projectA.id }, (tx) => rows(tx, sql`SELECT * FROM memberships`));
    expect(memberships.map((row) => row.user_id).sort()).toEqual([ownerA.id, memberA.id].sort());
    const projects = await db.tenant({ projectId: projectA.id }, (tx) => rows(tx, sql`SELECT id FROM projects`));
    expect(projects).toEqual([{ id: projectA.id }]);
  });

  it("refuses to write another project's rows from a tenant transaction", async () => {
    const { db } = test.database;
    const inA = <T>(work: (tx: Tx) => Promise<T>) => db.tenant({ projectId: projectA.id }, work);

    const insert = await failure(
      inA((tx) =>
        tx.execute(
          sql`INSERT INTO memberships (project_id, user_id, role) VALUES (${projectB.id}, ${ownerA.id}, 'owner')`,
        ),
      ),
    );
    expect(messageOf(insert)).toMatch(/row-level security/);

    const move = await failure(
      inA((tx) => tx.execute(sql`UPDATE memberships SET project_id = ${projectB.id} WHERE user_id = ${memberA.id}`)),
    );
    expect(messageOf(move)).toMatch(/row-level security/);

    // B's rows are invisible to A's writes: nothing matches, nothing changes.
    const touched = await inA(async (tx) => ({
      updated: await rows(tx, sql`UPDATE memberships SET role = 'owner' WHERE project_id = ${projectB.id} RETURNING 1`),
      deleted: await rows(tx, sql`DELETE FROM api_keys WHERE project_id = ${projectB.id} RETURNING 1`),
      renamed: await rows(tx, sql`UPDATE projects SET name = 'pwned' WHERE id = ${projectB.id} RETURNING 1`),
    }));
    expect(touched).toEqual({ updated: [], deleted: [], renamed: [] });

    const bState = await db.system(async (tx) => ({
      members: await rows(tx, sql`SELECT user_id, role FROM memberships WHERE project_id = ${projectB.id}`),
      keys: await rows(tx, sql`SELECT id FROM api_keys WHERE project_id = ${projectB.id}`),
      name: await rows(tx, sql`SELECT name FROM projects WHERE id = ${projectB.id}`),
    }));
    expect(bState.members.map((row) => `${row.user_id}:${row.role}`).sort()).toEqual(
      [`${ownerB.id}:owner`, `${memberA.id}:viewer`].sort(),
    );
    expect(bState.keys).toHaveLength(1);
    expect(bState.name).toEqual([{ name: 'Beta' }]);
  });

  it('keeps the audit log append-only for every role', async () => {
    const { db } = test.database;
    const count = () => db.system((tx) => rows(tx, sql`SELECT count(*)::int AS n FROM audit_log`));
    const before = await count();
    expect(Number(before[0]!.n)).toBeGreaterThan(0);

    const refusals: Error[] = [];
    for (const statement of [sql`UPDATE audit_log SET action = 'forged'`, sql`DELETE FROM audit_log`]) {
      refusals.push(await failure(db.system((tx) => tx.execute(statement))));
      refusals.push(await failure(db.tenant({ projectId: projectA.id }, (tx) => tx.execute(statement))));
    }
    refusals.push(await failure(db.system((tx) => tx.execute(sql`TRUNCATE audit_log`))));
    // Even the connecting (owner) role without any role switch is stopped by the trigger.
    const asOwner = [
      await failure(db.session((run) => run(`UPDATE audit_log SET action = 'forged'`))),
      await failure(db.session((run) => run('DELETE FROM audit_log'))),
    ];
    for (const refusal of refusals) expect(messageOf(refusal)).toMatch(/permission denied|append-only/);
    for (const refusal of asOwner) expect(messageOf(refusal)).toMatch(/append-only/);

    expect(await count()).toEqual(before);
    const forged = await db.system((tx) => rows(tx, sql`SELECT 1 FROM audit_log WHERE action = 'forged'`));
    expect(forged).toEqual([]);
  });

  it('deletes a project with its memberships and keys, and keeps its audit trail for the instance admin', async () => {
    const { db } = test.database;
    const owner = await createUser(test, { name: 'doomed-owner' });
    const admin = await createUser(test, { name: 'instance-admin', admin: true });
    const doomed = await createProject(test, owner, 'Doomed');
    await addMember(test, doomed.id, owner, memberA, 'viewer');
    const key = await test.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${doomed.id}/api-keys`,
      headers: bearer(owner.token),
      payload: { name: 'doomed-key', role: 'viewer' },
    });
    expect(key.statusCode, key.body).toBe(201);
    const apiKey = key.json().token as string;
    expect(
      (await test.app.inject({ method: 'GET', url: `/api/v1/projects/${doomed.id}`, headers: bearer(apiKey) }))
        .statusCode,
    ).toBe(200);

    // Only the owner may delete.
    const byMember = await test.app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${doomed.id}`,
      headers: bearer(memberA.token),
    });
    expect(byMember.statusCode).toBe(403);
    const deleted = await test.app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${doomed.id}`,
      headers: bearer(owner.token),
    });
    expect(deleted.statusCode, deleted.body).toBe(204);

    const left = await db.system(async (tx) => ({
      projects: await rows(tx, sql`SELECT 1 FROM projects WHERE id = ${doomed.id}`),
      memberships: await rows(tx, sql`SELECT 1 FROM memberships WHERE project_id = ${doomed.id}`),
      apiKeys: await rows(tx, sql`SELECT 1 FROM api_keys WHERE project_id = ${doomed.id}`),
    }));
    expect(left).toEqual({ projects: [], memberships: [], apiKeys: [] });
    expect(
      (await test.app.inject({ method: 'GET', url: `/api/v1/projects/${doomed.id}`, headers: bearer(owner.token) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/projects', headers: bearer(apiKey) })).statusCode,
    ).toBe(401);
    // Other projects are untouched.
    expect(
      await db.system((tx) => rows(tx, sql`SELECT 1 FROM memberships WHERE project_id = ${projectB.id}`)),
    ).toHaveLength(2);

    const audit = await test.app.inject({
      method: 'GET',
      url: `/api/v1/admin/audit?projectId=${doomed.id}&limit=100`,
      headers: bearer(admin.token),
    });
    expect(audit.statusCode, audit.body).toBe(200);
    const entries = audit.json().items as Array<{ action: string; targetId: string; actorUserId: string }>;
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['project.deleted', 'project.created', 'member.added', 'api_key.created']),
    );
    expect(entries.find((entry) => entry.action === 'project.deleted')).toMatchObject({
      targetId: doomed.id,
      actorUserId: owner.id,
    });
    const byAction = await test.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit?action=project.deleted',
      headers: bearer(admin.token),
    });
    expect(byAction.json().items.map((entry: { targetId: string }) => entry.targetId)).toContain(doomed.id);

    // The instance audit is for instance admins only.
    const notAdmin = await test.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit',
      headers: bearer(owner.token),
    });
    expect(notAdmin.statusCode).toBe(403);
  });
});
