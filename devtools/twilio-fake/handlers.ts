// What each Conversations v1 / MCS operation does to the fake's state, with Twilio's
// semantics where the provider depends on them: `{Sid}` accepting unique names and
// identities, unique-name and participant conflicts (50353, 50433), SMS address/proxy
// pairs bound in one active conversation only (50416, 50409), `Order=desc` paging,
// users created with their first chat participant, webhook-worthy events reported back.

import type { Operation } from './contract.ts';
import {
  API_ORIGIN,
  type Binding,
  type ConversationState,
  type MediaState,
  type MessageState,
  mintSid,
  type ParticipantState,
  type ServiceState,
} from './state.ts';

/** A Twilio error the fake answers with (`{code, message, more_info, status}`). */
export class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Code the fake uses for parameter errors whose exact Twilio code it does not model. */
export const FAKE_INVALID_PARAMETER = 20001;

export const notFound = (path: string) =>
  new TwilioError(404, 20404, `The requested resource ${path} was not found`);
const invalid = (message: string) => new TwilioError(400, FAKE_INVALID_PARAMETER, message);

/** A post-event webhook the operation would fire (EventType plus its parameters). */
export interface EventParams {
  EventType: string;
  [key: string]: string;
}

export interface HandlerInput {
  op: Operation;
  pathname: string;
  query: Record<string, string | string[]>;
  body: Record<string, string | string[]>;
  rawBody: Buffer;
  contentType: string;
  now: number;
  /** Where the fake serves media bytes (stands in for Twilio's CDN). */
  origin: string;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  events?: EventParams[];
}

type Handler = (state: ServiceState, input: HandlerInput) => HandlerResult | Promise<HandlerResult>;

// Twilio's documented length limits (Conversations limits page).
const FRIENDLY_NAME_MAX = 256;
const CONVERSATION_ATTRIBUTES_MAX = 16 * 1024;
const MESSAGE_ATTRIBUTES_MAX = 4 * 1024;
const E164 = /^\+[1-9][0-9]{1,14}$/;

const one = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

function checkAttributes(raw: string | undefined, max: number): string {
  if (raw === undefined) return '{}';
  if (Buffer.byteLength(raw) > max) invalidThrow(`Attributes exceed ${max} bytes`);
  try {
    JSON.parse(raw);
  } catch {
    invalidThrow('Attributes must be valid JSON');
  }
  return raw;
}

function invalidThrow(message: string): never {
  throw invalid(message);
}

function requireConversation(state: ServiceState, input: HandlerInput, key: string) {
  const sid = input.op.params[key] ?? '';
  const conversation = state.conversation(sid);
  if (!conversation) throw notFound(input.pathname);
  return conversation;
}

/** Twilio's list envelope with `meta` and a PageToken cursor in next_page_url. */
function page<T>(
  items: readonly T[],
  key: string,
  input: HandlerInput,
  filters: Record<string, string>,
  maxPageSize: number,
) {
  const pageSize = Math.min(Number(one(input.query.PageSize) ?? 50), maxPageSize);
  const pageNumber = Number(one(input.query.Page) ?? 0);
  const token = one(input.query.PageToken);
  const offset = token ? Number.parseInt(token.slice(2), 10) : 0;
  const slice = items.slice(offset, offset + pageSize);
  const url = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...filters, PageSize: String(pageSize), ...extra });
    return `${API_ORIGIN}${input.pathname}?${params}`;
  };
  const hasNext = offset + pageSize < items.length;
  return {
    [key]: slice,
    meta: {
      page: pageNumber,
      page_size: pageSize,
      first_page_url: url({ Page: '0' }),
      previous_page_url:
        offset > 0
          ? url({
              Page: String(pageNumber - 1),
              PageToken: `PT${Math.max(0, offset - pageSize)}`,
            })
          : null,
      url: url({ Page: String(pageNumber), ...(token ? { PageToken: token } : {}) }),
      next_page_url: hasNext
        ? url({ Page: String(pageNumber + 1), PageToken: `PT${offset + pageSize}` })
        : null,
      key,
    },
  };
}

