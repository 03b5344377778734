import { type Static, Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from '../../platform/crypto/passwords.js';
import { NullableTimestamp, PageQuery, Timestamp, Uuid } from '../../platform/http/schemas.js';

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
// The schema bounds what any instance accepts; PASSWORD_MIN_LENGTH (config) may raise the minimum.
export const Password = Type.String({ minLength: 8, maxLength: PASSWORD_MAX_LENGTH });
export const DisplayName = Type.String({ minLength: 1, maxLength: 120 });

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  isAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
});
export type UserView = Static<typeof User>;

export const SetupStatus = Type.Object({ setupRequired: Type.Boolean() });
export const SetupBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 }),
  email: Email,
  password: Password,
  displayName: DisplayName,
});

export const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Password });
export const RefreshBody = Type.Object({ refreshToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

export const Session = Type.Object({
  tokenType: Type.Literal('Bearer'),
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  refreshToken: Type.String({ description: 'also set as an httpOnly cookie for browsers' }),
  user: User,
});

export const Me = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
  user: Type.Union([User, Type.Null()]),
  apiKey: Type.Union([Type.Object({ id: Uuid, projectId: Uuid, role: Type.String() }), Type.Null()]),
});

export const CreateUserBody = Type.Object({
  email: Email,
  password: Password,
  displayName: DisplayName,
  isAdmin: Type.Optional(Type.Boolean({ default: false })),
});
export type CreateUserInput = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    password: Type.Optional(Password),
    disabled: Type.Optional(Type.Boolean()),
    isAdmin: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export const UserIdParams = Type.Object({ userId: Uuid });
export const UserListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'matches email or display name' })),
});

export const CreatePasswordResetBody = Type.Object({
  expiresInHours: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 168, default: 24, description: 'how long the link works (1 hour to 7 days)' }),
  ),
});
export const CreatedPasswordReset = Type.Object({
  userId: Uuid,
  email: Type.String(),
  resetUrl: Type.String({ description: 'the one-time link to pass on; shown in this response only' }),
  expiresAt: Timestamp,
});
export const PasswordResetTokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 300 }) });
export const PasswordResetPreview = Type.Object({
  email: Type.String(),
  displayName: Type.String(),
  expiresAt: Timestamp,
});
export const CompletePasswordResetBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 300 }),
  password: Password,
});
export const CompletedPasswordReset = Type.Object({ email: Type.String() });

/** Keys never carry the owner role: deleting a project takes a person. */
export const ApiKeyRole = Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]);

export const ApiKey = Type.Object({
  id: Uuid,
  projectId: Uuid,
  name: Type.String(),
  role: Type.String({ description: 'the role the key was created with' }),
  effectiveRole: Type.Union([ApiKeyRole, Type.Null()], {
    description: "what the key may do now: its role capped by its creator's current role; null when it does not work",
  }),
  status: Type.Union([
    Type.Literal('active'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
    Type.Literal('suspended'),
  ]),
  suspendedReason: Type.Union(
    [Type.Literal('creator_removed'), Type.Literal('creator_disabled'), Type.Literal('creator_deleted'), Type.Null()],
    { description: 'why a suspended key stopped working' },
  ),
  prefix: Type.String(),
  createdBy: Type.Union([Uuid, Type.Null()]),
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
  suspendedAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const CreateApiKeyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: ApiKeyRole,
  expiresAt: Type.Optional(Timestamp),
});
export type CreateApiKeyInput = Static<typeof CreateApiKeyBody>;

export const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  token: Type.String({ description: 'shown once; store it now' }),
});

export const ApiKeyParams = Type.Object({ projectId: Uuid, keyId: Uuid });
export const ApiKeyListQuery = Type.Object({
  ...PageQuery,
  includeRevoked: Type.Optional(Type.Boolean({ default: false, description: 'also list revoked and suspended keys' })),
});
