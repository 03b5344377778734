import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/problem';
import { atLeast } from '../../api/types';
import { useAuth } from '../../auth/useAuth';
import { ConfirmButton } from '../../components/ConfirmButton';
import { timeAgo } from '../../components/format';
import { Markdown } from '../../components/Markdown';
import { ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { Section } from './components';
import { useAddComment, useDeleteComment } from './mutations';
import { type useMembers, useTaskComments } from './queries';
import type { ResearchTask } from './types';

export function TaskComments({
  task,
  canEdit,
  members,
}: {
  task: ResearchTask;
  canEdit: boolean;
  members: ReturnType<typeof useMembers>;
}) {
  const project = useProject();
  const auth = useAuth();
  const me = auth.status === 'authenticated' ? auth.user.id : undefined;
  const isAdmin = atLeast(project.role, 'admin');
  const comments = useTaskComments(project.id, task.id);
  const [body, setBody] = useState('');
  const add = useAddComment(project.id, task.id);
  const deleteComment = useDeleteComment(project.id, task.id);
  const submit = () =>
    add.mutate(body.trim(), {
      onSuccess: () => setBody(''),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Comment not added', message: describeError(error) }),
    });
  const remove = (commentId: string) =>
    deleteComment.mutateAsync(commentId).catch((error: unknown) => {
      notifications.show({ color: 'red', title: 'Comment not deleted', message: describeError(error) });
      throw error;
    });
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section title={`Comments (${task.commentCount})`} testId="comments">
      <Stack gap="sm">
        {comments.isPending && <Loading label="Loading comments…" />}
        {comments.isError && <ErrorState error={comments.error} retry={() => void comments.refetch()} />}
        {comments.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            No comments yet.
          </Text>
        )}
        {items.map((comment) => (
          <Paper key={comment.id} withBorder radius="sm" p="xs" data-testid="comment">
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                {comment.authorId === me ? 'You' : members.nameOf(comment.authorId)} · {timeAgo(comment.createdAt)}
              </Text>
              {canEdit && (comment.authorId === me || isAdmin) && (
                <ConfirmButton
                  size="compact-xs"
                  title="Delete comment"
                  message="Delete this comment?"
                  confirmLabel="Delete"
                  onConfirm={() => remove(comment.id)}
                  data-testid="comment-delete"
                >
                  Delete
                </ConfirmButton>
              )}
            </Group>
            <Markdown source={comment.body} />
          </Paper>
        ))}
        {comments.hasNextPage && (
          <Button size="compact-xs" variant="subtle" onClick={() => void comments.fetchNextPage()}>
            Older comments
          </Button>
        )}
        {canEdit && (
          <Stack gap="xs">
            <Textarea
              aria-label="Comment"
              placeholder="Add a comment (markdown)"
              autosize
              minRows={2}
              maxLength={10_000}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              data-testid="comment-input"
            />
            <Group>
              <Button
                size="xs"
                variant="light"
                onClick={submit}
                disabled={body.trim() === ''}
                loading={add.isPending}
                data-testid="comment-submit"
              >
                Comment
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Section>
  );
}
