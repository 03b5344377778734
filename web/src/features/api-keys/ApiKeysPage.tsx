import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/problem';
import { API_KEY_ROLES, type ApiKey, type ApiKeyRole, atLeast, type CreatedApiKey } from '../../api/types';
import { RoleBadge } from '../../components/badges';
import { ConfirmButton } from '../../components/ConfirmButton';
import { dateTime, timeAgo } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { useCreateApiKey, useRevokeApiKey } from './mutations';
import { useApiKeys } from './queries';

const FIELDS = ['name', 'role', 'expiresAt'] as const;
const RANK: Record<string, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

function CreateKeyForm({
  projectId,
  myRole,
  onCreated,
}: {
  projectId: string;
  myRole: string;
  onCreated: (key: CreatedApiKey) => void;
}) {
  const create = useCreateApiKey(projectId);
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRole>('viewer');
  const [expires, setExpires] = useState('');
  const { errors, fromError, clear, setField } = useFormErrors(FIELDS);
  const createKey = (expiresAt: string | undefined) =>
    create.mutate(
      { name: name.trim(), role, ...(expiresAt === undefined ? {} : { expiresAt }) },
      {
        onSuccess: (key) => {
          setName('');
          setExpires('');
          onCreated(key);
        },
        onError: fromError,
      },
    );
  function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    let expiresAt: string | undefined;
    if (expires !== '') {
      const at = new Date(expires);
      if (Number.isNaN(at.getTime())) return setField('expiresAt', 'Not a date');
      if (at.getTime() <= Date.now()) return setField('expiresAt', 'Pick a time in the future');
      expiresAt = at.toISOString();
    }
    createKey(expiresAt);
  }
  const roles = API_KEY_ROLES.filter((option) => (RANK[option] ?? 0) <= (RANK[myRole] ?? 0));
  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="create-key-form">
        <Stack gap="sm">
          <Text fw={600}>Create an API key</Text>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Name"
              name="name"
              placeholder="CI pipeline"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.fields.name}
              style={{ flex: '1 1 220px' }}
            />
            <Select
              label="Role"
              name="role"
              data={roles.map((value) => ({ value, label: value }))}
              value={role}
              allowDeselect={false}
              onChange={(value) => value !== null && setRole(value as ApiKeyRole)}
              error={errors.fields.role}
              w={140}
            />
            <TextInput
              label="Expires (optional)"
              name="expiresAt"
              type="datetime-local"
              value={expires}
              onChange={(e) => setExpires(e.currentTarget.value)}
              error={errors.fields.expiresAt}
              w={220}
            />
          </Group>
          {errors.form !== undefined && (
            <Alert color="red" variant="light" role="alert">
              {errors.form}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The secret, once: it is stored only as a hash. */
function NewKeyModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="Your new API key" size="lg" closeOnClickOutside={false}>
      {created !== null && (
        <Stack gap="sm">
          <Alert color="yellow" variant="light">
            Copy the key now. It is shown only this once; if you lose it, revoke it and create another.
          </Alert>
          <Code block data-testid="new-api-key" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {created.token}
          </Code>
          <Text size="xs" c="dimmed">
            Send it as <Code>Authorization: Bearer {created.prefix ? `cc_${created.prefix}_…` : '<key>'}</Code> with
            role <b>{created.role}</b> in this project.
          </Text>
          <Group justify="flex-end">
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : 'blue'} onClick={copy} data-testid="copy-api-key">
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose} data-testid="close-new-key">
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function KeyStatus({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.revokedAt !== null)
    return (
      <Badge color="red" variant="light" tt="none">
        revoked
      </Badge>
    );
  if (apiKey.expiresAt !== null && Date.parse(apiKey.expiresAt) <= Date.now())
    return (
      <Badge color="orange" variant="light" tt="none">
        expired
      </Badge>
    );
  return (
    <Badge color="green" variant="light" tt="none">
      active
    </Badge>
  );
}

export function ApiKeysPage() {
  const project = useProject();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const allowed = atLeast(project.role, 'admin');
  const list = useApiKeys(project.id, includeRevoked, allowed);
  const revokeKey = useRevokeApiKey(project.id);

  if (!allowed)
    return (
      <Stack>
        <Title order={1} size="h2">
          API keys
        </Title>
        <Alert color="gray" variant="light">
          Only the project's admins and owners manage API keys.
        </Alert>
      </Stack>
    );

  const revoke = async (apiKey: ApiKey) => {
    try {
      await revokeKey.mutateAsync(apiKey.id);
      notifications.show({ message: `Key “${apiKey.name}” revoked` });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not revoked', message: describeError(error) });
      throw error;
    }
  };

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  let body: React.ReactNode;
  if (list.isPending) body = <Loading label="Loading keys…" />;
  else if (list.isError) body = <ErrorState error={list.error} retry={() => void list.refetch()} />;
  else if (items.length === 0)
    body = <EmptyState title="No API keys">Create one for a script, CI job or integration.</EmptyState>;
  else
    body = (
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="api-keys-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((apiKey) => (
              <Table.Tr key={apiKey.id} data-testid="api-key-row" data-name={apiKey.name}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {apiKey.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    cc_{apiKey.prefix}_…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RoleBadge role={apiKey.role} />
                </Table.Td>
                <Table.Td>
                  <KeyStatus apiKey={apiKey} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{apiKey.lastUsedAt === null ? 'never' : timeAgo(apiKey.lastUsedAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{apiKey.expiresAt === null ? 'never' : dateTime(apiKey.expiresAt)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  {apiKey.revokedAt === null && (
                    <ConfirmButton
                      title="Revoke this key?"
                      message={`Anything using “${apiKey.name}” gets 401 from now on. This cannot be undone.`}
                      confirmLabel="Revoke"
                      onConfirm={() => revoke(apiKey)}
                    >
                      Revoke
                    </ConfirmButton>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          API keys
        </Title>
        <Text c="dimmed" size="sm">
          A key acts in this project only, with its role (never owner). The secret is shown once.
        </Text>
      </div>
      <CreateKeyForm projectId={project.id} myRole={project.role} onCreated={setCreated} />
      <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
        <Group justify="flex-end" mb="xs">
          <Switch
            label="Show revoked"
            checked={includeRevoked}
            onChange={(e) => setIncludeRevoked(e.currentTarget.checked)}
          />
        </Group>
        {body}
        {list.hasNextPage && (
          <Group justify="center" mt="sm">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Paper>
      <NewKeyModal created={created} onClose={() => setCreated(null)} />
    </Stack>
  );
}
