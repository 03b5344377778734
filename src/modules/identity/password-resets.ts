/**
 * Password reset links: an instance admin makes one for an account, its owner opens it and sets a new password.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual, deriveKey } from '../../platform/crypto/tokens.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { conflict, notFound, Problem } from '../../platform/http/problems.js';
import { recordAudit } from '../audit/service.js';
import { hashNewPassword, type IdentityContext } from './accounts.js';
import * as store from './store.js';

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
