import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../../platform/crypto/passwords.js';
import { constantTimeEqual, deriveKey, randomHex, randomToken, sha256 } from '../../platform/crypto/tokens.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/outbox.js';
import { type Principal, type ProjectRole, type ProjectScope, roleAtLeast } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import {
  conflict,
  forbidden,
  invalid,
  invalidCredentials,
  notFound,
  Problem,
  tooManyRequests,
  unauthorized,
} from '../../platform/http/problems.js';
import { recordAudit } from '../audit/service.js';
import { apiKeyCreated, apiKeyRevoked } from './events.js';
import type { CreateApiKeyInput, CreateUserInput, UpdateUserInput, UserView } from './schemas.js';
import * as store from './store.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
const JWT_ISSUER = 'commandcenter';
/** Most identity work needs only configuration and the database; login also needs the attempt limiter. */
type IdentityContext = Pick<ServiceContext, 'config' | 'db'>;

const API_KEY_FORMAT = /^cc_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

export function presentUser(row: store.UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    isAdmin: row.isAdmin,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
  };
}

function presentApiKey(row: store.ApiKeyRow) {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function checkPasswordLength(context: IdentityContext, password: string, pointer: string): void {
  if (password.length < context.config.passwordMinLength) {
    throw invalid([{ pointer, detail: `must be at least ${context.config.passwordMinLength} characters` }]);
  }
}

// ---- users and first-run setup -------------------------------------------------------------------------------

/** Creates a user; the instance admin's action (API or `cc user create`). Email is unique case-insensitively. */
export async function createUser(context: IdentityContext, actor: ActorContext, input: CreateUserInput) {
  checkPasswordLength(context, input.password, '/body/password');
  const passwordHash = await hashPassword(input.password);
  return context.db.system(async (tx) => {
    const row = await store.insertUser(tx, {
      id: uuidv7(),
      email: input.email.trim(),
      passwordHash,
      displayName: input.displayName.trim(),
      isAdmin: input.isAdmin ?? false,
    });
    if (row === undefined) throw conflict(`A user with the email ${input.email} already exists.`, 'email-taken');
    await recordAudit(tx, actor, {
      projectId: null,
      action: 'user.created',
      targetType: 'user',
      targetId: row.id,
      data: { email: row.email, isAdmin: row.isAdmin },
    });
    return presentUser(row);
  });
}

export async function listUsers(db: Database, query: { limit: number; cursor?: string; q?: string }) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.system((tx) => store.listUsers(tx, query.limit, after, query.q));
  return toPage(rows.map(presentUser), query.limit, (user) => user.id);
}

export async function updateUser(
  context: IdentityContext,
  actor: ActorContext,
  userId: string,
  input: UpdateUserInput,
) {
  if (input.password !== undefined) checkPasswordLength(context, input.password, '/body/password');
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return context.db.system(async (tx) => {
    if (actor.principal?.userId === userId && (input.disabled === true || input.isAdmin === false)) {
      throw conflict('You cannot disable yourself or remove your own administrator flag.', 'self-lockout');
    }
    const row = await store.updateUser(tx, userId, {
      displayName: input.displayName?.trim(),
      passwordHash,
      disabled: input.disabled,
      isAdmin: input.isAdmin,
    });
    if (row === undefined) throw notFound('User');
    // A disabled user or a changed password ends every session at once (access tokens expire within 15 minutes).
    if (input.disabled === true || passwordHash !== undefined) await store.revokeUserRefreshTokens(tx, userId);
    await recordAudit(tx, actor, {
      projectId: null,
      action: 'user.updated',
      targetType: 'user',
      targetId: userId,
      data: {
        fields: Object.keys(input).filter((key) => key !== 'password'),
        passwordChanged: passwordHash !== undefined,
      },
    });
    return presentUser(row);
  });
}

/** For other modules: the id of an enabled account with this email, if any. */
export async function findActiveUserIdByEmail(db: Database, email: string): Promise<string | undefined> {
  const user = await db.system((tx) => store.findUserByEmail(tx, email.trim()));
  return user === undefined || user.disabled ? undefined : user.id;
}

export async function setupRequired(db: Database): Promise<boolean> {
  return !(await db.system(store.adminExists));
}

/**
 * While no instance admin exists, each start issues a fresh one-time setup token (older unused ones stop working)
 * and returns it for the start-up log. Returns null once an admin exists.
 */
export async function issueSetupToken(db: Database): Promise<string | null> {
  const token = randomToken(24);
  const issued = await db.system(async (tx) => {
    if (await store.adminExists(tx)) return false;
    await store.replaceSetupToken(tx, sha256(token));
    return true;
  });
  return issued ? token : null;
}

