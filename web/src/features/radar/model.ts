import type { BlipMovement } from '../../../../src/modules/radar/layout';

/** The API's movement words (`moved_in`) as the radar draws them (`moved in`); removed blips are not drawn. */
export function chartMovement(movement: string | null | undefined): BlipMovement | undefined {
  switch (movement) {
    case 'new':
      return 'new';
    case 'moved_in':
      return 'moved in';
    case 'moved_out':
      return 'moved out';
    case 'no_change':
      return 'no change';
    default:
      return undefined;
  }
}

export const MOVEMENT_TEXT: Record<string, string> = {
  new: 'New',
  moved_in: 'Moved in',
  moved_out: 'Moved out',
  no_change: 'No change',
  removed: 'Removed',
};

export const MOVEMENT_COLOR: Record<string, string> = {
  new: 'teal',
  moved_in: 'blue',
  moved_out: 'orange',
  no_change: 'gray',
  removed: 'red',
};

/** Whether a technology matches the free-text search (title, tags, description). */
export function matchesSearch(
  query: string,
  fields: { title: string; tags?: readonly string[]; description?: string },
): boolean {
  const needle = query.trim().toLowerCase();
  if (needle === '') return true;
  return (
    fields.title.toLowerCase().includes(needle) ||
    (fields.tags ?? []).some((tag) => tag.toLowerCase().includes(needle)) ||
    (fields.description ?? '').toLowerCase().includes(needle)
  );
}
