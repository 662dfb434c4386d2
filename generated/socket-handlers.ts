// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

import type {
  ConversationUsersPayload,
  GetOnlineUsersPayload,
  JoinConversationPayload,
  JoinedConversationPayload,
  LeaveConversationPayload,
  MessageErrorPayload,
  MessageSentPayload,
  NewMessagePayload,
  OnlineUsersPayload,
  PongPayload,
  SendMessagePayload,
  TypingStartPayload,
  TypingStopPayload,
  UserConnectPayload,
  UserConnectedPayload,
  UserJoinedPayload,
  UserLeftPayload,
  UserStatusChangedPayload,
  UserTypingPayload,
} from './events.ts';

/**
 * How a `user_connect` handler may answer (x-emits of userConnect).
 */
export interface UserConnectReply {
  sender(event: "user_connected", payload: UserConnectedPayload): void;
  sender(event: "message_error", payload: MessageErrorPayload): void;
}

/**
 * How a `join_conversation` handler may answer (x-emits of joinConversation).
 */
export interface JoinConversationReply {
  sender(event: "joined_conversation", payload: JoinedConversationPayload): void;
  sender(event: "message_error", payload: MessageErrorPayload): void;
  room(conversationSid: string, event: "conversation_users", payload: ConversationUsersPayload): void;
  others(conversationSid: string, event: "user_joined", payload: UserJoinedPayload): void;
  others(conversationSid: string, event: "user_status_changed", payload: UserStatusChangedPayload): void;
}

/**
 * How a `leave_conversation` handler may answer (x-emits of leaveConversation).
 */
export interface LeaveConversationReply {
  sender(event: "message_error", payload: MessageErrorPayload): void;
  others(conversationSid: string, event: "user_left", payload: UserLeftPayload): void;
  others(conversationSid: string, event: "user_status_changed", payload: UserStatusChangedPayload): void;
  others(conversationSid: string, event: "conversation_users", payload: ConversationUsersPayload): void;
}

/**
 * How a `send_message` handler may answer (x-emits of sendMessage).
 */
export interface SendMessageReply {
  sender(event: "message_sent", payload: MessageSentPayload): void;
  sender(event: "message_error", payload: MessageErrorPayload): void;
  room(conversationSid: string, event: "new_message", payload: NewMessagePayload): void;
}

/**
 * How a `typing_start` handler may answer (x-emits of typingStart).
 */
export interface TypingStartReply {
  sender(event: "message_error", payload: MessageErrorPayload): void;
  others(conversationSid: string, event: "user_typing", payload: UserTypingPayload): void;
}

/**
 * How a `typing_stop` handler may answer (x-emits of typingStop).
 */
export interface TypingStopReply {
  sender(event: "message_error", payload: MessageErrorPayload): void;
  others(conversationSid: string, event: "user_typing", payload: UserTypingPayload): void;
}

/**
 * How a `get_online_users` handler may answer (x-emits of getOnlineUsers).
 */
export interface GetOnlineUsersReply {
  sender(event: "online_users", payload: OnlineUsersPayload): void;
  sender(event: "message_error", payload: MessageErrorPayload): void;
}

/**
 * How a `ping` handler may answer (x-emits of ping).
 */
export interface PingReply {
  sender(event: "pong", payload: PongPayload): void;
}

/**
 * One handler per client → server event. Payloads arrive already validated against the spec.
 */
export interface SocketHandlers<Ctx = unknown> {
  /**
   * Register the socket's user.
   * Records `userId`/`identity` on the socket (used for presence and `online_users`) and marks the identity online for reachability. May be sent again after a reconnect.
   */
  user_connect(payload: UserConnectPayload, reply: UserConnectReply, ctx: Ctx): void | Promise<void>;
  /**
   * Join a conversation's room.
   * The conversation must exist (else `message_error`). The sender gets `joined_conversation`; the others get `user_joined`, and `user_status_changed` (online) if this is the identity's first socket in the room; then the whole room, the sender included, gets `conversation_users` (up to 100 online users, see above). Joining a room the socket is already in only repeats `joined_conversation` and `conversation_users`. A socket is in a room under one identity: joining it again as another identity is refused with `message_error` (leave first).
   */
  join_conversation(payload: JoinConversationPayload, reply: JoinConversationReply, ctx: Ctx): void | Promise<void>;
  /**
   * Leave a conversation's room.
   * No reply to the sender. The remaining room gets `user_left`, `user_status_changed` (offline) if the identity has no socket left in the room, and `conversation_users`. Leaving a room the socket is not in does nothing.
   */
  leave_conversation(payload: LeaveConversationPayload, reply: LeaveConversationReply, ctx: Ctx): void | Promise<void>;
  /**
   * Send a message to a conversation.
   * The message is stored first; then the sender gets `message_sent` and the whole room (the sender included, if it joined) gets `new_message` once, with the same message SID. On failure the sender gets `message_error` and nothing is stored or broadcast. The sender need not have joined the room.
   */
  send_message(payload: SendMessagePayload, reply: SendMessageReply, ctx: Ctx): void | Promise<void>;
  /**
   * Tell the room the user is typing.
   * The others in the room get `user_typing` with `isTyping` true; never echoed to the typist. Ignored when the socket has not joined the room (typing is fire-and-forget; the frontend guide's example alerts on every `message_error`).
   */
  typing_start(payload: TypingStartPayload, reply: TypingStartReply, ctx: Ctx): void | Promise<void>;
  /**
   * Tell the room the user stopped typing.
   * The others in the room get `user_typing` with `isTyping` false; never echoed to the typist. Ignored when the socket has not joined the room (typing is fire-and-forget; the frontend guide's example alerts on every `message_error`).
   */
  typing_stop(payload: TypingStopPayload, reply: TypingStopReply, ctx: Ctx): void | Promise<void>;
  /**
   * Ask who is online in a conversation's room.
   * Answered with `online_users` to the sender; the sender need not be in the room. An unknown conversation is answered with `message_error`.
   */
  get_online_users(payload: GetOnlineUsersPayload, reply: GetOnlineUsersReply, ctx: Ctx): void | Promise<void>;
  /**
   * Application-level keep-alive.
   * Any arguments are ignored. Answered with `pong` to the sender.
   */
  ping(payload: undefined, reply: PingReply, ctx: Ctx): void | Promise<void>;
}
