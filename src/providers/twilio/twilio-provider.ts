// The `twilio` ConversationProvider: Twilio Conversations through the official SDK, every
// call scoped to the configured service (the same service the access tokens name). The
// work is split by concern; the Twilio calls each operation costs are listed at the top of
// conversations.ts, messages.ts, participants.ts, media.ts and service.ts. The provider is
// composed from those modules' operations, each bound to one shared TwilioContext.
//
// Beside the provider, on the same context, sit the inbound events (TwilioInbound): they
// keep the last-message index current and tell whether an event reports this server's own
// write, which was already broadcast and must not be broadcast again (webhooks.ts).

import { memoryState, type SharedState } from '../cross-node-state.ts';
import type { ConversationProvider, MessageRecord } from '../provider.ts';
import { LastMessages, limiter, RecentSids } from './cache.ts';
import { createTwilioClients } from './client.ts';
import type { TwilioConfig } from './config.ts';
import type { TwilioContext } from './context.ts';
import * as conversations from './conversations.ts';
import { mediaOperations } from './media.ts';
import * as messages from './messages.ts';
import * as participants from './participants.ts';
import * as service from './service.ts';

/** Last-message lookups run at most this many at a time. */
const LOOKUP_CONCURRENCY = 4;

export interface TwilioProviderOptions {
  /** Replaces the retry back-off sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Where the last-message index and the broadcast SIDs live; default this process's memory. */
  state?: SharedState;
}

/** What Twilio reports by webhook, reconciled with the server's own writes (every node's, in a cluster). */
export interface TwilioInbound {
  /**
   * A message Twilio reports; null when it was already broadcast (this server sent it, or
   * Twilio delivered the same event before).
   */
  message(message: messages.TwilioMessageLike): Promise<MessageRecord | null>;
  /** False when the participant was already broadcast (added here, or reported before). */
  isForeignParticipant(participantSid: string): Promise<boolean>;
  /** A conversation Twilio reports removed; false when already broadcast (deleted here). */
  conversationRemoved(conversationSid: string): Promise<boolean>;
}

type Operation = (ctx: TwilioContext, ...args: never[]) => unknown;
type Bound<T extends Record<string, Operation>> = {
  [K in keyof T]: T[K] extends (ctx: TwilioContext, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/** The operations with their context argument filled in (refused once the provider is closed). */
function bind<T extends Record<string, Operation>>(open: () => TwilioContext, ops: T): Bound<T> {
  const bound: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    bound[name] = async (...args: never[]) => op(open(), ...args);
  }
  return bound as Bound<T>;
}

export function openTwilio(
  config: TwilioConfig,
  options: TwilioProviderOptions = {},
): { provider: ConversationProvider; inbound: TwilioInbound } {
  const state = options.state ?? memoryState();
  const clients = createTwilioClients(config, options.sleep ? { sleep: options.sleep } : {});
  const ctx: TwilioContext = {
    service: clients.service,
    config,
    lastMessages: new LastMessages(state),
    own: new RecentSids(state),
    lookup: limiter(LOOKUP_CONCURRENCY),
    pendingPrivate: new Map(),
  };
  let closed = false;
  const open = () => {
    if (closed) throw new Error('The Twilio provider is closed');
    return ctx;
  };

  const provider: ConversationProvider = {
    kind: 'twilio',
    sms: config.smsProxyNumber !== undefined,
    ...bind(open, conversations.operations),
    ...bind(open, messages.operations),
    ...bind(open, participants.operations),
    ...bind(open, service.operations),
    ...mediaOperations(config, clients.retry, open),
    async close() {
      closed = true;
    },
  };

  // One claim decides, across every node sharing the state: the first to claim a SID
  // broadcasts its event, every later delivery (a retry, a replay, another node) does not.
  const firstTime = (sid: string) => ctx.own.claim(sid);
  const inbound: TwilioInbound = {
    async message(message) {
      const record = messages.toMessageRecord(message);
      // A replay of an old event must not become the conversation's last message either.
      if (ctx.own.tooOld(record.dateCreated)) return null;
      await ctx.lastMessages.note(record.conversationSid, record, message.index);
      return (await firstTime(record.sid)) ? record : null;
    },
    isForeignParticipant: firstTime,
    async conversationRemoved(conversationSid) {
      await ctx.lastMessages.forget(conversationSid);
      return firstTime(conversationSid);
    },
  };
  return { provider, inbound };
}

export function createTwilioProvider(
  config: TwilioConfig,
  options: TwilioProviderOptions = {},
): ConversationProvider {
  return openTwilio(config, options).provider;
}
