import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/outbox.js';
import { type Principal, type ProjectRole, type ProjectScope, roleAtLeast } from '../../platform/http/access.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { decodeCursor, toPage, UUID_CURSOR } from '../../platform/http/pagination.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/problems.js';
import { projectContentPurgeJob } from '../../platform/storage/jobs.js';
import { recordAudit } from '../audit/service.js';
import {
  accessWithdrawn,
  currentApiKey,
  currentUser,
  findActiveUserIdByEmail,
  suspendApiKeysOfCreator,
} from '../identity/service.js';
import {
  memberAdded,
  memberRemoved,
  memberRoleChanged,
  projectCreated,
  projectDeleted,
  projectUpdated,
} from './events.js';
import type { CreateProjectInput, UpdateProjectInput } from './schemas.js';
import * as store from './store.js';

function presentProject(row: store.ProjectRow, role: string) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    role,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function projectData(row: { id: string; slug: string; name: string; description: string }) {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description };
}

function presentMember(row: store.MemberRow) {
  return { ...row, role: row.role as ProjectRole, createdAt: row.createdAt.toISOString() };
}

/** A readable slug from a name: lower-case words joined by dashes, at most 64 characters. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug === '' ? 'project' : slug;
}

/**
 * The access gate's resolver: the caller as the database knows it now, and its role in `projectId` when asked.
 * A disabled or deleted user's token is refused (401) on every route at once; a key was resolved when it was read.
 */
export async function standingOf(
  db: Database,
  principal: Principal,
  projectId?: string,
): Promise<{ principal: Principal; role: ProjectRole | null }> {
  if (principal.kind === 'api_key') {
    return { principal, role: projectId !== undefined && principal.projectId === projectId ? principal.role : null };
  }
  if (projectId === undefined) {
    const user = await currentUser(db, principal.userId);
    if (user === undefined) throw accessWithdrawn();
    return { principal: { ...principal, isAdmin: user.isAdmin }, role: null };
  }
  const standing = await store.userStanding(db, projectId, principal.userId);
  if (standing === undefined || standing.disabled) throw accessWithdrawn();
  return { principal: { ...principal, isAdmin: standing.isAdmin }, role: standing.role };
}

/** The caller's role in a project now, or null when the credential no longer reaches it (for long-lived streams). */
export async function currentRoleOf(
  db: Database,
  principal: Principal,
  projectId: string,
): Promise<ProjectRole | null> {
  if (principal.kind === 'api_key') {
    const key = await currentApiKey(db, principal.keyId);
    return key !== undefined && key.projectId === projectId ? key.role : null;
  }
  const standing = await store.userStanding(db, projectId, principal.userId);
  return standing === undefined || standing.disabled ? null : standing.role;
}

/** Whether the user is an enabled member of the project (an assignee, say). */
export async function isActiveMember(db: Database, projectId: string, userId: string): Promise<boolean> {
  const standing = await store.userStanding(db, projectId, userId);
  return standing !== undefined && !standing.disabled && standing.role !== null;
}

/** The creator becomes the owner. API keys cannot create projects: a key belongs to one project. */
export async function createProject(db: Database, actor: ActorContext, input: CreateProjectInput) {
  const principal = actor.principal;
  if (principal?.kind !== 'user') throw forbidden('Projects are created by people, not API keys.');
  const slug = input.slug ?? slugify(input.name);
  return db.system(async (tx) => {
    const row = await store.insertProject(tx, {
      id: uuidv7(),
      slug,
      name: input.name.trim(),
      description: input.description ?? '',
      createdBy: principal.userId,
    });
    if (row === undefined) {
      throw conflict(`The slug "${slug}" is taken; choose another one.`, 'slug-taken');
    }
    await store.insertMembership(tx, { projectId: row.id, userId: principal.userId, role: 'owner' });
    await recordAudit(tx, actor, {
      projectId: row.id,
      action: 'project.created',
      targetType: 'project',
      targetId: row.id,
      data: { slug: row.slug, name: row.name },
    });
    await appendEvent(tx, row.id, actor, projectCreated, `projects/${row.id}`, projectData(row));
    return presentProject(row, 'owner');
  });
}

