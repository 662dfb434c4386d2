// All REST handlers, one file per spec tag under ./handlers/. The return type makes a
// missing or misspelled operationId a compile error.
import type { RestHandlers } from '../../generated/rest-handlers.ts';
import type { RequestContext, Services } from './context.ts';
import { authHandlers } from './handlers/auth.ts';
import { conversationHandlers } from './handlers/conversations.ts';
import { mediaHandlers } from './handlers/media.ts';
import { messageHandlers } from './handlers/messages.ts';
import { operationsHandlers } from './handlers/operations.ts';
import { participantHandlers } from './handlers/participants.ts';
import { reachabilityHandlers } from './handlers/reachability.ts';

export function createRestHandlers(services: Services): RestHandlers<RequestContext> {
  return {
    ...operationsHandlers(services),
    ...authHandlers(services),
    ...conversationHandlers(services),
    ...messageHandlers(services),
    ...participantHandlers(services),
    ...mediaHandlers(services),
    ...reachabilityHandlers(services),
  };
}
