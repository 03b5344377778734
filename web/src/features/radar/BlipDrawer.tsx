import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Divider,
  Drawer,
  Group,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { atLeast } from '../../api/types';
import { useFormErrors } from '../../components/forms';
import { MOVEMENT_COLOR, MOVEMENT_TEXT } from './model';
import { useMoveBlip, useProposeMove } from './mutations';
import type { Blip, Radar, Technology } from './queries';
import { RichText } from './RichText';

/** What the drawer shows: a blip of the live radar (movable) or of a published volume (read only). */
export interface DrawerItem {
  number: number;
  technologyId: string;
  title: string;
  quadrantId: string;
  ringId: string;
  movement: string | undefined;
  /** Back after missing one or more volumes (ADR 0038). */
  returning: boolean;
  note: string;
  /** The live blip, when the radar shows its current state. */
  blip: Blip | undefined;
}

const MOVE_FIELDS = ['ringId', 'quadrantId', 'rationale'] as const;

/** A blip back on the radar after missing one or more volumes; its movement is against where it last was. */
export function ReturningBadge() {
  return (
    <Badge
      size="sm"
      variant="outline"
      color="grape"
      tt="none"
      title="Back after missing one or more volumes; moved against where it last was"
      data-testid="returning"
    >
      returning
    </Badge>
  );
}

