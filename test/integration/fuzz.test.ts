/**
 * Fuzzes every operation in the OpenAPI document with bad input: garbage path params, query strings, bodies and
 * headers, signed in as a real user (who owns a project whose id is sometimes used), as an instance admin, with a
 * project API key, with broken credentials and with none. Whatever comes in, the answer is never a 5xx; every error
 * is RFC 9457 problem+json whose `status` matches the HTTP status; and the X-Request-Id echoed back is always safe.
 *
 * Seeds are fixed (derived from FUZZ_SEED, the database and the operation), so a failure reproduces; fast-check prints
 * the seed, the path and the shrunk request. Set FUZZ_RUNS to fuzz harder locally.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, createProject, createUser, type TestApp, type TestUser } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKey, injectFully, type Reply } from '../helpers/route-matrix.js';

const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
// 15 cases per operation and aspect on each database, each database with its own seeds: 30 distinct cases where both
// databases used to replay the same 25, in 60 % of the time. FUZZ_RUNS raises it for a deeper run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The subset of JSON Schema the API's TypeBox schemas use. */
interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

interface Operation {
  method: string;
  /** OpenAPI path, `{param}` style. */
  path: string;
  pathParams: string[];
  /** The query parameters as one object schema. */
  query: JsonSchema;
  body: JsonSchema | undefined;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      return {
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
        query: {
          type: 'object',
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
          required: query.filter((p) => p.required).map((p) => p.name),
        },
        body: operation.requestBody?.content?.['application/json']?.schema,
      };
    }),
  );
}

const keysOf = (schema: JsonSchema | undefined) => Object.keys(schema?.properties ?? {});

/** A stable seed per operation and aspect, so each property is reproducible on its own. */
function seedFor(label: string): number {
  let hash = FUZZ_SEED | 0;
  for (const char of label) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** encodeURIComponent that does not throw on lone surrogates (it escapes their UTF-16 units instead). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((char) => {
        try {
          return encodeURIComponent(char);
        } catch {
          return `%${char.charCodeAt(0).toString(16)}`;
        }
      })
      .join('');
  }
}

// ---- generators ----------------------------------------------------------------------------------------------------

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '😀🏳️‍🌈',
  '\u202eevil',
  'Ω≈ç√∫',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '$' + '{jndi:ldap://x}',
  '../../etc/passwd',
  '%00',
  'owner',
  'admin',
  'null',
  'true',
  '__proto__',
  'constructor',
  'a@b.c',
  '2024-02-30T25:61:61Z',
  '00000000-0000-0000-0000-000000000000',
];

const hugeString = fc.string({ unit: 'binary', minLength: 1_000, maxLength: 10_000 });
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: hugeString },
);
const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, 1.5) },
  { weight: 1, arbitrary: fc.array(anyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(anyString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }) },
);

/** Fragments slipped into otherwise valid strings: NUL, lone surrogates, bidi controls, SQL LIKE wildcards. */
const SNEAKY_FRAGMENTS = [
  '\u0000',
  '\ud800',
  '\udc00',
  '\u202e',
  '\u2028',
  '\n',
  '\r\n',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '😀',
  '\ufeff',
];

// NUL is weighted up: PostgreSQL text cannot hold it, so it is the fragment most likely to reach a 500.
const sneakyFragment = fc.oneof(
  { weight: 4, arbitrary: fc.constant('\u0000') },
  { weight: 6, arbitrary: fc.constantFrom(...SNEAKY_FRAGMENTS) },
);

