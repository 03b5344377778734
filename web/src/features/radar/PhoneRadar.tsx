import { ActionIcon, Badge, Box, Group, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import type { RadarLayout } from '../../../../src/modules/radar/layout';
import { pickColor, QUADRANT_PALETTE } from '../../../../src/modules/radar/svg';
import { type ChartBlip, type ChartSegment, MOVEMENT_LABELS, RadarChart } from './RadarChart';

/**
 * The radar on a phone, one quadrant at a time: a quadrant picker with previous/next, that quadrant's part of the chart
 * (blips get tap targets of at least 24 px), and its blips as a list of large buttons, ring by ring.
 */
export function PhoneRadar({
  layout,
  quadrants,
  rings,
  blips,
  matches,
  selectedId,
  quadrantId,
  onQuadrant,
  onSelect,
  title,
}: {
  layout: RadarLayout;
  quadrants: ChartSegment[];
  rings: ChartSegment[];
  blips: ChartBlip[];
  matches: ReadonlySet<string> | null;
  selectedId: string | null;
  /** The quadrant shown (the first when none is chosen). */
  quadrantId: string;
  onQuadrant: (quadrantId: string) => void;
  onSelect: (blipId: string) => void;
  title: string;
}) {
  const index = Math.max(
    0,
    quadrants.findIndex((quadrant) => quadrant.id === quadrantId),
  );
  const quadrant = quadrants[index]!;
  const color = pickColor(
    quadrants.map((candidate) => candidate.color),
    QUADRANT_PALETTE,
    index,
  );
  const byId = new Map(blips.map((blip) => [blip.id, blip]));
  const entries = (layout.legend[index]?.entries ?? []).filter(
    (entry) => matches === null || matches.has(entry.blipId),
  );
  const step = (delta: number) => onQuadrant(quadrants[(index + delta + quadrants.length) % quadrants.length]!.id);

  return (
    <Stack gap="sm" data-testid="phone-radar">
      <Group gap={6} wrap="nowrap" align="center">
        <ActionIcon variant="default" size={42} onClick={() => step(-1)} aria-label="Previous quadrant">
          ‹
        </ActionIcon>
        <Select
          aria-label="Quadrant"
          data={quadrants.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
          value={quadrant.id}
          onChange={(value) => value !== null && onQuadrant(value)}
          allowDeselect={false}
          size="md"
          style={{ flex: 1, minWidth: 0 }}
          data-testid="filter-quadrant"
          comboboxProps={{ withinPortal: true }}
        />
        <ActionIcon variant="default" size={42} onClick={() => step(1)} aria-label="Next quadrant">
          ›
        </ActionIcon>
      </Group>
      <RadarChart
        layout={layout}
        quadrants={quadrants}
        rings={rings}
        blips={blips}
        matches={matches}
        selectedId={selectedId}
        focusQuadrantId={quadrant.id}
        onSelect={onSelect}
        title={`${title}: ${quadrant.name}`}
        tapTargetPx={24}
      />
      <Text fw={700} c={color} size="lg" data-testid="phone-quadrant-title">
        {quadrant.name}{' '}
        <Text span size="sm" c="dimmed" fw={400}>
          · {entries.length} {entries.length === 1 ? 'blip' : 'blips'}
        </Text>
      </Text>
      {entries.length === 0 && (
        <Text size="sm" c="dimmed" fs="italic">
          {matches === null ? 'No blips in this quadrant.' : 'No blips here match the filters.'}
        </Text>
      )}
      {rings.map((ring) => {
        const inRing = entries.filter((entry) => entry.ringId === ring.id);
        if (inRing.length === 0) return null;
        return (
          <Box key={ring.id} component="section" aria-label={`${ring.name}, ${quadrant.name}`}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={2} style={{ letterSpacing: '0.05em' }}>
              {ring.name}
            </Text>
            <Stack gap={2} component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
              {inRing.map((entry) => {
                const movement = byId.get(entry.blipId)?.movement;
                return (
                  <li key={entry.blipId}>
                    <UnstyledButton
                      onClick={() => onSelect(entry.blipId)}
                      className="cc-phone-entry"
                      data-testid="phone-entry"
                      data-title={entry.label}
                      aria-current={selectedId === entry.blipId ? 'true' : undefined}
                    >
                      <span className="cc-phone-number" style={{ backgroundColor: color }} aria-hidden>
                        {entry.number}
                      </span>
                      <Text span size="md" style={{ flex: 1, minWidth: 0 }}>
                        <Text span className="cc-visually-hidden">
                          {entry.number}.{' '}
                        </Text>
                        {entry.label}
                      </Text>
                      {movement !== undefined && movement !== 'no change' && (
                        <Badge size="sm" variant="light" tt="none">
                          {MOVEMENT_LABELS[movement]}
                        </Badge>
                      )}
                    </UnstyledButton>
                  </li>
                );
              })}
            </Stack>
          </Box>
        );
      })}
    </Stack>
  );
}
