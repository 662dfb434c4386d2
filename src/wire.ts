// The one place where records become wire payloads: snake_case for REST, camelCase for
// socket events, ISO timestamps everywhere, media URLs built from one pattern, and the
// seed's success envelope `{status: 200, message, data}`.

import type { UserStatusChangedPayload } from '../generated/events.ts';
import type { components } from '../generated/rest.ts';
import type { ConversationRecord, MediaRecord, MessageRecord } from './providers/provider.ts';
import type { RoomChange } from './realtime/presence.ts';
import type { NewMessagePayload } from './socket/payloads.ts';

type RestSchemas = components['schemas'];

export function restMessage(record: MessageRecord): RestSchemas['Message'] {
  return {
    sid: record.sid,
    body: record.body,
    author: record.author,
    date_created: record.dateCreated.toISOString(),
    media: record.media,
  };
}

export function restConversation(record: ConversationRecord): RestSchemas['Conversation'] {
  return {
    sid: record.sid,
    friendly_name: record.friendlyName,
    date_created: record.dateCreated.toISOString(),
    date_updated: record.dateUpdated.toISOString(),
    last_message: record.lastMessage ? restMessage(record.lastMessage) : null,
  };
}

/**
 * `new_message` carries both date spellings (see SocketMessage in the spec, which describes
 * `date_created` but does not declare it, so generated types only know `dateCreated`).
 */
export function newMessagePayload(record: MessageRecord): NewMessagePayload {
  const date = record.dateCreated.toISOString();
  const message: NewMessagePayload['message'] & { date_created: string } = {
    sid: record.sid,
    body: record.body,
    author: record.author,
    dateCreated: date,
    date_created: date,
    media: record.media,
  };
  return { conversationSid: record.conversationSid, message, timestamp: new Date().toISOString() };
}

/** A handler's 200 answer in the success envelope. */
export function ok<const M extends string, D>(message: M, data: D) {
  return { status: 200 as const, body: { status: 200 as const, message, data } };
}

/** Where this server serves stored media (GET /api/media/{mediaSid}). */
export function mediaUrl(baseUrl: string, mediaSid: string): string {
  return `${baseUrl}/api/media/${mediaSid}`;
}

export function restMedia(record: MediaRecord, baseUrl: string) {
  return {
    content_type: record.contentType,
    size: record.size,
    url: mediaUrl(baseUrl, record.sid),
    ...(record.filename ? { filename: record.filename } : {}),
  };
}

/** `data` of a send-message answer. */
export function restSentMessage(record: MessageRecord) {
  return {
    success: true as const,
    message_sid: record.sid,
    body: record.body,
    author: record.author,
    date_created: record.dateCreated.toISOString(),
    media: record.media,
  };
}

/** `user_status_changed` for a presence change (online on the first join, offline on the last leave). */
export function statusChangedPayload(
  change: RoomChange,
  online: boolean,
): UserStatusChangedPayload {
  return {
    conversationSid: change.room,
    userId: change.userId,
    identity: change.identity,
    status: { online, lastSeen: change.lastSeen.toISOString() },
    timestamp: new Date().toISOString(),
  };
}
