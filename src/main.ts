#!/usr/bin/env node
import { buildCli, explainCliError } from './cli/program.js';
import { loadConfig } from './config.js';
import { DataDirLockedError } from './platform/db/data-dir-lock.js';

buildCli(() => loadConfig())
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`cc: ${explainCliError(error)}\n`);
    process.exit(error instanceof DataDirLockedError ? 3 : 2);
  });
