/** `cc repo`: a project's git repositories, synced in this process (no worker needed). */
import type { Command } from 'commander';
import type { Config } from '../config.js';
import type { Database } from '../platform/db/database.js';
import type { ProjectScope } from '../platform/http/access.js';
import { CLI_ACTOR } from '../platform/http/actor.js';
import { integer, type LoadConfig, print, progressBar, withDatabase } from './shared.js';

// Loaded when a command runs: `cc --help` and the other commands do not pay for importing them.
const services = () =>
  Promise.all([
    import('../modules/projects/service.js'),
    import('../modules/repositories/service.js'),
    import('../modules/repositories/sync.js'),
  ]);

/** The repositories.sync job's work, run here with a progress bar; returns its result. */
async function syncHere(db: Database, config: Config, scope: ProjectScope, repositoryId: string, quiet: boolean) {
  const [, , { syncRepository }] = await services();
  const bar = progressBar('syncing', quiet);
  try {
    return await syncRepository({
      db,
      dataDir: config.dataDir,
      allowPrivate: config.outbound.allowPrivate,
      projectId: scope.projectId,
      repositoryId,
      actor: { ...CLI_ACTOR, principal: scope.actor },
      signal: new AbortController().signal,
      progress: async (percent, step) => bar.update(percent, step),
    });
  } finally {
    bar.stop();
  }
}

const summary = (result: Record<string, unknown>) =>
  'skipped' in result
    ? String(result.skipped)
    : `${result.branches} branches, ${result.tags} tags, ${result.newCommits} new commits (${result.totalCommits} in all${result.removedCommits ? `, ${result.removedCommits} no longer reachable removed` : ''})`;

export function registerRepositoryCommands(program: Command, config: LoadConfig): void {
  const repo = program.command('repo').description('Git repositories');

  repo
    .command('add')
    .description('Add a local repository (under CC_GIT_ALLOWED_ROOTS) or a git URL to a project, and sync it')
    .argument('<location>', 'an absolute path, file:// URL, https://… or ssh://… URL, or user@host:path')
    .requiredOption('--project <idOrSlug>')
    .option('--name <name>', 'the name shown (default: the last part of the location)')
    .option('--no-sync', 'only add it; a worker or `cc repo sync` syncs it later')
    .option('--json', 'print JSON', false)
    .action(async (location: string, options: { project: string; name?: string; sync: boolean; json: boolean }) => {
      const [projects, repositories] = await services();
      const loaded = config();
      const outcome = await withDatabase(loaded, async (db) => {
        const scope = await projects.operatorScope(db, options.project);
        const added = await repositories.addRepositoryForCli(
          db,
          loaded.gitAllowedRoots,
          scope,
          { ...CLI_ACTOR, principal: scope.actor },
          { location, displayName: options.name },
        );
        const sync = options.sync ? await syncHere(db, loaded, scope, added.id, options.json) : null;
        return { repository: sync === null ? added : await repositories.getRepository({ db }, scope, added.id), sync };
      });
      print(outcome, options.json, () =>
        [
          `${outcome.repository.id}  ${outcome.repository.displayName}  ${outcome.repository.location}`,
          outcome.sync === null ? 'not synced yet' : `synced: ${summary(outcome.sync)}`,
        ].join('\n'),
      );
    });

  repo
    .command('list')
    .description("List a project's repositories with their sync status")
    .requiredOption('--project <idOrSlug>')
    .option('--limit <n>', 'at most this many', integer, 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { project: string; limit: number; json: boolean }) => {
      const [projects, repositories] = await services();
      const page = await withDatabase(config(), async (db) => {
        const scope = await projects.operatorScope(db, options.project);
        return repositories.listRepositories({ db }, scope, { limit: options.limit });
      });
      print(
        page.items,
        options.json,
        () =>
          page.items
            .map(
              (item) =>
                `${item.id}  ${item.syncStatus.padEnd(7)}  ${item.displayName}  ${item.location}${item.syncError === null ? '' : `  (${item.syncError})`}`,
            )
            .join('\n') || '(no repositories)',
      );
    });

  repo
    .command('sync')
    .description('Fetch a repository and record its branches, tags and new commits (runs the sync here)')
    .argument('<repository>', 'its id, or its name when no other repository of the project has it')
    .requiredOption('--project <idOrSlug>')
    .option('--json', 'print JSON', false)
    .action(async (idOrName: string, options: { project: string; json: boolean }) => {
      const [projects, repositories] = await services();
      const loaded = config();
      const result = await withDatabase(loaded, async (db) => {
        const scope = await projects.operatorScope(db, options.project);
        const repository = await repositories.findRepository({ db }, scope, idOrName);
        return syncHere(db, loaded, scope, repository.id, options.json);
      });
      print(result, options.json, () => summary(result));
    });
}
