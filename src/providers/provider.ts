// The storage/back-end boundary. One interface, two implementations: `local` (embedded
// SQLite, the default) and `twilio` (Twilio Conversations). HTTP and socket handlers talk
// only to this interface; wire shapes (snake_case REST, camelCase socket) are produced from
// these records in one place (src/wire.ts), so providers never know about envelopes.
//
// Failure contract: unknown conversation/media -> NotFoundError; conflicting state ->
// ConflictError; upstream failure -> UpstreamError (see src/errors.ts). Nothing is half
// written when a method throws.

export interface ParticipantInfo {
  id: string;
  name: string;
  image?: string;
}

export interface MessageRecord {
  sid: string;
  conversationSid: string;
  author: string;
  body: string;
  media: string[];
  dateCreated: Date;
}

export interface ConversationRecord {
  sid: string;
  friendlyName: string;
  /** Participants as described by the client at creation (names, images). */
  participants: ParticipantInfo[];
  dateCreated: Date;
  dateUpdated: Date;
  lastMessage: MessageRecord | null;
}

export interface ParticipantRecord {
  sid: string;
  conversationSid: string;
  identity?: string;
  phoneNumber?: string;
}

export interface MediaRecord {
  sid: string;
  contentType: string;
  size: number;
  filename?: string;
}

export interface NewMedia {
  contentType: string;
  filename?: string;
  /**
   * The file holding the bytes (an accepted upload's temp file), so they are never held
   * whole in memory. The provider may move it away (the local store renames it into its
   * media directory); whoever created it removes it if it is still there afterwards.
   */
  path: string;
}

export interface NewMessage {
  author: string;
  body: string;
  media: string[];
}

export interface ConversationProvider {
  readonly kind: 'local' | 'twilio';
  /** Whether add-sms-participant can add numbers (GET /healthz `capabilities.sms`). */
  readonly sms: boolean;

  /** Creates a conversation and adds every participant as a chat participant. */
  createConversation(input: {
    friendlyName: string;
    participants: ParticipantInfo[];
  }): Promise<ConversationRecord>;

  /**
   * Finds the private conversation of exactly this participant-id set (order-free) or
   * creates it; concurrent callers get the same conversation.
   */
  findOrCreatePrivateConversation(input: {
    friendlyName: string;
    participants: ParticipantInfo[];
  }): Promise<{ conversation: ConversationRecord; existing: boolean }>;

  /** Most recently updated first. With `identity`, only conversations it participates in. */
  listConversations(query: { identity?: string; limit: number }): Promise<ConversationRecord[]>;

  /** Throws NotFoundError for an unknown SID. */
  getConversation(conversationSid: string): Promise<ConversationRecord>;

  deleteConversation(conversationSid: string): Promise<void>;

  /** The last `limit` messages, oldest first. */
  listMessages(conversationSid: string, limit: number): Promise<MessageRecord[]>;

  /** Resolves only once the message is durably stored. */
  sendMessage(conversationSid: string, message: NewMessage): Promise<MessageRecord>;

  /**
   * Whether `identity` is a chat participant of the conversation: false for an unknown
   * conversation too (the authorization step answers both alike).
   */
  isParticipant(conversationSid: string, identity: string): Promise<boolean>;

  /** Idempotent: an existing participant is returned as is. */
  addChatParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord>;

  addSmsParticipant(conversationSid: string, phoneNumber: string): Promise<ParticipantRecord>;

  storeMedia(media: NewMedia): Promise<MediaRecord>;

  getMedia(mediaSid: string): Promise<MediaRecord>;

  /** The bytes of stored media; throws NotFoundError when unknown. */
  readMedia(mediaSid: string): Promise<{ media: MediaRecord; bytes: Buffer }>;

  enableReachability(): Promise<void>;

  /**
   * Reachability as the back end knows it, or null when it has no source of its own
   * (local mode): the server then answers from Socket.IO presence.
   */
  getUserReachability(identity: string): Promise<{ online: boolean; notReachable: boolean } | null>;

  /** Readiness probe for /healthz. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/**
 * A change the back end reports that this server did not make (e.g. an SMS reply Twilio
 * reports by webhook). Back ends report only what clients have not heard of yet: events
 * about this server's own writes (already broadcast) and repeated deliveries are dropped
 * at the source.
 */
export type InboundEvent =
  | { type: 'message_added'; message: MessageRecord }
  | {
      type: 'participant_added';
      conversationSid: string;
      participantSid: string;
      identity?: string;
      phoneNumber?: string;
    }
  | { type: 'conversation_removed'; conversationSid: string };
