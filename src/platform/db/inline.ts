import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

/**
 * A value written into SQL as a literal, quoted like libpq's PQescapeLiteral (and pg's escapeLiteral): a string with
 * a backslash becomes an E'' string with the backslash doubled, so the result is safe whatever
 * `standard_conforming_strings` says. Only scalars: anything else is a programming error.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('cannot inline a non-finite number');
    // Parenthesised when negative: written after a minus sign (`$1-$2`), "-" would start a `--` comment.
    return value < 0 ? `(${value})` : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = value instanceof Date ? value.toISOString() : value;
  if (typeof text !== 'string') throw new Error(`cannot inline a ${typeof value} into SQL`);
  // PostgreSQL text cannot hold NUL; refusing here keeps the statement from failing half-way through a transaction.
  if (text.includes('\0')) throw new Error('cannot inline a NUL character into SQL');
  const quoted = `'${text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return text.includes('\\') ? `E${quoted}` : quoted;
}

/**
 * Renders a Drizzle `sql` fragment as one statement with its parameters written in as literals, for
 * `Database.tenantRead` (which sends BEGIN, scope, statement and COMMIT in one message, where the simple protocol
 * allows no parameters). The fragment's own SQL text must not contain `$<digits>` outside parameters: the code
 * that builds it never writes dollar quotes or literals of its own there.
 */
export function inlineStatement(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return text.replace(/\$(\d+)/g, (_, index: string) => sqlLiteral(params[Number(index) - 1]));
}
