/** `cc radar`: importing a radar file (with a progress bar) and exporting a radar or volume. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { decodeImportFile } from '../modules/radar/import/decode.js';
import { guessImportFormat } from '../modules/radar/import/parse.js';
import type { ImportInput } from '../modules/radar/import/schemas.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  IMPORT_FORMATS,
  type ImportFormat,
  MERGE_STRATEGIES,
  type MergeStrategy,
} from '../modules/radar/schemas.js';
import { CLI_ACTOR } from '../platform/http/actor.js';
import { type LoadConfig, print, progressBar, withDatabase } from './shared.js';

// Loaded when a command runs: `cc --help` and the other commands do not pay for importing them.
const importServices = () =>
  Promise.all([
    import('../modules/projects/service.js'),
    import('../modules/radar/import/service.js'),
    import('../modules/radar/import/run.js'),
  ]);
const exportServices = () =>
  Promise.all([
    import('../modules/projects/service.js'),
    import('../modules/radar/structure/service.js'),
    import('../modules/radar/export/service.js'),
  ]);

export function registerRadarCommands(program: Command, config: LoadConfig): void {
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
        const [projects, radarImports, { runImport }] = await importServices();
        const outcome = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          const actor = { ...CLI_ACTOR, principal: scope.actor };
          if (options.dryRun) {
            return { kind: 'preview' as const, preview: await radarImports.previewImport({ db }, scope, input) };
          }
          const { importId } = await radarImports.recordImportForCli(db, scope, actor, input);
          const bar = progressBar('importing', options.json);
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
        const [projects, structure, radarExports] = await exportServices();
        const file = await withDatabase(config(), async (db) => {
          const scope = await projects.operatorScope(db, options.project);
          const radarId = options.radar ?? (await structure.getDefaultRadar({ db }, scope)).id;
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
}
