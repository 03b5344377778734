import { type TSchema, Type } from 'typebox';
import type { Tx } from '../../platform/db/database.js';
import { defineEvent, type EventDefinition } from '../../platform/events/catalog.js';
import type { PendingEvent } from '../../platform/events/outbox.js';
import type { ActorContext } from '../../platform/http/actor.js';
import { type AuditAction, appendAuditedEvents } from '../audit/service.js';

// Event data names things and says what changed; descriptions, rationales and file contents stay in the tables
// (events are copied to every subscriber and browser, so they stay small).

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const TechnologyData = Type.Object({ id: Type.String(), title: Type.String() });
const Place = Type.Object({ ringId: Type.String(), quadrantId: Type.String() });
const BlipData = Type.Object({
  blipId: Type.String(),
  radarId: Type.String(),
  technologyId: Type.String(),
  title: Type.String(),
});
const RadarData = Type.Object({ id: Type.String(), name: Type.String() });

export const technologyCreated = defineEvent(
  'technology.created',
  1,
  Type.Object({ ...TechnologyData.properties, status: Type.String(), domain: nullable(Type.String()) }),
  'A technology was added to the catalog.',
);
export const technologyUpdated = defineEvent(
  'technology.updated',
  1,
  Type.Object({ ...TechnologyData.properties, changed: Type.Array(Type.String()) }),
  "A technology's fields changed; `changed` names them.",
);
export const technologyDeleted = defineEvent(
  'technology.deleted',
  1,
  TechnologyData,
  'A technology was deleted with its blips, relations, history and proposals.',
);
const RelationData = Type.Object({
  relationId: Type.String(),
  kind: Type.String(),
  fromTechnologyId: Type.String(),
  toTechnologyId: Type.String(),
});
export const technologyRelationAdded = defineEvent(
  'technology.relation_added',
  1,
  RelationData,
  'A typed relation (alternative_to, depends_on, replaces, related_to) was added between two technologies.',
);
export const technologyRelationRemoved = defineEvent(
  'technology.relation_removed',
  1,
  RelationData,
  'A relation between two technologies was removed.',
);

export const blipPlaced = defineEvent(
  'blip.placed',
  1,
  Type.Object({ ...BlipData.properties, ...Place.properties }),
  'A technology was placed on a radar.',
);
export const blipMoved = defineEvent(
  'blip.moved',
  1,
  Type.Object({
    ...BlipData.properties,
    from: Place,
    to: Place,
    historyId: Type.String(),
    proposalId: nullable(Type.String()),
  }),
  'A blip changed ring and/or quadrant; the history entry holds the rationale.',
);
export const blipRemoved = defineEvent(
  'blip.removed',
  1,
  Type.Object({ ...BlipData.properties, ...Place.properties }),
  'A technology was taken off a radar.',
);

export const blipNoteChanged = defineEvent('blip.note_changed', 1, BlipData, "A blip's short note changed.");

export const radarCreated = defineEvent('radar.created', 1, RadarData, 'A radar was created.');
export const radarUpdated = defineEvent(
  'radar.updated',
  1,
  Type.Object({ ...RadarData.properties, changed: Type.Array(Type.String()) }),
  "A radar's name, description, quadrants or rings changed.",
);
export const radarDeleted = defineEvent('radar.deleted', 1, RadarData, 'A radar was deleted with its blips.');
export const radarVolumePublished = defineEvent(
  'radar.volume_published',
  1,
  Type.Object({
    volumeId: Type.String(),
    radarId: Type.String(),
    name: Type.String(),
    date: Type.String(),
    blipCount: Type.Integer(),
    counts: Type.Record(Type.String(), Type.Integer()),
  }),
  'A snapshot of a radar was published; counts are the movements against the previous volume.',
);
export const radarImportCompleted = defineEvent(
  'radar.import_completed',
  1,
  Type.Object({
    importId: Type.String(),
    radarId: Type.String(),
    format: Type.String(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    conflicts: Type.Integer(),
    removed: Type.Integer(),
    related: Type.Optional(Type.Integer({ description: 'related_to relations added from the file' })),
    volumeId: nullable(Type.String()),
  }),
  'An import finished; its job record holds the details.',
);

const ProposalData = Type.Object({
  proposalId: Type.String(),
  blipId: Type.String(),
  technologyId: Type.String(),
  title: Type.String(),
  fromRingId: Type.String(),
  toRingId: Type.String(),
});
export const proposalCreated = defineEvent(
  'proposal.created',
  1,
  Type.Object({ ...ProposalData.properties, researchTaskIds: Type.Array(Type.String()) }),
  'Someone proposed moving a blip to another ring.',
);
export const proposalDecided = defineEvent(
  'proposal.decided',
  1,
  Type.Object({ ...ProposalData.properties, status: Type.String() }),
  'A proposal was approved (the blip moved), rejected or withdrawn.',
);
export const proposalCommented = defineEvent(
  'proposal.commented',
  1,
  Type.Object({ proposalId: Type.String(), commentId: Type.String() }),
  'A comment was added to a proposal.',
);

/** Radar changes that govern the radar or destroy something, kept in the audit log as well. */
const AUDITED = new Map<EventDefinition, AuditAction>([
  [radarCreated, 'radar.created'],
  [radarUpdated, 'radar.updated'],
  [radarDeleted, 'radar.deleted'],
  [radarImportCompleted, 'radar.imported'],
  [technologyDeleted, 'technology.deleted'],
  [proposalDecided, 'proposal.decided'],
]);

/** Every radar change announces itself through here: its events, and audit entries for the audited ones. */
export function appendRadarEvents(tx: Tx, projectId: string, actor: ActorContext, events: PendingEvent[]) {
  return appendAuditedEvents(tx, projectId, actor, events, AUDITED);
}