/** A value the schema accepts. Strings get at least 12 characters (the configured password minimum). */
function validArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.anyOf !== undefined) return fc.oneof(...schema.anyOf.map(validArbitrary));
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000 });
    case 'string': {
      if (schema.format === 'email') {
        return fc
          .string({ unit: fc.constantFrom(...'abcdefghijklmnop'), minLength: 1, maxLength: 12 })
          .map((local) => `${local}@example.com`);
      }
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('1990-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
          .map((date) => date.toISOString());
      }
      const maxLength = schema.maxLength ?? 60;
      if (schema.pattern !== undefined) {
        return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= maxLength);
      }
      const minLength = Math.min(Math.max(schema.minLength ?? 0, 12), maxLength);
      return fc.string({ unit: 'grapheme-ascii', minLength, maxLength: Math.max(minLength, Math.min(maxLength, 40)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A valid value with one sneaky fragment slipped in (strings), or a wild value of the wrong kind. */
function mutantArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const sneaky = fc.tuple(validArbitrary(schema), sneakyFragment, fc.nat()).map(([value, fragment, at]) => {
    const text = typeof value === 'string' ? value : String(value);
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + fragment + text.slice(cut);
  });
  return fc.oneof({ weight: 3, arbitrary: sneaky }, { weight: 2, arbitrary: wildValue });
}

/** An object the schema accepts, then (usually) one property replaced by a mutant: probes one rule at a time. */
function nearValidArbitrary(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  // A valid cursor only comes from the server, so the valid base leaves it out (mutants still try junk cursors).
  const baseKeys = keys.filter((key) => key !== 'cursor');
  const valid = fc.record(
    Object.fromEntries(baseKeys.map((key) => [key, validArbitrary(properties[key]!)])) as Record<
      string,
      fc.Arbitrary<unknown>
    >,
    { requiredKeys: (schema.required ?? []).filter((key) => baseKeys.includes(key)) },
  );
  if (keys.length === 0) return valid;
  const mutation = fc
    .constantFrom(...keys)
    .chain((key) => mutantArbitrary(properties[key]!).map((value) => [key, value] as const));
  return fc
    .tuple(valid, fc.option(mutation, { freq: 6 }))
    .map(([object, change]) => (change === null ? object : { ...object, [change[0]]: change[1] }));
}

const RAW_BODIES = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '"string"',
  '[]',
  '{',
  '{"a":',
  '{"a":1}}',
  '{"a":1,"a":2}',
  'NaN',
  '\u0000',
  '\ufeff{}',
  '{"name":"x"}trailing',
  '{"__proto__":{"isAdmin":true,"role":"owner","polluted":true}}',
  '{"constructor":{"prototype":{"isAdmin":true,"polluted":true}}}',
  '{"name":"x","__proto__":{"polluted":true}}',
  "{'single':'quotes'}",
  '{"a":1e999999}',
];

/** A body as raw text: schema-shaped with wrong values, random JSON, broken JSON, deep nesting, prototype keys. */
function bodyArbitrary(operation: Operation): fc.Arbitrary<string> {
  const keys = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...keysOf(operation.body), 'extra') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'projectId') },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const shaped = fc.dictionary(keys, wildValue, { maxKeys: 6 }).map((object) => JSON.stringify(object));
  const nearValid = nearValidArbitrary(operation.body ?? { type: 'object' }).map((object) => JSON.stringify(object));
  return fc.oneof(
    { weight: 12, arbitrary: nearValid },
    { weight: 4, arbitrary: shaped },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: shaped.map((json) => `{"__proto__":{"isAdmin":true,"polluted":true},${json.slice(1)}`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 10, max: 3_000 }), fc.boolean())
        .map(([depth, array]) =>
          array ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
        ),
    },
    { weight: 1, arbitrary: hugeString.map((text) => JSON.stringify({ [keysOf(operation.body)[0] ?? 'x']: text })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/jsonx',
  'application/json;;;',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----fuzz',
  'application/xml',
  'application/octet-stream',
  '*/*',
  '',
  'garbage',
];

/** A path segment: the real id, uuids of nothing, traversal, bad percent-encoding, junk (encoded or raw). */
function pathValueArbitrary(known: string): fc.Arbitrary<string> {
  const raw = [
    '..',
    '../..',
    '%2e%2e%2f%2e%2e',
    '%00',
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%C0%AF',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '-1',
    '1e9',
    ' ',
    '%20',
    '*',
    ':projectId',
    '{projectId}',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    known.toUpperCase(),
    `${known}x`,
    `${known}%00`,
    known.slice(0, -1),
    'x'.repeat(199),
    'x'.repeat(201),
  ];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(known) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: fc.constantFrom(...raw) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 250 }).map(encode) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }) },
  );
}

