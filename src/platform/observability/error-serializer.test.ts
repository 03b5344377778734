import { DrizzleQueryError } from 'drizzle-orm/errors';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { failureMessage, logSerializers, serializeError } from './error-serializer.js';

const SECRET = 'argon2id$v=19$m=19456$very-secret-hash';

function failedQuery() {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "projects_slug_key"'), {
    code: '23505',
    constraint: 'projects_slug_key',
    detail: `Key (lower(slug))=(${SECRET}) already exists.`,
  });
  return new DrizzleQueryError('update "projects" set "slug" = $1 where "id" = $2', [SECRET, 'id-1'], driverError);
}

describe('error serializer', () => {
  it('keeps the statement, code and constraint of a failed query, never its parameters or the echoed values', () => {
    const serialized = serializeError(failedQuery());
    const text = JSON.stringify(serialized);
    expect(text).not.toContain(SECRET);
    expect(serialized.message).toContain('update "projects" set "slug" = $1');
    expect(serialized.message).toContain('params: [not logged]');
    expect(serialized.cause).toMatchObject({ code: '23505', constraint: 'projects_slug_key' });
  });

  it('is what the logger writes for `err`', () => {
    const lines: string[] = [];
    const logger = pino({ serializers: logSerializers }, { write: (line: string) => lines.push(line) });
    logger.error({ err: failedQuery() }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).toContain('projects_slug_key');
  });

  it('tells people what the database said about a failed query, not the query', () => {
    expect(failureMessage(failedQuery())).toBe('duplicate key value violates unique constraint "projects_slug_key"');
    expect(failureMessage(new Error('plain'))).toBe('plain');
    expect(failureMessage('thrown text')).toBe('thrown text');
  });
});
