// Conversations over Twilio. Calls per operation (N = conversations returned):
//   create             1 × ConversationWithParticipants create (conversation + every chat
//                      participant, atomically)
//   newconversation    1 × Conversations/{uniqueName} fetch; when absent 1 × create with that
//                      unique name; if another server won the race (50353) 1 × fetch.
//                      Concurrent calls in this process share one lookup.
//   list (a user's)    ≤ 2 × ParticipantConversations?Identity=…&PageSize=50 (the
//                      user-scoped resource; 100 conversations read, sorted, cut to limit)
//   list (all)         1 × Conversations?PageSize=100
//   get                1 × Conversations/{sid} fetch
//   delete             1 × Conversations/{sid} delete
// plus, for each of those, one last-message lookup per conversation the server has not
// seen yet (messages.ts, cache.ts); conversations it created or wrote to cost nothing.
//
// Names and images of the participants live in the conversation's attributes as
// `{"participants": [...]}`, never in friendly_name (Twilio caps that at 256 characters).

import { createHash } from 'node:crypto';
import { BadRequestError, Errors, NotFoundError } from '../../errors.ts';
import type { ConversationRecord, MessageRecord, ParticipantInfo } from '../provider.ts';
import {
  isConversationSid,
  isSafeIdentity,
  parseJsonObject,
  type TwilioContext,
  toDate,
} from './context.ts';
import { hasTwilioCode, isTwilioNotFound, mapTwilio, SERVICE_LEVEL } from './errors.ts';
import { lastMessage } from './messages.ts';

/** Twilio's limit for a conversation's attributes. */
export const CONVERSATION_ATTRIBUTES_MAX_BYTES = 16 * 1024;
const PARTICIPANT_CONVERSATIONS_PAGE = 50;
const CONVERSATIONS_PAGE = 100;
/**
 * Twilio lists conversations in its own order, not by last activity: a window of at least
 * this many is read and sorted here, then cut to the limit. Exact up to this many
 * conversations (per user, or in the service), approximate beyond.
 */
export const LIST_WINDOW = 100;

/** The fields of a Twilio conversation this provider reads. */
export interface TwilioConversationLike {
  sid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string | null;
  dateCreated: Date | string | null;
  dateUpdated: Date | string | null;
}

/**
 * The unique name of the private conversation of an id set: order- and duplicate-free,
 * hashed so it stays short and free of `/` and `?` (the SDK does not encode path values).
 * Same key derivation as the local store's.
 */
export function privateUniqueName(participantIds: readonly string[]): string {
  const ids = [...new Set(participantIds)].sort();
  return `pc1-${createHash('sha256').update(ids.join('\n')).digest('hex')}`;
}

