// The fake's in-memory Conversations service: conversations, participants, messages, users,
// media and the service configuration, plus the JSON shapes Twilio returns for each (snake
// case, every documented field present, `null` when empty, URLs on Twilio's real hosts so
// the SDK's next-page requests exercise the host rewrite). Timestamps have whole seconds,
// like Twilio's.

import { randomBytes } from 'node:crypto';

export const API_ORIGIN = 'https://conversations.twilio.com';
export const MCS_ORIGIN = 'https://mcs.us1.twilio.com';

export function mintSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's timestamp format: ISO 8601 in UTC, whole seconds. */
export function twilioDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface Binding {
  type: 'sms';
  address: string;
  proxy_address: string;
}

export interface ParticipantState {
  sid: string;
  conversationSid: string;
  identity: string | null;
  binding: Binding | null;
  attributes: string;
  created: number;
}

export interface MediaRef {
  sid: string;
  size: number;
  content_type: string;
  filename: string | null;
}

export interface MessageState {
  sid: string;
  conversationSid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: string;
  media: MediaRef[] | null;
  participantSid: string | null;
  created: number;
}

export interface ConversationState {
  sid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  attributes: string;
  created: number;
  updated: number;
  participants: Map<string, ParticipantState>;
  messages: MessageState[];
  nextIndex: number;
}

export interface UserState {
  sid: string;
  identity: string;
  isOnline: boolean | null;
  isNotifiable: boolean | null;
  created: number;
}

export interface MediaState {
  sid: string;
  contentType: string;
  filename: string | null;
  bytes: Buffer;
  created: number;
  messageSid: string | null;
  conversationSid: string | null;
}

export interface WebhookConfig {
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  method: 'GET' | 'POST';
  filters: string[];
}

export interface Account {
  accountSid: string;
  serviceSid: string;
}

/** The whole service. Plain data: handlers mutate it, the shapes below render it. */
export class ServiceState {
  readonly conversations = new Map<string, ConversationState>();
  readonly byUniqueName = new Map<string, string>();
  readonly users = new Map<string, UserState>();
  readonly media = new Map<string, MediaState>();
  reachabilityEnabled = false;
  webhooks: WebhookConfig = {
    preWebhookUrl: null,
    postWebhookUrl: null,
    method: 'POST',
    filters: [],
  };
  readonly roles = {
    service: mintSid('RL'),
    conversation: mintSid('RL'),
    creator: mintSid('RL'),
  };

  constructor(readonly account: Account) {}

  /** A conversation by SID or unique name, as Twilio's `{Sid}` path parameter accepts both. */
  conversation(sidOrName: string): ConversationState | undefined {
    const sid = this.byUniqueName.get(sidOrName) ?? sidOrName;
    return this.conversations.get(sid);
  }

  /** A participant by SID or identity, as Twilio's participant `{Sid}` accepts both. */
  participant(conversation: ConversationState, sidOrIdentity: string) {
    const direct = conversation.participants.get(sidOrIdentity);
    if (direct) return direct;
    for (const participant of conversation.participants.values()) {
      if (participant.identity === sidOrIdentity) return participant;
    }
    return undefined;
  }

  /** The active conversation an SMS address/proxy pair is bound in, if any. */
  bindingOwner(address: string, proxy: string): ParticipantState | undefined {
    for (const conversation of this.conversations.values()) {
      for (const participant of conversation.participants.values()) {
        const binding = participant.binding;
        if (binding?.address === address && binding.proxy_address === proxy) return participant;
      }
    }
    return undefined;
  }

  ensureUser(identity: string, now: number): UserState {
    let user = this.users.get(identity);
    if (!user) {
      user = { sid: mintSid('US'), identity, isOnline: null, isNotifiable: null, created: now };
      this.users.set(identity, user);
    }
    return user;
  }

  // ---- JSON shapes -------------------------------------------------------------------

  private base(): string {
    return `${API_ORIGIN}/v1/Services/${this.account.serviceSid}`;
  }

  conversationJson(c: ConversationState) {
    const url = `${this.base()}/Conversations/${c.sid}`;
    return {
      account_sid: this.account.accountSid,
      chat_service_sid: this.account.serviceSid,
      messaging_service_sid: null,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      state: 'active' as const,
      date_created: twilioDate(c.created),
      date_updated: twilioDate(c.updated),
      timers: {},
      url,
      links: {
        participants: `${url}/Participants`,
        messages: `${url}/Messages`,
        webhooks: `${url}/Webhooks`,
      },
      bindings: null,
    };
  }