export async function listMyProjects(
  db: Database,
  principal: Principal,
  query: { limit: number; cursor?: string; q?: string },
) {
  if (principal.kind === 'api_key') {
    const row = await db.tenant({ projectId: principal.projectId }, (tx) => store.findProject(tx, principal.projectId));
    return { items: row === undefined ? [] : [presentProject(row, principal.role)], nextCursor: null };
  }
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.system((tx) => store.listProjectsOfUser(tx, principal.userId, query.limit, after, query.q));
  return toPage(
    rows.map((row) => presentProject(row.project, row.role)),
    query.limit,
    (project) => project.id,
  );
}

export async function getProject(db: Database, scope: ProjectScope) {
  const row = await store.readProject(db, scope.projectId);
  if (row === undefined) throw notFound('Project');
  return presentProject(row, scope.role);
}

export async function updateProject(db: Database, scope: ProjectScope, actor: ActorContext, input: UpdateProjectInput) {
  return db.tenant(scope, async (tx) => {
    const row = await store.updateProject(tx, scope.projectId, {
      name: input.name?.trim(),
      slug: input.slug,
      description: input.description,
    });
    if (row === 'slug-taken') throw conflict(`The slug "${input.slug}" is taken; choose another one.`, 'slug-taken');
    if (row === undefined) throw notFound('Project');
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'project.updated',
      targetType: 'project',
      targetId: scope.projectId,
      data: { fields: Object.keys(input) },
    });
    await appendEvent(tx, scope.projectId, actor, projectUpdated, `projects/${row.id}`, {
      ...projectData(row),
      changed: Object.keys(input),
    });
    return presentProject(row, scope.role);
  });
}

/** Deletes the project's rows now; its stored files go in a job once this has committed (ADR 0045). */
export async function deleteProject(
  context: Pick<ServiceContext, 'db' | 'jobs' | 'config'>,
  scope: ProjectScope,
  actor: ActorContext,
): Promise<void> {
  const project = await getProject(context.db, scope);
  await context.db.system(async (tx) => {
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'project.deleted',
      targetType: 'project',
      targetId: scope.projectId,
      data: { slug: project.slug, name: project.name },
    });
    await store.deleteProject(tx, scope.projectId);
    await appendEvent(tx, scope.projectId, actor, projectDeleted, `projects/${project.id}`, projectData(project));
    await context.jobs.enqueue(tx, scope.projectId, actor, projectContentPurgeJob(context.config), {});
  });
}

// ---- memberships ---------------------------------------------------------------------------------------------

export async function listMembers(
  db: Database,
  scope: ProjectScope,
  query: { limit: number; cursor?: string; role?: ProjectRole },
) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.tenant(scope, (tx) => store.listMembers(tx, scope.projectId, query.limit, after, query.role));
  return toPage(rows.map(presentMember), query.limit, (member) => member.userId);
}

/** Only owners hand out or take away the owner role. */
export function checkCanGrant(scope: ProjectScope, role: ProjectRole): void {
  if (role === 'owner' && scope.role !== 'owner') throw forbidden('Only owners can make someone an owner.');
  if (!roleAtLeast(scope.role, role)) throw forbidden(`You cannot grant ${role}; your role is ${scope.role}.`);
}

export async function addMember(
  db: Database,
  scope: ProjectScope,
  actor: ActorContext,
  email: string,
  role: ProjectRole,
) {
  // Only instance administrators, who see every account anyway, add people directly: for anyone else "no such
  // account" would tell whether an email is registered. Everyone else invites (the same answer either way).
  if (!(scope.actor.kind === 'user' && scope.actor.isAdmin)) {
    throw forbidden(
      'Invite people with POST …/invitations; only an instance administrator adds an existing account directly.',
    );
  }
  checkCanGrant(scope, role);
  const userId = await findActiveUserIdByEmail(db, email);
  if (userId === undefined) {
    throw invalid([
      { pointer: '/body/email', detail: 'no active user has this email; an administrator creates accounts' },
    ]);
  }
  return db.tenant(scope, async (tx) => {
    if (!(await store.insertMembership(tx, { projectId: scope.projectId, userId, role }))) {
      throw conflict('This user is already a member; change their role instead.', 'already-member');
    }
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'member.added',
      targetType: 'user',
      targetId: userId,
      data: { role },
    });
    const member = (await store.findMemberForUpdate(tx, scope.projectId, userId))!;
    await appendEvent(tx, scope.projectId, actor, memberAdded, `members/${userId}`, {
      userId,
      email: member.email,
      role,
    });
    return presentMember(member);
  });
}

