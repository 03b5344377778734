import { Type } from 'typebox';
import { defineEvent } from '../../platform/events/catalog.js';

const ApiKeyData = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), prefix: Type.String() });

export const apiKeyCreated = defineEvent(
  'api_key.created',
  1,
  ApiKeyData,
  'An API key was created (its secret is never in events).',
);
export const apiKeyRevoked = defineEvent('api_key.revoked', 1, ApiKeyData, 'An API key was revoked.');
export const apiKeySuspended = defineEvent(
  'api_key.suspended',
  1,
  Type.Object({ ...ApiKeyData.properties, reason: Type.String() }),
  'An API key stopped working because its creator lost access to the project (removed or disabled).',
);
