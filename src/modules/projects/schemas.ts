import { type Static, Type } from 'typebox';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';
import { DisplayName, Password } from '../identity/schemas.js';

export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$';

export const ProjectRoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('member'),
  Type.Literal('viewer'),
]);

export const Project = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  role: Type.String({ description: "the caller's role in this project" }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateProjectBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  slug: Type.Optional(
    Type.String({ pattern: SLUG_PATTERN, maxLength: 64, description: 'derived from the name if absent' }),
  ),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
});
export type CreateProjectInput = Static<typeof CreateProjectBody>;

export const UpdateProjectBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 64 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { minProperties: 1 },
);
export type UpdateProjectInput = Static<typeof UpdateProjectBody>;

export const ProjectListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'matches name or slug' })),
});

export const Member = Type.Object({
  userId: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: ProjectRoleSchema,
  createdAt: Timestamp,
});

export const AddMemberBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: ProjectRoleSchema,
});
export const UpdateMemberBody = Type.Object({ role: ProjectRoleSchema });
export const MemberParams = Type.Object({ projectId: Uuid, userId: Uuid });
export const MemberListQuery = Type.Object({ ...PageQuery, role: Type.Optional(ProjectRoleSchema) });

export const InvitationStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('expired'),
  Type.Literal('revoked'),
]);

export const Invitation = Type.Object({
  id: Uuid,
  projectId: Uuid,
  email: Type.String(),
  role: ProjectRoleSchema,
  status: InvitationStatus,
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  acceptedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});

export const CreateInvitationBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: ProjectRoleSchema,
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 7 })),
});
export type CreateInvitationInput = Static<typeof CreateInvitationBody>;

export const CreatedInvitation = Type.Object({
  invitation: Invitation,
  token: Type.String({ description: 'shown once; the accept link carries it' }),
  acceptUrl: Type.String({ description: 'the one-time link to pass on to the invitee' }),
});

export const InvitationParams = Type.Object({ projectId: Uuid, invitationId: Uuid });
export const InvitationToken = Type.String({ minLength: 20, maxLength: 200 });
export const InvitationTokenBody = Type.Object({ token: InvitationToken });

export const InvitationPreview = Type.Object({
  projectId: Uuid,
  projectName: Type.String(),
  email: Type.String(),
  role: ProjectRoleSchema,
  expiresAt: Timestamp,
});

export const AcceptInvitationBody = Type.Object({
  token: InvitationToken,
  displayName: Type.Optional(DisplayName),
  password: Type.Optional(Password),
});
export type AcceptInvitationInput = Static<typeof AcceptInvitationBody>;

export const AcceptedInvitation = Type.Object({
  projectId: Uuid,
  role: ProjectRoleSchema,
  userId: Uuid,
  accountCreated: Type.Boolean({ description: 'true when accepting created the account (sign in with its password)' }),
});