export async function changeMemberRole(
  db: Database,
  scope: ProjectScope,
  actor: ActorContext,
  userId: string,
  role: ProjectRole,
) {
  return db.tenant(scope, async (tx) => {
    const owners = await store.lockOwners(tx, scope.projectId);
    const member = await store.findMemberForUpdate(tx, scope.projectId, userId);
    if (member === undefined) throw notFound('Member');
    if (member.role === role) return presentMember(member);
    checkCanGrant(scope, role);
    if (member.role === 'owner') {
      if (scope.role !== 'owner') throw forbidden('Only owners can change an owner.');
      if (owners.length === 1)
        throw conflict('The last owner cannot be demoted; make someone else owner first.', 'last-owner');
    }
    await store.setMemberRole(tx, scope.projectId, userId, role);
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'member.role_changed',
      targetType: 'user',
      targetId: userId,
      data: { from: member.role, to: role },
    });
    await appendEvent(tx, scope.projectId, actor, memberRoleChanged, `members/${userId}`, {
      userId,
      email: member.email,
      role,
      previousRole: member.role,
    });
    return presentMember({ ...member, role });
  });
}

/** Admins remove others; anyone may leave. The last owner can do neither. */
export async function removeMember(
  db: Database,
  scope: ProjectScope,
  actor: ActorContext,
  userId: string,
): Promise<void> {
  const leaving = scope.actor.kind === 'user' && scope.actor.userId === userId;
  if (!leaving && !roleAtLeast(scope.role, 'admin')) throw forbidden('Removing other members needs the admin role.');
  await db.tenant(scope, async (tx) => {
    const owners = await store.lockOwners(tx, scope.projectId);
    const member = await store.findMemberForUpdate(tx, scope.projectId, userId);
    if (member === undefined) throw notFound('Member');
    if (member.role === 'owner') {
      if (!leaving && scope.role !== 'owner') throw forbidden('Only owners can remove an owner.');
      if (owners.length === 1)
        throw conflict('The last owner cannot leave; make someone else owner first.', 'last-owner');
    }
    await store.deleteMember(tx, scope.projectId, userId);
    // The keys they made here carry their access; it ends with the membership.
    await suspendApiKeysOfCreator(tx, actor, userId, [scope.projectId], 'creator_removed');
    await recordAudit(tx, actor, {
      projectId: scope.projectId,
      action: 'member.removed',
      targetType: 'user',
      targetId: userId,
      data: { role: member.role, left: leaving },
    });
    await appendEvent(tx, scope.projectId, actor, memberRemoved, `members/${userId}`, {
      userId,
      email: member.email,
      role: member.role,
      left: leaving,
    });
  });
}

// ---- operator (CLI) views ------------------------------------------------------------------------------------

/**
 * The scope an operator at the command line acts in: the project's first owner, so that everything done there is
 * attributed to a real member and passes the same rules as the API.
 */
export async function operatorScope(db: Database, idOrSlug: string): Promise<ProjectScope> {
  return db.system(async (tx) => {
    const project = await store.findProjectByIdOrSlug(tx, idOrSlug);
    if (project === undefined) throw notFound(`Project "${idOrSlug}"`);
    const ownerId = await store.firstOwnerId(tx, project.id);
    if (ownerId === undefined) throw notFound(`An owner of project "${idOrSlug}"`);
    return {
      projectId: project.id,
      role: 'owner' as const,
      actor: { kind: 'user' as const, userId: ownerId, isAdmin: false },
    };
  });
}

export async function listAllProjects(db: Database, query: { limit: number; cursor?: string }) {
  const after = decodeCursor(query.cursor, UUID_CURSOR);
  const rows = await db.system((tx) => store.listAllProjects(tx, query.limit, after));
  return toPage(
    rows.map((row) => ({ ...presentProject(row.project, ''), members: row.members })),
    query.limit,
    (project) => project.id,
  );
}
