// Re-exports of the generated socket payload types the server uses, so src/ imports them
// from one place. No payload type is written by hand.
export type * from '../../generated/events.ts';

import type { components } from '../../generated/socket.ts';

export type OnlineUser = components['schemas']['OnlineUser'];
