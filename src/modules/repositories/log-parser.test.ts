import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogParseError, LogParser, type ParsedCommit } from './log-parser.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

/** What `git log -z --numstat --format=LOG_FORMAT` prints for one commit. */
function record(
  sha: string,
  parents: string[],
  message: string,
  files: Array<[string, string, string] | [string, string, string, string]>,
): string {
  const header = `\x1e${sha}\0${parents.join(' ')}\0Ada Lovelace\0ada@example.com\0${'2026-03-01T09:00:00+01:00'}\0${message}\0`;
  const stats = files.map((file) =>
    file.length === 3 ? `${file[0]}\t${file[1]}\t${file[2]}\0` : `${file[0]}\t${file[1]}\t\0${file[2]}\0${file[3]}\0`,
  );
  return stats.length === 0 ? header : `${header}\n${stats.join('')}`;
}

function parseAll(output: string, chunkSize = output.length): ParsedCommit[] {
  const parser = new LogParser();
  const bytes = Buffer.from(output, 'utf8');
  const commits: ParsedCommit[] = [];
  for (let start = 0; start < bytes.length; start += Math.max(chunkSize, 1)) {
    commits.push(...parser.push(bytes.subarray(start, start + Math.max(chunkSize, 1))));
  }
  return [...commits, ...parser.end()];
}

const SAMPLE =
  record(C, [B], 'rename and delete\n\nwith a body line\n', [
    ['0', '1', 'gone.txt'],
    ['2', '0', 'old name.txt', 'new\tname.txt'],
    ['-', '-', 'logo.png'],
  ]) +
  record(B, [A, C], 'merge', []) +
  record(A, [], 'first ünïcödé commit\n', [['3', '0', 'a.txt']]);

describe('LogParser', () => {
  it('reads commits with renames, deletions, binary files, merges and a root commit', () => {
    const commits = parseAll(SAMPLE);
    expect(commits.map((commit) => commit.sha)).toEqual([C, B, A]);
    expect(commits[0]).toEqual({
      sha: C,
      parentShas: [B],
      authorName: 'Ada Lovelace',
      authorEmail: 'ada@example.com',
      authoredAt: new Date('2026-03-01T08:00:00Z'),
      message: 'rename and delete\n\nwith a body line',
      filesChanged: 3,
      additions: 2,
      deletions: 1,
    });
    expect(commits[1]).toMatchObject({ parentShas: [A, C], filesChanged: 0, additions: 0, deletions: 0 });
    expect(commits[2]).toMatchObject({
      parentShas: [],
      message: 'first ünïcödé commit',
      filesChanged: 1,
      additions: 3,
    });
  });

  it('reads a rename whose paths look like commit headers or stats as paths', () => {
    const tricky = record(A, [], 'odd paths', [['1', '1', `\x1e${B}`, '4\t5\tnot a stat']]) + record(B, [], 'next', []);
    const commits = parseAll(tricky);
    expect(commits.map((commit) => [commit.sha, commit.filesChanged, commit.additions])).toEqual([
      [A, 1, 1],
      [B, 0, 0],
    ]);
  });

  it('gives the same commits however the output is cut into chunks (even inside a character)', () => {
    const whole = parseAll(SAMPLE);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (chunkSize) => {
        expect(parseAll(SAMPLE, chunkSize)).toEqual(whole);
      }),
    );
  });

  it('refuses output that is not git log output', () => {
    expect(() => parseAll('hello\0')).toThrow(LogParseError);
    expect(() => parseAll(`\x1e${A}\0\0name`)).toThrow(/inside a commit header/);
    expect(() => parseAll(`\x1enot-a-sha\0\0n\0e\0${'2026-03-01T09:00:00Z'}\0m\0`)).toThrow(/not a commit id/);
  });

  it('reads no output as no commits', () => {
    expect(parseAll('')).toEqual([]);
  });
});
