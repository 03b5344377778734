/** The operator's account work: `cc user`, `cc project` and `cc apikey`. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CLI_ACTOR } from '../platform/http/actor.js';
import { integer, type LoadConfig, print, readStdin, withDatabase } from './shared.js';

// Loaded when a command runs: `cc --help` and the other commands do not pay for importing them.
const identityService = () => import('../modules/identity/service.js');
const projectsService = () => import('../modules/projects/service.js');

export function registerAccountCommands(program: Command, config: LoadConfig): void {
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
        const identity = await identityService();
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
    .option('--limit <n>', 'at most this many', integer, 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { limit: number; json: boolean }) => {
      const identity = await identityService();
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
      const [identity, projects] = await Promise.all([identityService(), projectsService()]);
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
    .option('--limit <n>', 'at most this many', integer, 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { limit: number; json: boolean }) => {
      const projects = await projectsService();
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
        const [identity, projects] = await Promise.all([identityService(), projectsService()]);
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
}