function MoveForm({
  projectId,
  radar,
  blip,
  mode,
  onDone,
}: {
  projectId: string;
  radar: Radar;
  blip: Blip;
  mode: 'move' | 'propose';
  onDone: () => void;
}) {
  const [ringId, setRingId] = useState(blip.ringId);
  const [quadrantId, setQuadrantId] = useState(blip.quadrantId);
  const [rationale, setRationale] = useState('');
  const { errors, fromError, clear, setField } = useFormErrors(MOVE_FIELDS);
  const move = useMoveBlip(projectId, radar.id, blip.id);
  const propose = useProposeMove(projectId);
  const pending = mode === 'move' ? move.isPending : propose.isPending;
  const ringChanged = ringId !== blip.ringId;
  const quadrantChanged = quadrantId !== blip.quadrantId;
  const unchanged = !ringChanged && !quadrantChanged;
  const done = {
    onSuccess: () => {
      notifications.show({
        color: 'green',
        message: mode === 'move' ? `${blip.title} moved` : `Proposal for ${blip.title} sent for review`,
      });
      setRationale('');
      onDone();
    },
    onError: fromError,
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    if (unchanged) return setField('ringId', 'Pick another ring or quadrant');
    if ((mode === 'propose' || ringChanged) && rationale.trim() === '') {
      return setField('rationale', 'Say why: the rationale is kept in the history');
    }
    if (mode === 'move') {
      move.mutate(
        {
          ...(ringChanged ? { ringId } : {}),
          ...(quadrantChanged ? { quadrantId } : {}),
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
        },
        done,
      );
    } else {
      propose.mutate(
        {
          blipId: blip.id,
          toRingId: ringId,
          ...(quadrantChanged ? { toQuadrantId: quadrantId } : {}),
          rationale: rationale.trim(),
        },
        done,
      );
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid={mode === 'move' ? 'move-form' : 'propose-form'}>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <Select
            label="Ring"
            name="ringId"
            data={radar.rings.map((ring) => ({ value: ring.id, label: ring.name }))}
            value={ringId}
            onChange={(value) => value !== null && setRingId(value)}
            allowDeselect={false}
            error={errors.fields.ringId}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Quadrant"
            name="quadrantId"
            data={radar.quadrants.map((quadrant) => ({ value: quadrant.id, label: quadrant.name }))}
            value={quadrantId}
            onChange={(value) => value !== null && setQuadrantId(value)}
            allowDeselect={false}
            error={errors.fields.quadrantId ?? errors.fields.toQuadrantId}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Textarea
          label="Rationale"
          name="rationale"
          description={
            mode === 'move'
              ? 'Required when the ring changes; kept in the history.'
              : 'Why the blip should move; an admin reviews it.'
          }
          autosize
          minRows={3}
          maxRows={8}
          value={rationale}
          onChange={(event) => setRationale(event.currentTarget.value)}
          error={errors.fields.rationale}
        />
        {errors.form !== undefined && (
          <Alert color="red" variant="light" role="alert">
            {errors.form}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={pending}>
            {mode === 'move' ? 'Move blip' : 'Propose move'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** How tall the write-up's preview is before "Read more" (about 12 lines of small text). */
const PREVIEW_HEIGHT = 260;

/** The write-up, cut to a preview when it is long, with "Read more" to show all of it in place. */
function Description({ source }: { source: string }) {
  const [expanded, setExpanded] = useState(false);
  const { ref, height } = useElementSize();
  const long = height > PREVIEW_HEIGHT + 24;
  const clamped = long && !expanded;
  return (
    <Stack gap={4}>
      <Box
        data-testid="blip-description"
        data-expanded={expanded ? 'true' : undefined}
        className={clamped ? 'cc-blip-description cc-blip-description-clamped' : 'cc-blip-description'}
        style={{
          maxHeight: clamped ? PREVIEW_HEIGHT : undefined,
          overflow: 'hidden',
          fontSize: 'var(--mantine-font-size-sm)',
        }}
      >
        <div ref={ref}>
          <RichText source={source} />
        </div>
      </Box>
      {long && (
        <Group>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => setExpanded((value) => !value)}
            aria-expanded={expanded}
            data-testid="blip-read-more"
          >
            {expanded ? 'Show less' : 'Read more'}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Details of one blip: its technology, where it sits, and (on the live radar) moving it or proposing a move. */
export function BlipDrawer({
  projectId,
  role,
  radar,
  item,
  technology,
  onClose,
}: {
  projectId: string;
  role: string;
  radar: Radar;
  item: DrawerItem | undefined;
  technology: Technology | undefined;
  onClose: () => void;
}) {
  const ring = radar.rings.find((candidate) => candidate.id === item?.ringId);
  const quadrant = radar.quadrants.find((candidate) => candidate.id === item?.quadrantId);
  // Members propose ring changes; admins decide them and may move blips directly.
  const canPropose = atLeast(role, 'member');
  const canMove = atLeast(role, 'admin');
  return (
    <Drawer
      opened={item !== undefined}
      onClose={onClose}
      position="right"
      size="md"
      title={
        item === undefined ? undefined : (
          <Title order={2} size="h4" data-testid="blip-drawer-title">
            {item.number}. {item.title}
          </Title>
        )
      }
      data-testid="blip-drawer"
    >
      {item !== undefined && (
        <Stack gap="md">
          <Group gap={6}>
            <Badge variant="light" tt="none">
              {ring?.name ?? item.ringId}
            </Badge>
            <Badge variant="light" color="gray" tt="none">
              {quadrant?.name ?? item.quadrantId}
            </Badge>
            {item.movement !== undefined && (
              <Badge variant="light" color={MOVEMENT_COLOR[item.movement] ?? 'gray'} tt="none">
                {MOVEMENT_TEXT[item.movement] ?? item.movement}
              </Badge>
            )}
            {item.returning && <ReturningBadge />}
            {technology !== undefined && (
              <Badge variant="outline" color="gray" tt="none">
                {technology.status}
              </Badge>
            )}
          </Group>
          {item.note !== '' && (
            <Text size="sm" fs="italic">
              {item.note}
            </Text>
          )}
          {technology !== undefined && technology.description.trim() !== '' && (
            <Description key={technology.id} source={technology.description} />
          )}
          {technology !== undefined && technology.tags.length > 0 && (
            <Group gap={4}>
              {technology.tags.map((tag) => (
                <Badge key={tag} size="sm" variant="dot" color="gray" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
          <Anchor
            component={Link}
            to={`/projects/${projectId}/radar/technologies/${item.technologyId}`}
            data-testid="open-technology"
          >
            Open the technology page (history, relations, research) →
          </Anchor>
          {item.blip !== undefined && canPropose && (
            <>
              <Divider />
              <Tabs defaultValue="propose" keepMounted={false}>
                <Tabs.List grow>
                  <Tabs.Tab value="propose">Propose a move</Tabs.Tab>
                  {canMove && <Tabs.Tab value="move">Move now</Tabs.Tab>}
                </Tabs.List>
                <Tabs.Panel value="propose" pt="sm">
                  <MoveForm projectId={projectId} radar={radar} blip={item.blip} mode="propose" onDone={onClose} />
                </Tabs.Panel>
                {canMove && (
                  <Tabs.Panel value="move" pt="sm">
                    <MoveForm projectId={projectId} radar={radar} blip={item.blip} mode="move" onDone={onClose} />
                  </Tabs.Panel>
                )}
              </Tabs>
            </>
          )}
          {item.blip === undefined && (
            <Text size="xs" c="dimmed">
              This is a published volume; switch to the live radar to move blips.
            </Text>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
