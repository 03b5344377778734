/** `cc research`: a project's research tasks. */
import { type Command, Option } from 'commander';
import { integer, type LoadConfig, print, withDatabase } from './shared.js';

// Loaded when a command runs: `cc --help` and the other commands do not pay for importing them.
const services = () =>
  Promise.all([import('../modules/projects/service.js'), import('../modules/research/service.js')]);

export function registerResearchCommands(program: Command, config: LoadConfig): void {
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
    .option('--limit <n>', 'at most this many', integer, 200)
    .option('--json', 'print JSON', false)
    .action(
      async (options: {
        project: string;
        status?: Array<'pending' | 'in_progress' | 'blocked' | 'completed' | 'cancelled'>;
        limit: number;
        json: boolean;
      }) => {
        const [projects, research] = await services();
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
}
