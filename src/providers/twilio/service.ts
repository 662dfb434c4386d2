// Service-level operations. Calls per operation:
//   enable-reachability  1 × Configuration update {ReachabilityEnabled=true} (idempotent)
//   reachability         1 × Users/{identity} fetch → is_online / is_notifiable; an unknown
//                        user (404) is offline and not reachable
//   ping (/healthz)      1 × Configuration fetch: proves credentials, service and network

import type { TwilioContext } from './context.ts';
import { isSafeIdentity } from './context.ts';
import { isTwilioNotFound, mapTwilio, SERVICE_LEVEL } from './errors.ts';

/** The post-event webhooks the server turns into inbound events (webhooks.ts). */
export const WEBHOOK_FILTERS = [
  'onMessageAdded',
  'onParticipantAdded',
  'onParticipantRemoved',
  'onConversationRemoved',
];

export async function enableReachability(ctx: TwilioContext): Promise<void> {
  await mapTwilio(
    () => ctx.service.configuration().update({ reachabilityEnabled: true }),
    SERVICE_LEVEL,
  );
}

/**
 * Online means a connected Twilio client SDK (not a Socket.IO connection). Twilio answers
 * null for both flags while reachability is off or the user never connected: offline.
 */
export async function getUserReachability(
  ctx: TwilioContext,
  identity: string,
): Promise<{ online: boolean; notReachable: boolean }> {
  const offline = { online: false, notReachable: true };
  if (!isSafeIdentity(identity)) return offline;
  return mapTwilio(async () => {
    try {
      const user = await ctx.service.users(identity).fetch();
      const online = user.isOnline === true;
      return { online, notReachable: !(online || user.isNotifiable === true) };
    } catch (error) {
      if (isTwilioNotFound(error)) return offline;
      throw error;
    }
  }, SERVICE_LEVEL);
}

export async function ping(ctx: TwilioContext): Promise<void> {
  await mapTwilio(() => ctx.service.configuration().fetch(), SERVICE_LEVEL);
}

/** This module's share of the ConversationProvider (composed in twilio-provider.ts). */
export const operations = { enableReachability, getUserReachability, ping };
