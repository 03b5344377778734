import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ALL_ROLES, type Config, ConfigError, resolveSecretKey, type ServerRole } from './config.js';
import * as identity from './modules/identity/service.js';
import * as projects from './modules/projects/service.js';
import * as radarExports from './modules/radar/export/service.js';
import { decodeImportFile } from './modules/radar/import/decode.js';
import { guessImportFormat } from './modules/radar/import/parse.js';
import { runImport } from './modules/radar/import/run.js';
import type { ImportInput } from './modules/radar/import/schemas.js';
import * as radarImports from './modules/radar/import/service.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  IMPORT_FORMATS,
  type ImportFormat,
  MERGE_STRATEGIES,
  type MergeStrategy,
} from './modules/radar/schemas.js';
import { getDefaultRadar } from './modules/radar/structure/service.js';
import { createTechnology, listTechnologies } from './modules/radar/technologies/service.js';
import * as research from './modules/research/service.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';
import type { Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrator.js';
import { openDatabase } from './platform/db/open.js';
import { CLI_ACTOR } from './platform/http/actor.js';
import { Problem } from './platform/http/problems.js';
import { startServer } from './server.js';

function parseRoles(value: string): ServerRole[] {
  const roles = value.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !(ALL_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown roles ${unknown.join(', ')}; use ${ALL_ROLES.join(', ')}`);
  return roles as ServerRole[];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function print(value: unknown, json: boolean, table: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${table()}\n`);
}

/** Opens the configured database, migrates it, runs `work`, and always closes (releasing the data-dir lock). */
async function withDatabase<T>(
  config: Config,
  work: (db: Database, config: ReturnType<typeof resolveSecretKey>) => Promise<T>,
  options: { migrateFirst: boolean } = { migrateFirst: true },
) {
  const resolved = resolveSecretKey(config);
  const database = await openDatabase(resolved);
  try {
    if (options.migrateFirst) await migrate(database.db);
    return await work(database.db, resolved);
  } finally {
    await database.close();
  }
}

export function buildCli(config: () => Config): Command {
  const program = new Command('cc')
    .description(
      'CommandCenter: see and steer your technical work. Configuration comes from the environment (see README).',
    )
    .showHelpAfterError();

  program
    .command('serve')
    .description('Serve the product (API, web UI, workers, hub) in this process')
    .addOption(new Option('--roles <roles>', `comma-separated subset of ${ALL_ROLES.join(',')}`).argParser(parseRoles))
    .action(async (options: { roles?: ServerRole[] }) => {
      const loaded = config();
      const server = await startServer(loaded, options.roles ?? loaded.roles);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) process.exit(1); // a second signal means "now"
        stopping = true;
        const deadline = loaded.shutdownTimeoutSeconds;
        process.stderr.write(`${signal}: draining requests and closing (at most ${deadline} s)\n`);
        // Whatever still holds the process open (a slow upload, a stuck dependency), the orchestrator's grace
        // period is finite: exit on our own deadline rather than be killed mid-write.
        setTimeout(() => {
          process.stderr.write(`${signal}: not drained within ${deadline} s; exiting anyway\n`);
          process.exit(1);
        }, deadline * 1000).unref();
        server.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const applied = await withDatabase(config(), (db) => migrate(db), { migrateFirst: false });
      process.stdout.write(applied.length === 0 ? 'database is up to date\n' : `applied ${applied.join(', ')}\n`);
    });

  const user = program.command('user').description('Manage user accounts');
  user
    .command('create')
    .description('Create a user (use --admin for the instance administrator on headless installs)')
    .requiredOption('--email <email>')
    .requiredOption('--name <displayName>')
    .option('--password <password>', 'prefer --password-stdin: arguments show up in process lists')
    .option('--password-stdin', 'read the password from standard input')
    .option('--admin', 'make the user an instance administrator', false)
    .option('--json', 'print JSON', false)
    .action(
      async (options: {
        email: string;
        name: string;
        password?: string;
        passwordStdin?: boolean;
        admin: boolean;
        json: boolean;
      }) => {
        const password = options.passwordStdin ? await readStdin() : options.password;
        if (password === undefined) throw new InvalidArgumentError('give --password-stdin or --password');
        const created = await withDatabase(config(), (db, resolved) =>
          identity.createUser({ config: resolved, db }, CLI_ACTOR, {
            email: options.email,
            displayName: options.name,
            password,
            isAdmin: options.admin,
          }),
        );
        print(
          created,
          options.json,
          () => `created user ${created.email} (${created.id})${created.isAdmin ? ' [admin]' : ''}`,
        );
      },
    );
  user
    .command('list')
    .description('List users')
    .option('--limit <n>', 'at most this many', (value) => Number.parseInt(value, 10), 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { limit: number; json: boolean }) => {
      const page = await withDatabase(config(), (db) => identity.listUsers(db, { limit: options.limit }));
      print(
        page.items,
        options.json,
        () =>
          page.items
            .map(
              (row) =>
                `${row.id}  ${row.email}  ${row.displayName}${row.isAdmin ? '  [admin]' : ''}${row.disabled ? '  [disabled]' : ''}`,
            )
            .join('\n') || '(no users)',
      );
    });

  const project = program.command('project').description('Manage projects');
  project
    .command('create')
    .description('Create a project owned by an existing user')
    .requiredOption('--name <name>')
    .requiredOption('--owner <email>', 'email of the user who becomes owner')
    .option('--slug <slug>')
    .option('--description <text>')
    .option('--json', 'print JSON', false)
    .action(async (options: { name: string; owner: string; slug?: string; description?: string; json: boolean }) => {
      const created = await withDatabase(config(), async (db) => {
        const ownerId = await identity.findActiveUserIdByEmail(db, options.owner);
        if (ownerId === undefined) throw new InvalidArgumentError(`no active user has the email ${options.owner}`);
        return projects.createProject(
          db,
          { ...CLI_ACTOR, principal: { kind: 'user', userId: ownerId, isAdmin: false } },
          options,
        );
      });
      print(created, options.json, () => `created project ${created.slug} (${created.id})`);
    });
  project
    .command('list')
    .description('List every project on this instance')
    .option('--limit <n>', 'at most this many', (value) => Number.parseInt(value, 10), 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { limit: number; json: boolean }) => {
      const page = await withDatabase(config(), (db) => projects.listAllProjects(db, { limit: options.limit }));
      print(
        page.items,
        options.json,
        () =>
          page.items.map((row) => `${row.id}  ${row.slug}  ${row.name}  (${row.members} members)`).join('\n') ||
          '(no projects)',
      );
    });

  const apikey = program.command('apikey').description('Manage project API keys');
  apikey
    .command('create')
    .description("Create an API key in a project (attributed to the project's first owner); prints the token once")
    .requiredOption('--project <idOrSlug>')
    .requiredOption('--name <name>')
    .addOption(new Option('--role <role>').choices(['admin', 'member', 'viewer']).default('member'))
    .option('--expires <iso-date>', 'expiry, e.g. 2027-01-31T00:00:00Z')
    .option('--json', 'print JSON', false)
    .action(
      async (options: {
        project: string;
        name: string;
        role: 'admin' | 'member' | 'viewer';
        expires?: string;
        json: boolean;
      }) => {
        const created = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          return identity.createApiKey(
            db,
            scope,
            { ...CLI_ACTOR, principal: scope.actor },
            {
              name: options.name,
              role: options.role,
              expiresAt: options.expires,
            },
          );
        });
        print(
          created,
          options.json,
          () =>
            `created key ${created.name} (${created.role})\n${created.token}\nStore this token now; it is not shown again.`,
        );
      },
    );

  program
    .command('research')
    .description('Research tasks')
    .command('list')
    .description("List a project's research tasks, soonest due first")
    .requiredOption('--project <idOrSlug>')
    .addOption(
      new Option('--status <status...>', 'only these statuses').choices([
        'pending',
        'in_progress',
        'blocked',
        'completed',
        'cancelled',
      ]),
    )
    .option('--limit <n>', 'at most this many', (value) => Number.parseInt(value, 10), 200)
    .option('--json', 'print JSON', false)
    .action(
      async (options: {
        project: string;
        status?: Array<'pending' | 'in_progress' | 'blocked' | 'completed' | 'cancelled'>;
        limit: number;
        json: boolean;
      }) => {
        const page = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          return research.listTasks({ db }, scope, { status: options.status, limit: options.limit, sort: 'due' });
        });
        print(
          page.items,
          options.json,
          () =>
            page.items
              .map(
                (task) =>
                  `${task.id}  ${task.status.padEnd(11)}  ${String(task.progress).padStart(3)}%  ${task.dueDate ?? '          '}${task.overdue ? ' (overdue)' : ''}  ${task.title}`,
              )
              .join('\n') || '(no research tasks)',
        );
      },
    );

  // ---- radar and technologies ----------------------------------------------------------------------------------

  const radarCommand = program.command('radar').description('Technology radars: import and export');
  radarCommand
    .command('import')
    .description('Import a radar file into a project (runs the radar.import job here, with a progress bar)')
    .argument('<file>', 'BYOR CSV or JSON, or Zalando tech-radar JSON')
    .requiredOption('--project <idOrSlug>')
    .addOption(
      new Option('--format <format>', 'default: from the file (.csv, or the JSON shape)').choices([...IMPORT_FORMATS]),
    )
    .addOption(
      new Option('--strategy <strategy>', 'for technologies that exist')
        .choices([...MERGE_STRATEGIES])
        .default('merge'),
    )
    .option('--dry-run', 'show what would change; write nothing', false)
    .option('--prune', 'remove blips the file does not list', false)
    .option('--publish <volume name>', 'publish a volume of the radar afterwards')
    .option('--date <YYYY-MM-DD>', "the published volume's date (default: the file's own date, else today)")
    .option('--radar <id>', 'the radar to import into (default: the default radar)')
    .option('--new-radar <name>', "import into a new radar with the file's quadrants and rings")
    .option('--json', 'print JSON', false)
    .action(
      async (
        file: string,
        options: {
          project: string;
          format?: ImportFormat;
          strategy: MergeStrategy;
          dryRun: boolean;
          prune: boolean;
          publish?: string;
          date?: string;
          radar?: string;
          newRadar?: string;
          json: boolean;
        },
      ) => {
        const { content, encoding } = decodeImportFile(readFileSync(file));
        if (encoding !== 'utf-8') process.stderr.write(`${basename(file)} is not UTF-8: read as Windows-1252\n`);
        const input: ImportInput = {
          format: options.format ?? guessImportFormat(file, content),
          content,
          strategy: options.strategy,
          dryRun: options.dryRun,
          prune: options.prune,
          sourceName: basename(file),
          ...(options.radar === undefined ? {} : { radarId: options.radar }),
          ...(options.newRadar === undefined ? {} : { newRadar: { name: options.newRadar } }),
          ...(options.publish === undefined
            ? {}
            : {
                publishVolume: { name: options.publish, ...(options.date === undefined ? {} : { date: options.date }) },
              }),
        };
        const outcome = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          const actor = { ...CLI_ACTOR, principal: scope.actor };
          if (options.dryRun) {
            return { kind: 'preview' as const, preview: await radarImports.previewImport({ db }, scope, input) };
          }
          const { importId } = await radarImports.recordImportForCli(db, scope, actor, input);
          const bar = progressBar(options.json);
          try {
            // The radar.import job's work, run in this process: no worker is needed, and progress shows as it goes.
            const result = await runImport(db, scope.projectId, importId, actor, async (percent, step) =>
              bar.update(percent, step),
            );
            return { kind: 'result' as const, result };
          } finally {
            bar.stop();
          }
        });
        if (outcome.kind === 'preview') {
          const preview = outcome.preview;
          print(preview, options.json, () =>
            [
              `${preview.rows} rows: ${preview.creates.length} to create, ${preview.updates.length} to update, ` +
                `${preview.unchanged} unchanged, ${preview.conflicts.length} conflicts, ${preview.removals.length} to remove`,
              ...[...preview.structure.quadrants, ...preview.structure.rings].map(
                (segment) => `  place   ${segment.label} → ${segment.segmentId ?? 'nowhere'} (${segment.matchedBy})`,
              ),
              ...preview.creates.map(
                (row) => `  create  ${row.title} (${row.quadrantId}, ${row.ringId}, starts as ${row.lifecycle})`,
              ),
              ...preview.updates.map((row) => `  update  ${row.title}: ${row.changes.join(', ')}`),
              ...preview.conflicts.map((row) => `  skip    row ${row.row} ${row.title}: ${row.reason}`),
              ...preview.warnings.map((row) => `  warn    row ${row.row} ${row.title}: ${row.reason}`),
              ...preview.removals.map((row) => `  remove  ${row.title}`),
              ...(preview.ignoredColumns.length === 0
                ? []
                : [`  ignored columns: ${preview.ignoredColumns.join(', ')}`]),
            ].join('\n'),
          );
          return;
        }
        const result = outcome.result;
        print(
          result,
          options.json,
          () =>
            `imported ${result.rows} rows: ${result.created} created, ${result.updated} updated, ${result.unchanged} ` +
            `unchanged, ${result.conflicts} conflicts, ${result.removed} removed` +
            (result.volumeId === null ? '' : `; published volume ${result.volumeId}`),
        );
      },
    );
  radarCommand
    .command('export')
    .description('Export a radar (or one of its volumes) as BYOR CSV or JSON, Zalando JSON, or SVG')
    .requiredOption('--project <idOrSlug>')
    .addOption(new Option('--format <format>').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--radar <id>', 'default: the default radar')
    .option('--volume <id>', 'a published volume instead of the live radar')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(
      async (options: { project: string; format: ExportFormat; radar?: string; volume?: string; out?: string }) => {
        const file = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          const radarId = options.radar ?? (await getDefaultRadar({ db }, scope)).id;
          return radarExports.exportRadar({ db }, scope, radarId, {
            format: options.format,
            ...(options.volume === undefined ? {} : { volumeId: options.volume }),
          });
        });
        if (options.out === undefined) process.stdout.write(file.body);
        else {
          writeFileSync(options.out, file.body);
          process.stderr.write(`wrote ${options.out} (${Buffer.byteLength(file.body)} bytes)\n`);
        }
      },
    );

  const tech = program.command('tech').description("A project's technologies");
  tech
    .command('list')
    .description('List technologies, most recently changed first')
    .requiredOption('--project <idOrSlug>')
    .option('--q <words>', 'full-text search over title, tags and description')
    .option('--limit <n>', 'at most this many (1-200)', (value) => Number.parseInt(value, 10), 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { project: string; q?: string; limit: number; json: boolean }) => {
      const page = await withDatabase(config(), async (db) => {
        const scope = await projects.operatorScope(db, options.project);
        return listTechnologies({ db }, scope, {
          limit: Math.min(200, Math.max(1, options.limit)),
          ...(options.q === undefined ? {} : { q: options.q }),
        });
      });
      print(
        page.items,
        options.json,
        () =>
          page.items
            .map(
              (item) =>
                `${item.id}  ${item.status.padEnd(14)}  p${item.priority}  ${item.title}` +
                (item.blips.length === 0
                  ? ''
                  : `  [${item.blips.map((blip) => `${blip.quadrantId}/${blip.ringId}`).join(', ')}]`),
            )
            .join('\n') || '(no technologies)',
      );
    });
  tech
    .command('add')
    .description('Add a technology, optionally placed on a radar')
    .requiredOption('--project <idOrSlug>')
    .requiredOption('--title <title>')
    .option('--description <markdown>')
    .option('--domain <domain>')
    .option('--tags <tags>', 'comma-separated')
    .option('--quadrant <id>', 'place it in this quadrant (with --ring)')
    .option('--ring <id>', 'place it in this ring (with --quadrant)')
    .option('--radar <id>', 'default: the default radar')
    .option('--json', 'print JSON', false)
    .action(
      async (options: {
        project: string;
        title: string;
        description?: string;
        domain?: string;
        tags?: string;
        quadrant?: string;
        ring?: string;
        radar?: string;
        json: boolean;
      }) => {
        if ((options.quadrant === undefined) !== (options.ring === undefined)) {
          throw new InvalidArgumentError('give --quadrant and --ring together');
        }
        const created = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          return createTechnology(
            { db },
            scope,
            { ...CLI_ACTOR, principal: scope.actor },
            {
              title: options.title,
              ...(options.description === undefined ? {} : { description: options.description }),
              ...(options.domain === undefined ? {} : { domain: options.domain }),
              ...(options.tags === undefined ? {} : { tags: options.tags.split(',') }),
              ...(options.quadrant === undefined || options.ring === undefined
                ? {}
                : {
                    placement: {
                      quadrantId: options.quadrant,
                      ringId: options.ring,
                      ...(options.radar === undefined ? {} : { radarId: options.radar }),
                    },
                  }),
            },
          );
        });
        print(
          created,
          options.json,
          () =>
            `created technology ${created.title} (${created.id})` +
            (created.blips[0] === undefined ? '' : ` in ${created.blips[0].quadrantId}/${created.blips[0].ringId}`),
        );
      },
    );

  return program;
}

/**
 * A progress bar on standard error when it is a terminal (nothing otherwise, and nothing with --json), so that
 * standard output stays the result alone.
 */
function progressBar(quiet: boolean): { update(percent: number, step: string): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: 'importing [{bar}] {percentage}% | {step}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(100, 0, { step: 'starting' });
  return {
    update: (percent, step) => bar.update(Math.round(percent), { step: step.slice(0, 60) }),
    stop: () => bar.stop(),
  };
}

/** One line a person can act on; stack traces only for errors we did not foresee. */
export function explainCliError(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  if (error instanceof Problem) {
    const fields = error.errors?.map((field) => `\n  ${field.pointer}: ${field.detail}`).join('') ?? '';
    return `${error.title}: ${error.message}${fields}`;
  }
  if (error instanceof InvalidArgumentError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
