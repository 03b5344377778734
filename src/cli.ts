import { Command, InvalidArgumentError, Option } from 'commander';
import { ALL_ROLES, type Config, ConfigError, resolveSecretKey, type ServerRole } from './config.js';
import * as identity from './modules/identity/service.js';
import * as projects from './modules/projects/service.js';
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
        process.stderr.write(`${signal}: draining requests and closing\n`);
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

  return program;
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
