import { Type } from 'typebox';
import { defineEvent } from '../../platform/events/catalog.js';

const ProjectData = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
});
const MemberData = Type.Object({ userId: Type.String(), email: Type.String(), role: Type.String() });

export const projectCreated = defineEvent(
  'project.created',
  1,
  ProjectData,
  'A project was created; its creator is owner.',
);
export const projectUpdated = defineEvent(
  'project.updated',
  1,
  Type.Object({ ...ProjectData.properties, changed: Type.Array(Type.String()) }),
  "A project's name, slug or description changed.",
);
export const projectDeleted = defineEvent(
  'project.deleted',
  1,
  ProjectData,
  'A project and everything in it was deleted.',
);
export const memberAdded = defineEvent('member.added', 1, MemberData, 'A user joined the project with a role.');
export const memberRoleChanged = defineEvent(
  'member.role_changed',
  1,
  Type.Object({ ...MemberData.properties, previousRole: Type.String() }),
  "A member's role changed.",
);
export const memberRemoved = defineEvent(
  'member.removed',
  1,
  Type.Object({ ...MemberData.properties, left: Type.Boolean() }),
  'A member left or was removed.',
);

const InvitationData = Type.Object({ invitationId: Type.String(), email: Type.String(), role: Type.String() });
export const memberInvited = defineEvent(
  'member.invited',
  1,
  InvitationData,
  'Someone was invited to join the project with a role (the invitation token is never in events).',
);
export const invitationRevoked = defineEvent(
  'member.invitation_revoked',
  1,
  InvitationData,
  'An open invitation was withdrawn.',
);
