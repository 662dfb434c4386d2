// Row shapes as SQLite returns them and their mapping to the provider's records. JSON
// columns are checked on the way out so a corrupted row fails here, with the column named,
// instead of handing malformed data to the wire layer.

import type {
  ConversationRecord,
  MediaRecord,
  MessageRecord,
  ParticipantInfo,
  ParticipantRecord,
} from '../provider.ts';

export interface MessageRow {
  sid: string;
  conversation_sid: string;
  author: string;
  body: string;
  media: string;
  date_created: number;
}

/** A conversation joined with its last message (m_* columns are NULL when it has none). */
export interface ConversationRow {
  sid: string;
  friendly_name: string;
  participants: string;
  date_created: number;
  date_updated: number;
  m_sid: string | null;
  m_author: string | null;
  m_body: string | null;
  m_media: string | null;
  m_date_created: number | null;
}

export interface ParticipantRow {
  sid: string;
  conversation_sid: string;
  identity: string | null;
  phone_number: string | null;
}

export interface MediaRow {
  sid: string;
  content_type: string;
  size: number;
  filename: string | null;
}

export interface MediaContentRow extends MediaRow {
  path: string | null;
  bytes: Buffer | null;
}

function parseJson(text: string, column: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`Corrupt JSON in column ${column}`);
  }
}

export function parseMediaList(text: string): string[] {
  const value = parseJson(text, 'messages.media');
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error('Column messages.media is not a list of strings');
  }
  return value;
}

function isParticipantInfo(value: unknown): value is ParticipantInfo {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, image } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof name === 'string' &&
    (image === undefined || typeof image === 'string')
  );
}

export function parseParticipants(text: string): ParticipantInfo[] {
  const value = parseJson(text, 'conversations.participants');
  if (!Array.isArray(value) || !value.every(isParticipantInfo)) {
    throw new Error('Column conversations.participants is not a list of participants');
  }
  return value;
}

/** Keeps only the fields the contract knows, so stray keys never reach storage or callers. */
export function normalizeParticipants(participants: readonly ParticipantInfo[]): ParticipantInfo[] {
  return participants.map(({ id, name, image }) =>
    image === undefined ? { id, name } : { id, name, image },
  );
}

export function toMessage(row: MessageRow): MessageRecord {
  return {
    sid: row.sid,
    conversationSid: row.conversation_sid,
    author: row.author,
    body: row.body,
    media: parseMediaList(row.media),
    dateCreated: new Date(row.date_created),
  };
}

export function toConversation(row: ConversationRow): ConversationRecord {
  const lastMessage =
    row.m_sid === null
      ? null
      : toMessage({
          sid: row.m_sid,
          conversation_sid: row.sid,
          author: row.m_author ?? '',
          body: row.m_body ?? '',
          media: row.m_media ?? '[]',
          date_created: row.m_date_created ?? row.date_updated,
        });
  return {
    sid: row.sid,
    friendlyName: row.friendly_name,
    participants: parseParticipants(row.participants),
    dateCreated: new Date(row.date_created),
    dateUpdated: new Date(row.date_updated),
    lastMessage,
  };
}

export function toParticipant(row: ParticipantRow): ParticipantRecord {
  const record: ParticipantRecord = { sid: row.sid, conversationSid: row.conversation_sid };
  if (row.identity !== null) record.identity = row.identity;
  if (row.phone_number !== null) record.phoneNumber = row.phone_number;
  return record;
}

export function toMedia(row: MediaRow): MediaRecord {
  const record: MediaRecord = { sid: row.sid, contentType: row.content_type, size: row.size };
  if (row.filename !== null) record.filename = row.filename;
  return record;
}
