import { Box, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { RadarLayout } from '../../../../src/modules/radar/layout';
import { pickColor, QUADRANT_PALETTE } from '../../../../src/modules/radar/svg';
import type { ChartSegment } from './RadarChart';

/** The numbered legend, one block per quadrant with its rings, sharing the chart's numbering and filters. */
export function RadarLegend({
  layout,
  quadrants,
  rings,
  matches,
  selectedId,
  onSelect,
  onHover,
}: {
  layout: RadarLayout;
  quadrants: ChartSegment[];
  rings: ChartSegment[];
  matches: ReadonlySet<string> | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onHover: (id: string | null) => void;
}) {
  const colors = quadrants.map((quadrant) => quadrant.color);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="lg" verticalSpacing="md" data-testid="radar-legend">
      {layout.legend.map((group, q) => {
        const quadrant = quadrants[q]!;
        const color = pickColor(colors, QUADRANT_PALETTE, q);
        return (
          <Box key={group.quadrantId} component="section" aria-label={`${quadrant.name} legend`}>
            <Text fw={700} c={color} mb={4}>
              {quadrant.name}
            </Text>
            {group.entries.length === 0 && (
              <Text size="sm" c="dimmed" fs="italic">
                No blips
              </Text>
            )}
            {rings.map((ring) => {
              const entries = group.entries.filter((entry) => entry.ringId === ring.id);
              if (entries.length === 0) return null;
              return (
                <Box key={ring.id} mb={6}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.05em' }}>
                    {ring.name}
                  </Text>
                  <Stack gap={0} component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
                    {entries.map((entry) => {
                      const dimmed = matches !== null && !matches.has(entry.blipId);
                      return (
                        <li key={entry.blipId}>
                          <UnstyledButton
                            onClick={() => onSelect(entry.blipId)}
                            onMouseEnter={() => onHover(entry.blipId)}
                            onMouseLeave={() => onHover(null)}
                            onFocus={() => onHover(entry.blipId)}
                            onBlur={() => onHover(null)}
                            data-testid="legend-entry"
                            title={entry.label}
                            aria-current={selectedId === entry.blipId ? 'true' : undefined}
                            style={{ opacity: dimmed ? 0.4 : 1, display: 'block', width: '100%', borderRadius: 4 }}
                            px={4}
                            className="cc-radar-legend-entry"
                          >
                            <Text size="sm" lineClamp={1}>
                              <Text span fw={700} c={color}>
                                {entry.number}.
                              </Text>{' '}
                              {entry.label}
                            </Text>
                          </UnstyledButton>
                        </li>
                      );
                    })}
                  </Stack>
                </Box>
              );
            })}
          </Box>
        );
      })}
    </SimpleGrid>
  );
}
