import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** URL-safe random secret with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Random lowercase hex, for public identifiers such as API key prefixes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Credentials we only ever compare (refresh tokens, API keys, setup tokens) are stored as SHA-256. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Derives independent keys (JWT signing, secret encryption, ...) from the one configured secret. */
export function deriveKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update(`commandcenter:${purpose}`).digest());
}
