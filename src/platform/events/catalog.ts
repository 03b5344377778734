import type { Static, TSchema } from 'typebox';

/** CloudEvents `type` prefix; the full type is `commandcenter.<name>.v<version>`. */
export const EVENT_TYPE_PREFIX = 'commandcenter.';
export const EVENT_SOURCE = '/commandcenter';

export interface EventDefinition<S extends TSchema = TSchema> {
  /** Dotted past-tense name: `project.created`, `technology.ring_changed`. */
  readonly name: string;
  readonly version: number;
  readonly schema: S;
  readonly description: string;
  /** The CloudEvents `type`, e.g. `commandcenter.project.created.v1`. */
  readonly type: string;
}

export type EventData<D extends EventDefinition> = Static<D['schema']>;

const catalog = new Map<string, EventDefinition>();

/** Declares an event type. Each (name, version) is defined once; the catalog API serves all of them. */
export function defineEvent<S extends TSchema>(
  name: string,
  version: number,
  schema: S,
  description: string,
): EventDefinition<S> {
  if (!/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/.test(name))
    throw new Error(`event name ${name} must be dotted lower-case words`);
  const type = `${EVENT_TYPE_PREFIX}${name}.v${version}`;
  if (catalog.has(type)) throw new Error(`event ${type} is defined twice`);
  const definition = { name, version, schema, description, type };
  catalog.set(type, definition);
  return definition;
}

export function eventCatalog(): EventDefinition[] {
  return [...catalog.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export function findEventDefinition(type: string): EventDefinition | undefined {
  return catalog.get(type);
}
