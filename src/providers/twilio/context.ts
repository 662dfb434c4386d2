// What the per-concern modules (conversations, messages, participants, media, service)
// share: the service-scoped SDK client, the caches over the shared state (cache.ts), and the settings.

import { CONVERSATION_SID, MEDIA_SID } from '../../../generated/constants.ts';
import type { ConversationRecord } from '../provider.ts';
import type { LastMessages, RecentSids } from './cache.ts';
import type { ServiceContext } from './client.ts';
import type { TwilioConfig } from './config.ts';

export interface TwilioContext {
  service: ServiceContext;
  config: TwilioConfig;
  lastMessages: LastMessages;
  /** SIDs already broadcast: this server's own writes and webhook events seen before. */
  own: RecentSids;
  /** Bounded fan-out for last-message lookups. */
  lookup: <T>(task: () => Promise<T>) => Promise<T>;
  /** newconversation calls in flight, by unique name: concurrent callers share one. */
  pendingPrivate: Map<string, Promise<{ conversation: ConversationRecord; existing: boolean }>>;
}

/**
 * The SDK puts path values into URLs unencoded, and Twilio's `{Sid}` also accepts unique
 * names and identities: only values of the exact expected shape are sent. An identity is
 * the spec's (no whitespace, none of / \ ? # %: one path segment) but never a dot segment.
 */
export const isConversationSid = (value: string) => CONVERSATION_SID.test(value);
export const isMediaSid = (value: string) => MEDIA_SID.test(value);
export const isSafeIdentity = (value: string) =>
  /^[^\s/\\?#%]{1,256}$/u.test(value) && value !== '.' && value !== '..';

/** Twilio dates arrive as Date from the SDK, as strings from webhooks. */
export function toDate(value: Date | string | null | undefined, fallback = new Date()): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string') {
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return fallback;
}

export function parseJsonObject(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
