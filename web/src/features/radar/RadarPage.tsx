import { Badge, Box, Button, Group, Menu, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { atLeast } from '../../api/types';
import { dateTime, day, plural } from '../../components/format';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useQueryParams } from '../../components/useQueryParams';
import { useProject } from '../../layout/ProjectContext';
import { BlipDrawer, type DrawerItem } from './BlipDrawer';
import { ExportMenu } from './ExportMenu';
import { chartMovement, matchesSearch } from './model';
import { PhoneRadar } from './PhoneRadar';
import { type Radar, useBlips, useProposals, useRadars, useTechnologies, useVolume, useVolumes } from './queries';
import { type ChartBlip, RadarChart, useRadarLayout } from './RadarChart';
import { RadarFilters } from './RadarFilters';
import { RadarLegend } from './RadarLegend';
import { type Entry, MovementKey, RadarTable } from './RadarTable';
import { AddTechnologyButton } from './TechnologyEditing';

const LIVE = 'live';

function pickRadar(radars: Radar[] | undefined, wanted: string): Radar | undefined {
  if (radars === undefined) return undefined;
  return radars.find((radar) => radar.id === wanted) ?? radars.find((radar) => radar.isDefault) ?? radars[0];
}

export function RadarPage() {
  const project = useProject();
  const params = useQueryParams();
  const radars = useRadars(project.id);
  const radar = pickRadar(radars.data, params.get('radar'));
  const volumeId = params.get('volume') || LIVE;
  const view = params.get('view') === 'table' ? 'table' : 'radar';
  const search = params.get('q');
  const [hovered, setHovered] = useState<string | null>(null);
  // Phones (under Mantine's xs breakpoint) get the radar one quadrant at a time, with a list of large tap targets.
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false }) === true;
  const [filtersOpen, filtersToggle] = useDisclosure(false);

  const live = volumeId === LIVE;
  const blips = useBlips(project.id, live ? radar?.id : undefined);
  const volumes = useVolumes(project.id, radar?.id);
  const volume = useVolume(project.id, radar?.id, live ? undefined : volumeId);
  const technologies = useTechnologies(project.id, radar?.id);
  const openProposals = useProposals(project.id, { status: 'open', ...(radar ? { radarId: radar.id } : {}) });

  // Segments: a volume keeps the quadrants and rings it was published with.
  const quadrants = (live ? radar?.quadrants : volume.data?.quadrants) ?? [];
  const rings = (live ? radar?.rings : volume.data?.rings) ?? [];

  const entries: Entry[] = useMemo(() => {
    if (live) {
      return (blips.data ?? []).map((blip) => ({
        technologyId: blip.technologyId,
        title: blip.title,
        quadrantId: blip.quadrantId,
        ringId: blip.ringId,
        movement: blip.movement,
        returning: blip.returning,
        note: blip.note,
        blip,
        number: blip.number,
      }));
    }
    return (volume.data?.blips ?? []).map((blip) => ({
      technologyId: blip.technologyId,
      title: blip.title,
      quadrantId: blip.quadrantId,
      ringId: blip.ringId,
      movement: blip.movement,
      returning: blip.returning,
      note: '',
      blip: undefined,
      number: blip.number,
    }));
  }, [live, blips.data, volume.data]);

  const technologyById = useMemo(
    () => new Map((technologies.data ?? []).map((technology) => [technology.id, technology])),
    [technologies.data],
  );

  // The chart draws only blips whose quadrant and ring the radar still has.
  const chartBlips: ChartBlip[] = useMemo(() => {
    const quadrantIds = new Set(quadrants.map((quadrant) => quadrant.id));
    const ringIds = new Set(rings.map((ring) => ring.id));
    return entries
      .filter((entry) => quadrantIds.has(entry.quadrantId) && ringIds.has(entry.ringId))
      .map((entry) => ({
        id: entry.technologyId,
        label: entry.title,
        quadrantId: entry.quadrantId,
        ringId: entry.ringId,
        movement: chartMovement(entry.movement),
        detail: entry.note,
        ...(entry.number === undefined ? {} : { number: entry.number }),
      }));
  }, [entries, quadrants, rings]);
  const layout = useRadarLayout(quadrants, rings, chartBlips);
  const numberOf = useMemo(() => new Map((layout?.blips ?? []).map((blip) => [blip.id, blip.number])), [layout]);

  const filters = {
    quadrant: params.get('quadrant'),
    ring: params.get('ring'),
    status: params.get('status'),
    tag: params.get('tag'),
    q: search,
  };
  const filtering = Object.values(filters).some((value) => value !== '');
  // On a phone's radar the quadrant is the page being read, not a filter.
  const phoneRadar = phone && view === 'radar';
  const otherFilters = [filters.ring, filters.status, filters.tag, filters.q].filter((value) => value !== '').length;
  const matches = useMemo(() => {
    if (!filtering) return null;
    const set = new Set<string>();
    for (const entry of entries) {
      const technology = technologyById.get(entry.technologyId);
      if (filters.quadrant && entry.quadrantId !== filters.quadrant) continue;
      if (filters.ring && entry.ringId !== filters.ring) continue;
      if (filters.status && technology?.status !== filters.status) continue;
      if (filters.tag && !(technology?.tags ?? []).includes(filters.tag)) continue;
      if (
        !matchesSearch(filters.q, {
          title: entry.title,
          tags: technology?.tags ?? [],
          description: technology?.description ?? '',
        })
      )
        continue;
      set.add(entry.technologyId);
    }
    return set;
  }, [filtering, entries, technologyById, filters.quadrant, filters.ring, filters.status, filters.tag, filters.q]);

  const tags = useMemo(
    () => [...new Set((technologies.data ?? []).flatMap((technology) => technology.tags))].sort(),
    [technologies.data],
  );

  const selectedId = params.get('blip') || null;
  const selectedEntry = entries.find((entry) => entry.technologyId === selectedId);
  const drawerItem: DrawerItem | undefined =
    selectedEntry === undefined
      ? undefined
      : { ...selectedEntry, number: numberOf.get(selectedEntry.technologyId) ?? 0 };
  const select = (id: string | null) => params.set({ blip: id });

  if (radars.isPending) return <Loading label="Loading radars…" />;
  if (radars.isError)
    return <ErrorState title="Could not load the radars" error={radars.error} retry={() => void radars.refetch()} />;
  if (radar === undefined) {
    return (
      <Stack>
        <Title order={1} size="h2">
          Radar
        </Title>
        <EmptyState title="No radar yet">A project gets a default radar; ask an admin to create one.</EmptyState>
      </Stack>
    );
  }

  const current = live ? blips : volume;
  // The page's links: buttons on a wide screen, one "More" menu on a phone.
  const pageLinks: Array<{ label: string; to: string; testId?: string; badge?: number; primary?: boolean }> = [
    {
      label: 'Proposals',
      to: `/projects/${project.id}/radar/proposals`,
      testId: 'open-proposals',
      badge: openProposals.data?.length ?? 0,
    },
    { label: 'Compare volumes', to: `/projects/${project.id}/radar/diff?radar=${radar.id}` },
    ...(atLeast(project.role, 'admin')
      ? [
          {
            label: 'Settings',
            to: `/projects/${project.id}/radar/settings?radar=${radar.id}`,
            testId: 'open-radar-settings',
          },
          { label: 'Share', to: `/projects/${project.id}/radar/share?radar=${radar.id}`, testId: 'open-share-links' },
          {
            label: 'Import',
            to: `/projects/${project.id}/radar/import?radar=${radar.id}`,
            testId: 'open-import',
            primary: true,
          },
        ]
      : []),
  ];
  const canImport = atLeast(project.role, 'admin');
  const volumeOptions = [
    { value: LIVE, label: 'Live (now)' },
    ...(volumes.data ?? []).map((item) => ({ value: item.id, label: `${item.name} · ${day(item.date)}` })),
  ];
  const filteredEntries = entries
    .filter((entry) => matches === null || matches.has(entry.technologyId))
    .sort((a, b) => (numberOf.get(a.technologyId) ?? 0) - (numberOf.get(b.technologyId) ?? 0));

  let body: React.ReactNode;
  if (current.isPending) body = <Loading label="Loading blips…" />;
  else if (current.isError)
    body = <ErrorState title="Could not load the blips" error={current.error} retry={() => void current.refetch()} />;
  else if (entries.length === 0)
    body = (
      <EmptyState
        title={live ? 'This radar has no blips yet' : 'This volume has no blips'}
        action={
          live && canImport ? (
            <Button component={Link} to={`/projects/${project.id}/radar/import?radar=${radar.id}`} variant="light">
              Import a radar
            </Button>
          ) : undefined
        }
      >
        {live ? 'Import a Build-Your-Own-Radar or Zalando file, or place technologies one by one.' : undefined}
      </EmptyState>
    );
  else if (view === 'radar' && layout === null)
    body = (
      <EmptyState title="This radar cannot be drawn">
        A radar needs 2 to 8 quadrants and 2 to 6 rings; an admin can fix its configuration.
      </EmptyState>
    );
  else if (view === 'radar' && layout !== null && phone)
    body = (
      <PhoneRadar
        layout={layout}
        quadrants={quadrants}
        rings={rings}
        blips={chartBlips}
        matches={matches}
        selectedId={selectedId}
        quadrantId={filters.quadrant || (quadrants[0]?.id ?? '')}
        onQuadrant={(quadrant) => params.set({ quadrant })}
        onSelect={select}
        title={radar.name}
      />
    );
  else if (view === 'radar' && layout !== null)
    body = (
      <Stack gap="lg">
        {/* The whole chart in the window: at 1440×900 it is about 760 px, below the sticky header. */}
        <Box maw="min(760px, calc(100vh - 110px))" mx="auto" w="100%">
          <RadarChart
            layout={layout}
            quadrants={quadrants}
            rings={rings}
            blips={chartBlips}
            matches={matches}
            selectedId={selectedId}
            highlightedId={hovered}
            focusQuadrantId={filters.quadrant || null}
            onSelect={select}
            title={radar.name}
          />
        </Box>
        <MovementKey />
        <RadarLegend
          layout={layout}
          quadrants={quadrants}
          rings={rings}
          matches={matches}
          selectedId={selectedId}
          onSelect={select}
          onHover={setHovered}
        />
      </Stack>
    );
  else
    body = (
      <RadarTable
        entries={filteredEntries}
        numberOf={numberOf}
        radarQuadrants={quadrants}
        radarRings={rings}
        technologyById={technologyById}
        onSelect={select}
      />
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Radar
          </Title>
          <Text c="dimmed" size="sm" data-testid="radar-summary">
            {radar.name} · {plural(entries.length, 'blip')}
            {!live && volume.data ? ` · volume ${volume.data.name} (${dateTime(volume.data.createdAt)})` : ''}
          </Text>
        </div>
        <Group gap="xs">
          {!phone &&
            pageLinks.map((item) => (
              <Button
                key={item.to}
                component={Link}
                to={item.to}
                variant={item.primary ? 'filled' : 'default'}
                size="xs"
                rightSection={
                  item.badge ? (
                    <Badge size="xs" circle>
                      {item.badge}
                    </Badge>
                  ) : undefined
                }
                data-testid={item.testId}
              >
                {item.label}
              </Button>
            ))}
          <ExportMenu projectId={project.id} radarId={radar.id} volumeId={live ? undefined : volumeId} />
          {atLeast(project.role, 'member') && live && <AddTechnologyButton projectId={project.id} radar={radar} />}
          {phone && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" size="xs" data-testid="radar-more">
                  More
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {pageLinks.map((item) => (
                  <Menu.Item key={item.to} component={Link} to={item.to} data-testid={item.testId}>
                    {item.label}
                    {item.badge ? ` (${item.badge})` : ''}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>

      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Radar"
          data={(radars.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          value={radar.id}
          onChange={(value) =>
            value && params.set({ radar: value, volume: null, blip: null, quadrant: null, ring: null })
          }
          allowDeselect={false}
          w={{ base: 'calc(50% - 6px)', xs: 200 }}
          data-testid="radar-select"
        />
        <Select
          label="Volume"
          data={volumeOptions}
          value={volumeId}
          onChange={(value) => params.set({ volume: value === LIVE ? null : value, blip: null })}
          allowDeselect={false}
          w={{ base: 'calc(50% - 6px)', xs: 220 }}
          data-testid="volume-select"
        />
        <SegmentedControl
          value={view}
          onChange={(value) => params.set({ view: value === 'table' ? 'table' : null })}
          data={[
            { value: 'radar', label: 'Radar' },
            { value: 'table', label: 'Table' },
          ]}
          aria-label="View"
          data-testid="view-switch"
        />
        {phone && (
          <Button
            variant="default"
            size="sm"
            onClick={filtersToggle.toggle}
            aria-expanded={filtersOpen}
            data-testid="filters-toggle"
          >
            {otherFilters > 0 ? `Filters (${otherFilters})` : 'Filters'}
          </Button>
        )}
      </Group>

      {(!phone || filtersOpen) && (
        <RadarFilters
          quadrants={phoneRadar ? undefined : quadrants}
          rings={rings}
          tags={tags}
          matchCount={filtering ? (matches?.size ?? 0) : undefined}
          entryCount={entries.length}
        />
      )}

      <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
        {body}
      </Paper>

      <BlipDrawer
        projectId={project.id}
        role={project.role}
        radar={radar}
        item={drawerItem}
        technology={selectedId ? technologyById.get(selectedId) : undefined}
        onClose={() => select(null)}
      />
    </Stack>
  );
}
