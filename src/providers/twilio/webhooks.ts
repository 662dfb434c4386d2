// The Conversations post-event webhook (POST TWILIO_WEBHOOK_PATH): verifies
// X-Twilio-Signature with the account auth token over the public URL Twilio posted to and
// the form parameters (403 otherwise), then turns events into the spec's socket events:
//   onMessageAdded        → new_message to the room (an SMS reply reaches web clients)
//   onParticipantAdded    → conversation_updated {type: participant_added}
//   onConversationRemoved → conversation_updated {type: deleted}, room emptied
//   onParticipantRemoved  → acknowledged only: the spec has no event for a removal
// Events about this server's own writes are dropped: the REST or socket handler already
// broadcast them (and those writes do not ask Twilio for webhooks in the first place); so
// is an event Twilio delivers a second time. Costs no Twilio call: the event says it all.

import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { Logger } from 'pino';
import twilio from 'twilio';
import type { Broadcaster } from '../../socket/broadcaster.ts';
import type { ConversationProvider } from '../provider.ts';
import { TWILIO_WEBHOOK_PATH, type TwilioConfig } from './config.ts';
import { TwilioProvider } from './twilio-provider.ts';

export type InboundEvents = Pick<
  TwilioProvider,
  'inboundMessage' | 'isForeignParticipant' | 'inboundConversationRemoved'
>;

export interface WebhookRouterOptions {
  /** Twilio signs webhooks with the account's auth token. */
  authToken: string;
  /** The public base URL Twilio posts to (TWILIO_WEBHOOK_BASE_URL). */
  publicBaseUrl: string;
  inbound: InboundEvents;
  broadcaster: Broadcaster;
  log?: Logger;
}

type Params = Record<string, string | string[] | undefined>;

const CONVERSATION_SID = /^CH[0-9a-f]{32}$/;
const MESSAGE_SID = /^IM[0-9a-f]{32}$/;
const PARTICIPANT_SID = /^MB[0-9a-f]{32}$/;
const IDENTITY = /^[^\s/\\?#%]{1,128}$/u;
const E164 = /^\+[1-9][0-9]{1,14}$/;

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

function dispatch(params: Params, options: WebhookRouterOptions): string {
  const { inbound, broadcaster } = options;
  const eventType = text(params, 'EventType') ?? '';
  switch (eventType) {
    case 'onMessageAdded': {
      const record = inbound.inboundMessage({
        sid: sid(params, 'MessageSid', MESSAGE_SID),
        conversationSid: sid(params, 'ConversationSid', CONVERSATION_SID),
        author: text(params, 'Author') ?? null,
        body: text(params, 'Body') ?? null,
        attributes: text(params, 'Attributes') ?? null,
        media: parseMedia(text(params, 'Media')),
        dateCreated: text(params, 'DateCreated') ?? null,
        index: Number(text(params, 'Index') ?? Number.NaN),
      });
      if (record === null) return 'own message, already broadcast';
      broadcaster.newMessage(record);
      return 'new_message';
    }
    case 'onParticipantAdded': {
      const participantSid = sid(params, 'ParticipantSid', PARTICIPANT_SID);
      const conversationSid = sid(params, 'ConversationSid', CONVERSATION_SID);
      if (!inbound.isForeignParticipant(participantSid))
        return 'own participant, already broadcast';
      const identity = text(params, 'Identity');
      const phone = text(params, 'MessagingBinding.Address');
      broadcaster.conversationUpdated(conversationSid, {
        type: 'participant_added',
        participantSid,
        ...(identity && IDENTITY.test(identity) ? { identity } : {}),
        ...(phone && E164.test(phone) ? { phoneNumber: phone } : {}),
      });
      return 'conversation_updated';
    }
    case 'onConversationRemoved': {
      const conversationSid = sid(params, 'ConversationSid', CONVERSATION_SID);
      if (!inbound.inboundConversationRemoved(conversationSid)) {
        return 'own delete, already broadcast';
      }
      broadcaster.conversationDeleted(conversationSid);
      return 'conversation_updated (deleted)';
    }
    default:
      return 'ignored';
  }
}

/** The URL Twilio signed: the public base plus the path and query this server received. */
function signedUrl(req: Request, publicBaseUrl: string): string {
  return `${publicBaseUrl}${req.originalUrl}`;
}

export function createTwilioWebhookRouter(options: WebhookRouterOptions): Router {
  const router = express.Router();
  router.post(
    TWILIO_WEBHOOK_PATH,
    express.urlencoded({ extended: false, limit: '256kb' }),
    (req, res) => {
      const params = (req.body ?? {}) as Params;
      const signature = req.get('x-twilio-signature');
      const url = signedUrl(req, options.publicBaseUrl);
      if (!signature || !twilio.validateRequest(options.authToken, signature, url, params)) {
        options.log?.warn(
          { path: req.path },
          'rejected a webhook with an invalid Twilio signature',
        );
        res.status(403).json({ status: 403, message: 'Invalid Twilio signature' });
        return;
      }
      try {
        const outcome = dispatch(params, options);
        options.log?.debug({ eventType: text(params, 'EventType'), outcome }, 'Twilio webhook');
        res.status(200).end();
      } catch (error) {
        if (!(error instanceof MalformedEvent)) throw error;
        res.status(400).json({ status: 400, message: error.message });
      }
    },
  );
  // Failures end here in the API's envelope rather than Express's HTML page: an unreadable
  // body (too large, bad encoding) keeps its 4xx, anything else is a logged 500.
  const failures: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ status, message: 'Unreadable webhook body' });
      return;
    }
    options.log?.error({ err: error }, 'Twilio webhook failed');
    res.status(500).json({ status: 500, message: 'Internal server error' });
  };
  router.use(TWILIO_WEBHOOK_PATH, failures);
  return router;
}

/**
 * The webhook router for this server, or undefined when it has no Twilio webhook to serve
 * (local mode, or no TWILIO_WEBHOOK_BASE_URL).
 */
export function createTwilioWebhooks(
  config: TwilioConfig | undefined,
  provider: ConversationProvider,
  broadcaster: Broadcaster,
  log?: Logger,
): Router | undefined {
  if (!config?.webhookBaseUrl || !config.authToken || !(provider instanceof TwilioProvider)) {
    return undefined;
  }
  return createTwilioWebhookRouter({
    authToken: config.authToken,
    publicBaseUrl: config.webhookBaseUrl,
    inbound: provider,
    broadcaster,
    ...(log ? { log } : {}),
  });
}
