import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

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
}