/** A query string: schema keys and junk keys, junk values, sometimes raw (unencoded), repeated keys. */
function queryArbitrary(operation: Operation): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...keysOf(operation.query), 'limit', 'cursor') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'limit[]', 'a[b]', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const value = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '',
        '-1',
        '0',
        '1',
        '200',
        '201',
        '1e3',
        '1.5',
        'NaN',
        'Infinity',
        'true',
        'false',
        'maybe',
        '[]',
        '{}',
        'owner',
        '2020-13-45T99:99:99Z',
        '9999-12-31T23:59:59Z',
        '+275760-09-13T00:00:00Z',
        'x'.repeat(300),
      ),
    },
    { weight: 2, arbitrary: fc.uuid().map((uuid) => Buffer.from(uuid).toString('base64url')) },
    { weight: 2, arbitrary: anyString.map((text) => Buffer.from(text).toString('base64url')) },
    { weight: 3, arbitrary: anyString },
  );
  const pair = fc
    .tuple(key, value, fc.boolean())
    .map(([k, v, encoded]) => (encoded ? `${encode(k)}=${encode(v)}` : `${k}=${v.replace(/[#\s]/g, '')}`));
  const nearValid = nearValidArbitrary(operation.query).map((object) =>
    Object.entries(object)
      .map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`)
      .join('&'),
  );
  return fc.oneof(
    { weight: 8, arbitrary: nearValid },
    { weight: 5, arbitrary: fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => pairs.join('&')) },
    { weight: 1, arbitrary: fc.constantFrom('&&&', '=', '==x', 'limit', '%ZZ=%ZZ', 'limit=%ZZ', 'a=%', '?=?') },
  );
}

const REQUEST_IDS = [
  'fuzz-request-1',
  'has space',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  'x'.repeat(128),
  'y'.repeat(129),
  'z'.repeat(5_000),
  'ünïcödé',
  '<script>',
  '$' + '{x}',
  '',
  'a,b',
];
const requestIdArbitrary = fc.option(
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...REQUEST_IDS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 200 }) },
  ),
  { nil: undefined },
);

interface Identities {
  user: TestUser;
  admin: TestUser;
  apiKey: string;
}

/** Credentials: real ones, none, and many broken ones. */
function authorizationArbitrary(identities: Identities): fc.Arbitrary<string | undefined> {
  const token = identities.user.token;
  const junk = fc.string({ unit: 'grapheme-ascii', maxLength: 120 });
  const forgedNone = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: identities.admin.id, adm: true, iss: 'commandcenter' }),
  ).toString('base64url')}.`;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(`Bearer ${token}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${identities.admin.token}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${identities.apiKey}`) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Basic dXNlcjpwYXNzd29yZA==',
        'Bearer',
        'Bearer ',
        'Bearer  ',
        'bearer',
        'Token abc',
        'Negotiate abc',
        'Bearer a b',
        'Bearer cc_',
        'Bearer cc__',
        'Bearer cc_zzzzzzzzzzzz_',
        'Bearer cc_000000000000_secret',
        `Bearer ${forgedNone}`,
        `Bearer ${token}x`,
        `Bearer ${token.slice(0, -2)}`,
        `Bearer ${token.replace(/\.[^.]+$/, '.c2lnbmF0dXJl')}`,
        `Bearer ${token} ${token}`,
        `bEaReR ${token}`,
        `Bearer ${identities.apiKey}x`,
        `Bearer ${identities.apiKey.slice(0, -1)}`,
        `Bearer ${'a'.repeat(8_000)}`,
        `Bearer cc_${'a'.repeat(4_000)}`,
      ),
    },
    { weight: 1, arbitrary: junk.map((text) => `Bearer ${text}`) },
    { weight: 1, arbitrary: junk.map((text) => `Bearer cc_${text}`) },
    { weight: 1, arbitrary: junk.map((text) => `Bearer cc_abcdef012345_${text}`) },
    { weight: 1, arbitrary: junk },
  );
}

