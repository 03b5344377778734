/** What every command needs: the configuration, a database for the command's work, and output in two forms. */
import { SingleBar } from 'cli-progress';
import { type Config, resolveSecretKey } from '../config.js';
import type { Database } from '../platform/db/database.js';

/** Loads the configuration when a command runs (not when the program is built: `--help` needs none). */
export type LoadConfig = () => Config;

/** Parses a numeric option's value. */
export const integer = (value: string) => Number.parseInt(value, 10);

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The result as JSON with --json, else the table a person reads. */
export function print(value: unknown, json: boolean, table: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${table()}\n`);
}

/** Opens the configured database, migrates it, runs `work`, and always closes (releasing the data-dir lock). */
export async function withDatabase<T>(
  config: Config,
  work: (db: Database, config: ReturnType<typeof resolveSecretKey>) => Promise<T>,
  options: { migrateFirst: boolean } = { migrateFirst: true },
) {
  const resolved = resolveSecretKey(config);
  // Imported here, not at the top: `cc --help` needs no database driver.
  const [{ openDatabase }, { migrate }] = await Promise.all([
    import('../platform/db/open.js'),
    import('../platform/db/migrator.js'),
  ]);
  const database = await openDatabase(resolved);
  try {
    if (options.migrateFirst) await migrate(database.db);
    return await work(database.db, resolved);
  } finally {
    await database.close();
  }
}

/**
 * A progress bar on standard error when it is a terminal (nothing otherwise, and nothing with --json), so that
 * standard output stays the result alone.
 */
export function progressBar(
  label: string,
  quiet: boolean,
): { update(percent: number, step: string): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {step}`,
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
