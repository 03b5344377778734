import type { TechnologyView } from './schemas.js';
import { RENDERED_FIELDS, type TechnologyKey } from './shape.js';
import type { TechnologyRow } from './store.js';

/** A blip as the presenter needs it: which technology it places, where. */
export interface BlipRefRow {
  id: string;
  radarId: string;
  technologyId: string;
  quadrantId: string;
  ringId: string;
}

/**
 * A row in the API's shape, field by field from the shape: what PostgreSQL renders for lists (TECHNOLOGY_JSON_FIELDS),
 * here for single technologies. `blips` may hold other technologies' blips; only this one's are kept.
 */
export function presentTechnology(row: TechnologyRow, blips: readonly BlipRefRow[]): TechnologyView {
  const view: Record<string, unknown> = {};
  for (const { key, render } of RENDERED_FIELDS) {
    if (render === 'blips') {
      view[key] = blips
        .filter((blip) => blip.technologyId === row.id)
        .map((blip) => ({ id: blip.id, radarId: blip.radarId, quadrantId: blip.quadrantId, ringId: blip.ringId }));
    } else {
      const value = row[key as Exclude<TechnologyKey, 'blips'>];
      view[key] = render === 'timestamp' ? ((value as Date | null)?.toISOString() ?? null) : value;
    }
  }
  return view as TechnologyView;
}
