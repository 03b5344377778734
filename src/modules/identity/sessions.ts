/**
 * Sessions: sign-in (with the attempt limits), refresh-token rotation, sign-out, and resolving a bearer credential
 * (an access token here, an API key in api-keys.ts) to a principal.
 */
import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import { decoyPasswordHash, verifyPassword } from '../../platform/crypto/passwords.js';
import { deriveKey, randomToken, sha256 } from '../../platform/crypto/tokens.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { Principal } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { invalidCredentials, tooManyRequests, unauthorized } from '../../platform/http/problems.js';
import { recordAudit } from '../audit/service.js';
import { type IdentityContext, presentUser } from './accounts.js';
import { authenticateApiKey } from './api-keys.js';
import * as store from './store.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
const JWT_ISSUER = 'commandcenter';
const JWT_AUDIENCE = 'commandcenter-api';

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
  const verified = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  const valid = user !== undefined && verified;
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
