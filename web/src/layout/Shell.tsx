import {
  Anchor,
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, matchPath, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/problem';
import { atLeast } from '../api/types';
import { useAuth } from '../auth/useAuth';
import { ErrorState, Loading } from '../components/states';
import { ActivityFeed } from '../features/activity/ActivityFeed';
import { useProjectQuery } from '../features/projects/queries';
import { LiveProvider } from '../live/LiveProvider';
import { projectSections, sectionGroups } from '../sections';
import { NotFoundContent } from './NotFoundPage';
import { ProjectProvider } from './ProjectContext';
import { ProjectSwitcher } from './ProjectSwitcher';

function Logo() {
  return (
    <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="CommandCenter home">
      <Group gap={8} wrap="nowrap">
        <img src="/favicon.svg" width={26} height={26} alt="" />
        <Text fw={700} size="lg" visibleFrom="xs">
          CommandCenter
        </Text>
      </Group>
    </Anchor>
  );
}

function UserMenu() {
  const auth = useAuth();
  const navigate = useNavigate();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  if (auth.status !== 'authenticated') return null;
  const { user } = auth;
  const initials = user.displayName
    .split(/\s+/)
    .map((word) => word[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu position="bottom-end" withinPortal width={240}>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size={32} color="blue">
              {initials}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>
              {user.displayName}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as
          <Text size="sm" c="bright" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        {user.isAdmin && (
          <Menu.Item component={Link} to="/admin/users" data-testid="nav-admin-users">
            Users (administration)
          </Menu.Item>
        )}
        <Menu.Item onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
          {scheme === 'dark' ? 'Light theme' : 'Dark theme'}
        </Menu.Item>
        <Menu.Item component="a" href="/docs" target="_blank" rel="noreferrer">
          API documentation
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => navigate('/logout')} data-testid="sign-out">
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function ProjectNav({ projectId, role, onNavigate }: { projectId: string; role: string; onNavigate: () => void }) {
  const location = useLocation();
  const base = `/projects/${projectId}`;
  return (
    <Stack gap={2} component="nav" aria-label="Project">
      {sectionGroups.map(({ group, label }) => {
        const entries = projectSections.filter(
          (section) => section.group === group && (section.minRole === undefined || atLeast(role, section.minRole)),
        );
        if (entries.length === 0) return null;
        return (
          <Box key={group} mb={6}>
            {label !== '' && (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
                {label}
              </Text>
            )}
            {entries.map((section) => {
              const to = section.path === '' ? base : `${base}/${section.path}`;
              const active =
                section.path === ''
                  ? location.pathname === base || location.pathname === `${base}/`
                  : location.pathname.startsWith(to);
              return (
                <NavLink
                  key={section.key}
                  component={Link}
                  to={to}
                  label={section.label}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={onNavigate}
                  data-testid={`nav-${section.key}`}
                  rightSection={
                    section.page === undefined ? (
                      <Badge size="xs" variant="light" color="gray" tt="none">
                        soon
                      </Badge>
                    ) : undefined
                  }
                />
              );
            })}
          </Box>
        );
      })}
    </Stack>
  );
}

/**
 * The signed-in frame: header (logo, project switcher, account menu), the project navigation (a burger drawer on
 * phones) and, on wide screens inside a project, the live activity panel.
 */
export function Shell() {
  const location = useLocation();
  const projectId = matchPath('/projects/:projectId/*', location.pathname)?.params.projectId;
  const [opened, { toggle, close }] = useDisclosure(false);
  const project = useProjectQuery(projectId);
  const inProject = projectId !== undefined;
  const projectLoaded = inProject && project.isSuccess;
  const notFound = inProject && project.error instanceof ApiError && [400, 404, 422].includes(project.error.status);

  let main: React.ReactNode = <Outlet />;
  if (inProject) {
    if (project.isPending) main = <Loading label="Loading project…" />;
    else if (notFound) main = <NotFoundContent what="project" />;
    else if (project.isError)
      main = (
        <ErrorState title="Could not load the project" error={project.error} retry={() => void project.refetch()} />
      );
  }

  const shell = (
    <AppShell
      header={{ height: 60 }}
      navbar={
        projectLoaded
          ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }
          : { width: 0, breakpoint: 'sm', collapsed: { mobile: true, desktop: true } }
      }
      aside={projectLoaded ? { width: 340, breakpoint: 'lg', collapsed: { mobile: true } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {projectLoaded && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle navigation"
                data-testid="burger"
              />
            )}
            <Logo />
            <Box visibleFrom="sm">
              <ProjectSwitcher projectId={projectId} />
            </Box>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      {projectLoaded && (
        <AppShell.Navbar p="xs" data-testid="project-navbar">
          <AppShell.Section hiddenFrom="sm" pb="xs">
            <ProjectSwitcher projectId={projectId} onNavigate={close} />
            <Divider mt="sm" />
          </AppShell.Section>
          <AppShell.Section grow component={ScrollArea}>
            <Text fw={700} px="sm" pb={4} truncate data-testid="current-project">
              {project.data.name}
            </Text>
            <ProjectNav projectId={projectId} role={project.data.role} onNavigate={close} />
          </AppShell.Section>
        </AppShell.Navbar>
      )}
      <AppShell.Main>
        <Box maw={1200} mx="auto">
          {main}
        </Box>
      </AppShell.Main>
      {projectLoaded && (
        <AppShell.Aside p="md">
          <ActivityFeed projectId={projectId} height="100%" />
        </AppShell.Aside>
      )}
    </AppShell>
  );

  if (projectLoaded) {
    return (
      <ProjectProvider project={project.data}>
        <LiveProvider key={projectId} projectId={projectId}>
          {shell}
        </LiveProvider>
      </ProjectProvider>
    );
  }
  return shell;
}
