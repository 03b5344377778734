import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/problem';
import { ConfirmButton } from '../../components/ConfirmButton';
import { dateTime, timeAgo } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useCreateShareLink, useRevokeShareLink } from './mutations';
import { type CreatedShareLink, type ShareLink, useShareLinks, useVolumes } from './queries';

const LIVE = 'live';

/** What each format is for, in the order they are offered. */
const FORMATS: Array<{ format: string; label: string; hint: string }> = [
  { format: 'backstage', label: 'Backstage JSON', hint: "Backstage's tech-radar plugin (techRadar.url)" },
  { format: 'byor-csv', label: 'BYOR CSV', hint: 'Build Your Own Radar: paste the URL as the sheet' },
  { format: 'byor-json', label: 'BYOR JSON', hint: 'Build Your Own Radar (JSON)' },
  { format: 'zalando', label: 'Zalando JSON', hint: "Zalando's tech radar (entries, quadrants, rings)" },
  { format: 'svg', label: 'SVG picture', hint: 'an image to embed in a wiki page' },
];

function UrlRow({ label, hint, url, format }: { label: string; hint: string; url: string; format: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-end">
      <TextInput
        label={label}
        description={hint}
        readOnly
        value={url}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="share-url"
        data-format={format}
        style={{ flex: 1, minWidth: 0 }}
      />
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button color={copied ? 'teal' : 'blue'} onClick={copy} variant="light" aria-label={`Copy the ${label} URL`}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** The URLs of a new link, shown once: only the token's hash is kept, so they cannot be shown again. */
function CreatedShareLinkUrls({ created }: { created: CreatedShareLink }) {
  const backstage = created.urls.backstage;
  const snippet = backstage === undefined ? undefined : `techRadar:\n  url: ${backstage}`;
  const offered = FORMATS.filter((item) => created.urls[item.format] !== undefined);
  const others = Object.keys(created.urls).filter((format) => !FORMATS.some((item) => item.format === format));
  return (
    <Alert color="green" variant="light" title="Share link created" data-testid="share-link-created">
      <Stack gap="sm">
        <Text size="sm">
          Anyone with these URLs can read this radar
          {created.link.volumeName ? ` (volume ${created.link.volumeName})` : ''}, and nothing else, without signing in.
          They are shown only now; revoke the link below to stop them working.
        </Text>
        {offered.map((item) => (
          <UrlRow key={item.format} {...item} url={created.urls[item.format]!} />
        ))}
        {others.map((format) => (
          <UrlRow key={format} format={format} label={format} hint="" url={created.urls[format]!} />
        ))}
        {snippet !== undefined && (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                Backstage app-config.yaml
              </Text>
              <CopyButton value={snippet}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
                    {copied ? 'Copied' : 'Copy snippet'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Code block data-testid="backstage-snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {snippet}
            </Code>
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}

function CreateShareLink({ projectId, radarId }: { projectId: string; radarId: string }) {
  const volumes = useVolumes(projectId, radarId);
  const [label, setLabel] = useState('');
  const [target, setTarget] = useState(LIVE);
  const [created, setCreated] = useState<CreatedShareLink | null>(null);
  const create = useCreateShareLink(projectId, radarId);
  const submit = () =>
    create.mutate(
      { label: label.trim(), volumeId: target === LIVE ? null : target },
      {
        onSuccess: (result) => {
          setCreated(result);
          setLabel('');
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Not created', message: describeError(error) }),
      },
    );
  const options = [
    { value: LIVE, label: 'The live radar (always current)' },
    ...(volumes.data ?? []).map((volume) => ({ value: volume.id, label: `Volume ${volume.name}` })),
  ];
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          New share link
        </Title>
        <form
          data-testid="share-link-form"
          onSubmit={(e) => {
            e.preventDefault();
            setCreated(null);
            submit();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Label"
              description="Who or what it is for, e.g. Backstage"
              name="label"
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              maxLength={200}
              w={260}
            />
            <Select
              label="Share"
              name="target"
              data={options}
              value={target}
              onChange={(value) => value !== null && setTarget(value)}
              allowDeselect={false}
              w={280}
            />
            <Button type="submit" loading={create.isPending} data-testid="create-share-link">
              Create share link
            </Button>
          </Group>
        </form>
        {created !== null && <CreatedShareLinkUrls created={created} />}
      </Stack>
    </Paper>
  );
}

function ShareLinkRow({ link, projectId }: { link: ShareLink; projectId: string }) {
  const revokeLink = useRevokeShareLink(projectId, link.radarId);
  const revoke = async () => {
    try {
      await revokeLink.mutateAsync(link.id);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not revoked', message: describeError(error) });
      throw error;
    }
    notifications.show({ message: `The share link ${link.label || ''} was revoked` });
  };
  return (
    <Table.Tr data-testid="share-link-row" data-status={link.status} data-label={link.label}>
      <Table.Td>
        <Text size="sm">{link.label || '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{link.volumeId === null ? 'Live radar' : `Volume ${link.volumeName ?? ''}`}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" title={dateTime(link.createdAt)}>
          {timeAgo(link.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" title={dateTime(link.lastUsedAt)} data-testid="share-link-last-used">
          {link.lastUsedAt === null ? 'never' : timeAgo(link.lastUsedAt)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        {link.status === 'revoked' ? (
          <Badge color="gray" variant="light" title={dateTime(link.revokedAt)}>
            revoked
          </Badge>
        ) : (
          <ConfirmButton
            title="Revoke the share link?"
            message="Its URLs stop working at once, wherever they are used. This cannot be undone; create a new link instead."
            confirmLabel="Revoke"
            onConfirm={revoke}
            data-testid="revoke-share-link"
          >
            Revoke
          </ConfirmButton>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ShareLinkList({ projectId, radarId }: { projectId: string; radarId: string }) {
  const links = useShareLinks(projectId, radarId);
  if (links.isPending) return <Loading label="Loading share links…" />;
  if (links.isError) return <ErrorState title="Could not load the share links" error={links.error} />;
  if (links.data.items.length === 0)
    return (
      <EmptyState title="No share links yet">Create one to let Backstage or a BYOR page read this radar.</EmptyState>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="share-links">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Label</Table.Th>
            <Table.Th>Shares</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {links.data.items.map((link) => (
            <ShareLinkRow key={link.id} link={link} projectId={projectId} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Share links of a radar: create (URLs shown once, per format), list with last use, revoke. Project admins only. */
export function ShareLinks({ projectId, radarId }: { projectId: string; radarId: string }) {
  return (
    <Stack gap="md" data-testid="share-links-section">
      <CreateShareLink projectId={projectId} radarId={radarId} />
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Share links
          </Title>
          <ShareLinkList projectId={projectId} radarId={radarId} />
        </Stack>
      </Paper>
    </Stack>
  );
}
