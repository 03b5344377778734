/** `cc tech`: a project's technologies, listed or added (and placed on a radar). */
import { type Command, InvalidArgumentError } from 'commander';
import { CLI_ACTOR } from '../platform/http/actor.js';
import { integer, type LoadConfig, print, withDatabase } from './shared.js';

// Loaded when a command runs: `cc --help` and the other commands do not pay for importing them.
const services = () =>
  Promise.all([import('../modules/projects/service.js'), import('../modules/radar/technologies/service.js')]);

export function registerTechnologyCommands(program: Command, config: LoadConfig): void {
  const tech = program.command('tech').description("A project's technologies");
  tech
    .command('list')
    .description('List technologies, most recently changed first')
    .requiredOption('--project <idOrSlug>')
    .option('--q <words>', 'full-text search over title, tags and description')
    .option('--limit <n>', 'at most this many (1-200)', integer, 200)
    .option('--json', 'print JSON', false)
    .action(async (options: { project: string; q?: string; limit: number; json: boolean }) => {
      const [projects, technologies] = await services();
      const page = await withDatabase(config(), async (db) => {
        const scope = await projects.operatorScope(db, options.project);
        return technologies.listTechnologies({ db }, scope, {
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
        const [projects, technologies] = await services();
        const created = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          return technologies.createTechnology(
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
}
