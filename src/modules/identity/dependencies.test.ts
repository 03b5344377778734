import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/** Files of the identity module (production code) and the other modules they import from. */
async function moduleImports(): Promise<{ file: string; module: string }[]> {
  const folder = new URL('./', import.meta.url);
  const files = (await readdir(folder)).filter((name) => name.endsWith('.ts') && !/\.(test|isolation)\.ts$/.test(name));
  const found: { file: string; module: string }[] = [];
  for (const file of files) {
    const source = await readFile(new URL(file, folder), 'utf8');
    for (const [, module] of source.matchAll(/from '\.\.\/([\w-]+)\//g)) found.push({ file, module: module! });
  }
  return found;
}

describe('the identity module', () => {
  it('never imports the projects module: projects depends on identity, not the other way round (ADR 0044)', async () => {
    const imports = await moduleImports();
    // The scan reads real imports (the audit module's recordAudit), so an empty result cannot pass by accident.
    expect(imports.some(({ module }) => module === 'audit')).toBe(true);
    expect(imports.filter(({ module }) => module === 'projects')).toEqual([]);
  });
});
