import { Alert, Box, Button, CopyButton, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/problem';
import type { paths } from '../../api/schema';
import type { ProjectRole } from '../../api/types';
import { RoleBadge } from '../../components/badges';
import { ConfirmButton } from '../../components/ConfirmButton';
import { dateTime, timeAgo } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { ErrorState } from '../../components/states';
import { EmailRoleForm } from './EmailRoleForm';
import { useInvite, useWithdrawInvitation } from './mutations';
import { useInvitations } from './queries';

type InvitationsPath = paths['/api/v1/projects/{projectId}/invitations'];
type CreatedInvitation = InvitationsPath['post']['responses'][201]['content']['application/json'];
type Invitation = InvitationsPath['get']['responses'][200]['content']['application/json']['items'][number];

const FIELDS = ['email', 'role', 'expiresInDays'] as const;
const VALIDITY_OPTIONS = [
  { value: '1', label: '1 day' },
  { value: '3', label: '3 days' },
  { value: '7', label: '7 days' },
  { value: '14', label: '14 days' },
  { value: '30', label: '30 days' },
];

/** The one-time link, shown right after inviting: the server keeps only its hash, so it is never shown again. */
function InvitationLink({ created }: { created: CreatedInvitation }) {
  const { invitation, acceptUrl } = created;
  return (
    <Alert color="green" variant="light" title={`Invitation for ${invitation.email}`} data-testid="invitation-created">
      <Stack gap="xs">
        <Text size="sm">
          Send this link to them yourself. It works once, joins them as <b>{invitation.role}</b> and expires on{' '}
          <b>{dateTime(invitation.expiresAt)}</b>. Without an account yet, they create one when they open it. It is
          shown only now; if it gets lost, invite them again.
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            aria-label="Invitation link"
            readOnly
            value={acceptUrl}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="invitation-link"
            style={{ flex: 1, minWidth: 0 }}
          />
          <CopyButton value={acceptUrl}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : 'blue'} onClick={copy} data-testid="copy-invitation-link">
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Project admins invite an email with a role and get a one-time link to pass on. */
export function InviteForm({ projectId, canGrantOwner }: { projectId: string; canGrantOwner: boolean }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('member');
  const [days, setDays] = useState('7');
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const { errors, fromError, clear } = useFormErrors(FIELDS);
  const invite = useInvite(projectId);
  const send = () =>
    invite.mutate(
      { email: email.trim(), role, expiresInDays: Number(days) },
      {
        onSuccess: (result) => {
          setCreated(result);
          setEmail('');
        },
        onError: fromError,
      },
    );
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <EmailRoleForm
          testId="invite-form"
          title="Invite someone"
          hint="You get a one-time link to send them; with it they join with this role, creating their account if they have none."
          submitLabel="Create invitation link"
          pending={invite.isPending}
          email={email}
          onEmail={setEmail}
          role={role}
          onRole={setRole}
          canGrantOwner={canGrantOwner}
          errors={errors}
          onSubmit={() => {
            clear();
            setCreated(null);
            send();
          }}
          extra={
            <Select
              label="Link valid for"
              name="expiresInDays"
              data={VALIDITY_OPTIONS}
              value={days}
              onChange={(value) => value !== null && setDays(value)}
              allowDeselect={false}
              error={errors.fields.expiresInDays}
              w={130}
            />
          }
        />
        {created !== null && <InvitationLink created={created} />}
      </Stack>
    </Paper>
  );
}

function InvitationRow({ invitation, projectId }: { invitation: Invitation; projectId: string }) {
  const withdrawal = useWithdrawInvitation(projectId);
  const withdraw = async () => {
    try {
      await withdrawal.mutateAsync(invitation.id);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not withdrawn', message: describeError(error) });
      throw error;
    }
    notifications.show({ message: `The invitation for ${invitation.email} was withdrawn` });
  };
  const action = (
    <ConfirmButton
      title="Withdraw the invitation?"
      message={`The link sent to ${invitation.email} stops working. You can invite them again later.`}
      confirmLabel="Withdraw"
      onConfirm={withdraw}
      px={{ base: 0, sm: 'xs' }}
      data-testid="withdraw-invitation"
    >
      Withdraw
    </ConfirmButton>
  );
  return (
    <Table.Tr data-testid="invitation-row" data-email={invitation.email} data-status={invitation.status}>
      <Table.Td>
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {invitation.email}
        </Text>
        <Box hiddenFrom="sm" mt={4}>
          {action}
        </Box>
      </Table.Td>
      <Table.Td>
        <RoleBadge role={invitation.role} />
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="xs" c="dimmed">
          {invitation.status}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" title={dateTime(invitation.expiresAt)}>
          {timeAgo(invitation.expiresAt)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="sm">
        {action}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The open invitations. Only pending ones are listed: an accepted invitation shows up as a member above, and a
 * withdrawn or expired link opens nothing any more (the activity log keeps their history). The section is hidden when
 * nothing is pending.
 */
export function PendingInvitations({ projectId }: { projectId: string }) {
  const invitations = useInvitations(projectId);
  if (invitations.isPending) return null;
  if (invitations.isError)
    return (
      <ErrorState title="Invitations not loaded" error={invitations.error} retry={() => void invitations.refetch()} />
    );
  const pending = invitations.data.pages.flatMap((page) => page.items).filter((item) => item.status === 'pending');
  if (pending.length === 0 && !invitations.hasNextPage) return null;
  return (
    <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }} data-testid="pending-invitations">
      <Text fw={600} mb="xs">
        Pending invitations
      </Text>
      {pending.length > 0 && (
        <Table.ScrollContainer minWidth={300}>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th visibleFrom="sm">Status</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th visibleFrom="sm" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.map((invitation) => (
                <InvitationRow key={invitation.id} invitation={invitation} projectId={projectId} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {invitations.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button
            variant="default"
            onClick={() => void invitations.fetchNextPage()}
            loading={invitations.isFetchingNextPage}
          >
            Load older invitations
          </Button>
        </Group>
      )}
    </Paper>
  );
}
