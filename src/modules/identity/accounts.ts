/**
 * Accounts: the users an instance admin creates, lists and changes, first-run setup, and the account reads other
 * modules (projects, the access gate) make.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import { hashPassword } from '../../platform/crypto/passwords.js';
import { randomToken, sha256 } from '../../platform/crypto/tokens.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { conflict, forbidden, invalid, notFound, Problem, unauthorized } from '../../platform/http/problems.js';
import { recordAudit } from '../audit/service.js';
import { suspendApiKeysOfCreator } from './api-keys.js';
import type { CreateUserInput, UpdateUserInput, UserView } from './schemas.js';
import * as store from './store.js';

/** Most identity work needs only configuration and the database; login also needs the attempt limiter. */
export type IdentityContext = Pick<ServiceContext, 'config' | 'db'>;

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

/** An enabled account's current administrator flag, or undefined when it is disabled or gone. */
export async function currentUser(db: Database, userId: string): Promise<{ isAdmin: boolean } | undefined> {
  const user = await db.system((tx) => store.findUserById(tx, userId));
  return user === undefined || user.disabled ? undefined : { isAdmin: user.isAdmin };
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
