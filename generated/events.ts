// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

import type { components } from './socket.ts';

type Schemas = components['schemas'];

/**
 * Payload of `user_connect` (client → server).
 */
export type UserConnectPayload = Schemas["UserConnectPayload"];

/**
 * Payload of `join_conversation` (client → server).
 */
export type JoinConversationPayload = Schemas["JoinConversationPayload"];

/**
 * Payload of `leave_conversation` (client → server).
 */
export type LeaveConversationPayload = Schemas["LeaveConversationPayload"];

/**
 * Payload of `send_message` (client → server).
 */
export type SendMessagePayload = Schemas["SendMessagePayload"];

/**
 * Payload of `typing_start` (client → server).
 */
export type TypingStartPayload = Schemas["TypingStartPayload"];

/**
 * Payload of `typing_stop` (client → server).
 */
export type TypingStopPayload = Schemas["TypingStopPayload"];

/**
 * Payload of `get_online_users` (client → server).
 */
export type GetOnlineUsersPayload = Schemas["GetOnlineUsersPayload"];

/**
 * Payload of `user_connected` (server → sender).
 */
export type UserConnectedPayload = Schemas["UserConnectedPayload"];

/**
 * Payload of `joined_conversation` (server → sender).
 */
export type JoinedConversationPayload = Schemas["JoinedConversationPayload"];

/**
 * Payload of `message_sent` (server → sender).
 */
export type MessageSentPayload = Schemas["MessageSentPayload"];

/**
 * Payload of `message_error` (server → sender).
 */
export type MessageErrorPayload = Schemas["MessageErrorPayload"];

/**
 * Payload of `online_users` (server → sender).
 */
export type OnlineUsersPayload = Schemas["OnlineUsersPayload"];

/**
 * Payload of `pong` (server → sender).
 */
export type PongPayload = Schemas["PongPayload"];

/**
 * Payload of `conversation_users` (server → room).
 */
export type ConversationUsersPayload = Schemas["ConversationUsersPayload"];

/**
 * Payload of `user_joined` (server → others).
 */
export type UserJoinedPayload = Schemas["UserJoinedPayload"];

/**
 * Payload of `user_left` (server → others).
 */
export type UserLeftPayload = Schemas["UserLeftPayload"];

/**
 * Payload of `new_message` (server → room).
 */
export type NewMessagePayload = Schemas["NewMessagePayload"];

/**
 * Payload of `user_typing` (server → others).
 */
export type UserTypingPayload = Schemas["UserTypingPayload"];

/**
 * Payload of `conversation_updated` (server → room).
 */
export type ConversationUpdatedPayload = Schemas["ConversationUpdatedPayload"];

/**
 * Payload of `user_status_changed` (server → others).
 */
export type UserStatusChangedPayload = Schemas["UserStatusChangedPayload"];

/**
 * Events a client emits; use as `Server<ClientToServerEvents, ServerToClientEvents>`.
 */

export interface ClientToServerEvents {
  /**
   * Register the socket's user.
   */
  user_connect: (payload: UserConnectPayload) => void;
  /**
   * Join a conversation's room.
   */
  join_conversation: (payload: JoinConversationPayload) => void;
  /**
   * Leave a conversation's room.
   */
  leave_conversation: (payload: LeaveConversationPayload) => void;
  /**
   * Send a message to a conversation.
   */
  send_message: (payload: SendMessagePayload) => void;
  /**
   * Tell the room the user is typing.
   */
  typing_start: (payload: TypingStartPayload) => void;
  /**
   * Tell the room the user stopped typing.
   */
  typing_stop: (payload: TypingStopPayload) => void;
  /**
   * Ask who is online in a conversation's room.
   */
  get_online_users: (payload: GetOnlineUsersPayload) => void;
  /**
   * Application-level keep-alive.
   */
  ping: () => void;
}

/**
 * Events the server emits; use as `Socket<ServerToClientEvents, ClientToServerEvents>` on the client.
 */

