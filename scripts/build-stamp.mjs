// Build stamps for scripts/build.mjs: which input files a build read, by content hash, so the next build can tell
// whether anything it depends on changed. Content, not mtimes: a checkout or a copy rewrites mtimes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function hashFile(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every file below `folder` (none when it does not exist). */
export function filesUnder(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true })
    .map((entry) => join(folder, String(entry)))
    .filter((path) => statSync(path).isFile());
}

/** Records `paths` (absolute, below `root`) with their content hashes in the stamp file `stampPath`. */
export function writeStamp(root, stampPath, paths) {
  const files = Object.fromEntries([...new Set(paths)].sort().map((path) => [relative(root, path), hashFile(path)]));
  writeFileSync(stampPath, `${JSON.stringify({ files }, null, 1)}\n`);
}

/**
 * True when the stamp exists, lists every one of `required` (so a new public file or config counts as a change),
 * and every file it lists still exists with the same content.
 */
export function stampIsCurrent(root, stampPath, required) {
  if (!existsSync(stampPath)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return false;
  }
  const recorded = new Set(Object.keys(stamp.files ?? {}));
  if (required.some((file) => !recorded.has(relative(root, file)))) return false;
  return Object.entries(stamp.files).every(([file, hash]) => {
    const absolute = join(root, file);
    return existsSync(absolute) && hashFile(absolute) === hash;
  });
}
