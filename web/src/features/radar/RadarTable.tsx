import { Badge, Group, Table, Text } from '@mantine/core';
import { EmptyState } from '../../components/states';
import { ReturningBadge } from './BlipDrawer';
import { MOVEMENT_COLOR, MOVEMENT_TEXT } from './model';
import type { Blip, Technology } from './queries';

/** One entry of the radar as shown: a live blip or a volume's, keyed by technology (one blip per radar). */
export interface Entry {
  technologyId: string;
  title: string;
  quadrantId: string;
  ringId: string;
  movement: string | undefined;
  /** Back on the radar after missing one or more volumes (its movement is against where it last was). */
  returning: boolean;
  note: string;
  blip: Blip | undefined;
  /** The stored number, when the API gives one (stable while the blip moves). */
  number: number | undefined;
}

export function MovementKey() {
  const item = (symbol: string, label: string) => (
    <Group gap={4} wrap="nowrap">
      <Text span size="sm" c="dimmed" aria-hidden>
        {symbol}
      </Text>
      <Text span size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
  return (
    <Group gap="md" justify="center" aria-label="Key">
      {item('◉', 'new')}
      {item('▲', 'moved in')}
      {item('▼', 'moved out')}
      {item('●', 'no change')}
    </Group>
  );
}

export function RadarTable({
  entries,
  numberOf,
  radarQuadrants,
  radarRings,
  technologyById,
  onSelect,
}: {
  entries: Entry[];
  numberOf: Map<string, number>;
  radarQuadrants: Array<{ id: string; name: string }>;
  radarRings: Array<{ id: string; name: string }>;
  technologyById: Map<string, Technology>;
  onSelect: (id: string) => void;
}) {
  if (entries.length === 0) return <EmptyState title="No blips match">Change the filters to see more.</EmptyState>;
  const name = (segments: Array<{ id: string; name: string }>, id: string) =>
    segments.find((segment) => segment.id === id)?.name ?? id;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="radar-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={48}>#</Table.Th>
            <Table.Th>Technology</Table.Th>
            <Table.Th>Ring</Table.Th>
            <Table.Th visibleFrom="sm">Quadrant</Table.Th>
            <Table.Th visibleFrom="sm">Movement</Table.Th>
            <Table.Th visibleFrom="md">Status</Table.Th>
            <Table.Th visibleFrom="md">Tags</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const technology = technologyById.get(entry.technologyId);
            return (
              <Table.Tr
                key={entry.technologyId}
                data-testid="radar-row"
                onClick={() => onSelect(entry.technologyId)}
                style={{ cursor: 'pointer' }}
              >
                <Table.Td>
                  <Text size="sm" fw={700} c="dimmed">
                    {numberOf.get(entry.technologyId) ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text
                    size="sm"
                    fw={500}
                    component="button"
                    type="button"
                    onClick={(event) => {
                      event.stopPropagation();
                      onSelect(entry.technologyId);
                    }}
                    style={{ all: 'unset', cursor: 'pointer' }}
                    className="cc-radar-table-title"
                  >
                    {entry.title}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{name(radarRings, entry.ringId)}</Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{name(radarQuadrants, entry.quadrantId)}</Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  {entry.movement !== undefined && (
                    <Badge size="sm" variant="light" color={MOVEMENT_COLOR[entry.movement] ?? 'gray'} tt="none">
                      {MOVEMENT_TEXT[entry.movement] ?? entry.movement}
                    </Badge>
                  )}
                  {entry.returning && <ReturningBadge />}
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Text size="sm">{technology?.status ?? '—'}</Text>
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {technology?.tags.join(', ') || '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
