import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import { randomToken, sha256 } from '../../platform/crypto/tokens.js';
import type { Database } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/outbox.js';
import type { ProjectRole, ProjectScope } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { conflict, forbidden, invalid, notFound, Problem } from '../../platform/http/problems.js';
import { recordAudit } from '../audit/service.js';
import { activeAccount, hashNewPassword, insertInvitedUser } from '../identity/service.js';
import { invitationRevoked, memberAdded, memberInvited } from './events.js';
import * as invitationStore from './invitation-store.js';
import type { AcceptInvitationInput, CreateInvitationInput } from './schemas.js';
import { checkCanGrant } from './service.js';
import * as store from './store.js';

type InvitationContext = Pick<ServiceContext, 'config' | 'db'>;

function statusOf(row: invitationStore.InvitationRow): 'pending' | 'accepted' | 'expired' | 'revoked' {
  if (row.acceptedAt !== null) return 'accepted';
  if (row.revokedAt !== null) return 'revoked';
  return row.expiresAt <= new Date() ? 'expired' : 'pending';
}

function presentInvitation(row: invitationStore.InvitationRow) {
  return {
    id: row.id,
    projectId: row.projectId,
    email: row.email,
    role: row.role as ProjectRole,
    status: statusOf(row),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function invitationData(row: invitationStore.InvitationRow) {
  return { invitationId: row.id, email: row.email, role: row.role };
}

/** Every way a token can fail answers alike: it does not say whether it existed, was used or ran out. */
const invitationInvalid = () =>
  new Problem(
    404,
    'invitation-invalid',
    'Invitation not valid',
    'This invitation link is not valid: it was used already, withdrawn, or it expired. Ask for a new one.',
  );

/**
 * Invites an email into the project with a role and returns the one-time link to pass on. The answer is the same
 * whether the email has an account or not, so inviting tells nobody who is registered. A newer invitation for the
 * same email replaces an open one.
 */
export async function createInvitation(
  context: InvitationContext,
  scope: ProjectScope,
  actor: ActorContext,
  input: CreateInvitationInput,
) {
  checkCanGrant(scope, input.role);
  const token = randomToken(32);
  const email = input.email.trim();
  const days = input.expiresInDays ?? 7;
  return context.db.tenant(scope, async (tx) => {
    await invitationStore.revokeOpenInvitationsFor(tx, scope.projectId, email);
    const row = await invitationStore.insertInvitation(tx, {
      id: uuidv7(),
      projectId: scope.projectId,
      email,
      role: input.role,
      tokenHash: sha256(token),
      createdBy: scope.actor.userId,
      expiresAt: new Date(Date.now() + days * 86_400_000),
    });
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: row.id,
      data: { email, role: input.role, expiresAt: row.expiresAt.toISOString() },
    });
    await appendEvent(tx, scope.projectId, actor, memberInvited, `invitations/${row.id}`, invitationData(row));
    return {
      invitation: presentInvitation(row),
      token,
      acceptUrl: `${context.config.publicUrl}/invite?token=${encodeURIComponent(token)}`,
    };
  });
}

export async function listInvitations(db: Database, scope: ProjectScope, query: { limit: number; cursor?: string }) {
  const before = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.tenant(scope, (tx) =>
    invitationStore.listInvitations(tx, scope.projectId, query.limit, before),
  );
  return toPage(rows.map(presentInvitation), query.limit, (invitation) => invitation.id);
}

export async function revokeInvitation(db: Database, scope: ProjectScope, actor: ActorContext, invitationId: string) {
  await db.tenant(scope, async (tx) => {
    const row = await invitationStore.revokeInvitation(tx, scope.projectId, invitationId);
    if (row === undefined) throw notFound('Invitation');
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: row.id,
      data: { email: row.email },
    });
    await appendEvent(tx, scope.projectId, actor, invitationRevoked, `invitations/${row.id}`, invitationData(row));
  });
}

/** What an invitation link opens, for the accept page: the project, the role and the email it is for. */
export async function previewInvitation(db: Database, token: string) {
  const found = await db.system((tx) => invitationStore.findInvitationByTokenHash(tx, sha256(token), false));
  if (found === undefined || statusOf(found.invitation) !== 'pending') throw invitationInvalid();
  return {
    projectId: found.invitation.projectId,
    projectName: found.projectName,
    email: found.invitation.email,
    role: found.invitation.role as ProjectRole,
    expiresAt: found.invitation.expiresAt.toISOString(),
  };
}

/**
 * Accepts an invitation once. Signed in, the account's email must be the invitation's; not signed in, the invitee
 * chooses a display name and password and the account is made for the invitation's email. Either way the membership,
 * the used invitation, the audit entries and the event commit together.
 */
export async function acceptInvitation(context: InvitationContext, actor: ActorContext, input: AcceptInvitationInput) {
  const principal = actor.principal;
  if (principal?.kind === 'api_key') throw forbidden('Invitations are accepted by people, not API keys.');
  const newAccount = principal === null;
  if (newAccount && (input.password === undefined || input.displayName === undefined)) {
    throw invalid([
      { pointer: '/body', detail: 'sign in to accept, or give a displayName and password to create your account' },
    ]);
  }
  const passwordHash = newAccount ? await hashNewPassword(context, input.password!, '/body/password') : undefined;
  return context.db.system(async (tx) => {
    const found = await invitationStore.findInvitationByTokenHash(tx, sha256(input.token), true);
    if (found === undefined || statusOf(found.invitation) !== 'pending') throw invitationInvalid();
    const invitation = found.invitation;
    let account: { id: string; email: string } | undefined;
    if (principal === null) {
      const created = await insertInvitedUser(tx, actor, {
        email: invitation.email,
        passwordHash: passwordHash!,
        displayName: input.displayName!,
        invitationId: invitation.id,
      });
      if (created === undefined) {
        throw conflict(
          'An account with this email exists: sign in with it, then accept the invitation.',
          'account-exists',
        );
      }
      account = created;
    } else {
      account = await activeAccount(tx, principal.userId);
      if (account === undefined) throw invitationInvalid();
      if (account.email.toLowerCase() !== invitation.email.toLowerCase()) {
        throw forbidden(`This invitation is for ${invitation.email}; sign in with that account to accept it.`);
      }
    }
    if (
      !(await store.insertMembership(tx, {
        projectId: invitation.projectId,
        userId: account.id,
        role: invitation.role,
      }))
    ) {
      throw conflict('You are a member of this project already.', 'already-member');
    }
    await invitationStore.markInvitationAccepted(tx, invitation.id, account.id);
    const acting: ActorContext = { ...actor, principal: { kind: 'user', userId: account.id, isAdmin: false } };
    await recordAudit(tx, acting, {
      projectId: invitation.projectId,
      action: 'member.added',
      targetType: 'user',
      targetId: account.id,
      data: { role: invitation.role, invitationId: invitation.id, invitedBy: invitation.createdBy },
    });
    await appendEvent(tx, invitation.projectId, acting, memberAdded, `members/${account.id}`, {
      userId: account.id,
      email: account.email,
      role: invitation.role,
    });
    return {
      projectId: invitation.projectId,
      role: invitation.role as ProjectRole,
      userId: account.id,
      accountCreated: newAccount,
    };
  });
}
