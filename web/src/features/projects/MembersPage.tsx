import { Anchor, Box, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../api/problem';
import { atLeast, type Member, PROJECT_ROLES, type ProjectRole } from '../../api/types';
import { useAuth } from '../../auth/useAuth';
import { RoleBadge } from '../../components/badges';
import { ConfirmButton } from '../../components/ConfirmButton';
import { dateTime } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { EmailRoleForm } from './EmailRoleForm';
import { useAddMember, useChangeMemberRole, useRemoveMember } from './mutations';
import { InviteForm, PendingInvitations } from './ProjectInvitations';
import { useMembersList } from './queries';

const FIELDS = ['email', 'role'] as const;
const ROLE_OPTIONS = PROJECT_ROLES.map((role) => ({ value: role, label: role }));

/** Instance administrators (who see every account anyway) may add an existing account at once, without a link. */
function AddMemberForm({ projectId, canGrantOwner }: { projectId: string; canGrantOwner: boolean }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('member');
  const { errors, fromError, clear } = useFormErrors(FIELDS);
  const add = useAddMember(projectId);
  return (
    <Paper withBorder radius="md" p="md">
      <EmailRoleForm
        testId="add-member-form"
        title="Add an existing account (instance administrators)"
        hint="Adds someone who already has an account on this instance, at once and without a link. Everyone else is invited."
        submitLabel="Add member"
        pending={add.isPending}
        email={email}
        onEmail={setEmail}
        role={role}
        onRole={setRole}
        canGrantOwner={canGrantOwner}
        errors={errors}
        onSubmit={() => {
          clear();
          add.mutate(
            { email: email.trim(), role },
            {
              onSuccess: (member) => {
                notifications.show({
                  color: 'green',
                  title: 'Member added',
                  message: `${member.displayName} is now ${member.role}`,
                });
                setEmail('');
              },
              onError: fromError,
            },
          );
        }}
      />
      <Text size="xs" c="dimmed" mt="xs">
        No account yet?{' '}
        <Anchor component={Link} to="/admin/users" size="xs" data-testid="members-admin-users">
          Create it under Users
        </Anchor>
        , or invite the email above and they create it themselves.
      </Text>
    </Paper>
  );
}

function MemberRow({
  member,
  projectId,
  myRole,
  me,
}: {
  member: Member;
  projectId: string;
  myRole: string;
  me: string | undefined;
}) {
  const navigate = useNavigate();
  const isMe = member.userId === me;
  const canManage = atLeast(myRole, 'admin');
  const roleChange = useChangeMemberRole(projectId, member.userId, isMe);
  const changeRole = (role: ProjectRole) =>
    roleChange.mutate(role, {
      onSuccess: (updated) =>
        notifications.show({ color: 'green', message: `${updated.displayName} is now ${updated.role}` }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Role not changed', message: describeError(error) }),
    });
  const removal = useRemoveMember(projectId, member.userId, isMe);
  const remove = async () => {
    try {
      await removal.mutateAsync();
    } catch (error) {
      notifications.show({
        color: 'red',
        title: isMe ? 'Could not leave' : 'Not removed',
        message: describeError(error),
      });
      throw error;
    }
    if (isMe) {
      notifications.show({ message: 'You left the project' });
      navigate('/');
      return;
    }
    notifications.show({ message: `${member.displayName} was removed` });
  };

  const actions = (isMe || canManage) && (
    <ConfirmButton
      title={isMe ? 'Leave the project?' : 'Remove member?'}
      message={
        isMe
          ? 'You lose access to this project until someone adds you again.'
          : `${member.displayName} loses access to this project.`
      }
      confirmLabel={isMe ? 'Leave' : 'Remove'}
      onConfirm={remove}
      px={{ base: 0, sm: 'xs' }}
    >
      {isMe ? 'Leave' : 'Remove'}
    </ConfirmButton>
  );

  return (
    <Table.Tr data-testid="member-row" data-email={member.email}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {member.displayName}{' '}
          {isMe && (
            <Text span c="dimmed" size="xs">
              (you)
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {member.email}
        </Text>
        <Box hiddenFrom="sm" mt={4}>
          {actions}
        </Box>
      </Table.Td>
      <Table.Td>
        {canManage ? (
          <Select
            aria-label={`Role of ${member.displayName}`}
            size="xs"
            w={108}
            data={ROLE_OPTIONS.filter(
              (option) => myRole === 'owner' || option.value !== 'owner' || member.role === 'owner',
            )}
            value={member.role}
            allowDeselect={false}
            disabled={roleChange.isPending}
            onChange={(value) => value !== null && value !== member.role && changeRole(value as ProjectRole)}
          />
        ) : (
          <RoleBadge role={member.role} />
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="xs" c="dimmed">
          {dateTime(member.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="sm">
        {actions}
      </Table.Td>
    </Table.Tr>
  );
}

export function MembersPage() {
  const project = useProject();
  const auth = useAuth();
  const me = auth.status === 'authenticated' ? auth.user.id : undefined;
  const members = useMembersList(project.id);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const canManage = atLeast(project.role, 'admin');
  const isInstanceAdmin = auth.status === 'authenticated' && auth.user.isAdmin;

  let body: React.ReactNode;
  if (members.isPending) body = <Loading label="Loading members…" />;
  else if (members.isError) body = <ErrorState error={members.error} retry={() => void members.refetch()} />;
  else if (items.length === 0) body = <EmptyState title="No members">Invite someone by their email.</EmptyState>;
  else
    body = (
      <Table.ScrollContainer minWidth={300}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th visibleFrom="sm">Member since</Table.Th>
              <Table.Th visibleFrom="sm" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((member) => (
              <MemberRow key={member.userId} member={member} projectId={project.id} myRole={project.role} me={me} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Members
        </Title>
        <Text c="dimmed" size="sm">
          Owners delete the project and hand out ownership; admins manage members and keys; members write; viewers read.
        </Text>
        <Text c="dimmed" size="sm" data-testid="members-how-to-add">
          {canManage
            ? 'To add someone, invite their email: they get a one-time link, and create their account with it if they have none.'
            : 'To add someone, ask a project admin to invite them.'}
          {isInstanceAdmin && (
            <>
              {' '}
              Accounts themselves are managed under{' '}
              <Anchor component={Link} to="/admin/users" size="sm">
                Users
              </Anchor>
              .
            </>
          )}
        </Text>
      </div>
      {canManage && <InviteForm projectId={project.id} canGrantOwner={project.role === 'owner'} />}
      {canManage && isInstanceAdmin && (
        <AddMemberForm projectId={project.id} canGrantOwner={project.role === 'owner'} />
      )}
      <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
        {body}
        {members.hasNextPage && (
          <Group justify="center" mt="sm">
            <Button variant="default" onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Paper>
      {canManage && <PendingInvitations projectId={project.id} />}
    </Stack>
  );
}
