// The one place where provider records become wire payloads: snake_case for REST,
// camelCase for socket events, ISO timestamps everywhere.

import type { components } from '../generated/rest.ts';
import type { ConversationRecord, MessageRecord } from './providers/provider.ts';
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
