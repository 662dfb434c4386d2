// The `twilio` ConversationProvider: Twilio Conversations through the official SDK, every
// call scoped to the configured service (the same service the access tokens name). The
// work is split by concern; the Twilio calls each operation costs are listed at the top of
// conversations.ts, messages.ts, participants.ts, media.ts and service.ts.
//
// Besides the interface it accepts inbound events (webhooks.ts): they keep the
// last-message index current and tell whether an event reports this server's own write,
// which was already broadcast and must not be broadcast again.

import type {
  ConversationProvider,
  ConversationRecord,
  MediaRecord,
  MessageRecord,
  NewMedia,
  NewMessage,
  ParticipantInfo,
  ParticipantRecord,
} from '../provider.ts';
import { LastMessages, limiter, RecentSids } from './cache.ts';
import { createTwilioClients } from './client.ts';
import type { TwilioConfig } from './config.ts';
import type { TwilioContext } from './context.ts';
import * as conversations from './conversations.ts';
import { MediaClient } from './media.ts';
import * as messages from './messages.ts';
import * as participants from './participants.ts';
import * as service from './service.ts';

/** Last-message lookups run at most this many at a time. */
const LOOKUP_CONCURRENCY = 4;

export interface TwilioProviderOptions {
  /** Replaces the retry back-off sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

export class TwilioProvider implements ConversationProvider {
  readonly kind = 'twilio' as const;

  private readonly ctx: TwilioContext;
  private readonly media: MediaClient;
  private closed = false;

  constructor(config: TwilioConfig, options: TwilioProviderOptions = {}) {
    const clients = createTwilioClients(config, options.sleep ? { sleep: options.sleep } : {});
    this.ctx = {
      service: clients.service,
      config,
      lastMessages: new LastMessages(),
      own: new RecentSids(),
      lookup: limiter(LOOKUP_CONCURRENCY),
      pendingPrivate: new Map(),
    };
    this.media = new MediaClient(config, clients.retry);
  }

  private open(): TwilioContext {
    if (this.closed) throw new Error('The Twilio provider is closed');
    return this.ctx;
  }

  async createConversation(input: {
    friendlyName: string;
    participants: ParticipantInfo[];
  }): Promise<ConversationRecord> {
    return conversations.createConversation(this.open(), input);
  }

  async findOrCreatePrivateConversation(input: {
    friendlyName: string;
    participants: ParticipantInfo[];
  }): Promise<{ conversation: ConversationRecord; existing: boolean }> {
    return conversations.findOrCreatePrivateConversation(this.open(), input);
  }

  async listConversations(query: {
    identity?: string;
    limit: number;
  }): Promise<ConversationRecord[]> {
    return conversations.listConversations(this.open(), query);
  }

  async getConversation(conversationSid: string): Promise<ConversationRecord> {
    return conversations.getConversation(this.open(), conversationSid);
  }

  async deleteConversation(conversationSid: string): Promise<void> {
    return conversations.deleteConversation(this.open(), conversationSid);
  }

  async listMessages(conversationSid: string, limit: number): Promise<MessageRecord[]> {
    return messages.listMessages(this.open(), conversationSid, limit);
  }

  async sendMessage(conversationSid: string, message: NewMessage): Promise<MessageRecord> {
    return messages.sendMessage(this.open(), conversationSid, message);
  }

  async addChatParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord> {
    return participants.addChatParticipant(this.open(), conversationSid, identity);
  }

  async addSmsParticipant(
    conversationSid: string,
    phoneNumber: string,
  ): Promise<ParticipantRecord> {
    return participants.addSmsParticipant(this.open(), conversationSid, phoneNumber);
  }

  async storeMedia(media: NewMedia): Promise<MediaRecord> {
    this.open();
    return this.media.store(media);
  }

  async getMedia(mediaSid: string): Promise<MediaRecord> {
    this.open();
    return this.media.get(mediaSid);
  }

  async readMedia(mediaSid: string): Promise<{ media: MediaRecord; bytes: Buffer }> {
    this.open();
    return this.media.read(mediaSid);
  }

  async enableReachability(): Promise<void> {
    return service.enableReachability(this.open());
  }

  async getUserReachability(
    identity: string,
  ): Promise<{ online: boolean; notReachable: boolean } | null> {
    return service.getUserReachability(this.open(), identity);
  }

  async ping(): Promise<void> {
    return service.ping(this.open());
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Points the service's post-event webhook at `url` (setup tooling, the demo). */
  async registerPostEventWebhook(url: string): Promise<void> {
    return service.registerPostEventWebhook(this.open(), url);
  }

  // ---- inbound events (webhooks.ts) --------------------------------------------------

  /**
   * A message Twilio reports; null when it was already broadcast (this server sent it, or
   * Twilio delivered the same event before).
   */
  inboundMessage(message: messages.TwilioMessageLike): MessageRecord | null {
    const record = messages.toMessageRecord(message);
    this.ctx.lastMessages.note(record.conversationSid, record, message.index);
    return this.firstTime(record.sid) ? record : null;
  }

  /** False when the participant was already broadcast (added here, or reported before). */
  isForeignParticipant(participantSid: string): boolean {
    return this.firstTime(participantSid);
  }

  /** A conversation Twilio reports removed; false when already broadcast (deleted here). */
  inboundConversationRemoved(conversationSid: string): boolean {
    this.ctx.lastMessages.forget(conversationSid);
    return this.firstTime(conversationSid);
  }

  private firstTime(sid: string): boolean {
    if (this.ctx.own.has(sid)) return false;
    this.ctx.own.add(sid);
    return true;
  }
}

export function createTwilioProvider(
  config: TwilioConfig,
  options: TwilioProviderOptions = {},
): TwilioProvider {
  return new TwilioProvider(config, options);
}