// ---- the checks ----------------------------------------------------------------------------------------------------

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

function describeExchange(request: FuzzRequest, response: Reply): string {
  const shorten = (text: string | undefined) =>
    text === undefined ? undefined : text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text;
  return JSON.stringify(
    {
      request: {
        ...request,
        url: shorten(request.url),
        payload: shorten(request.payload),
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, shorten(v)])),
      },
      response: {
        status: response.statusCode,
        contentType: response.headers['content-type'],
        requestId: response.headers['x-request-id'],
        body: shorten(response.body),
      },
    },
    null,
    1,
  );
}

/** Throws (with the exchange described) unless the response is a well-formed answer. */
function checkResponse(request: FuzzRequest, response: Reply): void {
  const fail = (why: string): never => {
    throw new Error(`${why}\n${describeExchange(request, response)}`);
  };
  if (response.statusCode >= 500) fail(`answered ${response.statusCode}`);
  const echoed = response.headers['x-request-id'];
  const sent = request.headers['x-request-id'];
  if (typeof echoed !== 'string') fail('no X-Request-Id on the response');
  if (!SAFE_REQUEST_ID.test(String(echoed))) fail('unsafe X-Request-Id on the response');
  if (sent !== undefined && !SAFE_REQUEST_ID.test(sent) && echoed === sent) fail('unsafe X-Request-Id echoed');
  if (response.statusCode < 400) return;
  if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) fail('error is not problem+json');
  let body: Record<string, unknown> = {};
  try {
    body = response.json();
  } catch {
    fail('problem body is not JSON');
  }
  for (const field of ['type', 'title', 'detail'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') fail(`problem has no ${field}`);
  }
  if (body.status !== response.statusCode) fail('problem status differs from the HTTP status');
  if (body.requestId !== undefined && body.requestId !== echoed) fail('problem requestId differs from X-Request-Id');
}

