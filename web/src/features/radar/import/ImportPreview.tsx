import { Alert, Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import type { ImportPreview } from '../queries';

type Placement = ImportPreview['structure']['quadrants'][number];
export type SegmentMapping = { quadrants: Record<string, string>; rings: Record<string, string> };

const MATCHED: Record<Placement['matchedBy'], { label: string; color: string }> = {
  name: { label: 'same name', color: 'teal' },
  mapping: { label: 'your choice', color: 'blue' },
  position: { label: 'by position: check it', color: 'yellow' },
  none: { label: 'no match: choose one', color: 'red' },
};

const MOVEMENT: Record<string, string> = {
  new: 'new',
  moved_in: 'moved in',
  moved_out: 'moved out',
  no_change: 'no change',
};

/**
 * Where each of the file's quadrants and rings lands on the radar. Each can be sent somewhere else; a name the radar
 * lacks lands nowhere (its rows are conflicts) until the user picks a place.
 */
export function StructureMapping({
  preview,
  onChange,
}: {
  preview: ImportPreview;
  onChange: (kind: keyof SegmentMapping, fileKey: string, segmentId: string) => void;
}) {
  const editable = preview.newRadar === null;
  const table = (kind: keyof SegmentMapping, noun: string, segments: ImportPreview['quadrants']) => (
    <Table.ScrollContainer minWidth={460}>
      <Table verticalSpacing={4} data-testid={`mapping-${kind}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{noun} in the file</Table.Th>
            <Table.Th w={80}>Entries</Table.Th>
            <Table.Th>On this radar</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.structure[kind].map((placement) => (
            <Table.Tr key={placement.fileKey} data-file-key={placement.fileKey} data-matched={placement.matchedBy}>
              <Table.Td>{placement.label}</Table.Td>
              <Table.Td>{placement.entries}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Select
                    aria-label={`Where "${placement.label}" goes`}
                    size="xs"
                    w={220}
                    placeholder="Not imported"
                    data={segments.map((segment) => ({ value: segment.id, label: segment.name }))}
                    value={placement.segmentId}
                    disabled={!editable}
                    allowDeselect={false}
                    onChange={(value) => value !== null && onChange(kind, placement.fileKey, value)}
                  />
                  <Badge variant="light" color={MATCHED[placement.matchedBy].color} tt="none" style={{ flexShrink: 0 }}>
                    {MATCHED[placement.matchedBy].label}
                  </Badge>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  return (
    <Paper withBorder radius="md" p="sm" data-testid="import-mapping">
      <Text fw={600} size="sm" mb={4}>
        {editable ? 'Where the file’s quadrants and rings go' : 'The new radar takes the file’s quadrants and rings'}
      </Text>
      {/* One below the other: the main column is too narrow for two tables with their pickers. */}
      <Stack gap="md">
        {table('quadrants', 'Quadrant', preview.quadrants)}
        {table('rings', 'Ring', preview.rings)}
      </Stack>
    </Paper>
  );
}

/** File rows with one note each (what changes, why not, what was left out); `empty` when there are none. */
function RowNotes({
  rows,
  empty,
  heading,
  color,
  testId,
}: {
  rows: Array<{ row: number; title: string; note: string }>;
  empty: string;
  heading: string;
  color?: string;
  testId?: string;
}) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={320} mah={420}>
      <Table verticalSpacing={4} stickyHeader data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={56}>Row</Table.Th>
            <Table.Th>Technology</Table.Th>
            <Table.Th>{heading}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.row}-${row.title}-${row.note}`}>
              <Table.Td>{row.row}</Table.Td>
              <Table.Td>{row.title}</Table.Td>
              <Table.Td>
                <Text size="xs" c={color}>
                  {row.note}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What the import would do: counts, then creates (with their lifecycle and movement), updates, conflicts, warnings. */
export function PreviewTables({ preview }: { preview: ImportPreview }) {
  const radar = preview;
  const segment = (list: Array<{ id: string; name: string }> | undefined, id: string) =>
    list?.find((item) => item.id === id)?.name ?? id;
  const tab = preview.conflicts.length > 0 ? 'conflicts' : preview.creates.length > 0 ? 'creates' : 'updates';
  return (
    <Stack gap="sm" data-testid="import-preview">
      {(preview.ignoredColumns.length > 0 || preview.statesMovement || preview.relations > 0) && (
        <Alert variant="light" color="gray" data-testid="preview-notes">
          <Stack gap={2}>
            {preview.statesMovement && (
              <Text size="sm">The file states each blip’s movement; a volume published by this import takes it.</Text>
            )}
            {preview.relations > 0 && (
              <Text size="sm">Adds {preview.relations} “related to” links between technologies (relatedBlips).</Text>
            )}
            {preview.ignoredColumns.length > 0 && (
              <Text size="sm" data-testid="preview-ignored">
                Not imported (no field takes them): {preview.ignoredColumns.join(', ')}
              </Text>
            )}
          </Stack>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        {[
          ['Rows', preview.rows, 'gray'],
          ['Creates', preview.creates.length, 'teal'],
          ['Updates', preview.updates.length, 'blue'],
          ['Unchanged', preview.unchanged, 'gray'],
          ['Conflicts', preview.conflicts.length, preview.conflicts.length > 0 ? 'red' : 'gray'],
        ].map(([label, value, color]) => (
          <Paper key={String(label)} withBorder radius="md" p="xs">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} size="lg" c={String(color)} data-testid={`preview-${String(label).toLowerCase()}`}>
              {value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Tabs defaultValue={tab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="creates">Creates ({preview.creates.length})</Tabs.Tab>
          <Tabs.Tab value="updates">Updates ({preview.updates.length})</Tabs.Tab>
          <Tabs.Tab value="conflicts">Conflicts ({preview.conflicts.length})</Tabs.Tab>
          <Tabs.Tab value="warnings">Warnings ({preview.warnings.length})</Tabs.Tab>
          {preview.removals.length > 0 && <Tabs.Tab value="removals">Removals ({preview.removals.length})</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="creates" pt="xs">
          {preview.creates.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing new.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={320} mah={420}>
              <Table verticalSpacing={4} stickyHeader data-testid="preview-creates-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={56}>Row</Table.Th>
                    <Table.Th>Technology</Table.Th>
                    <Table.Th>Ring</Table.Th>
                    <Table.Th visibleFrom="sm">Quadrant</Table.Th>
                    <Table.Th visibleFrom="sm">Starts as</Table.Th>
                    <Table.Th visibleFrom="sm">Movement</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.creates.map((row) => (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td>{row.title}</Table.Td>
                      <Table.Td>{segment(radar?.rings, row.ringId)}</Table.Td>
                      <Table.Td visibleFrom="sm">{segment(radar?.quadrants, row.quadrantId)}</Table.Td>
                      <Table.Td visibleFrom="sm">{row.lifecycle}</Table.Td>
                      <Table.Td visibleFrom="sm">{row.movement === null ? '—' : MOVEMENT[row.movement]}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="updates" pt="xs">
          <RowNotes
            empty="No existing technology changes."
            heading="Changes"
            rows={preview.updates.map((row) => ({ ...row, note: row.changes.join(', ') }))}
          />
        </Tabs.Panel>
        <Tabs.Panel value="conflicts" pt="xs">
          <RowNotes
            empty="No conflicts."
            heading="Why"
            color="red"
            testId="preview-conflicts-table"
            rows={preview.conflicts.map((row) => ({ ...row, note: row.reason }))}
          />
        </Tabs.Panel>
        <Tabs.Panel value="warnings" pt="xs">
          <RowNotes
            empty="No warnings."
            heading="Left out"
            testId="preview-warnings"
            rows={preview.warnings.map((row) => ({ ...row, note: row.reason }))}
          />
        </Tabs.Panel>
        <Tabs.Panel value="removals" pt="xs">
          <Stack gap={2}>
            {preview.removals.map((row) => (
              <Text key={row.technologyId} size="sm">
                {row.title}
              </Text>
            ))}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
