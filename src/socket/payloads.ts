// Re-exports of the generated socket payload types the server uses, so src/ imports them
// from one place. No payload type is written by hand.
export type * from '../../generated/events.ts';
export type { OnlineUser } from '../realtime/presence.ts';
