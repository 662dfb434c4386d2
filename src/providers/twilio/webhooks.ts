// The Conversations post-event webhook (POST TWILIO_WEBHOOK_PATH) as a back-end webhook
// endpoint (src/backend.ts; the app mounts it): verifies X-Twilio-Signature with the
// account auth token over the public URL Twilio posted to and the form parameters (403
// otherwise), then turns events into inbound events, which the app broadcasts:
//   onMessageAdded        → message_added (new_message to the room: an SMS reply reaches
//                           web clients)
//   onParticipantAdded    → participant_added (conversation_updated)
//   onConversationRemoved → conversation_removed (conversation_updated {type: deleted})
//   onParticipantRemoved  → acknowledged only: the spec has no event for a removal
// Events about this server's own writes are dropped: the REST or socket handler already
// broadcast them (and those writes do not ask Twilio for webhooks in the first place); so
// is an event Twilio delivers a second time. Costs no Twilio call: the event says it all.

import twilio from 'twilio';
import {
  CONVERSATION_SID,
  IDENTITY,
  IDENTITY_MAX_LENGTH,
  MESSAGE_SID,
  PARTICIPANT_SID,
  PHONE_NUMBER,
} from '../../../generated/constants.ts';
import type { WebhookEndpoint, WebhookOutcome, WebhookRequest } from '../../backend.ts';
import type { InboundEvent } from '../provider.ts';
import { TWILIO_WEBHOOK_PATH, type TwilioConfig } from './config.ts';
import type { TwilioInbound } from './twilio-provider.ts';

type Params = Record<string, string | string[] | undefined>;

/** What the spec accepts as an identity; anything else from Twilio is not passed on. */
function isIdentity(value: string): boolean {
  return value.length <= IDENTITY_MAX_LENGTH && IDENTITY.test(value);
}

class MalformedEvent extends Error {}

function text(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function sid(params: Params, name: string, pattern: RegExp): string {
  const value = text(params, name);
  if (value === undefined || !pattern.test(value))
    throw new MalformedEvent(`${name} is missing or malformed`);
  return value;
}

function parseMedia(raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

async function dispatch(params: Params, inbound: TwilioInbound): Promise<[string, InboundEvent[]]> {
  const eventType = text(params, 'EventType') ?? '';
  switch (eventType) {
    case 'onMessageAdded': {
      const message = await inbound.message({
        sid: sid(params, 'MessageSid', MESSAGE_SID),
        conversationSid: sid(params, 'ConversationSid', CONVERSATION_SID),
        author: text(params, 'Author') ?? null,
        body: text(params, 'Body') ?? null,
        attributes: text(params, 'Attributes') ?? null,
        media: parseMedia(text(params, 'Media')),
        dateCreated: text(params, 'DateCreated') ?? null,
        index: Number(text(params, 'Index') ?? Number.NaN),
      });
      if (message === null) return ['already broadcast, or older than a day', []];
      return ['new_message', [{ type: 'message_added', message }]];
    }
    case 'onParticipantAdded': {
      const participantSid = sid(params, 'ParticipantSid', PARTICIPANT_SID);
      const conversationSid = sid(params, 'ConversationSid', CONVERSATION_SID);
      if (!(await inbound.isForeignParticipant(participantSid)))
        return ['own participant, already broadcast', []];
      const identity = text(params, 'Identity');
      const phone = text(params, 'MessagingBinding.Address');
      const event: InboundEvent = {
        type: 'participant_added',
        conversationSid,
        participantSid,
        ...(identity && isIdentity(identity) ? { identity } : {}),
        ...(phone && PHONE_NUMBER.test(phone) ? { phoneNumber: phone } : {}),
      };
      return ['conversation_updated', [event]];
    }
    case 'onConversationRemoved': {
      const conversationSid = sid(params, 'ConversationSid', CONVERSATION_SID);
      if (!(await inbound.conversationRemoved(conversationSid))) {
        return ['own delete, already broadcast', []];
      }
      return [
        'conversation_updated (deleted)',
        [{ type: 'conversation_removed', conversationSid }],
      ];
    }
    default:
      return ['ignored', []];
  }
}

export interface TwilioWebhookOptions {
  /** Twilio signs webhooks with the account's auth token. */
  authToken: string;
  /** The public base URL Twilio posts to (TWILIO_WEBHOOK_BASE_URL). */
  publicBaseUrl: string;
  inbound: TwilioInbound;
}

export function createTwilioWebhook(options: TwilioWebhookOptions): WebhookEndpoint {
  return {
    path: TWILIO_WEBHOOK_PATH,
    maxBodyBytes: 256 * 1024,
    async handle(request: WebhookRequest): Promise<WebhookOutcome> {
      const params = request.form;
      const signature = request.header('x-twilio-signature');
      // The URL Twilio signed: the public base plus the path and query this server received.
      const url = `${options.publicBaseUrl}${request.originalUrl}`;
      if (!signature || !twilio.validateRequest(options.authToken, signature, url, params)) {
        return {
          status: 403,
          message: 'Invalid Twilio signature',
          outcome: 'rejected a webhook with an invalid Twilio signature',
          events: [],
        };
      }
      try {
        const [outcome, events] = await dispatch(params, options.inbound);
        return { status: 200, outcome, events };
      } catch (error) {
        if (!(error instanceof MalformedEvent)) throw error;
        return { status: 400, message: error.message, outcome: 'malformed event', events: [] };
      }
    },
  };
}

/** The webhook this configuration asks for: only with TWILIO_WEBHOOK_BASE_URL (and auth token). */
export function twilioWebhooks(config: TwilioConfig, inbound: TwilioInbound): WebhookEndpoint[] {
  if (!config.webhookBaseUrl || !config.authToken) return [];
  return [
    createTwilioWebhook({
      authToken: config.authToken,
      publicBaseUrl: config.webhookBaseUrl,
      inbound,
    }),
  ];
}
