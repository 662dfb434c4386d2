// What every REST handler receives besides its typed input, and the services it may use.
import type { Logger } from 'pino';
import type { RestHandlers } from '../../generated/rest-handlers.ts';
import type { Caller } from '../auth/policy.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { ConversationProvider } from '../providers/provider.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import type { Presence } from '../realtime/presence.ts';

export interface RequestContext {
  requestId: string;
  /** Who is calling (already authorized for this operation by src/auth/policy.ts). */
  caller: Caller;
  /** Absolute base URL for links the server hands out (media URLs). */
  baseUrl: string;
  log: Logger;
}

export interface Services {
  provider: ConversationProvider;
  presence: Presence;
  broadcaster: Broadcaster;
  tokens: TokenService;
}

/** A group of operations, implemented in one file per tag. */
export type HandlerGroup<K extends keyof RestHandlers> = Pick<RestHandlers<RequestContext>, K>;