async function exchange(test: TestApp, request: FuzzRequest): Promise<void> {
  let response: Reply;
  try {
    // Stream-safe: an event-stream answer is closed after its headers instead of hanging the fuzz.
    response = await injectFully(test, {
      method: request.method as InjectOptions['method'],
      url: request.url,
      headers: request.headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
  } catch (error) {
    throw new Error(`inject itself threw (${(error as Error).message}) for ${JSON.stringify(request).slice(0, 500)}`);
  }
  checkResponse(request, response);
}

describe.each(databaseKinds())('fuzzing every operation on %s', (kind) => {
  let test: TestApp;
  let operations: Operation[];
  const fixtures = {} as Identities & { projectId: string; keyId: string };

  /** The fuzz may delete the project or disable the user (with valid credentials it is allowed to); recreate them. */
  async function ensureFixtures(): Promise<void> {
    const check = await test.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${fixtures.projectId}`,
      headers: bearer(fixtures.user.token),
    });
    const key = await test.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(fixtures.apiKey) });
    const admin = await test.app.inject({
      method: 'GET',
      url: '/api/v1/admin/users?limit=1',
      headers: bearer(fixtures.admin.token),
    });
    if (admin.statusCode !== 200) fixtures.admin = await createUser(test, { name: 'fuzz-admin', admin: true });
    if (check.statusCode === 200 && key.statusCode === 200) return;
    fixtures.user = await createUser(test, { name: 'fuzzer' });
    fixtures.projectId = (await createProject(test, fixtures.user, 'Fuzzed')).id;
    const created = await createApiKey(test, fixtures.projectId, fixtures.user.token, 'admin');
    fixtures.apiKey = created.token;
    fixtures.keyId = created.id;
  }

  beforeAll(async () => {
    test = await buildTestApp(kind, {
      env: {
        RATE_LIMIT_PER_MINUTE: '10000000',
        LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '100000',
        LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
      },
    });
    fixtures.user = await createUser(test, { name: 'fuzzer' });
    fixtures.admin = await createUser(test, { name: 'fuzz-admin', admin: true });
    fixtures.projectId = (await createProject(test, fixtures.user, 'Fuzzed')).id;
    const key = await createApiKey(test, fixtures.projectId, fixtures.user.token, 'admin');
    fixtures.apiKey = key.token;
    fixtures.keyId = key.id;
    const document = (await test.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument;
    // Destructive operations last, so they take the fixtures away from as few other operations as possible.
    const order = (method: string) => ['DELETE', 'PATCH'].indexOf(method);
    operations = operationsOf(document).sort((a, b) => order(a.method) - order(b.method));
  });
  afterAll(() => test?.close());

  const knownId = (param: string): string =>
    param === 'projectId'
      ? fixtures.projectId
      : param === 'userId'
        ? fixtures.user.id
        : param === 'keyId'
          ? fixtures.keyId
          : randomUUID();

  const fillPath = (operation: Operation, values: Record<string, string>) =>
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? encode(knownId(name)));

  const knownPath = (operation: Operation) => fillPath(operation, {});

  /**
   * A baseline request: real credentials (the instance admin's on admin routes, so their bodies are reached), real
   * ids, an empty JSON object body where the operation takes one.
   */
  const baseline = (operation: Operation): FuzzRequest => ({
    method: operation.method,
    url: knownPath(operation),
    headers: {
      authorization: `Bearer ${operation.path.startsWith('/api/v1/admin/') ? fixtures.admin.token : fixtures.user.token}`,
      ...(operation.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(operation.body !== undefined ? { payload: '{}' } : {}),
  });

  // Mostly signed in, so the fuzz gets past the access gate to validation and the handlers.
  const signedInArbitrary = fc.oneof(
    { weight: 5, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  );

  /** The four aspects fuzzed separately, so one bug in one aspect does not hide bugs in the others. */
  const aspects: Record<string, (operation: Operation) => fc.Arbitrary<FuzzRequest>> = {
    'path params': (operation) =>
      fc
        .tuple(
          fc.record(Object.fromEntries(operation.pathParams.map((p) => [p, pathValueArbitrary(knownId(p))]))),
          signedInArbitrary,
        )
        .map(([values, signedIn]) => {
          const request = baseline(operation);
          if (!signedIn) delete request.headers.authorization;
          return { ...request, url: fillPath(operation, values as Record<string, string>) };
        }),
    query: (operation) =>
      queryArbitrary(operation).map((query) => {
        const request = baseline(operation);
        return { ...request, url: `${request.url}?${query}` };
      }),
    body: (operation) =>
      fc
        .tuple(
          bodyArbitrary(operation),
          fc.oneof(
            { weight: 4, arbitrary: fc.constant('application/json') },
            { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
          ),
          signedInArbitrary,
        )
        .map(([payload, contentType, signedIn]) => {
          const request = baseline(operation);
          const headers: Record<string, string> = { ...request.headers, 'content-type': contentType };
          if (!signedIn) delete headers.authorization;
          return { ...request, headers, payload };
        }),
    headers: (operation) =>
      fc
        .tuple(
          authorizationArbitrary(fixtures),
          requestIdArbitrary,
          fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
          fc.option(fc.constantFrom('{}', '', '{"x":1}', 'not json'), { nil: undefined }),
          fc.option(fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', 'garbage'), {
            nil: undefined,
          }),
        )
        .map(([authorization, requestId, contentType, payload, accept]) => {
          const headers: Record<string, string> = {};
          if (authorization !== undefined) headers.authorization = authorization;
          if (requestId !== undefined) headers['x-request-id'] = requestId;
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (accept !== undefined) headers.accept = accept;
          return {
            method: operation.method,
            url: knownPath(operation),
            headers,
            ...(payload === undefined ? {} : { payload }),
          };
        }),
  };

  it('fuzzes every operation of the OpenAPI document', { timeout: 180_000 }, async () => {
    expect(operations.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const operation of operations) {
      for (const [aspect, arbitrary] of Object.entries(aspects)) {
        await ensureFixtures();
        const label = `${operation.method} ${operation.path} [${aspect}]`;
        const details = await fc.check(
          fc.asyncProperty(arbitrary(operation), (request) => exchange(test, request)),
          { seed: seedFor(`${kind} ${label}`), numRuns: RUNS },
        );
        if (details.failed) {
          // The shrunk request and its response are in the error; seed and path replay exactly this case.
          const reason =
            details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          failures.push(
            `${label}: failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}", ` +
              `shrunk ${details.numShrinks} times)\n${reason.slice(0, 3_000)}`,
          );
        }
      }
    }
    expect(failures, `\n${failures.join('\n\n')}`).toEqual([]);
  });

  it('did not pollute Object.prototype', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.isAdmin).toBeUndefined();
    expect(probe.polluted).toBeUndefined();
    expect(probe.role).toBeUndefined();
  });

  // Regressions found by the fuzz, pinned as plain examples so they read as a specification. (A NUL reaching a
  // PostgreSQL text column or parameter fails the statement; the API must refuse it, or strip it, with a 4xx.)
  it.each([
    ['POST', '/api/v1/projects', { name: 'a\u0000b' }],
    ['PATCH', '/api/v1/projects/{projectId}', { description: 'a\u0000b' }],
    ['POST', '/api/v1/projects/{projectId}/api-keys', { name: 'a\u0000b', role: 'viewer' }],
    ['POST', '/api/v1/auth/login', { email: 'a\u0000b@example.com', password: 'not the password at all' }],
    ['GET', '/api/v1/projects?q=a%00b', undefined],
    ['GET', '/api/v1/admin/users?q=a%00b', undefined],
    ['GET', '/api/v1/projects/{projectId}/events?type=a%00b', undefined],
    ['GET', '/api/v1/projects/{projectId}/events/dead-letters?subscriber=a%00b', undefined],
    [
      'POST',
      '/api/v1/admin/users',
      { email: 'nul@example.com', password: 'long enough password', displayName: 'a\u0000b' },
    ],
    ['PATCH', '/api/v1/admin/users/{userId}', { displayName: 'a\u0000b' }],
  ] as const)('refuses a NUL character with a 4xx problem, not a 500: %s %s', async (method, path, body) => {
    await ensureFixtures();
    const token = path.startsWith('/api/v1/admin/') ? fixtures.admin.token : fixtures.user.token;
    await exchange(test, {
      method,
      url: path.replace('{projectId}', fixtures.projectId).replace('{userId}', fixtures.user.id),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  });

  // Router-level errors (Fastify answers them before any hook runs). DELETE, because with the web app built a GET
  // falls through to its static wildcard route and hides the router's answer.
  it.each([
    ['bad percent-encoding', 'GET', '/api/v1/projects/%ZZ'],
    ['a lone percent sign', 'DELETE', '/api/v1/projects/%'],
    ['an overlong UTF-8 sequence', 'GET', '/api/v1/projects/%C0%AF/audit'],
    ['a path parameter over maxParamLength', 'DELETE', `/api/v1/projects/${'x'.repeat(201)}`],
  ])('answers a router-level URL error (%s, %s) with a problem and a request id', async (_, method, url) => {
    await ensureFixtures();
    await exchange(test, { method, url, headers: bearer(fixtures.user.token) });
  });

  it('answers an over-limit body with a 413 problem', async () => {
    await ensureFixtures();
    const payload = JSON.stringify({ name: 'x', description: 'y'.repeat(test.config.bodyLimitBytes) });
    const request: FuzzRequest = {
      method: 'POST',
      url: '/api/v1/projects',
      headers: { ...bearer(fixtures.user.token), 'content-type': 'application/json' },
      payload,
    };
    const response = await injectFully(test, request as InjectOptions);
    checkResponse(request, response);
    expect(response.statusCode).toBe(413);
  });
});
