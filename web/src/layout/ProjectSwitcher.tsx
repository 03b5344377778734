import { Select } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import { useProjectsList } from '../features/projects/queries';

const NEW_PROJECT = '__new__';
const ALL_PROJECTS = '__all__';

/** Jumps between projects, keeping the section (members, jobs…) when switching. */
export function ProjectSwitcher({ projectId, onNavigate }: { projectId: string | undefined; onNavigate?: () => void }) {
  const projects = useProjectsList();
  const navigate = useNavigate();
  const location = useLocation();
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];
  const section = projectId === undefined ? '' : location.pathname.split('/').slice(3).join('/');

  return (
    <Select
      aria-label="Switch project"
      data-testid="project-switcher"
      placeholder={projects.isPending ? 'Loading projects…' : 'Choose a project'}
      value={projectId ?? null}
      searchable
      nothingFoundMessage="No project matches"
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      w={{ base: '100%', sm: 260 }}
      data={[
        ...items.map((project) => ({ value: project.id, label: project.name })),
        { value: ALL_PROJECTS, label: 'All projects…' },
        { value: NEW_PROJECT, label: '+ New project' },
      ]}
      onChange={(value) => {
        if (value === null) return;
        onNavigate?.();
        if (value === ALL_PROJECTS) navigate('/');
        else if (value === NEW_PROJECT) navigate('/?new=1');
        else navigate(`/projects/${value}${section === '' ? '' : `/${section}`}`);
      }}
      error={projects.isError ? 'Could not load projects' : undefined}
    />
  );
}
