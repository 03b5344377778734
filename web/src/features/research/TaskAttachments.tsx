import { Alert, Anchor, Button, FileButton, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../../api/problem';
import { ConfirmButton } from '../../components/ConfirmButton';
import { timeAgo } from '../../components/format';
import { ErrorState, Loading } from '../../components/states';
import { useProject } from '../../layout/ProjectContext';
import { Section } from './components';
import { formatBytes } from './model';
import { useDeleteAttachment, useUploadAttachment } from './mutations';
import { downloadAttachment, type useMembers, useTaskAttachments } from './queries';
import type { ResearchTask } from './types';

export function TaskAttachments({
  task,
  canEdit,
  members,
}: {
  task: ResearchTask;
  canEdit: boolean;
  members: ReturnType<typeof useMembers>;
}) {
  const project = useProject();
  const attachments = useTaskAttachments(project.id, task.id);
  const [error, setError] = useState<string | undefined>();
  const upload = useUploadAttachment(project.id, task.id);
  const deleteAttachment = useDeleteAttachment(project.id, task.id);
  const items = attachments.data?.pages.flatMap((page) => page.items) ?? [];
  const uploadFile = (file: File) => {
    setError(undefined);
    upload.mutate(file, {
      onSuccess: () => notifications.show({ color: 'green', message: 'File attached' }),
      onError: (failure) => setError(describeError(failure)),
    });
  };
  const remove = (attachmentId: string) =>
    deleteAttachment.mutateAsync(attachmentId).catch((failure: unknown) => {
      setError(describeError(failure));
      throw failure;
    });
  const download = (attachment: { id: string; filename: string }) =>
    downloadAttachment(project.id, task.id, attachment).catch((failure: unknown) => setError(describeError(failure)));

  return (
    <Section
      title={`Attachments (${task.attachmentCount})`}
      testId="attachments"
      action={
        canEdit ? (
          <FileButton
            onChange={(file) => file && uploadFile(file)}
            inputProps={{ 'data-testid': 'attachment-input' } as React.ComponentProps<'input'>}
          >
            {(props) => (
              <Button size="xs" variant="light" loading={upload.isPending} data-testid="attachment-upload" {...props}>
                Upload a file
              </Button>
            )}
          </FileButton>
        ) : undefined
      }
    >
      {error !== undefined && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          mb="sm"
          data-testid="attachment-error"
          withCloseButton
          onClose={() => setError(undefined)}
        >
          {error}
        </Alert>
      )}
      {attachments.isPending && <Loading label="Loading attachments…" />}
      {attachments.isError && <ErrorState error={attachments.error} retry={() => void attachments.refetch()} />}
      {attachments.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No files yet
          {canEdit ? ': attach papers, benchmarks or screenshots (PDF, images, text, CSV, JSON, ZIP).' : '.'}
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} data-testid="attachment-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Added</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((attachment) => (
                <Table.Tr key={attachment.id} data-testid="attachment" data-filename={attachment.filename}>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => void download(attachment)}
                      data-testid="attachment-download"
                    >
                      {attachment.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {attachment.contentType}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="attachment-size">
                      {formatBytes(attachment.sizeBytes)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {timeAgo(attachment.createdAt)} · {members.nameOf(attachment.uploadedBy)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <ConfirmButton
                        title="Delete attachment"
                        message={`Delete ${attachment.filename}? This cannot be undone.`}
                        confirmLabel="Delete"
                        onConfirm={() => remove(attachment.id)}
                        data-testid="attachment-delete"
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {attachments.hasNextPage && (
        <Button size="compact-xs" variant="subtle" mt="xs" onClick={() => void attachments.fetchNextPage()}>
          Load more
        </Button>
      )}
    </Section>
  );
}