interface ParticipantSpec {
  identity?: string;
  binding?: { address: string; proxy: string };
  attributes?: string;
}

/** Checks a participant against the conversation and the service; throws Twilio's errors. */
function checkParticipant(state: ServiceState, c: ConversationState, spec: ParticipantSpec) {
  if (spec.identity !== undefined) {
    if (spec.binding) throw invalid('Identity and MessagingBinding are mutually exclusive');
    if (state.participant(c, spec.identity)) {
      throw new TwilioError(409, 50433, 'Participant already exists');
    }
    return;
  }
  if (!spec.binding) throw invalid('Either Identity or MessagingBinding.Address is required');
  const { address, proxy } = spec.binding;
  if (!E164.test(proxy)) throw new TwilioError(400, 50408, 'Invalid participant proxy address');
  if (address === proxy) {
    throw new TwilioError(400, 50409, 'Participant address equals proxy address');
  }
  const owner = state.bindingOwner(address, proxy);
  if (owner) {
    throw new TwilioError(
      409,
      50416,
      `A binding for this participant and proxy address already exists in Conversation ${owner.conversationSid}`,
    );
  }
}

function addParticipant(
  c: ConversationState,
  spec: ParticipantSpec,
  now: number,
): ParticipantState {
  const binding: Binding | null = spec.binding
    ? { type: 'sms', address: spec.binding.address, proxy_address: spec.binding.proxy }
    : null;
  const participant: ParticipantState = {
    sid: mintSid('MB'),
    conversationSid: c.sid,
    identity: spec.identity ?? null,
    binding,
    attributes: spec.attributes ?? '{}',
    created: now,
  };
  c.participants.set(participant.sid, participant);
  return participant;
}

function participantEvent(state: ServiceState, p: ParticipantState, type: string): EventParams {
  const event: EventParams = {
    EventType: type,
    AccountSid: state.account.accountSid,
    ChatServiceSid: state.account.serviceSid,
    ConversationSid: p.conversationSid,
    ParticipantSid: p.sid,
    DateCreated: new Date(p.created).toISOString(),
    Attributes: p.attributes,
    Source: 'API',
  };
  if (p.identity !== null) event.Identity = p.identity;
  if (p.binding) {
    event['MessagingBinding.Address'] = p.binding.address;
    event['MessagingBinding.ProxyAddress'] = p.binding.proxy_address;
  }
  return event;
}

export function messageEvent(state: ServiceState, m: MessageState, source: string): EventParams {
  const event: EventParams = {
    EventType: 'onMessageAdded',
    AccountSid: state.account.accountSid,
    ChatServiceSid: state.account.serviceSid,
    ConversationSid: m.conversationSid,
    MessageSid: m.sid,
    Index: String(m.index),
    Author: m.author,
    Body: m.body ?? '',
    Attributes: m.attributes,
    DateCreated: new Date(m.created).toISOString(),
    Source: source,
  };
  if (m.participantSid) event.ParticipantSid = m.participantSid;
  if (m.media) {
    event.Media = JSON.stringify(
      m.media.map((item) => ({
        Sid: item.sid,
        Filename: item.filename,
        ContentType: item.content_type,
        Size: item.size,
      })),
    );
  }
  return event;
}