function normalize(participants: readonly ParticipantInfo[]): ParticipantInfo[] {
  return participants.map(({ id, name, image }) =>
    image === undefined ? { id, name } : { id, name, image },
  );
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

export function conversationAttributes(participants: readonly ParticipantInfo[]): string {
  const attributes = JSON.stringify({ participants: normalize(participants) });
  const size = Buffer.byteLength(attributes);
  if (size > CONVERSATION_ATTRIBUTES_MAX_BYTES) {
    throw new BadRequestError(
      `participants: names and images take ${size} bytes; Twilio keeps at most ${CONVERSATION_ATTRIBUTES_MAX_BYTES} bytes per conversation (use image URLs rather than inline images)`,
    );
  }
  return attributes;
}

function participantsOf(attributes: string | null): ParticipantInfo[] {
  const list = parseJsonObject(attributes).participants;
  return Array.isArray(list) ? normalize(list.filter(isParticipantInfo)) : [];
}

export function toConversationRecord(
  conversation: TwilioConversationLike,
  last: MessageRecord | null,
): ConversationRecord {
  const dateCreated = toDate(conversation.dateCreated);
  const updated = toDate(conversation.dateUpdated, dateCreated);
  // Twilio does not move date_updated when a message is added; the spec's date_updated
  // includes the last message.
  const dateUpdated =
    last !== null && last.dateCreated.getTime() > updated.getTime() ? last.dateCreated : updated;
  return {
    sid: conversation.sid,
    friendlyName: conversation.friendlyName || conversation.uniqueName || conversation.sid,
    participants: participantsOf(conversation.attributes),
    dateCreated,
    dateUpdated,
    lastMessage: last,
  };
}

const notFound = Errors.conversationNotFound.message;

async function withLastMessage(
  ctx: TwilioContext,
  conversation: TwilioConversationLike,
): Promise<ConversationRecord> {
  return toConversationRecord(conversation, await lastMessage(ctx, conversation.sid));
}

/** Creates conversation + participants in one call; Twilio errors are left unmapped. */
async function createWithParticipants(
  ctx: TwilioContext,
  input: { friendlyName: string; participants: ParticipantInfo[] },
  uniqueName?: string,
): Promise<ConversationRecord> {
  const attributes = conversationAttributes(input.participants);
  const identities = [...new Set(input.participants.map((p) => p.id))];
  const created = await ctx.service.conversationWithParticipants.create({
    friendlyName: input.friendlyName,
    attributes,
    participant: identities.map((identity) => JSON.stringify({ identity })),
    ...(uniqueName === undefined ? {} : { uniqueName }),
  });
  await ctx.lastMessages.empty(created.sid);
  return toConversationRecord(created, null);
}

export function createConversation(
  ctx: TwilioContext,
  input: { friendlyName: string; participants: ParticipantInfo[] },
): Promise<ConversationRecord> {
  return mapTwilio(() => createWithParticipants(ctx, input), SERVICE_LEVEL);
}

export async function findOrCreatePrivateConversation(
  ctx: TwilioContext,
  input: { friendlyName: string; participants: ParticipantInfo[] },
): Promise<{ conversation: ConversationRecord; existing: boolean }> {
  const uniqueName = privateUniqueName(input.participants.map((p) => p.id));
  // Callers arriving while the same lookup is in flight share it (and did not create it):
  // a burst costs one lookup, not one per caller against Twilio's create rate limit.
  const pending = ctx.pendingPrivate.get(uniqueName);
  if (pending) return { ...(await pending), existing: true };
  const work = findOrCreate(ctx, input, uniqueName);
  ctx.pendingPrivate.set(uniqueName, work);
  try {
    return await work;
  } finally {
    ctx.pendingPrivate.delete(uniqueName);
  }
}

async function findOrCreate(
  ctx: TwilioContext,
  input: { friendlyName: string; participants: ParticipantInfo[] },
  uniqueName: string,
): Promise<{ conversation: ConversationRecord; existing: boolean }> {
  const fetchExisting = async () => {
    try {
      const found = await ctx.service.conversations(uniqueName).fetch();
      return { conversation: await withLastMessage(ctx, found), existing: true };
    } catch (error) {
      // Absent, or deleted between the fetch and its last-message lookup.
      if (isTwilioNotFound(error) || error instanceof NotFoundError) return null;
      throw error;
    }
  };
  return mapTwilio(async () => {
    const found = await fetchExisting();
    if (found) return found;
    try {
      return {
        conversation: await createWithParticipants(ctx, input, uniqueName),
        existing: false,
      };
    } catch (error) {
      // 50353: another server (or process) created it between our fetch and create.
      if (!hasTwilioCode(error, 50353)) throw error;
      const raced = await fetchExisting();
      if (!raced) throw error;
      return raced;
    }
  }, SERVICE_LEVEL);
}

export async function getConversation(
  ctx: TwilioContext,
  conversationSid: string,
): Promise<ConversationRecord> {
  if (!isConversationSid(conversationSid)) throw new NotFoundError(notFound(conversationSid));
  const found = await mapTwilio(
    () => ctx.service.conversations(conversationSid).fetch(),
    notFound(conversationSid),
  );
  return withLastMessage(ctx, found);
}

export async function deleteConversation(
  ctx: TwilioContext,
  conversationSid: string,
): Promise<void> {
  if (!isConversationSid(conversationSid)) throw new NotFoundError(notFound(conversationSid));
  await mapTwilio(
    () => ctx.service.conversations(conversationSid).remove(),
    notFound(conversationSid),
  );
  await ctx.own.claim(conversationSid);
  await ctx.lastMessages.forget(conversationSid);
}

/** Most recently updated first (last message included), then by SID like the local store. */
function newestFirst(a: ConversationRecord, b: ConversationRecord): number {
  const byDate = b.dateUpdated.getTime() - a.dateUpdated.getTime();
  if (byDate !== 0) return byDate;
  return a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0;
}

export async function listConversations(
  ctx: TwilioContext,
  query: { identity?: string; limit: number },
): Promise<ConversationRecord[]> {
  const limit = Number.isFinite(query.limit) ? Math.max(0, Math.floor(query.limit)) : 0;
  if (limit === 0) return [];
  const window = Math.max(limit, LIST_WINDOW);
  let conversations: TwilioConversationLike[];
  if (query.identity !== undefined) {
    const identity = query.identity;
    if (!isSafeIdentity(identity)) return [];
    const rows = await mapTwilio(
      () =>
        ctx.service.participantConversations.list({
          identity,
          pageSize: Math.min(PARTICIPANT_CONVERSATIONS_PAGE, window),
          limit: window,
        }),
      SERVICE_LEVEL,
    );
    const seen = new Set<string>();
    conversations = [];
    for (const row of rows) {
      if (seen.has(row.conversationSid)) continue;
      seen.add(row.conversationSid);
      conversations.push({
        sid: row.conversationSid,
        friendlyName: row.conversationFriendlyName,
        uniqueName: row.conversationUniqueName,
        attributes: row.conversationAttributes,
        dateCreated: row.conversationDateCreated,
        dateUpdated: row.conversationDateUpdated,
      });
    }
  } else {
    conversations = await mapTwilio(
      () =>
        ctx.service.conversations.list({
          pageSize: Math.min(CONVERSATIONS_PAGE, window),
          limit: window,
        }),
      SERVICE_LEVEL,
    );
  }
  const records = await Promise.all(
    conversations.map(async (conversation) => {
      try {
        return await withLastMessage(ctx, conversation);
      } catch (error) {
        // Deleted between the list and the lookup: leave it out, as a later list would.
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    }),
  );
  return records
    .filter((record): record is ConversationRecord => record !== null)
    .sort(newestFirst)
    .slice(0, limit);
}

/** This module's share of the ConversationProvider (composed in twilio-provider.ts). */
export const operations = {
  createConversation,
  findOrCreatePrivateConversation,
  listConversations,
  getConversation,
  deleteConversation,
};
