import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Collapse,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../../api/problem';
import { atLeast } from '../../api/types';
import { useAuth } from '../../auth/useAuth';
import { timeAgo } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { useCommentProposal, useDecideProposal, useWithdrawProposal } from './mutations';
import { type Proposal, usePeople, useProposalComments, useProposals } from './queries';

const STATUS_COLOR: Record<string, string> = { open: 'blue', approved: 'green', rejected: 'red', withdrawn: 'gray' };

export function ProposalStatusBadge({ status, stale }: { status: string; stale?: boolean }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge size="sm" variant="light" color={STATUS_COLOR[status] ?? 'gray'} tt="none" data-testid="proposal-status">
        {status}
      </Badge>
      {stale && status === 'open' && (
        <Tooltip label="The blip moved since this was proposed; it can no longer be approved">
          <Badge size="sm" variant="outline" color="orange" tt="none">
            stale
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function Comments({ projectId, proposal }: { projectId: string; proposal: Proposal }) {
  const [body, setBody] = useState('');
  const person = usePeople(projectId);
  const comments = useProposalComments(projectId, proposal.id);
  const add = useCommentProposal(projectId, proposal.id);
  const submit = () =>
    add.mutate(
      { body: body.trim() },
      {
        onSuccess: () => setBody(''),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Comment not added', message: describeError(error) }),
      },
    );
  return (
    <Stack gap="xs" pt="xs">
      {comments.isPending && <Loading label="Loading comments…" />}
      {comments.isError && <ErrorState error={comments.error} retry={() => void comments.refetch()} />}
      {comments.data?.items.length === 0 && (
        <Text size="xs" c="dimmed">
          No comments yet.
        </Text>
      )}
      {comments.data?.items.map((comment) => (
        <div key={comment.id}>
          <Text size="xs" c="dimmed">
            {person(comment.authorId ?? comment.author)} · {timeAgo(comment.createdAt)}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {comment.body}
          </Text>
        </div>
      ))}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          aria-label="Comment"
          placeholder="Add a comment"
          autosize
          minRows={1}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button size="xs" variant="light" onClick={submit} disabled={body.trim() === ''} loading={add.isPending}>
          Comment
        </Button>
      </Group>
    </Stack>
  );
}

function ProposalCard({
  projectId,
  proposal,
  canDecide,
  me,
}: {
  projectId: string;
  proposal: Proposal;
  canDecide: boolean;
  me: string | undefined;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [showComments, setShowComments] = useState(false);
  const mine = me !== undefined && proposal.proposedBy === me;
  const person = usePeople(projectId);
  const decideMutation = useDecideProposal(projectId, proposal.id);
  const withdrawMutation = useWithdrawProposal(projectId, proposal.id);
  const decide = (decision: 'approve' | 'reject') =>
    decideMutation.mutate(
      { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      {
        onSuccess: (updated) => {
          setError(undefined);
          setComment('');
          notifications.show({
            color: updated.status === 'approved' ? 'green' : 'gray',
            message: `${proposal.technologyTitle}: proposal ${updated.status}`,
          });
        },
        onError: (failure) => setError(describeError(failure)),
      },
    );
  const withdraw = () => withdrawMutation.mutate(undefined, { onError: (failure) => setError(describeError(failure)) });
  const open = proposal.status === 'open';
  const quadrantChange = proposal.fromQuadrant.id !== proposal.toQuadrant.id;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="proposal-card"
      data-status={proposal.status}
      data-technology={proposal.technologyTitle}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/projects/${projectId}/radar/technologies/${proposal.technologyId}`} fw={600}>
            {proposal.technologyTitle}
          </Anchor>
          <Text size="sm">
            {proposal.fromRing.name} → <b>{proposal.toRing.name}</b>
            {quadrantChange ? ` · ${proposal.fromQuadrant.name} → ${proposal.toQuadrant.name}` : ''}
          </Text>
        </div>
        <ProposalStatusBadge status={proposal.status} stale={proposal.stale} />
      </Group>
      <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
        {proposal.rationale}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        Proposed {timeAgo(proposal.createdAt)} by {mine ? 'you' : person(proposal.proposedBy ?? proposal.proposer)}
        {proposal.decidedAt
          ? ` · ${proposal.status} ${timeAgo(proposal.decidedAt)} by ${person(proposal.decidedBy ?? proposal.decider)}`
          : ''}
      </Text>
      {proposal.decisionComment && (
        <Text size="sm" mt={4} fs="italic">
          “{proposal.decisionComment}”
        </Text>
      )}
      {open && canDecide && !mine && (
        <Stack gap="xs" mt="sm">
          <Textarea
            aria-label="Decision comment"
            placeholder="Comment (required to reject)"
            autosize
            minRows={1}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            data-testid="decision-comment"
          />
          <Group gap="xs">
            <Button
              size="xs"
              color="green"
              onClick={() => decide('approve')}
              loading={decideMutation.isPending && decideMutation.variables.decision === 'approve'}
              disabled={proposal.stale}
              data-testid="approve"
            >
              Approve
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => (comment.trim() === '' ? setError('Say why you reject it.') : decide('reject'))}
              loading={decideMutation.isPending && decideMutation.variables.decision === 'reject'}
              data-testid="reject"
            >
              Reject
            </Button>
          </Group>
        </Stack>
      )}
      {open && mine && (
        <Group gap="xs" mt="sm">
          <Text size="xs" c="dimmed" data-testid="own-proposal-note">
            You made this proposal: someone else decides it.
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            onClick={withdraw}
            loading={withdrawMutation.isPending}
          >
            Withdraw
          </Button>
        </Group>
      )}
      {error !== undefined && (
        <Alert color="red" variant="light" mt="xs" role="alert">
          {error}
        </Alert>
      )}
      <Button
        size="compact-xs"
        variant="subtle"
        mt="xs"
        onClick={() => setShowComments((value) => !value)}
        aria-expanded={showComments}
      >
        {showComments ? 'Hide comments' : `Comments (${proposal.commentCount})`}
      </Button>
      <Collapse expanded={showComments}>
        {showComments && <Comments projectId={projectId} proposal={proposal} />}
      </Collapse>
    </Paper>
  );
}

const FILTERS = ['open', 'approved', 'rejected', 'withdrawn', 'all'] as const;

/** The proposals inbox: open ones first; admins approve or reject, nobody decides their own. */
export function ProposalsPage() {
  const project = useProject();
  const auth = useAuth();
  const me = auth.status === 'authenticated' ? auth.user.id : undefined;
  const [params, setParams] = useSearchParams();
  const status = (FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as (typeof FILTERS)[number])
    : 'open';
  const proposals = useProposals(project.id, status === 'all' ? {} : { status });
  const canDecide = atLeast(project.role, 'admin');

  let body: React.ReactNode;
  if (proposals.isPending) body = <Loading label="Loading proposals…" />;
  else if (proposals.isError) body = <ErrorState error={proposals.error} retry={() => void proposals.refetch()} />;
  else if (proposals.data.length === 0)
    body = (
      <EmptyState title={status === 'open' ? 'Nothing to decide' : 'No proposals here'}>
        Members propose ring changes from a blip on the radar; they wait here for an admin.
      </EmptyState>
    );
  else
    body = (
      <Stack gap="sm" data-testid="proposals-list">
        {proposals.data.map((proposal) => (
          <ProposalCard key={proposal.id} projectId={project.id} proposal={proposal} canDecide={canDecide} me={me} />
        ))}
      </Stack>
    );

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to={`/projects/${project.id}/radar`} size="sm">
          Radar
        </Anchor>
        <Text size="sm">Proposals</Text>
      </Breadcrumbs>
      <div>
        <Title order={1} size="h2">
          Proposals
        </Title>
        <Text c="dimmed" size="sm">
          {canDecide
            ? 'Ring changes waiting for a decision. Approving moves the blip and records the rationale.'
            : 'Ring changes proposed in this project; admins decide them.'}
        </Text>
      </div>
      <SegmentedControl
        value={status}
        onChange={(value) => setParams(value === 'open' ? {} : { status: value }, { replace: true })}
        data={FILTERS.map((value) => ({ value, label: value }))}
        style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
        size="xs"
        data-testid="proposal-filter"
      />
      {body}
    </Stack>
  );
}
