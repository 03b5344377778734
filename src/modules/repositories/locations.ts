import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a repository is fetched from, and the key that makes two spellings of one place a duplicate. */
export interface ResolvedLocation {
  kind: 'local' | 'git';
  location: string;
  locationKey: string;
  /** The last segment of the path without `.git`: the name shown when none is given. */
  suggestedName: string;
}

/** Why a location cannot be added; the message is shown to the caller as is. */
export class LocationRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LocationRefused';
  }
}

/**
 * `user@host:path`, git's scp-like ssh form. Neither host nor path may look like an option, and the path may not
 * start with `:` (`name::address` asks git for a remote helper, such as `ext::`, which runs commands).
 */
const SCP_LIKE = /^(?:([A-Za-z0-9._~-]+)@)?([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)([^-:].*)$/s;
const HOST = /^[a-z0-9][a-z0-9.-]*$|^\[[0-9a-f:.]+\]$/;

/**
 * A local path or `file://` URL must be an existing directory whose real path (symbolic links followed) lies under
 * one of `allowedRoots`; a https or ssh URL is taken as written once its form is sound. Anything else is refused
 * with the reason.
 */
export async function resolveLocation(input: string, allowedRoots: readonly string[]): Promise<ResolvedLocation> {
  const text = input.trim();
  if (text.startsWith('file:')) {
    let path: string;
    try {
      path = fileURLToPath(text);
    } catch {
      throw new LocationRefused('a file: URL must name a path on this machine (file:///path)');
    }
    return resolveLocalPath(path, allowedRoots);
  }
  if (text.startsWith('/')) return resolveLocalPath(text, allowedRoots);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return resolveUrl(text);
  const scp = SCP_LIKE.exec(text);
  if (scp !== null) return remote(text, scp[2]!.toLowerCase(), scp[3]!);
  throw new LocationRefused('give an absolute path, a file:// URL, or a git URL (https://… or ssh://…)');
}

async function resolveLocalPath(path: string, allowedRoots: readonly string[]): Promise<ResolvedLocation> {
  if (allowedRoots.length === 0) {
    throw new LocationRefused('this instance allows no local repositories (CC_GIT_ALLOWED_ROOTS is empty)');
  }
  if (!isAbsolute(path)) throw new LocationRefused('a local path must be absolute');
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new LocationRefused(`${path} does not exist`);
  }
  if (!(await stat(real)).isDirectory()) throw new LocationRefused(`${path} is not a directory`);
  for (const root of allowedRoots) {
    const realRoot = await realpath(root).catch(() => undefined);
    if (realRoot === undefined) continue;
    const prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
    if (real === realRoot || real.startsWith(prefix)) {
      return { kind: 'local', location: real, locationKey: `file:${real}`, suggestedName: nameOf(real) };
    }
  }
  throw new LocationRefused(`${path} is not under a directory this instance allows (CC_GIT_ALLOWED_ROOTS)`);
}

function resolveUrl(text: string): ResolvedLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LocationRefused('the URL cannot be read');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'ssh:') {
    throw new LocationRefused(`${url.protocol}// URLs are not accepted; use https://, ssh:// or a local path`);
  }
  if (url.password !== '' || (url.protocol === 'https:' && url.username !== '')) {
    throw new LocationRefused('credentials do not belong in the URL');
  }
  if (url.search !== '' || url.hash !== '') throw new LocationRefused('a git URL has no query or fragment');
  const host = url.hostname.toLowerCase();
  if (!HOST.test(host)) throw new LocationRefused('the URL needs a host name');
  const user = url.username === '' ? '' : `${url.username}@`;
  const port = url.port === '' ? '' : `:${url.port}`;
  const written = `${url.protocol}//${user}${host}${port}${url.pathname.replace(/\/+$/, '')}`;
  return remote(written, host + port, url.pathname);
}

function remote(written: string, host: string, path: string): ResolvedLocation {
  const repositoryPath = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (repositoryPath === '' || repositoryPath.startsWith('-'))
    throw new LocationRefused('the URL needs a repository path');
  return {
    kind: 'git',
    location: written,
    // One repository, however it is reached: https://host/a/b.git and git@host:a/b are the same.
    locationKey: `git:${host}/${repositoryPath}`,
    suggestedName: nameOf(repositoryPath),
  };
}

/** The host a remote location connects to (the form was checked when it was added). */
export function remoteHostOf(location: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return new URL(location).hostname.replace(/^\[|\]$/g, '');
  return SCP_LIKE.exec(location)?.[2] ?? '';
}

const nameOf = (path: string) => basename(path).replace(/\.git$/, '') || path;
