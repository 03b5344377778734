import { Anchor, Select, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { atLeast } from '../../api/types';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useQueryParams } from '../../components/useQueryParams';
import { useProject } from '../../layout/ProjectContext';
import { useRadars } from './queries';
import { ShareLinks } from './ShareLinks';

/** Read-only public links to a radar or a volume, for Backstage's tech radar and BYOR pages. */
export function SharePage() {
  const project = useProject();
  const params = useQueryParams();
  const radars = useRadars(project.id);
  const radar =
    radars.data?.find((item) => item.id === params.get('radar')) ??
    radars.data?.find((item) => item.isDefault) ??
    radars.data?.[0];
  let body: React.ReactNode;
  if (!atLeast(project.role, 'admin'))
    body = <EmptyState title="Admins only">Share links are created and revoked by project admins.</EmptyState>;
  else if (radars.isPending) body = <Loading label="Loading radars…" />;
  else if (radars.isError) body = <ErrorState title="Could not load the radars" error={radars.error} />;
  else if (radar === undefined) body = <EmptyState title="No radar yet" />;
  else
    body = (
      <>
        <Select
          label="Radar"
          data={(radars.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          value={radar.id}
          onChange={(value) => value !== null && params.set({ radar: value })}
          allowDeselect={false}
          w={280}
        />
        <ShareLinks projectId={project.id} radarId={radar.id} />
      </>
    );
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Share the radar
        </Title>
        <Text c="dimmed" size="sm">
          A share link lets a tool you already run, such as Backstage's tech radar or a Build Your Own Radar page, read
          this radar (or one volume) without an account. It opens nothing else, and you can revoke it at any time.{' '}
          <Anchor component={Link} to={`/projects/${project.id}/radar${radar ? `?radar=${radar.id}` : ''}`}>
            Back to the radar
          </Anchor>
        </Text>
      </div>
      {body}
    </Stack>
  );
}