/** Appends a message (REST create, or an inbound SMS the test simulates). */
export function appendMessage(
  c: ConversationState,
  fields: { author: string; body: string | null; attributes: string; media: MediaState | null },
  now: number,
): MessageState {
  const participant =
    [...c.participants.values()].find(
      (p) => p.identity === fields.author || p.binding?.address === fields.author,
    ) ?? null;
  const message: MessageState = {
    sid: mintSid('IM'),
    conversationSid: c.sid,
    index: c.nextIndex++,
    author: fields.author,
    body: fields.body,
    attributes: fields.attributes,
    media: fields.media
      ? [
          {
            sid: fields.media.sid,
            size: fields.media.bytes.length,
            content_type: fields.media.contentType,
            filename: fields.media.filename,
          },
        ]
      : null,
    participantSid: participant?.sid ?? null,
    created: now,
  };
  if (fields.media) {
    fields.media.messageSid = message.sid;
    fields.media.conversationSid = c.sid;
  }
  c.messages.push(message);
  return message;
}

function parseParticipantJson(raw: string): ParticipantSpec {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid('Participant must be a JSON object');
  }
  if (typeof value !== 'object' || value === null) throw invalid('Participant must be an object');
  const { identity, messaging_binding, attributes, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw invalid(`Unknown Participant fields: ${Object.keys(rest).join(', ')}`);
  }
  const spec: ParticipantSpec = {};
  if (typeof identity === 'string') spec.identity = identity;
  if (typeof attributes === 'string') spec.attributes = attributes;
  if (typeof messaging_binding === 'object' && messaging_binding !== null) {
    const binding = messaging_binding as Record<string, unknown>;
    if (typeof binding.address === 'string' && typeof binding.proxy_address === 'string') {
      spec.binding = { address: binding.address, proxy: binding.proxy_address };
    }
  }
  return spec;
}

function createConversation(state: ServiceState, input: HandlerInput): ConversationState {
  const friendlyName = one(input.body.FriendlyName) ?? null;
  if (friendlyName !== null && friendlyName.length > FRIENDLY_NAME_MAX) {
    throw invalid(`FriendlyName exceeds ${FRIENDLY_NAME_MAX} characters`);
  }
  const uniqueName = one(input.body.UniqueName) ?? null;
  if (uniqueName !== null && state.byUniqueName.has(uniqueName)) {
    throw new TwilioError(409, 50353, 'Conversation with provided unique name already exists');
  }
  return {
    sid: mintSid('CH'),
    uniqueName,
    friendlyName,
    attributes: checkAttributes(one(input.body.Attributes), CONVERSATION_ATTRIBUTES_MAX),
    created: input.now,
    updated: input.now,
    participants: new Map(),
    messages: [],
    nextIndex: 0,
  };
}

function store(state: ServiceState, conversation: ConversationState): void {
  state.conversations.set(conversation.sid, conversation);
  if (conversation.uniqueName !== null) {
    state.byUniqueName.set(conversation.uniqueName, conversation.sid);
  }
}

