import { createHmac, webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../../platform/crypto/passwords.js';
import { constantTimeEqual, deriveKey, randomHex, randomToken, sha256 } from '../../platform/crypto/tokens.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/outbox.js';
import {
  PROJECT_ROLES,
  type Principal,
  type ProjectRole,
  type ProjectScope,
  roleAtLeast,
} from '../../platform/http/access.js';
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
import { apiKeyCreated, apiKeyRevoked, apiKeySuspended } from './events.js';
import type { CreateApiKeyInput, CreateUserInput, UpdateUserInput, UserView } from './schemas.js';
import * as store from './store.js';

type KeyRole = Exclude<ProjectRole, 'owner'>;

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
const JWT_ISSUER = 'commandcenter';
const JWT_AUDIENCE = 'commandcenter-api';
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

type KeyRefusal = 'revoked' | 'expired' | SuspensionReason;
type SuspensionReason = 'creator_removed' | 'creator_disabled' | 'creator_deleted';

/** Why a key does not work, or null when it does. */
function keyRefusal(key: store.ApiKeyWithCreator): KeyRefusal | null {
  if (key.revokedAt !== null) return 'revoked';
  if (key.suspendedAt !== null) return (key.suspendedReason ?? 'creator_removed') as SuspensionReason;
  if (key.expiresAt !== null && key.expiresAt <= new Date()) return 'expired';
  if (key.creatorDisabled === null) return 'creator_deleted';
  if (key.creatorDisabled) return 'creator_disabled';
  if (key.creatorRole === null) return 'creator_removed';
  return null;
}

/** A key acts with its own role or its creator's current role in the project, whichever is weaker. */
function effectiveKeyRole(key: store.ApiKeyWithCreator): KeyRole | null {
  if (keyRefusal(key) !== null) return null;
  const own = PROJECT_ROLES.indexOf(key.role as KeyRole);
  const creator = PROJECT_ROLES.indexOf(key.creatorRole as ProjectRole);
  // A key's own role is never owner, so the weaker of the two is not either.
  return (PROJECT_ROLES[Math.max(own, creator)] as KeyRole | undefined) ?? null;
}

function presentApiKey(row: store.ApiKeyWithCreator) {
  const refusal = keyRefusal(row);
  const ended = refusal === 'revoked' || refusal === 'expired';
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    role: row.role,
    effectiveRole: effectiveKeyRole(row),
    status: refusal === null ? ('active' as const) : ended ? refusal : ('suspended' as const),
    suspendedReason: refusal === null || ended ? null : refusal,
    prefix: row.prefix,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What a token of a disabled or deleted account gets, on every route. */
export const accessWithdrawn = () =>
  unauthorized('This account is disabled or no longer exists; its sessions and tokens no longer work.');

function checkPasswordLength(context: IdentityContext, password: string, pointer: string): void {
  if (password.length < context.config.passwordMinLength) {
    throw invalid([{ pointer, detail: `must be at least ${context.config.passwordMinLength} characters` }]);
  }
}

/** Checks a new password against the configured minimum and hashes it (slow: do it outside transactions). */
export async function hashNewPassword(context: IdentityContext, password: string, pointer: string): Promise<string> {
  checkPasswordLength(context, password, pointer);
  return hashPassword(password);
}

/**
 * Creates the account of someone who accepted an invitation, inside the caller's transaction; undefined when the
 * email has an account already (they sign in and accept instead).
 */
export async function insertInvitedUser(
  tx: Tx,
  actor: ActorContext,
  input: { email: string; passwordHash: string; displayName: string; invitationId: string },
): Promise<UserView | undefined> {
  const row = await store.insertUser(tx, {
    id: uuidv7(),
    email: input.email,
    passwordHash: input.passwordHash,
    displayName: input.displayName.trim(),
    isAdmin: false,
  });
  if (row === undefined) return undefined;
  await recordAudit(
    tx,
    { ...actor, principal: { kind: 'user', userId: row.id, isAdmin: false } },
    {
      projectId: null,
      action: 'user.created',
      targetType: 'user',
      targetId: row.id,
      data: { email: row.email, isAdmin: false, invitationId: input.invitationId },
    },
  );
  return presentUser(row);
}

/** An enabled account's id and email, read inside the caller's transaction. */
export async function activeAccount(tx: Tx, userId: string): Promise<{ id: string; email: string } | undefined> {
  const user = await store.findUserById(tx, userId);
  return user === undefined || user.disabled ? undefined : { id: user.id, email: user.email };
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

/**
 * The instance admin's changes to an account. Nobody changes their own administrator flag or disabled state (a
 * demoted or disabled admin cannot restore himself), and the last enabled administrator stays one. Disabling ends
 * the account's sessions and suspends the API keys it created.
 */
export async function updateUser(
  context: IdentityContext,
  actor: ActorContext,
  userId: string,
  input: UpdateUserInput,
) {
  if (actor.principal?.userId === userId && (input.disabled !== undefined || input.isAdmin !== undefined)) {
    throw forbidden('You cannot change your own administrator flag or disabled state; ask another administrator.');
  }
  if (input.password !== undefined) checkPasswordLength(context, input.password, '/body/password');
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return context.db.system(async (tx) => {
    if (input.disabled === true || input.isAdmin === false) {
      const admins = await store.lockActiveAdmins(tx);
      if (admins.length === 1 && admins[0] === userId) {
        throw conflict(
          'This is the last enabled administrator; make someone else an administrator first.',
          'last-admin',
        );
      }
    }
    const before = await store.findUserById(tx, userId);
    const row = await store.updateUser(tx, userId, {
      displayName: input.displayName?.trim(),
      passwordHash,
      disabled: input.disabled,
      isAdmin: input.isAdmin,
    });
    if (row === undefined || before === undefined) throw notFound('User');
    // Refresh tokens end here; access tokens stop at their next request, because every request reads the account.
    if (input.disabled === true || passwordHash !== undefined) await store.revokeUserRefreshTokens(tx, userId);
    if (input.disabled === true && !before.disabled) {
      await suspendApiKeysOfCreator(tx, actor, userId, null, 'creator_disabled');
    }
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

// ---- password reset links ------------------------------------------------------------------------------------

/**
 * A reset link's token is `<userId>.<expiry in epoch seconds>.<MAC>`, the MAC keyed from the instance secret over the
 * user, the expiry and the account's current password hash. Nothing is stored: setting any new password (through the
 * link or by an administrator) changes the hash, so a link works once and an older link stops working with it.
 */
const RESET_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function resetMac(secret: string, userId: string, expires: number, passwordHash: string): string {
  return createHmac('sha256', deriveKey(secret, 'password-reset'))
    .update(`${userId}.${expires}.${passwordHash}`)
    .digest('base64url');
}

/** Every way a reset link can fail answers alike: used, expired, overtaken, forged or for a disabled account. */
const resetInvalid = () =>
  new Problem(
    404,
    'password-reset-invalid',
    'Reset link not valid',
    'This password reset link is not valid: it was used already, it expired, or a newer password was set. Ask an administrator for a new one.',
  );

function parseResetToken(token: string): { userId: string; expires: number; mac: string } {
  const match = RESET_TOKEN.exec(token);
  if (match === null) throw resetInvalid();
  return { userId: match[1]!, expires: Number(match[2]), mac: match[3]! };
}

/** The account a reset token opens, when the token is still good for it. */
function checkResetToken(
  context: IdentityContext,
  parsed: { userId: string; expires: number; mac: string },
  user: store.UserRow | undefined,
): store.UserRow {
  if (user === undefined || user.disabled || parsed.expires * 1000 <= Date.now()) throw resetInvalid();
  const expected = resetMac(context.config.secretKey, user.id, parsed.expires, user.passwordHash);
  if (!constantTimeEqual(parsed.mac, expected)) throw resetInvalid();
  return user;
}

/**
 * An instance admin's one-time link for an account's owner to set a new password (the old one keeps working until
 * then). The link is in this answer only; its creation is audited.
 */
export async function createPasswordResetLink(
  context: IdentityContext,
  actor: ActorContext,
  userId: string,
  input: { expiresInHours?: number },
) {
  const expires = Math.floor(Date.now() / 1000) + (input.expiresInHours ?? 24) * 3600;
  const expiresAt = new Date(expires * 1000).toISOString();
  return context.db.system(async (tx) => {
    const user = await store.findUserById(tx, userId);
    if (user === undefined) throw notFound('User');
    if (user.disabled) {
      throw conflict('This account is disabled; enable it before sending a password reset link.', 'user-disabled');
    }
    const token = `${user.id}.${expires}.${resetMac(context.config.secretKey, user.id, expires, user.passwordHash)}`;
    await recordAudit(tx, actor, {
      projectId: null,
      action: 'user.updated',
      targetType: 'user',
      targetId: user.id,
      data: { fields: [], passwordReset: 'link_created', expiresAt },
    });
    return {
      userId: user.id,
      email: user.email,
      resetUrl: `${context.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
      expiresAt,
    };
  });
}

/** What a reset link opens, for its page: whose password it sets and until when. */
export async function previewPasswordReset(context: IdentityContext, token: string) {
  const parsed = parseResetToken(token);
  const user = checkResetToken(context, parsed, await context.db.system((tx) => store.findUserById(tx, parsed.userId)));
  return {
    email: user.email,
    displayName: user.displayName,
    expiresAt: new Date(parsed.expires * 1000).toISOString(),
  };
}

/**
 * Spends a reset link: sets the new password, ends the account's sessions and records it, in one transaction under a
 * lock on the account, so that two uses of one link cannot both succeed.
 */
export async function completePasswordReset(
  context: IdentityContext,
  actor: ActorContext,
  input: { token: string; password: string },
) {
  const parsed = parseResetToken(input.token);
  const passwordHash = await hashNewPassword(context, input.password, '/body/password');
  return context.db.system(async (tx) => {
    const user = checkResetToken(context, parsed, await store.lockUser(tx, parsed.userId));
    await store.updateUser(tx, user.id, { passwordHash });
    await store.revokeUserRefreshTokens(tx, user.id);
    await recordAudit(
      tx,
      { ...actor, principal: { kind: 'user', userId: user.id, isAdmin: user.isAdmin } },
      {
        projectId: null,
        action: 'user.updated',
        targetType: 'user',
        targetId: user.id,
        data: { fields: ['password'], passwordChanged: true, passwordReset: 'completed' },
      },
    );
    return { email: user.email };
  });
}

/**
 * Suspends the keys a user created, in the given projects or in all of them, when the user loses access there; each
 * suspension is audited and announced in its project. A suspended key never works again (ADR 0035).
 */
export async function suspendApiKeysOfCreator(
  tx: Tx,
  actor: ActorContext,
  userId: string,
  projectIds: string[] | null,
  reason: 'creator_removed' | 'creator_disabled',
): Promise<void> {
  for (const key of await store.suspendApiKeysOfCreator(tx, userId, projectIds, reason)) {
    await recordAudit(tx, actor, {
      projectId: key.projectId,
      action: 'api_key.suspended',
      targetType: 'api_key',
      targetId: key.id,
      data: { name: key.name, reason, creator: userId },
    });
    await appendEvent(tx, key.projectId, actor, apiKeySuspended, `api-keys/${key.id}`, { ...keyData(key), reason });
  }
}

/** An enabled account's current administrator flag, or undefined when it is disabled or gone. */
export async function currentUser(db: Database, userId: string): Promise<{ isAdmin: boolean } | undefined> {
  const user = await db.system((tx) => store.findUserById(tx, userId));
  return user === undefined || user.disabled ? undefined : { isAdmin: user.isAdmin };
}

/** A key's project and current effective role, or undefined when it no longer works (for long-lived streams). */
export async function currentApiKey(
  db: Database,
  keyId: string,
): Promise<{ projectId: string; role: KeyRole } | undefined> {
  const key = await db.system((tx) => store.findApiKeyById(tx, keyId));
  const role = key === undefined ? null : effectiveKeyRole(key);
  return key === undefined || role === null ? undefined : { projectId: key.projectId, role };
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
 * While no instance admin exists, each start makes a setup token usable (older unused ones stop working) and returns
 * it: the operator's own (CC_SETUP_TOKEN) or a fresh random one. Returns null once an admin exists.
 */
export async function issueSetupToken(db: Database, chosen?: string): Promise<string | null> {
  const token = chosen ?? randomToken(24);
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
  // No rights in the token: the access gate reads the account's current state on every request.
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
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

/** "try again in 14 minutes (after 16:05 UTC)": when a refused sign-in may try again, for people. */
export function retryWhen(seconds: number, now = new Date()): string {
  const at = new Date(now.getTime() + seconds * 1000).toISOString().slice(11, 16);
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `try again in ${wait} (after ${at} UTC)`;
}

/**
 * Wrong email, wrong password and disabled account all answer the same problem after the same Argon2 work.
 * Only failures count toward the limits (a success forgives its attempt). An address that keeps failing is
 * refused; an account that many addresses failed on still lets a correct password in from an address that has
 * not been failing, so nobody can lock a colleague out with ten wrong passwords.
 */
export async function login(context: ServiceContext, actor: ActorContext, email: string, password: string) {
  const { config, attempts } = context;
  const normalized = email.trim().toLowerCase();
  const ipKey = `login:ip:${actor.ip ?? 'unknown'}`;
  const accountKey = `login:account:${normalized}`;
  const window = config.loginWindowSeconds;
  const fromAddress = await attempts.hit(ipKey, config.loginMaxAttemptsPerIp, window);
  if (!fromAddress.allowed) {
    await attempts.forgive(ipKey);
    throw tooManyRequests(
      fromAddress.retryAfterSeconds,
      `Too many failed sign-ins from your address; ${retryWhen(fromAddress.retryAfterSeconds)}.`,
    );
  }
  const onAccount = await attempts.hit(accountKey, config.loginMaxAttemptsPerAccount, window);
  if (!onAccount.allowed && fromAddress.count > 1) {
    await Promise.all([attempts.forgive(ipKey), attempts.forgive(accountKey)]);
    throw tooManyRequests(
      onAccount.retryAfterSeconds,
      `Too many failed sign-ins for this account; ${retryWhen(onAccount.retryAfterSeconds)}.`,
    );
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
    .then(async (session) => {
      // Thrown after the transaction so the failed-login audit entry is committed.
      if (session === null) throw invalidCredentials();
      await Promise.all([attempts.forgive(ipKey), attempts.forgive(accountKey)]);
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
 * Resolves an Authorization header to a principal. An access token proves only who the user is (the access gate
 * then reads the account); an API key is looked up by its public prefix, compared by hash, and checked against its
 * creator's current access.
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
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'iss', 'aud', 'sub'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw unauthorized();
    return { kind: 'user', userId: payload.sub, isAdmin: false, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    throw unauthorized('The access token is invalid or expired; refresh it or sign in again.');
  }
}

const KEY_REFUSALS: Record<KeyRefusal, string> = {
  revoked: 'The API key was revoked.',
  expired: 'The API key has expired.',
  creator_removed: 'The API key is suspended: the person who created it is no longer a member of the project.',
  creator_disabled: "The API key is suspended: its creator's account is disabled.",
  creator_deleted: "The API key is suspended: its creator's account no longer exists.",
};

async function authenticateApiKey(db: Database, token: string): Promise<Principal> {
  const prefix = API_KEY_FORMAT.exec(token)?.[1];
  const rejected = unauthorized('The API key is invalid, revoked or expired.');
  if (prefix === undefined) throw rejected;
  const key = await db.system((tx) => store.findApiKeyByPrefix(tx, prefix));
  if (key === undefined || !constantTimeEqual(key.secretHash, sha256(token))) throw rejected;
  const refusal = keyRefusal(key);
  const role = effectiveKeyRole(key);
  // Only the holder of the whole key reaches this point, so saying why it stopped working leaks nothing.
  if (refusal !== null || role === null)
    throw unauthorized(refusal === null ? rejected.message : KEY_REFUSALS[refusal]);
  if (key.lastUsedAt === null || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.system((tx) => store.touchApiKey(tx, key.id));
  }
  return { kind: 'api_key', keyId: key.id, projectId: key.projectId, role, userId: key.createdBy };
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
    const created = (await store.findApiKeyById(tx, row.id))!;
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      data: { name: row.name, role: row.role },
    });
    await appendEvent(tx, scope.projectId, actor, apiKeyCreated, `api-keys/${row.id}`, keyData(row));
    return { ...presentApiKey(created), token };
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
