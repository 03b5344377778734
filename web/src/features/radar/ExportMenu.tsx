import { Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { downloadBlob, pngName, svgToPng } from './export-files';
import { type ExportFormat, fetchRadarExport } from './queries';

/** Every format the API exports, in menu order (a format the API gains must be added here: the type says so). */
const FORMATS: Record<ExportFormat, { label: string; hint: string }> = {
  'byor-csv': { label: 'BYOR CSV', hint: 'Build Your Own Radar, spreadsheet' },
  'byor-json': { label: 'BYOR JSON', hint: 'Build Your Own Radar' },
  zalando: { label: 'Zalando JSON', hint: "Zalando's tech radar" },
  backstage: { label: 'Backstage JSON', hint: 'Backstage tech-radar plugin' },
  svg: { label: 'SVG', hint: 'picture with legend' },
};

/**
 * Downloads the radar as it is now (or one of its volumes) in the formats other radar tools read, as the SVG picture,
 * or as a PNG made from that SVG in the browser.
 */
export function ExportMenu({
  projectId,
  radarId,
  volumeId,
  size = 'xs',
  label,
  testId = 'export-menu',
}: {
  projectId: string;
  radarId: string;
  /** A published volume; the live radar when absent. */
  volumeId?: string | undefined;
  size?: 'xs' | 'sm';
  /** The button's text (default: Export, or Export volume). */
  label?: string;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const run = async (format: ExportFormat | 'png') => {
    setBusy(true);
    try {
      if (format === 'png') {
        const svg = await fetchRadarExport(projectId, radarId, 'svg', volumeId);
        downloadBlob(await svgToPng(await svg.blob.text()), pngName(svg.name));
      } else {
        const file = await fetchRadarExport(projectId, radarId, format, volumeId);
        downloadBlob(file.blob, file.name);
      }
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Export failed',
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={250}>
      <Menu.Target>
        <Button variant="default" size={size} loading={busy} data-testid={testId}>
          {label ?? (volumeId === undefined ? 'Export' : 'Export volume')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="export-menu-items">
        <Menu.Label>{volumeId === undefined ? 'The live radar as' : 'This volume as'}</Menu.Label>
        {(Object.keys(FORMATS) as ExportFormat[]).map((format) => (
          <Menu.Item key={format} onClick={() => void run(format)} data-format={format}>
            {FORMATS[format].label}
            <Text size="xs" c="dimmed" aria-hidden>
              {FORMATS[format].hint}
            </Text>
          </Menu.Item>
        ))}
        <Menu.Item onClick={() => void run('png')} data-format="png">
          PNG
          <Text size="xs" c="dimmed" aria-hidden>
            picture, made from the SVG
          </Text>
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
