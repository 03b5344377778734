import { Badge, Box, Group, Paper, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { type KeyboardEvent, memo, useMemo, useState } from 'react';
import type { RadarLayout } from '../../../../src/modules/radar/layout';
import { type BlipMovement, layoutRadar, RADAR_LIMITS } from '../../../../src/modules/radar/layout';
import {
  bandPath,
  fitLabel,
  markerShape,
  numberOffset,
  pickColor,
  QUADRANT_PALETTE,
  ringLabelPositions,
} from '../../../../src/modules/radar/svg';
import { blipNumberStyle, chartViewBox, quadrantLabels } from './chart-labels';
import './radar.css';

export interface ChartSegment {
  id: string;
  name: string;
  color?: string;
}

export interface ChartBlip {
  id: string;
  label: string;
  quadrantId: string;
  ringId: string;
  movement?: BlipMovement;
  /** One line under the title in the tooltip (e.g. the blip's note). */
  detail?: string;
  /** The blip's stored number (stable while it moves); absent: numbered in legend order. */
  number?: number;
}

/** Layout units of the square the radar is laid out in; the SVG scales to its container. */
const LAYOUT_SIZE = 800;
/** Quadrant names on the chart, in layout units (about 17 px on a 760 px chart). */
const QUADRANT_FONT = 18;

export const MOVEMENT_LABELS: Record<BlipMovement, string> = {
  new: 'new',
  'moved in': 'moved in',
  'moved out': 'moved out',
  'no change': 'no change',
};

interface BlipMarkProps {
  number: number;
  x: number;
  y: number;
  radius: number;
  color: string;
  movement: BlipMovement | undefined;
  label: string;
  dimmed: boolean;
  selected: boolean;
  highlighted: boolean;
  onSelect: () => void;
  onHover: (on: boolean) => void;
}

const BlipMark = memo(function BlipMark(props: BlipMarkProps) {
  const { number, x, y, radius, color, movement, label, dimmed, selected, highlighted, onSelect, onHover } = props;
  const shape = markerShape(movement, radius);
  const numberStyle = blipNumberStyle(number, radius, movement);
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect();
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; role, tabIndex and keys make it one.
    <g
      className="cc-radar-blip"
      data-testid="radar-blip"
      data-number={number}
      data-dimmed={dimmed ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      transform={`translate(${x} ${y})`}
      role="button"
      tabIndex={dimmed ? -1 : 0}
      aria-hidden={dimmed ? true : undefined}
      aria-label={label}
      aria-pressed={selected}
      onClick={onSelect}
      onKeyDown={onKeyDown}
      onMouseEnter={() => onHover(true)}
      onMouseLeave={() => onHover(false)}
      onFocus={() => onHover(true)}
      onBlur={() => onHover(false)}
      opacity={dimmed ? 0.16 : 1}
    >
      {/* The focus ring stays inside the gap the layout keeps around every blip. */}
      <circle className="cc-radar-focus" r={radius * 1.14} />
      {(selected || highlighted) && <circle className="cc-radar-halo" r={radius * 1.14} />}
      {shape.kind === 'circle' && <circle r={shape.r} fill={color} />}
      {shape.kind === 'new' && (
        <>
          <circle r={shape.r} fill={color} />
          <circle r={shape.ringR} fill="none" stroke={color} strokeWidth={shape.ringWidth} />
        </>
      )}
      {shape.kind === 'triangle' && <polygon points={shape.points} fill={color} />}
      <text
        y={numberOffset(movement, radius)}
        fontSize={numberStyle.fontSize}
        {...(numberStyle.textLength === undefined
          ? {}
          : { textLength: numberStyle.textLength, lengthAdjust: 'spacingAndGlyphs' })}
        fontWeight={700}
        fill="#ffffff"
        textAnchor="middle"
        dominantBaseline="central"
        pointerEvents="none"
      >
        {number}
      </text>
    </g>
  );
});

export interface RadarChartProps {
  /** From useRadarLayout over the same quadrants, rings and blips. */
  layout: RadarLayout;
  quadrants: ChartSegment[];
  rings: ChartSegment[];
  blips: ChartBlip[];
  /** Ids that pass the filters; the others are drawn faint (they keep their place, so nothing jumps). */
  matches?: ReadonlySet<string> | null;
  selectedId?: string | null;
  /** A blip to emphasise (e.g. hovered in the legend). */
  highlightedId?: string | null;
  /** Zoom to one quadrant (its id). */
  focusQuadrantId?: string | null;
  onSelect: (blipId: string) => void;
  onHover?: (blipId: string | null) => void;
  title?: string;
  /** Smallest tap target of a blip on screen (px): an invisible circle at least this wide (for phones). */
  tapTargetPx?: number;
}

/**
 * The interactive radar: the shared layout (blips never overlap and never jump between renders), numbered markers with
 * movement shapes, a tooltip on hover and keyboard focus, Enter/click to select. Tab walks the blips in number order.
 */
export function RadarChart(props: RadarChartProps) {
  const { quadrants, rings, blips, matches, selectedId, highlightedId, focusQuadrantId, onSelect, onHover } = props;
  const [hovered, setHovered] = useState<string | null>(null);
  const { ref: boxRef, width: boxWidth } = useElementSize();
  const layout = props.layout;
  const byId = useMemo(() => new Map(blips.map((blip) => [blip.id, blip])), [blips]);
  const quadrantIndex = quadrants.findIndex((quadrant) => quadrant.id === focusQuadrantId);
  const labels = useMemo(
    () =>
      quadrantLabels(
        layout,
        quadrants.map((quadrant) => quadrant.name),
        QUADRANT_FONT,
      ),
    [layout, quadrants],
  );
  const view = chartViewBox(layout, labels, quadrantIndex === -1 ? undefined : quadrantIndex);
  const viewBox = `${view.x} ${view.y} ${view.width} ${view.height}`;
  // Layout units per screen pixel, once the chart has a width.
  const hitRadius =
    props.tapTargetPx === undefined || boxWidth === 0 ? undefined : (props.tapTargetPx / 2) * (view.width / boxWidth);
  const colors = quadrants.map((quadrant) => quadrant.color);
  const hoveredBlip = hovered === null ? undefined : layout.blips.find((blip) => blip.id === hovered);
  const hoveredSource = hovered === null ? undefined : byId.get(hovered);

  const setHover = (id: string, on: boolean) => {
    setHovered((current) => (on ? id : current === id ? null : current));
    onHover?.(on ? id : null);
  };

  return (
    <Box
      ref={boxRef}
      pos="relative"
      className="cc-radar"
      data-testid="radar-chart"
      data-blip-count={layout.blips.length}
    >
      <svg
        viewBox={viewBox}
        width="100%"
        style={{ display: 'block', maxWidth: '100%', height: 'auto', aspectRatio: `${view.width} / ${view.height}` }}
        aria-label={`${props.title ?? 'Radar'}: ${layout.blips.length} blips`}
        data-testid="radar-svg"
      >
        <title>{`${props.title ?? 'Radar'}: ${layout.blips.length} blips`}</title>
        <g className="cc-radar-bands">
          {layout.quadrants.map((quadrant) =>
            layout.rings.map((ring) => (
              <path
                key={`${quadrant.index}-${ring.ringIndex}`}
                className={`cc-radar-band cc-radar-band-${ring.ringIndex}`}
                d={bandPath(
                  layout.center.x,
                  layout.center.y,
                  ring.innerRadius,
                  ring.outerRadius,
                  quadrant.startAngle,
                  quadrant.endAngle,
                )}
              />
            )),
          )}
        </g>
        <g className="cc-radar-lines">
          {layout.quadrants.map((quadrant) => (
            <line
              key={quadrant.index}
              x1={layout.center.x}
              y1={layout.center.y}
              x2={layout.center.x + Math.cos(quadrant.startAngle) * layout.outerRadius}
              y2={layout.center.y + Math.sin(quadrant.startAngle) * layout.outerRadius}
            />
          ))}
        </g>
        <g className="cc-radar-ring-names" textAnchor="middle" dominantBaseline="central" aria-hidden>
          {ringLabelPositions(layout).map((label) => {
            const fit = fitLabel(rings[label.ringIndex]!.name.toUpperCase(), label.width * 0.92, label.fontSize);
            return (
              <text key={label.ringIndex} x={label.x} y={label.y} fontSize={fit.fontSize}>
                {fit.text}
              </text>
            );
          })}
        </g>
        <g className="cc-radar-quadrant-names" fontWeight={700} data-testid="radar-quadrant-names">
          {labels.map((label) => (
            <text
              key={label.quadrantIndex}
              x={label.x}
              y={label.y}
              fontSize={label.fontSize}
              textAnchor={label.anchor}
              dominantBaseline="central"
              fill={pickColor(colors, QUADRANT_PALETTE, label.quadrantIndex)}
            >
              {label.lines.map((line, index) => (
                <tspan key={line} x={label.x} dy={index === 0 ? 0 : label.lineHeight}>
                  {line}
                </tspan>
              ))}
            </text>
          ))}
        </g>
        {hitRadius !== undefined && hitRadius > layout.blipRadius * 1.14 && (
          // Taps near a blip (not only on it) select it: pointer only, under the blips and outside their boxes; the
          // blip itself is the keyboard control.
          <g
            className="cc-radar-hits"
            aria-hidden
            onClick={(event) => {
              const id = (event.target as Element).getAttribute('data-blip');
              if (id !== null) onSelect(id);
            }}
          >
            {layout.blips
              .filter((blip) => matches === undefined || matches === null || matches.has(blip.id))
              .map((blip) => (
                <circle
                  key={blip.id}
                  className="cc-radar-hit"
                  data-testid="radar-blip-hit"
                  data-blip={blip.id}
                  cx={blip.x}
                  cy={blip.y}
                  r={hitRadius}
                />
              ))}
          </g>
        )}
        <g className="cc-radar-blips">
          {layout.blips.map((blip) => {
            const source = byId.get(blip.id)!;
            const ring = rings[blip.ringIndex]!;
            const quadrant = quadrants[blip.quadrantIndex]!;
            const movement = source.movement && source.movement !== 'no change' ? `, ${source.movement}` : '';
            return (
              <BlipMark
                key={blip.id}
                number={blip.number}
                x={blip.x}
                y={blip.y}
                radius={blip.radius}
                color={pickColor(colors, QUADRANT_PALETTE, blip.quadrantIndex)}
                movement={source.movement}
                label={`${blip.number}. ${source.label}: ${ring.name}, ${quadrant.name}${movement}`}
                dimmed={matches !== undefined && matches !== null && !matches.has(blip.id)}
                selected={selectedId === blip.id}
                highlighted={highlightedId === blip.id}
                onSelect={() => onSelect(blip.id)}
                onHover={(on) => setHover(blip.id, on)}
              />
            );
          })}
        </g>
      </svg>
      {hoveredBlip !== undefined && hoveredSource !== undefined && (
        <Paper
          shadow="md"
          withBorder
          p="xs"
          radius="md"
          className="cc-radar-tooltip"
          data-testid="radar-tooltip"
          role="tooltip"
          style={{
            left: `${((hoveredBlip.x - view.x) / view.width) * 100}%`,
            top: `${((hoveredBlip.y - view.y) / view.height) * 100}%`,
            transform: `translate(${hoveredBlip.x - view.x > view.width / 2 ? 'calc(-100% - 14px)' : '14px'}, ${hoveredBlip.y - view.y > view.height / 2 ? 'calc(-100% - 6px)' : '6px'})`,
          }}
        >
          <Text size="sm" fw={700} lineClamp={2}>
            {hoveredBlip.number}. {hoveredSource.label}
          </Text>
          <Group gap={6} mt={2} wrap="wrap">
            <Badge size="xs" variant="light" color="gray" tt="none">
              {rings[hoveredBlip.ringIndex]!.name}
            </Badge>
            <Badge size="xs" variant="light" color="gray" tt="none">
              {quadrants[hoveredBlip.quadrantIndex]!.name}
            </Badge>
            {hoveredSource.movement !== undefined && hoveredSource.movement !== 'no change' && (
              <Badge size="xs" variant="light" tt="none">
                {MOVEMENT_LABELS[hoveredSource.movement]}
              </Badge>
            )}
          </Group>
          {hoveredSource.detail !== undefined && hoveredSource.detail !== '' && (
            <Text size="xs" c="dimmed" mt={4} lineClamp={3}>
              {hoveredSource.detail}
            </Text>
          )}
        </Paper>
      )}
    </Box>
  );
}

/**
 * The radar's layout (positions and legend numbering), computed once per change of its blips; null while the radar's
 * quadrants and rings are not known yet (or are out of the 2–8 / 2–6 range the layout supports).
 */
export function useRadarLayout(
  quadrants: ChartSegment[],
  rings: ChartSegment[],
  blips: ChartBlip[],
): RadarLayout | null {
  return useMemo(() => {
    if (quadrants.length < RADAR_LIMITS.minQuadrants || quadrants.length > RADAR_LIMITS.maxQuadrants) return null;
    if (rings.length < RADAR_LIMITS.minRings || rings.length > RADAR_LIMITS.maxRings) return null;
    return layoutRadar({
      quadrants: quadrants.map(({ id, name }) => ({ id, name })),
      rings: rings.map(({ id, name }) => ({ id, name })),
      blips: blips.map(({ id, label, quadrantId, ringId, movement, number }) => ({
        id,
        label,
        quadrantId,
        ringId,
        ...(movement === undefined ? {} : { movement }),
        ...(number === undefined ? {} : { number }),
      })),
      size: LAYOUT_SIZE,
    });
  }, [quadrants, rings, blips]);
}