const handlers: Record<string, Handler> = {
  CreateServiceConversationWithParticipants(state, input) {
    const conversation = createConversation(state, input);
    const raw = input.body.Participant;
    const specs = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map(
      parseParticipantJson,
    );
    if (specs.length > 10) throw invalid('At most 10 participants per request');
    // All or nothing: check every participant before writing anything.
    const scratch: ConversationState = { ...conversation, participants: new Map() };
    for (const spec of specs) {
      checkAttributes(spec.attributes, 4096);
      checkParticipant(state, scratch, spec);
      addParticipant(scratch, spec, input.now);
    }
    conversation.participants = scratch.participants;
    store(state, conversation);
    for (const p of conversation.participants.values()) {
      if (p.identity !== null) state.ensureUser(p.identity, input.now);
    }
    return {
      status: 201,
      body: state.conversationJson(conversation),
      events: [
        {
          EventType: 'onConversationAdded',
          ConversationSid: conversation.sid,
          ChatServiceSid: state.account.serviceSid,
          AccountSid: state.account.accountSid,
          Source: 'API',
        },
        ...[...conversation.participants.values()].map((p) =>
          participantEvent(state, p, 'onParticipantAdded'),
        ),
      ],
    };
  },

  FetchServiceConversation(state, input) {
    return { status: 200, body: state.conversationJson(requireConversation(state, input, 'Sid')) };
  },

  DeleteServiceConversation(state, input) {
    const conversation = requireConversation(state, input, 'Sid');
    state.conversations.delete(conversation.sid);
    if (conversation.uniqueName !== null) state.byUniqueName.delete(conversation.uniqueName);
    return {
      status: 204,
      events: [
        {
          EventType: 'onConversationRemoved',
          AccountSid: state.account.accountSid,
          ChatServiceSid: state.account.serviceSid,
          ConversationSid: conversation.sid,
          FriendlyName: conversation.friendlyName ?? '',
          UniqueName: conversation.uniqueName ?? '',
          Attributes: conversation.attributes,
          DateCreated: new Date(conversation.created).toISOString(),
          State: 'active',
          Source: 'API',
        },
      ],
    };
  },

  ListServiceConversation(state, input) {
    const items = [...state.conversations.values()].map((c) => state.conversationJson(c));
    return { status: 200, body: page(items, 'conversations', input, {}, 100) };
  },

  ListServiceParticipantConversation(state, input) {
    const identity = one(input.query.Identity);
    const address = one(input.query.Address);
    if (identity === undefined && address === undefined) {
      throw invalid('Either Identity or Address is required');
    }
    const items = [];
    for (const conversation of state.conversations.values()) {
      for (const participant of conversation.participants.values()) {
        const matches =
          identity !== undefined
            ? participant.identity === identity
            : participant.binding?.address === address;
        if (matches) items.push(state.participantConversationJson(participant, conversation));
      }
    }
    const filters: Record<string, string> =
      identity !== undefined ? { Identity: identity } : { Address: address ?? '' };
    return { status: 200, body: page(items, 'conversations', input, filters, 50) };
  },

  ListServiceConversationMessage(state, input) {
    const conversation = requireConversation(state, input, 'ConversationSid');
    const order = one(input.query.Order) ?? 'asc';
    const messages =
      order === 'desc' ? [...conversation.messages].reverse() : conversation.messages;
    const filters: Record<string, string> = input.query.Order ? { Order: order } : {};
    return {
      status: 200,
      body: page(
        messages.map((m) => state.messageJson(m)),
        'messages',
        input,
        filters,
        100,
      ),
    };
  },

  FetchServiceConversationMessage(state, input) {
    const conversation = requireConversation(state, input, 'ConversationSid');
    const message = conversation.messages.find((m) => m.sid === input.op.params.Sid);
    if (!message) throw notFound(input.pathname);
    return { status: 200, body: state.messageJson(message) };
  },

  CreateServiceConversationMessage(state, input) {
    const conversation = requireConversation(state, input, 'ConversationSid');
    const body = one(input.body.Body);
    const mediaSid = one(input.body.MediaSid);
    if (body === undefined && mediaSid === undefined) {
      throw new TwilioError(400, 50503, 'Message body not provided');
    }
    let media: MediaState | null = null;
    if (mediaSid !== undefined) {
      media = state.media.get(mediaSid) ?? null;
      if (!media) throw invalid(`Media ${mediaSid} not found`);
    }
    const message = appendMessage(
      conversation,
      {
        author: one(input.body.Author) ?? 'system',
        body: body ?? null,
        attributes: checkAttributes(one(input.body.Attributes), MESSAGE_ATTRIBUTES_MAX),
        media,
      },
      input.now,
    );
    return {
      status: 201,
      body: state.messageJson(message),
      events: [messageEvent(state, message, 'API')],
    };
  },

  CreateServiceConversationParticipant(state, input) {
    const conversation = requireConversation(state, input, 'ConversationSid');
    const identity = one(input.body.Identity);
    const address = one(input.body['MessagingBinding.Address']);
    const proxy = one(input.body['MessagingBinding.ProxyAddress']);
    const spec: ParticipantSpec = {};
    if (identity !== undefined) spec.identity = identity;
    if (address !== undefined) {
      if (proxy === undefined) {
        throw new TwilioError(400, 50412, 'Participant proxy address is empty');
      }
      spec.binding = { address, proxy };
    }
    const attributes = one(input.body.Attributes);
    if (attributes !== undefined) spec.attributes = checkAttributes(attributes, 4096);
    checkParticipant(state, conversation, spec);
    const participant = addParticipant(conversation, spec, input.now);
    if (participant.identity !== null) state.ensureUser(participant.identity, input.now);
    return {
      status: 201,
      body: state.participantJson(participant),
      events: [participantEvent(state, participant, 'onParticipantAdded')],
    };
  },

  FetchServiceConversationParticipant(state, input) {
    const conversation = requireConversation(state, input, 'ConversationSid');
    const participant = state.participant(conversation, input.op.params.Sid ?? '');
    if (!participant) throw notFound(input.pathname);
    return { status: 200, body: state.participantJson(participant) };
  },

  ListServiceConversationParticipant(state, input) {
    const conversation = requireConversation(state, input, 'ConversationSid');
    const items = [...conversation.participants.values()].map((p) => state.participantJson(p));
    return { status: 200, body: page(items, 'participants', input, {}, 100) };
  },

  FetchServiceConfiguration(state) {
    return { status: 200, body: state.configurationJson() };
  },

  UpdateServiceConfiguration(state, input) {
    const enabled = input.body.ReachabilityEnabled as unknown;
    if (typeof enabled === 'boolean') state.reachabilityEnabled = enabled;
    return { status: 200, body: state.configurationJson() };
  },

  FetchServiceWebhookConfiguration(state) {
    return { status: 200, body: state.webhookConfigJson() };
  },

  UpdateServiceWebhookConfiguration(state, input) {
    const post = one(input.body.PostWebhookUrl);
    const pre = one(input.body.PreWebhookUrl);
    const method = one(input.body.Method);
    const filters = input.body.Filters;
    if (post !== undefined) state.webhooks.postWebhookUrl = post;
    if (pre !== undefined) state.webhooks.preWebhookUrl = pre;
    if (method === 'GET' || method === 'POST') state.webhooks.method = method;
    if (filters !== undefined)
      state.webhooks.filters = Array.isArray(filters) ? filters : [filters];
    return { status: 200, body: state.webhookConfigJson() };
  },

  FetchServiceUser(state, input) {
    const key = input.op.params.Sid ?? '';
    const user =
      state.users.get(key) ?? [...state.users.values()].find((candidate) => candidate.sid === key);
    if (!user) throw notFound(input.pathname);
    return { status: 200, body: state.userJson(user) };
  },

  async CreateMedia(state, input) {
    // One file part in a multipart body: its filename and content type describe the media.
    const form = await new Response(new Uint8Array(input.rawBody), {
      headers: { 'content-type': input.contentType },
    })
      .formData()
      .catch(() => invalidThrow('Media upload must be multipart/form-data'));
    const files = [...form.values()].filter((value) => typeof value !== 'string');
    const file = files[0];
    if (files.length !== 1 || !file) invalidThrow('Media upload must carry exactly one file');
    const media: MediaState = {
      sid: mintSid('ME'),
      contentType: file.type || 'application/octet-stream',
      filename: file.name || null,
      bytes: Buffer.from(await file.arrayBuffer()),
      created: input.now,
      messageSid: null,
      conversationSid: null,
    };
    state.media.set(media.sid, media);
    return { status: 201, body: state.mediaJson(media, input.origin) };
  },

  FetchMedia(state, input) {
    const media = state.media.get(input.op.params.Sid ?? '');
    if (!media) throw notFound(input.pathname);
    return { status: 200, body: state.mediaJson(media, input.origin) };
  },
};

export function handlerFor(operationId: string): Handler | undefined {
  return handlers[operationId];
}
