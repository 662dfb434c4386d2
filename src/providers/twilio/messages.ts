// Messages over Twilio. Calls per operation:
//   history (last N)  1 × Messages?Order=desc&PageSize=N (N ≤ 100), reversed to oldest first
//   send              1 × Messages create {Author, Body, Attributes}
//   last message      1 × Messages?Order=desc&PageSize=1, only for a conversation the index
//                     (cache.ts) does not know yet
// Twilio has no media-URL parameter (unknown keys are dropped silently), so the URLs a
// client sends are kept in the message's attributes as `{"media": [...]}` and never
// fetched by this server. Media that arrives through Twilio (an MMS) is listed by its SID.

import { MEDIA_SID } from '../../../generated/constants.ts';
import { BadRequestError, Errors, NotFoundError } from '../../errors.ts';
import type { MessageRecord, NewMessage } from '../provider.ts';
import { isConversationSid, parseJsonObject, type TwilioContext, toDate } from './context.ts';
import { mapTwilio } from './errors.ts';

/** Twilio's limit for a message's attributes. */
export const MESSAGE_ATTRIBUTES_MAX_BYTES = 4 * 1024;
const MAX_PAGE = 100;

/** The fields of a Twilio message this provider reads (SDK instance or webhook). */
export interface TwilioMessageLike {
  sid: string;
  conversationSid: string;
  author: string | null;
  body: string | null;
  attributes: string | null;
  /** Twilio-native media: `[{sid, content_type, …}]` or null. */
  media: unknown;
  dateCreated: Date | string | null;
  index: number;
}

const MEDIA_URL = /^https?:\/\/\S+$/;

/** The media list of a message: client URLs from attributes, then Twilio media SIDs. */
export function mediaOf(attributes: string | null, media: unknown): string[] {
  const fromAttributes = parseJsonObject(attributes).media;
  const urls = Array.isArray(fromAttributes)
    ? fromAttributes.filter(
        (item): item is string =>
          typeof item === 'string' &&
          item.length <= 2048 &&
          (MEDIA_URL.test(item) || MEDIA_SID.test(item)),
      )
    : [];
  const native = Array.isArray(media)
    ? media
        .map((item) => {
          const { sid, Sid } = (item ?? {}) as { sid?: unknown; Sid?: unknown };
          return typeof sid === 'string' ? sid : Sid;
        })
        .filter((sid): sid is string => typeof sid === 'string' && MEDIA_SID.test(sid))
    : [];
  return [...urls, ...native];
}

export function toMessageRecord(message: TwilioMessageLike): MessageRecord {
  return {
    sid: message.sid,
    conversationSid: message.conversationSid,
    // Twilio's default author for REST messages without one is "system".
    author: message.author || 'system',
    body: message.body ?? '',
    media: mediaOf(message.attributes, message.media),
    dateCreated: toDate(message.dateCreated),
  };
}

export function messageAttributes(media: readonly string[]): string | undefined {
  if (media.length === 0) return undefined;
  const attributes = JSON.stringify({ media });
  if (Buffer.byteLength(attributes) > MESSAGE_ATTRIBUTES_MAX_BYTES) {
    throw new BadRequestError(
      `media: the URLs take ${Buffer.byteLength(attributes)} bytes; Twilio keeps at most ${MESSAGE_ATTRIBUTES_MAX_BYTES} bytes of message attributes`,
    );
  }
  return attributes;
}

const notFound = Errors.conversationNotFound.message;

export async function listMessages(
  ctx: TwilioContext,
  conversationSid: string,
  limit: number,
): Promise<MessageRecord[]> {
  if (!isConversationSid(conversationSid)) throw new NotFoundError(notFound(conversationSid));
  const count = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
  const pageSize = Math.min(MAX_PAGE, Math.max(1, count));
  const newestFirst = await mapTwilio(
    () =>
      ctx.service
        .conversations(conversationSid)
        .messages.list({ order: 'desc', pageSize, limit: Math.max(1, count) }),
    notFound(conversationSid),
  );
  const newest = newestFirst[0];
  await ctx.lastMessages.note(
    conversationSid,
    newest ? toMessageRecord(newest) : null,
    newest ? newest.index : -1,
  );
  return newestFirst.slice(0, count).reverse().map(toMessageRecord);
}

export async function sendMessage(
  ctx: TwilioContext,
  conversationSid: string,
  message: NewMessage,
): Promise<MessageRecord> {
  if (!isConversationSid(conversationSid)) throw new NotFoundError(notFound(conversationSid));
  const attributes = messageAttributes(message.media);
  // No X-Twilio-Webhook-Enabled: the REST/socket handler broadcasts this message itself,
  // so Twilio is not asked to report it back.
  const created = await mapTwilio(
    () =>
      ctx.service.conversations(conversationSid).messages.create({
        author: message.author,
        body: message.body,
        ...(attributes === undefined ? {} : { attributes }),
      }),
    notFound(conversationSid),
  );
  const record = toMessageRecord(created);
  await ctx.own.claim(record.sid);
  await ctx.lastMessages.note(conversationSid, record, created.index);
  return record;
}

/** The newest message, from the index or with one lookup (then remembered). */
export async function lastMessage(
  ctx: TwilioContext,
  conversationSid: string,
): Promise<MessageRecord | null> {
  const known = await ctx.lastMessages.get(conversationSid);
  if (known !== undefined) return known;
  const [newest] = await ctx.lookup(() =>
    mapTwilio(
      () =>
        ctx.service
          .conversations(conversationSid)
          .messages.list({ order: 'desc', pageSize: 1, limit: 1 }),
      notFound(conversationSid),
    ),
  );
  const record = newest ? toMessageRecord(newest) : null;
  await ctx.lastMessages.note(conversationSid, record, newest ? newest.index : -1);
  return record;
}

/** This module's share of the ConversationProvider (composed in twilio-provider.ts). */
export const operations = { listMessages, sendMessage };
