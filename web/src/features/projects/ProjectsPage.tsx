import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { RoleBadge } from '../../components/badges';
import { timeAgo } from '../../components/format';
import { useFormErrors } from '../../components/forms';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useCreateProject } from './mutations';
import { useProjectsList } from './queries';

const FIELDS = ['name', 'slug', 'description'] as const;

function CreateProjectForm({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [description, setDescription] = useState('');
  const { errors, fromError, clear } = useFormErrors(FIELDS);
  const create = useCreateProject();
  function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    create.mutate(
      {
        name,
        ...(slug.trim() === '' ? {} : { slug: slug.trim() }),
        ...(description === '' ? {} : { description }),
      },
      {
        onSuccess: (project) => {
          notifications.show({ color: 'green', title: 'Project created', message: project.name });
          onDone();
          navigate(`/projects/${project.id}`);
        },
        onError: fromError,
      },
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="create-project-form">
      <Stack gap="sm">
        <TextInput
          label="Name"
          name="name"
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.fields.name}
        />
        <TextInput
          label="Slug"
          name="slug"
          description="Lower-case letters, digits and dashes; derived from the name if empty"
          value={slug}
          onChange={(e) => setSlug(e.currentTarget.value)}
          error={errors.fields.slug}
        />
        <Textarea
          label="Description"
          name="description"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.fields.description}
        />
        {errors.form !== undefined && (
          <Alert color="red" variant="light" role="alert">
            {errors.form}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create project
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Home when signed in: the projects I belong to, and creating one. */
export function ProjectsPage() {
  const projects = useProjectsList();
  const [params, setParams] = useSearchParams();
  const creating = params.get('new') === '1';
  const phone = useMediaQuery('(max-width: 36em)');
  const setCreating = (open: boolean) => setParams(open ? { new: '1' } : {}, { replace: true });
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];

  let body: React.ReactNode;
  if (projects.isPending) body = <Loading label="Loading projects…" />;
  else if (projects.isError) body = <ErrorState error={projects.error} retry={() => void projects.refetch()} />;
  else if (items.length === 0)
    body = (
      <EmptyState
        title="No projects yet"
        action={
          <Button onClick={() => setCreating(true)} mt="xs">
            Create your first project
          </Button>
        }
      >
        A project holds a team's radar, research, repositories and knowledge. Create one, then invite people.
      </EmptyState>
    );
  else
    body = (
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="project-list">
          {items.map((project) => (
            <Card key={project.id} withBorder radius="md" padding="lg" component={Link} to={`/projects/${project.id}`}>
              <Group justify="space-between" wrap="nowrap" mb={4}>
                <Text fw={600} truncate>
                  {project.name}
                </Text>
                <RoleBadge role={project.role} />
              </Group>
              <Text size="xs" c="dimmed" ff="monospace">
                {project.slug}
              </Text>
              <Text size="sm" c="dimmed" mt="xs" lineClamp={2}>
                {project.description || 'No description'}
              </Text>
              <Text size="xs" c="dimmed" mt="sm">
                Updated {timeAgo(project.updatedAt)}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
        {projects.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void projects.fetchNextPage()}
              loading={projects.isFetchingNextPage}
            >
              Load more
            </Button>
          </Group>
        )}
      </Stack>
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            Projects
          </Title>
          <Text c="dimmed" size="sm">
            Projects you are a member of.{' '}
            <Anchor href="/docs" size="sm" target="_blank" rel="noreferrer">
              API docs
            </Anchor>
          </Text>
        </div>
        {items.length > 0 && (
          <Button onClick={() => setCreating(true)} data-testid="new-project">
            New project
          </Button>
        )}
      </Group>
      {body}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New project" fullScreen={phone === true}>
        <CreateProjectForm onDone={() => setCreating(false)} />
      </Modal>
    </Stack>
  );
}