  participantJson(p: ParticipantState) {
    return {
      account_sid: this.account.accountSid,
      chat_service_sid: this.account.serviceSid,
      conversation_sid: p.conversationSid,
      sid: p.sid,
      identity: p.identity,
      attributes: p.attributes,
      messaging_binding: p.binding,
      role_sid: this.roles.conversation,
      date_created: twilioDate(p.created),
      date_updated: twilioDate(p.created),
      url: `${this.base()}/Conversations/${p.conversationSid}/Participants/${p.sid}`,
      last_read_message_index: null,
      last_read_timestamp: null,
    };
  }

  messageJson(m: MessageState) {
    const url = `${this.base()}/Conversations/${m.conversationSid}/Messages/${m.sid}`;
    return {
      account_sid: this.account.accountSid,
      chat_service_sid: this.account.serviceSid,
      conversation_sid: m.conversationSid,
      sid: m.sid,
      index: m.index,
      author: m.author,
      body: m.body,
      media: m.media,
      attributes: m.attributes,
      participant_sid: m.participantSid,
      date_created: twilioDate(m.created),
      date_updated: twilioDate(m.created),
      delivery: null,
      url,
      links: {
        delivery_receipts: `${url}/Receipts`,
        channel_metadata: `${url}/ChannelMetadata`,
      },
      content_sid: null,
    };
  }

  participantConversationJson(p: ParticipantState, c: ConversationState) {
    const user = p.identity === null ? undefined : this.users.get(p.identity);
    return {
      account_sid: this.account.accountSid,
      chat_service_sid: this.account.serviceSid,
      participant_sid: p.sid,
      participant_user_sid: user?.sid ?? null,
      participant_identity: p.identity,
      participant_messaging_binding: p.binding,
      conversation_sid: c.sid,
      conversation_unique_name: c.uniqueName,
      conversation_friendly_name: c.friendlyName,
      conversation_attributes: c.attributes,
      conversation_date_created: twilioDate(c.created),
      conversation_date_updated: twilioDate(c.updated),
      conversation_created_by: 'system',
      conversation_state: 'active' as const,
      conversation_timers: {},
      links: {
        participant: `${this.base()}/Conversations/${c.sid}/Participants/${p.sid}`,
        conversation: `${this.base()}/Conversations/${c.sid}`,
      },
    };
  }

  userJson(u: UserState) {
    const url = `${this.base()}/Users/${u.sid}`;
    return {
      sid: u.sid,
      account_sid: this.account.accountSid,
      chat_service_sid: this.account.serviceSid,
      role_sid: this.roles.service,
      identity: u.identity,
      friendly_name: null,
      attributes: '{}',
      is_online: this.reachabilityEnabled ? u.isOnline : null,
      is_notifiable: this.reachabilityEnabled ? u.isNotifiable : null,
      date_created: twilioDate(u.created),
      date_updated: twilioDate(u.created),
      url,
      links: { user_conversations: `${url}/Conversations` },
    };
  }

  configurationJson() {
    const url = `${this.base()}/Configuration`;
    return {
      chat_service_sid: this.account.serviceSid,
      default_conversation_creator_role_sid: this.roles.creator,
      default_conversation_role_sid: this.roles.conversation,
      default_chat_service_role_sid: this.roles.service,
      url,
      links: { notifications: `${url}/Notifications`, webhooks: `${url}/Webhooks` },
      reachability_enabled: this.reachabilityEnabled,
    };
  }

  webhookConfigJson() {
    return {
      account_sid: this.account.accountSid,
      chat_service_sid: this.account.serviceSid,
      pre_webhook_url: this.webhooks.preWebhookUrl,
      post_webhook_url: this.webhooks.postWebhookUrl,
      filters: this.webhooks.filters,
      method: this.webhooks.method,
      url: `${this.base()}/Configuration/Webhooks`,
    };
  }

  /** `contentOrigin` is where this fake serves the bytes (Twilio: a signed CDN URL). */
  mediaJson(m: MediaState, contentOrigin: string) {
    const url = `${MCS_ORIGIN}/v1/Services/${this.account.serviceSid}/Media/${m.sid}`;
    return {
      sid: m.sid,
      account_sid: this.account.accountSid,
      service_sid: this.account.serviceSid,
      date_created: twilioDate(m.created),
      date_updated: twilioDate(m.created),
      channel_sid: m.conversationSid,
      message_sid: m.messageSid,
      size: m.bytes.length,
      content_type: m.contentType,
      filename: m.filename,
      author: null,
      category: 'media' as const,
      url,
      links: {
        content: `/v1/Services/${this.account.serviceSid}/Media/${m.sid}/Content`,
        content_direct_temporary: `${contentOrigin}/__fake/media-content/${m.sid}?Expires=${Math.floor(Date.now() / 1000) + 300}`,
      },
    };
  }
}