export interface ServerToClientEvents {
  /**
   * Confirms `user_connect`.
   * Audience: sender.
   */
  user_connected: (payload: UserConnectedPayload) => void;
  /**
   * Confirms `join_conversation`.
   * Audience: sender.
   */
  joined_conversation: (payload: JoinedConversationPayload) => void;
  /**
   * Confirms that a `send_message` was stored.
   * Audience: sender.
   */
  message_sent: (payload: MessageSentPayload) => void;
  /**
   * A client event was invalid or failed.
   * Audience: sender.
   */
  message_error: (payload: MessageErrorPayload) => void;
  /**
   * Answers `get_online_users`.
   * Audience: sender.
   */
  online_users: (payload: OnlineUsersPayload) => void;
  /**
   * Answers `ping`.
   * Audience: sender.
   */
  pong: (payload: PongPayload) => void;
  /**
   * The room's online users after a join, leave or disconnect.
   * Audience: room.
   */
  conversation_users: (payload: ConversationUsersPayload) => void;
  /**
   * Another socket joined the room.
   * Audience: others.
   */
  user_joined: (payload: UserJoinedPayload) => void;
  /**
   * Another socket left the room (or disconnected).
   * Audience: others.
   */
  user_left: (payload: UserLeftPayload) => void;
  /**
   * A message was stored in the conversation (sent by socket, by REST, or arriving from Twilio).
   * Audience: room.
   */
  new_message: (payload: NewMessagePayload) => void;
  /**
   * Another user started or stopped typing.
   * Audience: others.
   */
  user_typing: (payload: UserTypingPayload) => void;
  /**
   * The conversation changed through REST (participant added, deleted).
   * Audience: room.
   */
  conversation_updated: (payload: ConversationUpdatedPayload) => void;
  /**
   * A user's presence in the room flipped between online and offline.
   * Audience: others.
   */
  user_status_changed: (payload: UserStatusChangedPayload) => void;
}

export interface InterServerEvents {}

export interface ClientEventPayloads {
  user_connect: UserConnectPayload;
  join_conversation: JoinConversationPayload;
  leave_conversation: LeaveConversationPayload;
  send_message: SendMessagePayload;
  typing_start: TypingStartPayload;
  typing_stop: TypingStopPayload;
  get_online_users: GetOnlineUsersPayload;
  ping: undefined;
}

export interface ServerEventPayloads {
  user_connected: UserConnectedPayload;
  joined_conversation: JoinedConversationPayload;
  message_sent: MessageSentPayload;
  message_error: MessageErrorPayload;
  online_users: OnlineUsersPayload;
  pong: PongPayload;
  conversation_users: ConversationUsersPayload;
  user_joined: UserJoinedPayload;
  user_left: UserLeftPayload;
  new_message: NewMessagePayload;
  user_typing: UserTypingPayload;
  conversation_updated: ConversationUpdatedPayload;
  user_status_changed: UserStatusChangedPayload;
}

export type ClientEventName = keyof ClientToServerEvents;

export type ServerEventName = keyof ServerToClientEvents;

export type Audience = 'sender' | 'room' | 'others';

export const clientEventNames = ["user_connect", "join_conversation", "leave_conversation", "send_message", "typing_start", "typing_stop", "get_online_users", "ping"] as const satisfies readonly ClientEventName[];

export const serverEventNames = ["user_connected", "joined_conversation", "message_sent", "message_error", "online_users", "pong", "conversation_users", "user_joined", "user_left", "new_message", "user_typing", "conversation_updated", "user_status_changed"] as const satisfies readonly ServerEventName[];

/**
 * Who receives each server event (`x-audience` in asyncapi.yaml).
 */

export const serverEventAudience = {
  user_connected: "sender",
  joined_conversation: "sender",
  message_sent: "sender",
  message_error: "sender",
  online_users: "sender",
  pong: "sender",
  conversation_users: "room",
  user_joined: "others",
  user_left: "others",
  new_message: "room",
  user_typing: "others",
  conversation_updated: "room",
  user_status_changed: "others",
} as const satisfies Record<ServerEventName, Audience>;

/**
 * What each client event may cause, to whom (`x-emits` in asyncapi.yaml).
 */

export const clientEventEmits = {
  user_connect: [{ event: "user_connected", to: "sender" }, { event: "message_error", to: "sender" }],
  join_conversation: [{ event: "joined_conversation", to: "sender" }, { event: "conversation_users", to: "room" }, { event: "user_joined", to: "others" }, { event: "user_status_changed", to: "others" }, { event: "message_error", to: "sender" }],
  leave_conversation: [{ event: "user_left", to: "others" }, { event: "user_status_changed", to: "others" }, { event: "conversation_users", to: "others" }, { event: "message_error", to: "sender" }],
  send_message: [{ event: "message_sent", to: "sender" }, { event: "new_message", to: "room" }, { event: "message_error", to: "sender" }],
  typing_start: [{ event: "user_typing", to: "others" }, { event: "message_error", to: "sender" }],
  typing_stop: [{ event: "user_typing", to: "others" }, { event: "message_error", to: "sender" }],
  get_online_users: [{ event: "online_users", to: "sender" }, { event: "message_error", to: "sender" }],
  ping: [{ event: "pong", to: "sender" }],
} as const satisfies Record<ClientEventName, ReadonlyArray<{ event: ServerEventName; to: Audience }>>;