export async function completeSetup(
  context: IdentityContext,
  actor: ActorContext,
  input: { token: string; email: string; password: string; displayName: string },
) {
  checkPasswordLength(context, input.password, '/body/password');
  const passwordHash = await hashPassword(input.password);
  return context.db.system(async (tx) => {
    if (await store.adminExists(tx)) {
      throw conflict('This instance is already set up; sign in instead.', 'setup-completed');
    }
    if (!(await store.claimSetupToken(tx, sha256(input.token)))) {
      throw new Problem(
        403,
        'invalid-setup-token',
        'Invalid setup token',
        'The setup token is wrong or already used; restart the server for a new link.',
      );
    }
    const row = await store.insertUser(tx, {
      id: uuidv7(),
      email: input.email.trim(),
      passwordHash,
      displayName: input.displayName.trim(),
      isAdmin: true,
    });
    if (row === undefined) throw conflict(`A user with the email ${input.email} already exists.`, 'email-taken');
    await recordAudit(
      tx,
      { ...actor, principal: { kind: 'user', userId: row.id, isAdmin: true } },
      {
        projectId: null,
        action: 'setup.completed',
        targetType: 'user',
        targetId: row.id,
        data: { email: row.email },
      },
    );
    return presentUser(row);
  });
}

// ---- sessions ------------------------------------------------------------------------------------------------

const accessTokenKeys = new Map<string, Promise<webcrypto.CryptoKey>>();

/**
 * The HMAC key for access tokens, derived and imported once per secret: every authenticated request verifies a
 * token, and deriving plus importing the key each time cost about a quarter of a request's CPU.
 */
function accessTokenKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = accessTokenKeys.get(secret);
  if (key === undefined) {
    key = webcrypto.subtle.importKey(
      'raw',
      deriveKey(secret, 'access-token'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    accessTokenKeys.set(secret, key);
  }
  return key;
}

async function signAccessToken(context: IdentityContext, user: store.UserRow): Promise<string> {
  return new SignJWT({ adm: user.isAdmin })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer(JWT_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(await accessTokenKey(context.config.secretKey));
}

async function startSession(context: IdentityContext, user: store.UserRow, familyId: string, tx: Tx) {
  const refreshToken = randomToken(32);
  await store.insertRefreshToken(tx, {
    id: uuidv7(),
    userId: user.id,
    familyId,
    tokenHash: sha256(refreshToken),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
  });
  return {
    tokenType: 'Bearer' as const,
    accessToken: await signAccessToken(context, user),
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    refreshToken,
    user: presentUser(user),
  };
}

export type SessionView = Awaited<ReturnType<typeof startSession>>;

/**
 * Wrong email, wrong password and disabled account all answer the same problem after the same Argon2 work.
 * Attempts are limited per account and per IP before any password is checked.
 */
export async function login(context: ServiceContext, actor: ActorContext, email: string, password: string) {
  const { config, attempts } = context;
  const normalized = email.trim().toLowerCase();
  for (const key of [`login:account:${normalized}`, `login:ip:${actor.ip ?? 'unknown'}`]) {
    const limit = key.startsWith('login:account') ? config.loginMaxAttemptsPerAccount : config.loginMaxAttemptsPerIp;
    const decision = await attempts.hit(key, limit, config.loginWindowSeconds);
    if (!decision.allowed)
      throw tooManyRequests(decision.retryAfterSeconds, 'Too many sign-in attempts; wait and try again.');
  }
  const user = await context.db.system((tx) => store.findUserByEmail(tx, normalized));
  const valid =
    user === undefined ? await verifyAgainstDecoy(password) : await verifyPassword(user.passwordHash, password);
  return context.db
    .system(async (tx) => {
      if (user === undefined || !valid || user.disabled) {
        await recordAudit(tx, actor, {
          projectId: null,
          action: 'auth.login_failed',
          targetType: user === undefined ? undefined : 'user',
          targetId: user?.id,
          data: {
            email: normalized,
            reason: user === undefined ? 'unknown_email' : user.disabled ? 'disabled' : 'wrong_password',
          },
        });
        return null;
      }
      await recordAudit(
        tx,
        { ...actor, principal: { kind: 'user', userId: user.id, isAdmin: user.isAdmin } },
        {
          projectId: null,
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
        },
      );
      return startSession(context, user, uuidv7(), tx);
    })
    .then((session) => {
      // Thrown after the transaction so the failed-login audit entry is committed.
      if (session === null) throw invalidCredentials();
      return session;
    });
}

/** Rotates a refresh token. Presenting an already-rotated token means it leaked: the whole family is revoked. */
export async function refresh(context: IdentityContext, actor: ActorContext, refreshToken: string) {
  const outcome = await context.db.system(async (tx) => {
    const token = await store.findRefreshToken(tx, sha256(refreshToken));
    if (token === undefined || token.revokedAt !== null || token.expiresAt <= new Date()) return null;
    if (!(await store.claimRefreshToken(tx, token.id))) {
      await store.revokeRefreshFamily(tx, token.familyId);
      await recordAudit(tx, actor, {
        projectId: null,
        action: 'auth.refresh_reused',
        targetType: 'user',
        targetId: token.userId,
        data: { familyId: token.familyId },
      });
      return null;
    }
    const user = await store.findUserById(tx, token.userId);
    if (user === undefined || user.disabled) return null;
    return startSession(context, user, token.familyId, tx);
  });
  if (outcome === null) throw unauthorized('The refresh token is invalid, expired or revoked; sign in again.');
  return outcome;
}

export async function logout(db: Database, refreshToken: string): Promise<void> {
  await db.system(async (tx) => {
    const token = await store.findRefreshToken(tx, sha256(refreshToken));
    if (token !== undefined) await store.revokeRefreshFamily(tx, token.familyId);
  });
}

export async function describe(db: Database, principal: Principal) {
  const user =
    principal.userId === null ? undefined : await db.system((tx) => store.findUserById(tx, principal.userId!));
  return {
    kind: principal.kind,
    user: principal.kind === 'user' && user !== undefined ? presentUser(user) : null,
    apiKey:
      principal.kind === 'api_key'
        ? { id: principal.keyId, projectId: principal.projectId, role: principal.role }
        : null,
  };
}

/**
 * Resolves an Authorization header to a principal. Access tokens are verified without a database read; API keys
 * are looked up by their public prefix and compared by hash.
 */
export async function authenticate(
  context: IdentityContext,
  authorization: string | undefined,
): Promise<Principal | null> {
  if (authorization === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (match === null) throw unauthorized('Use "Authorization: Bearer <token>".');
  const credential = match[1]!;
  if (credential.startsWith('cc_')) return authenticateApiKey(context.db, credential);
  try {
    const { payload } = await jwtVerify(credential, await accessTokenKey(context.config.secretKey), {
      issuer: JWT_ISSUER,
      algorithms: ['HS256'],
    });
    if (typeof payload.sub !== 'string') throw unauthorized();
    return { kind: 'user', userId: payload.sub, isAdmin: payload.adm === true };
  } catch {
    throw unauthorized('The access token is invalid or expired; refresh it or sign in again.');
  }
}

async function authenticateApiKey(db: Database, token: string): Promise<Principal> {
  const prefix = API_KEY_FORMAT.exec(token)?.[1];
  const rejected = unauthorized('The API key is invalid, revoked or expired.');
  if (prefix === undefined) throw rejected;
  const key = await db.system((tx) => store.findApiKeyByPrefix(tx, prefix));
  if (key === undefined || !constantTimeEqual(key.secretHash, sha256(token))) throw rejected;
  if (key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= new Date())) throw rejected;
  if (key.lastUsedAt === null || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.system((tx) => store.touchApiKey(tx, key.id));
  }
  return {
    kind: 'api_key',
    keyId: key.id,
    projectId: key.projectId,
    role: key.role as ProjectRole,
    userId: key.createdBy,
  };
}

// ---- API keys ------------------------------------------------------------------------------------------------

export async function createApiKey(db: Database, scope: ProjectScope, actor: ActorContext, input: CreateApiKeyInput) {
  if (!roleAtLeast(scope.role, input.role)) {
    throw forbidden(`You cannot create a key with the ${input.role} role; your role is ${scope.role}.`);
  }
  if (input.expiresAt !== undefined && new Date(input.expiresAt) <= new Date()) {
    throw invalid([{ pointer: '/body/expiresAt', detail: 'must be in the future' }]);
  }
  const prefix = randomHex(6);
  const token = `cc_${prefix}_${randomToken(32)}`;
  return db.tenant(scope, async (tx) => {
    const row = await store.insertApiKey(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      name: input.name.trim(),
      role: input.role,
      prefix,
      secretHash: sha256(token),
      createdBy: scope.actor.userId,
      expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt),
    });
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      data: { name: row.name, role: row.role },
    });
    await appendEvent(tx, scope.projectId, actor, apiKeyCreated, `api-keys/${row.id}`, keyData(row));
    return { ...presentApiKey(row), token };
  });
}

export async function listApiKeys(
  db: Database,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; includeRevoked?: boolean },
) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.tenant(scope, (tx) =>
    store.listApiKeys(tx, scope.projectId, query.limit, before, query.includeRevoked ?? false),
  );
  return toPage(rows.map(presentApiKey), query.limit, (key) => key.id);
}

export async function revokeApiKey(db: Database, scope: ProjectScope, actor: ActorContext, keyId: string) {
  return db.tenant(scope, async (tx) => {
    const row = await store.revokeApiKey(tx, scope.projectId, keyId);
    if (row === undefined) throw notFound('API key');
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: keyId,
      data: { name: row.name },
    });
    await appendEvent(tx, scope.projectId, actor, apiKeyRevoked, `api-keys/${row.id}`, keyData(row));
  });
}

function keyData(row: store.ApiKeyRow) {
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix };
}
