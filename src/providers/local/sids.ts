// Mints resource SIDs in Twilio's format (two-letter prefix + 32 lowercase hex digits), so a
// client cannot tell the local store from Twilio and the spec's SID patterns hold for both.

import { randomBytes } from 'node:crypto';

export const SID_PREFIX = {
  conversation: 'CH',
  message: 'IM',
  participant: 'MB',
  media: 'ME',
} as const;

export type SidKind = keyof typeof SID_PREFIX;

const SID_BYTES = 16;
/** SIDs' worth of random bytes drawn at once: one CSPRNG call costs as much as 256 copies. */
const POOL_SIDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

// 128 random bits: media SIDs double as unguessable capability URLs (GET /api/media/{sid} is
// public), so they must come from a CSPRNG, not from a counter or Math.random. The bytes
// are drawn in blocks (as crypto.randomUUID does) and each is used once.
export function mintSid(kind: SidKind): string {
  if (offset + SID_BYTES > pool.length) {
    pool = randomBytes(SID_BYTES * POOL_SIDS);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + SID_BYTES);
  offset += SID_BYTES;
  return SID_PREFIX[kind] + hex;
}

export function isSid(kind: SidKind, value: string): boolean {
  return new RegExp(`^${SID_PREFIX[kind]}[0-9a-f]{32}$`).test(value);
}
