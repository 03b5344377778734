/**
 * Writes the API's OpenAPI document to web/src/api/openapi.json, from the real app on an in-memory PGlite, so the web
 * client's types (`npm run gen:api` → web/src/api/schema.d.ts) always match the routes the server registers.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTestApp } from '../test/helpers/app.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'web', 'src', 'api', 'openapi.json');

// The same construction the integration suites use (database, runtime, app), with no worker: only routes matter here.
const test = await buildTestApp('embedded', { runtime: { roles: ['api'] } });
try {
  const document = test.app.swagger() as { paths?: Record<string, unknown> };
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${target} (${Object.keys(document.paths ?? {}).length} paths)\n`);
} finally {
  await test.close();
}
