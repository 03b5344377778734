import { Type } from 'typebox';
import { defineEvent } from '../../../platform/events/catalog.js';

// Share links belong to the radar's catalog (`radar.*`); they are defined here, beside the capability, and reach
// the catalog when the share routes are registered. The token never travels in an event.
const ShareLinkData = Type.Object({
  linkId: Type.String(),
  radarId: Type.String(),
  volumeId: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
});

export const radarShareLinkCreated = defineEvent(
  'radar.share_link_created',
  1,
  ShareLinkData,
  'A read-only public link to a radar (or one of its volumes) was created.',
);
export const radarShareLinkRevoked = defineEvent(
  'radar.share_link_revoked',
  1,
  ShareLinkData,
  'A share link was revoked; its URL answers 404 from now on.',
);
