/**
 * Reads `git log -z --numstat` output as it streams. With `-z` every path and every field ends with NUL, which no
 * path, name or message can contain, so the output is split on NUL bytes (not characters: a chunk can end inside a
 * multi-byte character) and read token by token:
 *
 * - a token starting with RS (0x1e) opens a commit; it and the next five tokens are the fields of LOG_FORMAT;
 * - `added\tdeleted\tpath` is a changed file (`-` for binary files); an empty path means a rename or copy, whose
 *   old and new paths follow as two more tokens;
 * - empty and newline-only tokens are the separators git puts between the header and the file list.
 */

/** Commit fields, in order: sha, parents, author name, author email, authored date (strict ISO 8601), message. */
export const LOG_FORMAT = '%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%B';
const HEADER_FIELDS = 6;
const RECORD_START = '\x1e';
/** Messages beyond this are cut: a commit list is for reading, and one pathological message must not bloat a row. */
export const MAX_MESSAGE_LENGTH = 65_536;

export interface ParsedCommit {
  sha: string;
  parentShas: string[];
  authorName: string;
  authorEmail: string;
  authoredAt: Date;
  message: string;
  filesChanged: number;
  additions: number;
  deletions: number;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const FILE_STAT = /^\n*(\d+|-)\t(\d+|-)\t(.*)$/s;

export class LogParseError extends Error {
  constructor(detail: string) {
    super(`unexpected git log output: ${detail}`);
    this.name = 'LogParseError';
  }
}

export class LogParser {
  private rest: Buffer = Buffer.alloc(0);
  private header: string[] | undefined;
  private current: ParsedCommit | undefined;
  private renamedPathsToSkip = 0;

  /** The commits completed by this chunk (a commit completes when the next one starts, or at the end). */
  push(chunk: Buffer): ParsedCommit[] {
    const data = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const done: ParsedCommit[] = [];
    let start = 0;
    for (let end = data.indexOf(0, start); end !== -1; end = data.indexOf(0, start)) {
      this.token(data.toString('utf8', start, end), done);
      start = end + 1;
    }
    // A copy: the remainder must not keep the whole chunk alive.
    this.rest = Buffer.from(data.subarray(start));
    return done;
  }

  /** The last commit; throws when the output stopped inside a commit's header. */
  end(): ParsedCommit[] {
    const done: ParsedCommit[] = [];
    if (this.rest.length > 0) this.token(this.rest.toString('utf8'), done);
    this.rest = Buffer.alloc(0);
    if (this.header !== undefined) throw new LogParseError('the output ended inside a commit header');
    this.finishCommit(done);
    return done;
  }

  private token(text: string, done: ParsedCommit[]): void {
    if (this.header !== undefined) {
      this.header.push(text);
      if (this.header.length === HEADER_FIELDS) {
        this.current = commitOf(this.header);
        this.header = undefined;
      }
      return;
    }
    if (this.renamedPathsToSkip > 0) {
      this.renamedPathsToSkip--;
      return;
    }
    if (text.startsWith(RECORD_START)) {
      this.finishCommit(done);
      this.header = [text.slice(RECORD_START.length)];
      return;
    }
    const stat = FILE_STAT.exec(text);
    if (stat !== null) {
      if (this.current === undefined) throw new LogParseError('a file change before any commit');
      this.current.filesChanged++;
      this.current.additions += stat[1] === '-' ? 0 : Number(stat[1]);
      this.current.deletions += stat[2] === '-' ? 0 : Number(stat[2]);
      if (stat[3] === '') this.renamedPathsToSkip = 2;
      return;
    }
    if (/^\n*$/.test(text)) return;
    throw new LogParseError(JSON.stringify(text.slice(0, 80)));
  }

  private finishCommit(done: ParsedCommit[]): void {
    if (this.current !== undefined) done.push(this.current);
    this.current = undefined;
  }
}

function commitOf(fields: string[]): ParsedCommit {
  const [sha, parents, authorName, authorEmail, authoredAt, message] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!SHA.test(sha)) throw new LogParseError(`${JSON.stringify(sha.slice(0, 80))} is not a commit id`);
  const parentShas = parents === '' ? [] : parents.split(' ');
  if (!parentShas.every((parent) => SHA.test(parent))) throw new LogParseError(`bad parents of ${sha}`);
  const date = new Date(authoredAt);
  if (Number.isNaN(date.getTime())) throw new LogParseError(`bad author date of ${sha}`);
  return {
    sha,
    parentShas,
    authorName,
    authorEmail,
    authoredAt: date,
    message: message.trimEnd().slice(0, MAX_MESSAGE_LENGTH),
    filesChanged: 0,
    additions: 0,
    deletions: 0,
  };
}
