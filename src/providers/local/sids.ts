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

// 128 random bits: media SIDs double as unguessable capability URLs (GET /api/media/{sid} is
// public), so they must come from a CSPRNG, not from a counter or Math.random.
export function mintSid(kind: SidKind): string {
  return SID_PREFIX[kind] + randomBytes(16).toString('hex');
}

export function isSid(kind: SidKind, value: string): boolean {
  return new RegExp(`^${SID_PREFIX[kind]}[0-9a-f]{32}$`).test(value);
}
