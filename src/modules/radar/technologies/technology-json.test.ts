import { describe, expect, it } from 'vitest';
import { Technology } from './schemas.js';
import { TECHNOLOGY_JSON_FIELDS } from './store.js';

// Technology lists are sent as the JSON PostgreSQL renders, without the response schema's serializer: the SQL must
// not drift from the schema.
describe('the technology JSON rendered by PostgreSQL', () => {
  it('has the keys of the Technology schema, in its order', () => {
    expect(TECHNOLOGY_JSON_FIELDS.map(([key]) => key)).toEqual(Object.keys(Technology.properties));
  });
});
