import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { invalid } from './problems.js';

// ajv-formats is CommonJS; under ESM its function may arrive wrapped in `default`.
const wrapped = addFormatsModule as unknown as { default?: (ajv: Ajv) => Ajv };
const addFormats = (wrapped.default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function compiler(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, removeAdditional: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings, params and headers arrive as text, so they are coerced ("10" → 10); JSON bodies are typed already,
 * so a number where a string belongs is an error, not something to convert silently. Every error is reported.
 */
export function registerValidation(app: FastifyInstance): void {
  const forBodies = compiler(false);
  const forText = compiler('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? forBodies : forText).compile(schema));
  app.addHook('preValidation', async (request) => {
    const errors = [
      ...badTextPointers(request.params, '/params'),
      ...badTextPointers(request.query, '/query'),
      ...badTextPointers(request.body, '/body'),
    ];
    if (errors.length > 0) {
      throw invalid(
        errors.map((pointer) => ({
          pointer,
          detail: 'must be Unicode text without NUL characters or lone surrogates',
        })),
      );
    }
  });
}

// NUL, or a UTF-16 surrogate without its partner.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point of this pattern.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL text cannot hold U+0000 and JSON columns refuse lone surrogates, so such input would fail deep in a
 * query; it is refused up front with the fields it was found in.
 */
export function badTextPointers(value: unknown, pointer: string): string[] {
  const found: string[] = [];
  // Iterative, so that a hostile body nested thousands of levels deep cannot overflow the stack.
  const pending: Array<[unknown, string]> = [[value, pointer]];
  while (pending.length > 0 && found.length < 20) {
    const [item, at] = pending.pop()!;
    if (typeof item === 'string') {
      if (BAD_TEXT.test(item)) found.push(at);
    } else if (Array.isArray(item)) {
      for (const [index, child] of item.entries()) pending.push([child, `${at}/${index}`]);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const childPointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (BAD_TEXT.test(key)) found.push(childPointer);
        pending.push([child, childPointer]);
      }
    }
  }
  return found;
}
