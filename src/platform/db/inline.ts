import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

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
 * A dialect that writes each parameter as its literal where the placeholder would go. The literal is produced while
 * Drizzle renders the fragment, from the parameter itself, so text the fragment carries (a `$1` inside a literal or a
 * dollar-quoted body) is never mistaken for a parameter: there is no placeholder text to substitute afterwards.
 */
class LiteralParamsDialect extends PgDialect {
  override escapeParam(_index: number, value?: unknown): string {
    return sqlLiteral(value);
  }
}

const literalDialect = new LiteralParamsDialect();

declare const inlined: unique symbol;
/** SQL text that only `inlineStatement` makes: a plain string (a template with `${value}` in it) does not type-check. */
export type InlinedStatement = string & { readonly [inlined]: true };

/**
 * Renders a Drizzle `sql` fragment as one statement with its parameters written in as literals, for
 * `Database.tenantRead` (which sends BEGIN, scope, statement and COMMIT in one message, where the simple protocol
 * allows no parameters). A value that cannot be a literal (a placeholder, an array, an object) throws.
 */
export function inlineStatement(query: SQL): InlinedStatement {
  return literalDialect.sqlToQuery(query).sql as InlinedStatement;
}
