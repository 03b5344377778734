/** Running the product: `cc serve` and `cc migrate`. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ALL_ROLES, type ServerRole } from '../config.js';
import { type LoadConfig, withDatabase } from './shared.js';

// Loaded when a command runs: `cc --help` and `cc migrate` do not pay for importing the whole server.
const server = () => import('../server.js');
const migrator = () => import('../platform/db/migrator.js');

function parseRoles(value: string): ServerRole[] {
  const roles = value.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !(ALL_ROLES as readonly string[]).includes(role));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown roles ${unknown.join(', ')}; use ${ALL_ROLES.join(', ')}`);
  return roles as ServerRole[];
}

export function registerServeCommands(program: Command, config: LoadConfig): void {
  program
    .command('serve')
    .description('Serve the product (API, web UI, workers, hub) in this process')
    .addOption(new Option('--roles <roles>', `comma-separated subset of ${ALL_ROLES.join(',')}`).argParser(parseRoles))
    .action(async (options: { roles?: ServerRole[] }) => {
      const loaded = config();
      const { startServer } = await server();
      const running = await startServer(loaded, options.roles ?? loaded.roles);
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
        running.stop().then(
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
      const { migrate } = await migrator();
      const applied = await withDatabase(config(), (db) => migrate(db), { migrateFirst: false });
      process.stdout.write(applied.length === 0 ? 'database is up to date\n' : `applied ${applied.join(', ')}\n`);
    });
}
