import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/problem';
import type { User } from '../../api/types';
import { useAuth } from '../../auth/useAuth';
import { ConfirmButton } from '../../components/ConfirmButton';
import { dateTime, plural } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { type ResetLink, useCreateUser, useResetLink, useSetUserDisabled } from './mutations';
import { useUsers } from './queries';

const FIELDS = ['email', 'displayName', 'password', 'isAdmin'] as const;

function ResetLinkModal({ link, onClose }: { link: ResetLink | null; onClose: () => void }) {
  return (
    <Modal opened={link !== null} onClose={onClose} title="Password reset link" centered size="lg">
      {link !== null && (
        <Stack gap="sm" data-testid="reset-link-created">
          <Text size="sm">
            Send this link to <b>{link.email}</b> yourself. With it they set a new password, once, until{' '}
            <b>{dateTime(link.expiresAt)}</b>; that signs them out everywhere. Their current password keeps working
            until then. It is shown only now; if it gets lost, make a new one.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              aria-label="Password reset link"
              readOnly
              value={link.resetUrl}
              onFocus={(event) => event.currentTarget.select()}
              data-testid="reset-link"
              style={{ flex: 1, minWidth: 0 }}
            />
            <CopyButton value={link.resetUrl}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : 'blue'} onClick={copy} data-testid="copy-reset-link">
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/**
 * A new account. By default its owner chooses the password through a one-time link (the account gets a random one
 * nobody knows); the administrator may instead set a password and pass it on.
 */
function CreateUserForm({ onLink }: { onLink: (link: ResetLink) => void }) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [mode, setMode] = useState<'link' | 'password'>('link');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const { errors, fromError, clear } = useFormErrors(FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    clear();
    create.mutate(
      {
        email: email.trim(),
        displayName: displayName.trim(),
        password: mode === 'link' ? null : password,
        isAdmin,
      },
      {
        onSuccess: ({ user, link }) => {
          notifications.show({
            color: 'green',
            title: 'Account created',
            message: `${user.displayName} (${user.email})`,
          });
          setEmail('');
          setDisplayName('');
          setPassword('');
          setIsAdmin(false);
          if (link !== null) onLink(link);
        },
        onError: fromError,
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="create-user-form">
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4">
              Create an account
            </Title>
            <Text size="sm" c="dimmed">
              An account alone opens no project: add it from a project's Members page, or invite the email there instead
              (the invitee then creates the account themselves).
            </Text>
          </div>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="Email"
              name="email"
              type="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={errors.fields.email}
              miw={220}
            />
            <TextInput
              label="Display name"
              name="displayName"
              required
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
              error={errors.fields.displayName}
              miw={220}
            />
          </Group>
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Password
            </Text>
            <SegmentedControl
              value={mode}
              onChange={(value) => setMode(value === 'password' ? 'password' : 'link')}
              data={[
                { value: 'link', label: 'They choose it (one-time link)' },
                { value: 'password', label: 'Set a temporary password' },
              ]}
              data-testid="password-mode"
              style={{ alignSelf: 'flex-start' }}
            />
            {mode === 'password' ? (
              <PasswordInput
                aria-label="Temporary password"
                name="password"
                autoComplete="new-password"
                description="Pass it on yourself; they can sign in with it at once. They cannot change it themselves yet, so a reset link is the better way."
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={errors.fields.password}
              />
            ) : (
              <Text size="xs" c="dimmed">
                You get a link to pass on; until they use it, nobody can sign in to the account.
              </Text>
            )}
          </Stack>
          <Checkbox
            label="Instance administrator (manages every account; sees no project without membership)"
            name="isAdmin"
            checked={isAdmin}
            onChange={(event) => setIsAdmin(event.currentTarget.checked)}
          />
          {errors.form !== undefined && (
            <Alert color="red" variant="light" role="alert">
              {errors.form}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="create-user">
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function UserRow({ user, me, onLink }: { user: User; me: string | undefined; onLink: (link: ResetLink) => void }) {
  const isMe = user.id === me;
  const disabling = useSetUserDisabled(user.id);
  const setDisabled = async (disabled: boolean) => {
    try {
      await disabling.mutateAsync(disabled);
    } catch (error) {
      notifications.show({
        color: 'red',
        title: disabled ? 'Not disabled' : 'Not enabled',
        message: describeError(error),
      });
      throw error;
    }
    notifications.show({ message: `${user.displayName} is ${disabled ? 'disabled' : 'enabled again'}` });
  };
  const resetLink = useResetLink(user.id);
  const reset = () =>
    resetLink.mutate(undefined, {
      onSuccess: onLink,
      onError: (error) => notifications.show({ color: 'red', title: 'No reset link', message: describeError(error) }),
    });
  return (
    <Table.Tr data-testid="user-row" data-email={user.email} data-disabled={user.disabled}>
      <Table.Td>
        <Text size="sm" fw={500} c={user.disabled ? 'dimmed' : undefined}>
          {user.displayName}{' '}
          {isMe && (
            <Text span c="dimmed" size="xs">
              (you)
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {user.isAdmin && (
            <Badge size="sm" variant="light" tt="none">
              administrator
            </Badge>
          )}
          {user.disabled ? (
            <Badge size="sm" variant="light" color="red" tt="none" data-testid="user-status">
              disabled
            </Badge>
          ) : (
            <Badge size="sm" variant="light" color="green" tt="none" data-testid="user-status">
              active
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="xs" c="dimmed">
          {dateTime(user.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {!user.disabled && (
            <Button
              size="xs"
              variant="subtle"
              onClick={reset}
              loading={resetLink.isPending}
              data-testid="reset-password"
            >
              Reset password
            </Button>
          )}
          {!isMe &&
            (user.disabled ? (
              <Button size="xs" variant="subtle" color="green" onClick={() => void setDisabled(false).catch(() => {})}>
                Enable
              </Button>
            ) : (
              <ConfirmButton
                title={`Disable ${user.displayName}?`}
                message="They are signed out at once and cannot sign in; the API keys they created stop working for good. Their memberships and work stay; enable the account to let them back in."
                confirmLabel="Disable"
                onConfirm={() => setDisabled(true)}
                data-testid="disable-user"
              >
                Disable
              </ConfirmButton>
            ))}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Instance administration of accounts: search and page through them, create, disable and enable, reset passwords. */
export function UsersPage() {
  const auth = useAuth();
  const me = auth.status === 'authenticated' ? auth.user.id : undefined;
  const isAdmin = auth.status === 'authenticated' && auth.user.isAdmin;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [link, setLink] = useState<ResetLink | null>(null);
  const users = useUsers(q, isAdmin);

  if (!isAdmin) {
    return (
      <EmptyState title="For instance administrators">
        Accounts are managed by this instance's administrators. To bring someone into a project, invite them from the
        project's Members page.
      </EmptyState>
    );
  }

  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  let body: React.ReactNode;
  if (users.isPending) body = <Loading label="Loading accounts…" />;
  else if (users.isError) body = <ErrorState error={users.error} retry={() => void users.refetch()} />;
  else if (items.length === 0)
    body = <EmptyState title="No account matches">Search by another part of the email or name.</EmptyState>;
  else
    body = (
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th visibleFrom="sm">Created</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((user) => (
              <UserRow key={user.id} user={user} me={me} onLink={setLink} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Users
        </Title>
        <Text c="dimmed" size="sm">
          Every account on this instance. Create accounts, disable and enable them, and give people a one-time link to
          set a new password.
        </Text>
      </div>
      <CreateUserForm onLink={setLink} />
      <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
        <Group justify="space-between" mb="sm" gap="sm">
          <TextInput
            aria-label="Search accounts"
            placeholder="Search by email or name"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            data-testid="user-search"
            w={{ base: '100%', sm: 320 }}
          />
          <Text size="sm" c="dimmed" data-testid="user-count">
            {users.hasNextPage ? `${items.length}+ accounts` : plural(items.length, 'account')}
          </Text>
        </Group>
        {body}
        {users.hasNextPage && (
          <Group justify="center" mt="sm">
            <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Paper>
      <ResetLinkModal link={link} onClose={() => setLink(null)} />
    </Stack>
  );
}
