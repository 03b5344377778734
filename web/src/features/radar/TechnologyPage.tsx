import { Anchor, Badge, Box, Breadcrumbs, Group, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { atLeast } from '../../api/types';
import { Field } from '../../components/Field';
import { dateTime, timeAgo } from '../../components/format';
import { Markdown } from '../../components/Markdown';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { NotFoundContent } from '../../layout/NotFoundPage';
import { useProject } from '../../layout/ProjectContext';
import { ProposalStatusBadge } from './ProposalsPage';
import {
  type HistoryEntry,
  type Technology,
  useHistory,
  usePeople,
  useProposals,
  useRadars,
  useRelations,
  useResearchTasks,
  useTechnology,
} from './queries';
import { RichText } from './RichText';
import {
  AddRelationForm,
  DeleteTechnologyButton,
  EditTechnologyButton,
  RemoveRelationButton,
} from './TechnologyEditing';

const RELATION_TEXT: Record<string, { outgoing: string; incoming: string }> = {
  alternative_to: { outgoing: 'Alternative to', incoming: 'Alternative to' },
  depends_on: { outgoing: 'Depends on', incoming: 'Needed by' },
  replaces: { outgoing: 'Replaces', incoming: 'Replaced by' },
  related_to: { outgoing: 'Related to', incoming: 'Related to' },
};

function link(url: string | null) {
  if (!url) return null;
  return (
    <Anchor href={url} target="_blank" rel="noreferrer noopener" size="sm">
      {url.replace(/^https?:\/\//, '')}
    </Anchor>
  );
}

function Fields({ technology }: { technology: Technology }) {
  const number = (value: number | null, unit = '') => (value === null ? null : `${value.toLocaleString()}${unit}`);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md" verticalSpacing="sm" data-testid="technology-fields">
      <Field label="Status">{technology.status}</Field>
      <Field label="Vendor">{technology.vendor}</Field>
      <Field label="Domain">{technology.domain}</Field>
      <Field label="Priority">{`${technology.priority} / 5`}</Field>
      <Field label="Relevance">{`${technology.relevance} / 100`}</Field>
      <Field label="Maturity">{technology.maturity}</Field>
      <Field label="Cost tier">{technology.costTier}</Field>
      <Field label="Monthly cost">{number(technology.monthlyCost)}</Field>
      <Field label="Integration">
        {[
          technology.integrationDifficulty?.replace('_', ' '),
          technology.integrationEstimateDays === null ? undefined : `${technology.integrationEstimateDays} days`,
        ]
          .filter((part) => part !== undefined)
          .join(' · ')}
      </Field>
      <Field label="Stability">{number(technology.stabilityScore, ' / 100')}</Field>
      <Field label="Latency">{number(technology.latencyMs, ' ms')}</Field>
      <Field label="Throughput">{number(technology.throughputQps, ' qps')}</Field>
      <Field label="GitHub stars">{number(technology.githubStars)}</Field>
      <Field label="Last commit">{technology.lastCommitAt ? dateTime(technology.lastCommitAt) : null}</Field>
      <Field label="Documentation">{link(technology.documentationUrl)}</Field>
      <Field label="Repository">{link(technology.repositoryUrl)}</Field>
      <Field label="Website">{link(technology.websiteUrl)}</Field>
      <Field label="Updated">{dateTime(technology.updatedAt)}</Field>
    </SimpleGrid>
  );
}

function describeEntry(entry: HistoryEntry): string {
  const ring = (segment: HistoryEntry['toRing']) => segment?.name ?? '—';
  if (entry.kind === 'placed') return `Placed in ${ring(entry.toRing)} · ${entry.toQuadrant?.name ?? ''}`;
  if (entry.kind === 'removed') return `Removed from ${ring(entry.fromRing)}`;
  const parts: string[] = [];
  if (entry.fromRing?.id !== entry.toRing?.id) parts.push(`${ring(entry.fromRing)} → ${ring(entry.toRing)}`);
  if (entry.fromQuadrant?.id !== entry.toQuadrant?.id) {
    parts.push(`${entry.fromQuadrant?.name ?? '—'} → ${entry.toQuadrant?.name ?? '—'}`);
  }
  return `Moved ${parts.join(', ') || 'within its band'}`;
}

function HistoryTimeline({ projectId, technologyId }: { projectId: string; technologyId: string }) {
  const history = useHistory(projectId, technologyId);
  const person = usePeople(projectId);
  if (history.isPending) return <Loading label="Loading history…" />;
  if (history.isError) return <ErrorState error={history.error} retry={() => void history.refetch()} />;
  if (history.data.length === 0)
    return <EmptyState title="No history yet">Placements and moves show up here.</EmptyState>;
  const items = [...history.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Timeline active={0} bulletSize={14} lineWidth={2} data-testid="history-timeline">
      {items.map((entry) => (
        <Timeline.Item
          key={entry.id}
          title={
            <Text size="sm" fw={600}>
              {describeEntry(entry)}
            </Text>
          }
          data-testid="history-entry"
          data-kind={entry.kind}
        >
          {entry.rationale && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="history-rationale">
              {entry.rationale}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={2}>
            {entry.radarName} · {timeAgo(entry.createdAt)} · {person(entry.actorUserId ?? entry.actor)}
            {entry.proposalId ? ' · via proposal' : ''}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Relations({
  projectId,
  technologyId,
  canEdit,
}: {
  projectId: string;
  technologyId: string;
  canEdit: boolean;
}) {
  const relations = useRelations(projectId, technologyId);
  if (relations.isPending) return <Loading label="Loading relations…" />;
  if (relations.isError) return <ErrorState error={relations.error} retry={() => void relations.refetch()} />;
  const items = relations.data.items;
  return (
    <Stack gap={4} data-testid="relations">
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          No relations.
        </Text>
      )}
      {items.map((relation) => (
        <Group key={relation.id} gap={6} data-testid="relation" data-kind={relation.kind}>
          <Badge size="sm" variant="light" color="gray" tt="none">
            {RELATION_TEXT[relation.kind]?.[relation.direction] ?? relation.kind}
          </Badge>
          <Anchor component={Link} to={`/projects/${projectId}/radar/technologies/${relation.technology.id}`} size="sm">
            {relation.technology.title}
          </Anchor>
          {canEdit && <RemoveRelationButton projectId={projectId} technologyId={technologyId} relation={relation} />}
        </Group>
      ))}
      {canEdit && <AddRelationForm projectId={projectId} technologyId={technologyId} />}
    </Stack>
  );
}

function ResearchTasks({ projectId, technologyId }: { projectId: string; technologyId: string }) {
  const tasks = useResearchTasks(projectId, technologyId);
  if (tasks.isPending) return <Loading label="Loading research…" />;
  if (tasks.isError) return <ErrorState error={tasks.error} retry={() => void tasks.refetch()} />;
  if (tasks.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No research tasks are linked.
      </Text>
    );
  return (
    <Stack gap={4} data-testid="research-tasks">
      {tasks.data.items.map((task) => (
        <Group key={task.id} gap={6} justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={`/projects/${projectId}/research/tasks/${task.id}`} size="sm" lineClamp={1}>
            {task.title}
          </Anchor>
          <Group gap={4} wrap="nowrap">
            {task.verdict && (
              <Badge size="xs" variant="light" tt="none">
                {task.verdict}
              </Badge>
            )}
            <Badge size="xs" variant="outline" color="gray" tt="none">
              {task.status.replace('_', ' ')}
            </Badge>
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

function Proposals({ projectId, technologyId }: { projectId: string; technologyId: string }) {
  const proposals = useProposals(projectId, { technologyId });
  if (proposals.isPending) return <Loading label="Loading proposals…" />;
  if (proposals.isError) return <ErrorState error={proposals.error} retry={() => void proposals.refetch()} />;
  if (proposals.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No proposals.
      </Text>
    );
  return (
    <Stack gap={6} data-testid="technology-proposals">
      {proposals.data.map((proposal) => (
        <Box key={proposal.id}>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text size="sm" fw={500}>
              {proposal.fromRing.name} → {proposal.toRing.name}
            </Text>
            <ProposalStatusBadge status={proposal.status} stale={proposal.stale} />
          </Group>
          <Text size="xs" c="dimmed" lineClamp={2}>
            {proposal.rationale}
          </Text>
        </Box>
      ))}
      <Anchor component={Link} to={`/projects/${projectId}/radar/proposals`} size="xs">
        All proposals →
      </Anchor>
    </Stack>
  );
}

export function TechnologyPage() {
  const project = useProject();
  const { technologyId = '' } = useParams();
  const technology = useTechnology(project.id, technologyId);
  const radars = useRadars(project.id);

  if (technology.isPending) return <Loading label="Loading technology…" />;
  if (technology.isError) {
    if (technology.error instanceof ApiError && [400, 404, 422].includes(technology.error.status)) {
      return <NotFoundContent what="technology" />;
    }
    return <ErrorState error={technology.error} retry={() => void technology.refetch()} />;
  }
  const data = technology.data;
  const canEdit = atLeast(project.role, 'member');
  const placements = data.blips.map((blip) => {
    const radar = radars.data?.find((candidate) => candidate.id === blip.radarId);
    return {
      ...blip,
      radarName: radar?.name ?? 'Radar',
      ring: radar?.rings.find((ring) => ring.id === blip.ringId)?.name ?? blip.ringId,
      quadrant: radar?.quadrants.find((quadrant) => quadrant.id === blip.quadrantId)?.name ?? blip.quadrantId,
    };
  });

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${project.id}/radar`} size="sm">
          Radar
        </Anchor>
        <Text size="sm">{data.title}</Text>
      </Breadcrumbs>
      <Paper withBorder radius="md" p="lg">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1} size="h2" data-testid="technology-title">
              {data.title}
            </Title>
            <Group gap={6} mt={6}>
              {placements.map((placement) => (
                <Badge
                  key={placement.id}
                  variant="light"
                  tt="none"
                  component={Link}
                  to={`/projects/${project.id}/radar?radar=${placement.radarId}&blip=${data.id}`}
                  style={{ cursor: 'pointer' }}
                  data-testid="technology-placement"
                >
                  {placement.radarName}: {placement.ring} · {placement.quadrant}
                </Badge>
              ))}
              {placements.length === 0 && (
                <Badge variant="light" color="gray" tt="none">
                  not on a radar
                </Badge>
              )}
            </Group>
          </div>
          <Stack gap={6} align="flex-end">
            {canEdit && (
              <Group gap={4}>
                <EditTechnologyButton projectId={project.id} technology={data} />
                <DeleteTechnologyButton projectId={project.id} technology={data} />
              </Group>
            )}
            <Group gap={4}>
              {data.tags.map((tag) => (
                <Badge key={tag} variant="dot" color="gray" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Group>
        <Box mt="md" data-testid="technology-description">
          <RichText source={data.description} empty="No description yet." />
        </Box>
        {data.useCases !== '' && (
          <Box mt="md">
            <Text size="xs" c="dimmed" fw={600}>
              Use cases
            </Text>
            <Markdown source={data.useCases} />
          </Box>
        )}
        {data.notes !== '' && (
          <Box mt="md">
            <Text size="xs" c="dimmed" fw={600}>
              Notes
            </Text>
            <Markdown source={data.notes} />
          </Box>
        )}
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Title order={2} size="h4" mb="sm">
          Details
        </Title>
        <Fields technology={data} />
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="lg">
          <Title order={2} size="h4" mb="sm">
            History
          </Title>
          <HistoryTimeline projectId={project.id} technologyId={data.id} />
        </Paper>
        <Stack gap="lg">
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h4" mb="sm">
              Proposals
            </Title>
            <Proposals projectId={project.id} technologyId={data.id} />
          </Paper>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h4" mb="sm">
              Research tasks
            </Title>
            <ResearchTasks projectId={project.id} technologyId={data.id} />
          </Paper>
          <Paper withBorder radius="md" p="lg">
            <Title order={2} size="h4" mb="sm">
              Relations
            </Title>
            <Relations projectId={project.id} technologyId={data.id} canEdit={canEdit} />
          </Paper>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
