/**
 * The `cc` program: its description and error help, and one file per command group. The groups are registered in
 * the order `cc --help` lists them.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { Problem } from '../platform/http/problems.js';
import { registerAccountCommands } from './accounts.js';
import { registerRadarCommands } from './radar.js';
import { registerRepositoryCommands } from './repositories.js';
import { registerResearchCommands } from './research.js';
import { registerServeCommands } from './serve.js';
import type { LoadConfig } from './shared.js';
import { registerTechnologyCommands } from './technologies.js';

export function buildCli(config: LoadConfig): Command {
  const program = new Command('cc')
    .description(
      'CommandCenter: see and steer your technical work. Configuration comes from the environment (see README).',
    )
    .showHelpAfterError();
  registerServeCommands(program, config);
  registerAccountCommands(program, config);
  registerResearchCommands(program, config);
  registerRadarCommands(program, config);
  registerTechnologyCommands(program, config);
  registerRepositoryCommands(program, config);
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
