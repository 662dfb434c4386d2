// Participants over Twilio. Calls per operation:
//   add chat participant  1 × Participants create {Identity}; when it already exists (50433)
//                         1 × Participants/{identity} fetch for its SID (idempotent result)
//   add SMS participant   1 × Participants create {MessagingBinding.Address,
//                         MessagingBinding.ProxyAddress = TWILIO_SMS_PROXY_NUMBER}
// Without a proxy number the SMS call is refused with 400 before reaching Twilio. Numbers
// Twilio refuses (already bound to the proxy in an active conversation, equal to it,
// another channel, invalid) answer 409 (errors.ts).

import { BadRequestError, Errors, NotFoundError } from '../../errors.ts';
import type { ParticipantRecord } from '../provider.ts';
import { isConversationSid, isSafeIdentity, type TwilioContext } from './context.ts';
import { hasTwilioCode, mapTwilio } from './errors.ts';

const notFound = Errors.conversationNotFound.message;

interface TwilioParticipantLike {
  sid: string;
  conversationSid: string;
  identity: string | null;
  messagingBinding: unknown;
}

function toParticipantRecord(participant: TwilioParticipantLike): ParticipantRecord {
  const record: ParticipantRecord = {
    sid: participant.sid,
    conversationSid: participant.conversationSid,
  };
  if (participant.identity) record.identity = participant.identity;
  const address = (participant.messagingBinding as { address?: unknown } | null)?.address;
  if (typeof address === 'string') record.phoneNumber = address;
  return record;
}

/**
 * 1 × Participants/{identity} fetch. Twilio answers 404 alike for an unknown conversation
 * and for an identity that is not in it; both are "not a participant".
 */
export async function isParticipant(
  ctx: TwilioContext,
  conversationSid: string,
  identity: string,
): Promise<boolean> {
  if (!isConversationSid(conversationSid) || !isSafeIdentity(identity)) return false;
  try {
    await mapTwilio(
      () => ctx.service.conversations(conversationSid).participants(identity).fetch(),
      notFound(conversationSid),
    );
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

export async function addChatParticipant(
  ctx: TwilioContext,
  conversationSid: string,
  identity: string,
): Promise<ParticipantRecord> {
  if (!isConversationSid(conversationSid)) throw new NotFoundError(notFound(conversationSid));
  if (!isSafeIdentity(identity)) throw new BadRequestError(`identity "${identity}" is not valid`);
  const participants = ctx.service.conversations(conversationSid).participants;
  return mapTwilio(async () => {
    try {
      const created = await participants.create({ identity });
      await ctx.own.claim(created.sid);
      return toParticipantRecord(created);
    } catch (error) {
      // 50433: already a participant. Idempotent: answer with the existing one.
      if (!hasTwilioCode(error, 50433)) throw error;
      return toParticipantRecord(await participants(identity).fetch());
    }
  }, notFound(conversationSid));
}

export async function addSmsParticipant(
  ctx: TwilioContext,
  conversationSid: string,
  phoneNumber: string,
): Promise<ParticipantRecord> {
  const proxy = ctx.config.smsProxyNumber;
  if (proxy === undefined) {
    throw new BadRequestError(
      'SMS participants are not available: this server has no SMS proxy number (TWILIO_SMS_PROXY_NUMBER)',
      'sms_not_configured',
    );
  }
  if (!isConversationSid(conversationSid)) throw new NotFoundError(notFound(conversationSid));
  const created = await mapTwilio(
    () =>
      ctx.service.conversations(conversationSid).participants.create({
        'messagingBinding.address': phoneNumber,
        'messagingBinding.proxyAddress': proxy,
      }),
    notFound(conversationSid),
    phoneNumber,
  );
  await ctx.own.claim(created.sid);
  return toParticipantRecord(created);
}

/** This module's share of the ConversationProvider (composed in twilio-provider.ts). */
export const operations = { isParticipant, addChatParticipant, addSmsParticipant };
