import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { technologies } from '../../modules/radar/tables.js';
import { inlineStatement, sqlLiteral } from './inline.js';

describe('sqlLiteral', () => {
  it('quotes strings so they cannot end the literal, whatever standard_conforming_strings says', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(sqlLiteral("\\'; DROP TABLE x; --")).toBe("E'\\\\''; DROP TABLE x; --'");
    expect(sqlLiteral('Ünïcode 😀')).toBe("'Ünïcode 😀'");
  });
  it('writes numbers, booleans, null and dates; refuses the rest', () => {
    expect(sqlLiteral(51)).toBe('51');
    expect(sqlLiteral(-1.5)).toBe('(-1.5)');
    expect(sqlLiteral(true)).toBe('TRUE');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(new Date('2026-01-02T03:04:05.678Z'))).toBe("'2026-01-02T03:04:05.678Z'");
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral(['a'])).toThrow();
    expect(() => sqlLiteral({})).toThrow();
    expect(() => sqlLiteral('nul\0')).toThrow();
  });
});

describe('inlineStatement', () => {
  it('keeps a negative number after a minus sign from starting a comment', () => {
    expect(inlineStatement(sql`SELECT ${5}-${-3} AS n`)).toBe('SELECT 5-(-3) AS n');
  });

  it('replaces every parameter by its literal, $10 and beyond included', () => {
    const values = Array.from({ length: 11 }, (_, index) => `v${index + 1}`);
    const statement = inlineStatement(
      sql`SELECT ${technologies.id} FROM ${technologies} WHERE ${technologies.title} IN (${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )}) AND ${technologies.priority} = ${3}`,
    );
    expect(statement).toBe(
      `SELECT "technologies"."id" FROM "technologies" WHERE "technologies"."title" IN (${values
        .map((value) => `'${value}'`)
        .join(', ')}) AND "technologies"."priority" = 3`,
    );
  });
});

describe('inlineStatement and `$n` in the statement text', () => {
  it('never treats `$<digits>` in the SQL text as a parameter: only real parameters become literals', () => {
    // A `$1` written into the fragment's own text (a dollar-quoted body, a literal) must reach PostgreSQL as written;
    // were it read as a placeholder, the caller's value would be spliced into the middle of that text.
    const statement = inlineStatement(sql`SELECT ${sql.raw("'costs $1'")} AS label, ${'x'} AS value`);
    expect(statement).toBe("SELECT 'costs $1' AS label, 'x' AS value");
  });

  it('fails loudly on a placeholder, which has no value to inline', () => {
    expect(() => inlineStatement(sql`SELECT ${sql.placeholder('id')} AS id`)).toThrow(/cannot inline/);
  });
});
