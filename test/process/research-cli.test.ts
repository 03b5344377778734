import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import * as projects from '../../src/modules/projects/service.js';
import * as research from '../../src/modules/research/service.js';
import type { ServiceContext } from '../../src/platform/context.js';
import { openDatabase } from '../../src/platform/db/open.js';
import { CLI_ACTOR } from '../../src/platform/http/actor.js';
import { killAll, removeDir, runCc, tempDataDir } from '../helpers/process.js';
import { dayFromToday } from '../helpers/research.js';

describe('cc research list', () => {
  let dir = '';
  const env: Record<string, string> = {};
  beforeAll(() => {
    dir = tempDataDir('cc-research-cli-');
    env.CC_DATA_DIR = dir;
  });
  afterAll(async () => {
    await killAll();
    removeDir(dir);
  });

  it("lists a project's tasks soonest due first, filtered by status, as text or JSON", {
    timeout: 180_000,
  }, async () => {
    const email = 'researcher@example.com';
    expect(
      (await runCc(['user', 'create', '--email', email, '--name', 'R', '--password', 'a long passphrase!'], { env }))
        .code,
    ).toBe(0);
    expect((await runCc(['project', 'create', '--name', 'Lab', '--owner', email], { env })).code).toBe(0);

    // Tasks are made through the service on the same data dir (the CLI has no command for that; the API does).
    const config = loadConfig({ CC_DATA_DIR: dir, LOG_LEVEL: 'silent', CC_SECRET_KEY: 'k'.repeat(32) });
    const opened = await openDatabase(config);
    try {
      const scope = await projects.operatorScope(opened.db, 'lab');
      const context = { db: opened.db, config } as unknown as ServiceContext;
      const actor = { ...CLI_ACTOR, principal: scope.actor };
      await research.createTask(context, scope, actor, { title: 'Later', dueDate: dayFromToday(30) });
      await research.createTask(context, scope, actor, { title: 'Late', dueDate: dayFromToday(-1), progress: 20 });
      await research.createTask(context, scope, actor, { title: 'Done', progress: 100 });
    } finally {
      await opened.close();
    }

    const text = await runCc(['research', 'list', '--project', 'lab'], { env });
    expect(text.code, text.process.describe()).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s{2,}/).at(-1))).toEqual(['Late', 'Later', 'Done']);
    expect(lines[0]).toMatch(/in_progress\s+20%\s+\d{4}-\d{2}-\d{2} \(overdue\)/);

    const json = await runCc(['research', 'list', '--project', 'lab', '--status', 'completed', '--json'], { env });
    expect(json.code, json.process.describe()).toBe(0);
    expect((JSON.parse(json.stdout) as Array<{ title: string; status: string }>).map((task) => task.title)).toEqual([
      'Done',
    ]);

    const unknown = await runCc(['research', 'list', '--project', 'nope'], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('nope');
  });
});
