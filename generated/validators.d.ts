// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

import type { ValidateFunction } from 'ajv';
import type { operations } from './rest.ts';
import type {
  ConversationUpdatedPayload,
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

export declare const rest_getHealth_200: ValidateFunction<operations["getHealth"]['responses'][200]['content']['application/json']>;
export declare const rest_getHealth_400: ValidateFunction<operations["getHealth"]['responses'][400]['content']['application/json']>;
export declare const rest_getHealth_500: ValidateFunction<operations["getHealth"]['responses'][500]['content']['application/json']>;
export declare const rest_getHealth_503: ValidateFunction<operations["getHealth"]['responses'][503]['content']['application/json']>;
export declare const rest_generateToken_body: ValidateFunction<operations["generateToken"]['requestBody']['content']['application/json']>;
export declare const rest_generateToken_200: ValidateFunction<operations["generateToken"]['responses'][200]['content']['application/json']>;
export declare const rest_generateToken_400: ValidateFunction<operations["generateToken"]['responses'][400]['content']['application/json']>;
export declare const rest_generateToken_401: ValidateFunction<operations["generateToken"]['responses'][401]['content']['application/json']>;
export declare const rest_generateToken_413: ValidateFunction<operations["generateToken"]['responses'][413]['content']['application/json']>;
export declare const rest_generateToken_415: ValidateFunction<operations["generateToken"]['responses'][415]['content']['application/json']>;
export declare const rest_generateToken_429: ValidateFunction<operations["generateToken"]['responses'][429]['content']['application/json']>;
export declare const rest_generateToken_500: ValidateFunction<operations["generateToken"]['responses'][500]['content']['application/json']>;
export declare const rest_createConversation_body: ValidateFunction<operations["createConversation"]['requestBody']['content']['application/json']>;
export declare const rest_createConversation_200: ValidateFunction<operations["createConversation"]['responses'][200]['content']['application/json']>;
export declare const rest_createConversation_400: ValidateFunction<operations["createConversation"]['responses'][400]['content']['application/json']>;
export declare const rest_createConversation_401: ValidateFunction<operations["createConversation"]['responses'][401]['content']['application/json']>;
export declare const rest_createConversation_403: ValidateFunction<operations["createConversation"]['responses'][403]['content']['application/json']>;
export declare const rest_createConversation_413: ValidateFunction<operations["createConversation"]['responses'][413]['content']['application/json']>;
export declare const rest_createConversation_415: ValidateFunction<operations["createConversation"]['responses'][415]['content']['application/json']>;
export declare const rest_createConversation_429: ValidateFunction<operations["createConversation"]['responses'][429]['content']['application/json']>;
export declare const rest_createConversation_500: ValidateFunction<operations["createConversation"]['responses'][500]['content']['application/json']>;
export declare const rest_createConversation_502: ValidateFunction<operations["createConversation"]['responses'][502]['content']['application/json']>;
export declare const rest_createConversation_503: ValidateFunction<operations["createConversation"]['responses'][503]['content']['application/json']>;
export declare const rest_createPrivateConversation_body: ValidateFunction<operations["createPrivateConversation"]['requestBody']['content']['application/json']>;
export declare const rest_createPrivateConversation_200: ValidateFunction<operations["createPrivateConversation"]['responses'][200]['content']['application/json']>;
export declare const rest_createPrivateConversation_400: ValidateFunction<operations["createPrivateConversation"]['responses'][400]['content']['application/json']>;
export declare const rest_createPrivateConversation_401: ValidateFunction<operations["createPrivateConversation"]['responses'][401]['content']['application/json']>;
export declare const rest_createPrivateConversation_403: ValidateFunction<operations["createPrivateConversation"]['responses'][403]['content']['application/json']>;
export declare const rest_createPrivateConversation_413: ValidateFunction<operations["createPrivateConversation"]['responses'][413]['content']['application/json']>;
export declare const rest_createPrivateConversation_415: ValidateFunction<operations["createPrivateConversation"]['responses'][415]['content']['application/json']>;
export declare const rest_createPrivateConversation_429: ValidateFunction<operations["createPrivateConversation"]['responses'][429]['content']['application/json']>;
export declare const rest_createPrivateConversation_500: ValidateFunction<operations["createPrivateConversation"]['responses'][500]['content']['application/json']>;
export declare const rest_createPrivateConversation_502: ValidateFunction<operations["createPrivateConversation"]['responses'][502]['content']['application/json']>;
export declare const rest_createPrivateConversation_503: ValidateFunction<operations["createPrivateConversation"]['responses'][503]['content']['application/json']>;
export declare const rest_listConversations_query: ValidateFunction<NonNullable<operations["listConversations"]['parameters']['query']>>;
export declare const rest_listConversations_200: ValidateFunction<operations["listConversations"]['responses'][200]['content']['application/json']>;
export declare const rest_listConversations_400: ValidateFunction<operations["listConversations"]['responses'][400]['content']['application/json']>;
export declare const rest_listConversations_401: ValidateFunction<operations["listConversations"]['responses'][401]['content']['application/json']>;
export declare const rest_listConversations_403: ValidateFunction<operations["listConversations"]['responses'][403]['content']['application/json']>;
export declare const rest_listConversations_429: ValidateFunction<operations["listConversations"]['responses'][429]['content']['application/json']>;
export declare const rest_listConversations_500: ValidateFunction<operations["listConversations"]['responses'][500]['content']['application/json']>;
export declare const rest_listConversations_502: ValidateFunction<operations["listConversations"]['responses'][502]['content']['application/json']>;
export declare const rest_listConversations_503: ValidateFunction<operations["listConversations"]['responses'][503]['content']['application/json']>;
export declare const rest_listUserConversations_path: ValidateFunction<operations["listUserConversations"]['parameters']['path']>;
export declare const rest_listUserConversations_200: ValidateFunction<operations["listUserConversations"]['responses'][200]['content']['application/json']>;
export declare const rest_listUserConversations_400: ValidateFunction<operations["listUserConversations"]['responses'][400]['content']['application/json']>;
export declare const rest_listUserConversations_401: ValidateFunction<operations["listUserConversations"]['responses'][401]['content']['application/json']>;
export declare const rest_listUserConversations_403: ValidateFunction<operations["listUserConversations"]['responses'][403]['content']['application/json']>;
export declare const rest_listUserConversations_429: ValidateFunction<operations["listUserConversations"]['responses'][429]['content']['application/json']>;
export declare const rest_listUserConversations_500: ValidateFunction<operations["listUserConversations"]['responses'][500]['content']['application/json']>;
export declare const rest_listUserConversations_502: ValidateFunction<operations["listUserConversations"]['responses'][502]['content']['application/json']>;
export declare const rest_listUserConversations_503: ValidateFunction<operations["listUserConversations"]['responses'][503]['content']['application/json']>;
export declare const rest_deleteConversation_path: ValidateFunction<operations["deleteConversation"]['parameters']['path']>;
export declare const rest_deleteConversation_200: ValidateFunction<operations["deleteConversation"]['responses'][200]['content']['application/json']>;
export declare const rest_deleteConversation_400: ValidateFunction<operations["deleteConversation"]['responses'][400]['content']['application/json']>;
export declare const rest_deleteConversation_401: ValidateFunction<operations["deleteConversation"]['responses'][401]['content']['application/json']>;
export declare const rest_deleteConversation_404: ValidateFunction<operations["deleteConversation"]['responses'][404]['content']['application/json']>;
export declare const rest_deleteConversation_429: ValidateFunction<operations["deleteConversation"]['responses'][429]['content']['application/json']>;
export declare const rest_deleteConversation_500: ValidateFunction<operations["deleteConversation"]['responses'][500]['content']['application/json']>;
export declare const rest_deleteConversation_502: ValidateFunction<operations["deleteConversation"]['responses'][502]['content']['application/json']>;
export declare const rest_deleteConversation_503: ValidateFunction<operations["deleteConversation"]['responses'][503]['content']['application/json']>;
export declare const rest_listMessages_path: ValidateFunction<operations["listMessages"]['parameters']['path']>;
export declare const rest_listMessages_200: ValidateFunction<operations["listMessages"]['responses'][200]['content']['application/json']>;
export declare const rest_listMessages_400: ValidateFunction<operations["listMessages"]['responses'][400]['content']['application/json']>;
export declare const rest_listMessages_401: ValidateFunction<operations["listMessages"]['responses'][401]['content']['application/json']>;
export declare const rest_listMessages_404: ValidateFunction<operations["listMessages"]['responses'][404]['content']['application/json']>;
export declare const rest_listMessages_429: ValidateFunction<operations["listMessages"]['responses'][429]['content']['application/json']>;
export declare const rest_listMessages_500: ValidateFunction<operations["listMessages"]['responses'][500]['content']['application/json']>;
export declare const rest_listMessages_502: ValidateFunction<operations["listMessages"]['responses'][502]['content']['application/json']>;
export declare const rest_listMessages_503: ValidateFunction<operations["listMessages"]['responses'][503]['content']['application/json']>;
export declare const rest_sendMessage_path: ValidateFunction<operations["sendMessage"]['parameters']['path']>;
export declare const rest_sendMessage_body: ValidateFunction<operations["sendMessage"]['requestBody']['content']['application/json']>;
export declare const rest_sendMessage_200: ValidateFunction<operations["sendMessage"]['responses'][200]['content']['application/json']>;
export declare const rest_sendMessage_400: ValidateFunction<operations["sendMessage"]['responses'][400]['content']['application/json']>;
export declare const rest_sendMessage_401: ValidateFunction<operations["sendMessage"]['responses'][401]['content']['application/json']>;
export declare const rest_sendMessage_403: ValidateFunction<operations["sendMessage"]['responses'][403]['content']['application/json']>;
export declare const rest_sendMessage_404: ValidateFunction<operations["sendMessage"]['responses'][404]['content']['application/json']>;
export declare const rest_sendMessage_413: ValidateFunction<operations["sendMessage"]['responses'][413]['content']['application/json']>;
export declare const rest_sendMessage_415: ValidateFunction<operations["sendMessage"]['responses'][415]['content']['application/json']>;
export declare const rest_sendMessage_429: ValidateFunction<operations["sendMessage"]['responses'][429]['content']['application/json']>;
export declare const rest_sendMessage_500: ValidateFunction<operations["sendMessage"]['responses'][500]['content']['application/json']>;
export declare const rest_sendMessage_502: ValidateFunction<operations["sendMessage"]['responses'][502]['content']['application/json']>;
export declare const rest_sendMessage_503: ValidateFunction<operations["sendMessage"]['responses'][503]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_path: ValidateFunction<operations["sendMessageWithFiles"]['parameters']['path']>;
export declare const rest_sendMessageWithFiles_body: ValidateFunction<Omit<operations["sendMessageWithFiles"]['requestBody']['content']['multipart/form-data'], "files">>;
export declare const rest_sendMessageWithFiles_200: ValidateFunction<operations["sendMessageWithFiles"]['responses'][200]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_400: ValidateFunction<operations["sendMessageWithFiles"]['responses'][400]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_401: ValidateFunction<operations["sendMessageWithFiles"]['responses'][401]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_403: ValidateFunction<operations["sendMessageWithFiles"]['responses'][403]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_404: ValidateFunction<operations["sendMessageWithFiles"]['responses'][404]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_408: ValidateFunction<operations["sendMessageWithFiles"]['responses'][408]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_413: ValidateFunction<operations["sendMessageWithFiles"]['responses'][413]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_415: ValidateFunction<operations["sendMessageWithFiles"]['responses'][415]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_429: ValidateFunction<operations["sendMessageWithFiles"]['responses'][429]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_500: ValidateFunction<operations["sendMessageWithFiles"]['responses'][500]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_502: ValidateFunction<operations["sendMessageWithFiles"]['responses'][502]['content']['application/json']>;
export declare const rest_sendMessageWithFiles_503: ValidateFunction<operations["sendMessageWithFiles"]['responses'][503]['content']['application/json']>;
export declare const rest_addChatParticipant_path: ValidateFunction<operations["addChatParticipant"]['parameters']['path']>;
export declare const rest_addChatParticipant_body: ValidateFunction<operations["addChatParticipant"]['requestBody']['content']['application/json']>;
export declare const rest_addChatParticipant_200: ValidateFunction<operations["addChatParticipant"]['responses'][200]['content']['application/json']>;
export declare const rest_addChatParticipant_400: ValidateFunction<operations["addChatParticipant"]['responses'][400]['content']['application/json']>;
export declare const rest_addChatParticipant_401: ValidateFunction<operations["addChatParticipant"]['responses'][401]['content']['application/json']>;
export declare const rest_addChatParticipant_404: ValidateFunction<operations["addChatParticipant"]['responses'][404]['content']['application/json']>;
export declare const rest_addChatParticipant_413: ValidateFunction<operations["addChatParticipant"]['responses'][413]['content']['application/json']>;
export declare const rest_addChatParticipant_415: ValidateFunction<operations["addChatParticipant"]['responses'][415]['content']['application/json']>;
export declare const rest_addChatParticipant_429: ValidateFunction<operations["addChatParticipant"]['responses'][429]['content']['application/json']>;
export declare const rest_addChatParticipant_500: ValidateFunction<operations["addChatParticipant"]['responses'][500]['content']['application/json']>;
export declare const rest_addChatParticipant_502: ValidateFunction<operations["addChatParticipant"]['responses'][502]['content']['application/json']>;
export declare const rest_addChatParticipant_503: ValidateFunction<operations["addChatParticipant"]['responses'][503]['content']['application/json']>;
export declare const rest_addSmsParticipant_path: ValidateFunction<operations["addSmsParticipant"]['parameters']['path']>;
export declare const rest_addSmsParticipant_body: ValidateFunction<operations["addSmsParticipant"]['requestBody']['content']['application/json']>;
export declare const rest_addSmsParticipant_200: ValidateFunction<operations["addSmsParticipant"]['responses'][200]['content']['application/json']>;
export declare const rest_addSmsParticipant_400: ValidateFunction<operations["addSmsParticipant"]['responses'][400]['content']['application/json']>;
export declare const rest_addSmsParticipant_401: ValidateFunction<operations["addSmsParticipant"]['responses'][401]['content']['application/json']>;
export declare const rest_addSmsParticipant_404: ValidateFunction<operations["addSmsParticipant"]['responses'][404]['content']['application/json']>;
export declare const rest_addSmsParticipant_409: ValidateFunction<operations["addSmsParticipant"]['responses'][409]['content']['application/json']>;
export declare const rest_addSmsParticipant_413: ValidateFunction<operations["addSmsParticipant"]['responses'][413]['content']['application/json']>;
export declare const rest_addSmsParticipant_415: ValidateFunction<operations["addSmsParticipant"]['responses'][415]['content']['application/json']>;
export declare const rest_addSmsParticipant_429: ValidateFunction<operations["addSmsParticipant"]['responses'][429]['content']['application/json']>;
export declare const rest_addSmsParticipant_500: ValidateFunction<operations["addSmsParticipant"]['responses'][500]['content']['application/json']>;
export declare const rest_addSmsParticipant_502: ValidateFunction<operations["addSmsParticipant"]['responses'][502]['content']['application/json']>;
export declare const rest_addSmsParticipant_503: ValidateFunction<operations["addSmsParticipant"]['responses'][503]['content']['application/json']>;
export declare const rest_getMediaContent_path: ValidateFunction<operations["getMediaContent"]['parameters']['path']>;
export declare const rest_getMediaContent_200: ValidateFunction<operations["getMediaContent"]['responses'][200]['content']['application/json']>;
export declare const rest_getMediaContent_400: ValidateFunction<operations["getMediaContent"]['responses'][400]['content']['application/json']>;
export declare const rest_getMediaContent_401: ValidateFunction<operations["getMediaContent"]['responses'][401]['content']['application/json']>;
export declare const rest_getMediaContent_404: ValidateFunction<operations["getMediaContent"]['responses'][404]['content']['application/json']>;
export declare const rest_getMediaContent_429: ValidateFunction<operations["getMediaContent"]['responses'][429]['content']['application/json']>;
export declare const rest_getMediaContent_500: ValidateFunction<operations["getMediaContent"]['responses'][500]['content']['application/json']>;
export declare const rest_getMediaContent_502: ValidateFunction<operations["getMediaContent"]['responses'][502]['content']['application/json']>;
export declare const rest_getMediaContent_503: ValidateFunction<operations["getMediaContent"]['responses'][503]['content']['application/json']>;
export declare const rest_enableReachability_200: ValidateFunction<operations["enableReachability"]['responses'][200]['content']['application/json']>;
export declare const rest_enableReachability_400: ValidateFunction<operations["enableReachability"]['responses'][400]['content']['application/json']>;
export declare const rest_enableReachability_401: ValidateFunction<operations["enableReachability"]['responses'][401]['content']['application/json']>;
export declare const rest_enableReachability_429: ValidateFunction<operations["enableReachability"]['responses'][429]['content']['application/json']>;
export declare const rest_enableReachability_500: ValidateFunction<operations["enableReachability"]['responses'][500]['content']['application/json']>;
export declare const rest_enableReachability_502: ValidateFunction<operations["enableReachability"]['responses'][502]['content']['application/json']>;
export declare const rest_enableReachability_503: ValidateFunction<operations["enableReachability"]['responses'][503]['content']['application/json']>;
export declare const rest_getUserReachability_path: ValidateFunction<operations["getUserReachability"]['parameters']['path']>;
export declare const rest_getUserReachability_200: ValidateFunction<operations["getUserReachability"]['responses'][200]['content']['application/json']>;
export declare const rest_getUserReachability_400: ValidateFunction<operations["getUserReachability"]['responses'][400]['content']['application/json']>;
export declare const rest_getUserReachability_401: ValidateFunction<operations["getUserReachability"]['responses'][401]['content']['application/json']>;
export declare const rest_getUserReachability_429: ValidateFunction<operations["getUserReachability"]['responses'][429]['content']['application/json']>;
export declare const rest_getUserReachability_500: ValidateFunction<operations["getUserReachability"]['responses'][500]['content']['application/json']>;
export declare const rest_getUserReachability_502: ValidateFunction<operations["getUserReachability"]['responses'][502]['content']['application/json']>;
export declare const rest_getUserReachability_503: ValidateFunction<operations["getUserReachability"]['responses'][503]['content']['application/json']>;
export declare const rest_uploadMedia_path: ValidateFunction<operations["uploadMedia"]['parameters']['path']>;
export declare const rest_uploadMedia_body: ValidateFunction<Omit<operations["uploadMedia"]['requestBody']['content']['multipart/form-data'], "file" | "image" | "audio" | "video">>;
export declare const rest_uploadMedia_200: ValidateFunction<operations["uploadMedia"]['responses'][200]['content']['application/json']>;
export declare const rest_uploadMedia_400: ValidateFunction<operations["uploadMedia"]['responses'][400]['content']['application/json']>;
export declare const rest_uploadMedia_401: ValidateFunction<operations["uploadMedia"]['responses'][401]['content']['application/json']>;
export declare const rest_uploadMedia_408: ValidateFunction<operations["uploadMedia"]['responses'][408]['content']['application/json']>;
export declare const rest_uploadMedia_413: ValidateFunction<operations["uploadMedia"]['responses'][413]['content']['application/json']>;
export declare const rest_uploadMedia_415: ValidateFunction<operations["uploadMedia"]['responses'][415]['content']['application/json']>;
export declare const rest_uploadMedia_429: ValidateFunction<operations["uploadMedia"]['responses'][429]['content']['application/json']>;
export declare const rest_uploadMedia_500: ValidateFunction<operations["uploadMedia"]['responses'][500]['content']['application/json']>;
export declare const rest_uploadMedia_502: ValidateFunction<operations["uploadMedia"]['responses'][502]['content']['application/json']>;
export declare const rest_uploadMedia_503: ValidateFunction<operations["uploadMedia"]['responses'][503]['content']['application/json']>;
export declare const rest_downloadMedia_path: ValidateFunction<operations["downloadMedia"]['parameters']['path']>;
export declare const rest_downloadMedia_400: ValidateFunction<operations["downloadMedia"]['responses'][400]['content']['application/json']>;
export declare const rest_downloadMedia_404: ValidateFunction<operations["downloadMedia"]['responses'][404]['content']['application/json']>;
export declare const rest_downloadMedia_429: ValidateFunction<operations["downloadMedia"]['responses'][429]['content']['application/json']>;
export declare const rest_downloadMedia_500: ValidateFunction<operations["downloadMedia"]['responses'][500]['content']['application/json']>;
export declare const socket_user_connect: ValidateFunction<UserConnectPayload>;
export declare const socket_join_conversation: ValidateFunction<JoinConversationPayload>;
export declare const socket_leave_conversation: ValidateFunction<LeaveConversationPayload>;
export declare const socket_send_message: ValidateFunction<SendMessagePayload>;
export declare const socket_typing_start: ValidateFunction<TypingStartPayload>;
export declare const socket_typing_stop: ValidateFunction<TypingStopPayload>;
export declare const socket_get_online_users: ValidateFunction<GetOnlineUsersPayload>;
export declare const socket_user_connected: ValidateFunction<UserConnectedPayload>;
export declare const socket_joined_conversation: ValidateFunction<JoinedConversationPayload>;
export declare const socket_message_sent: ValidateFunction<MessageSentPayload>;
export declare const socket_message_error: ValidateFunction<MessageErrorPayload>;
export declare const socket_online_users: ValidateFunction<OnlineUsersPayload>;
export declare const socket_pong: ValidateFunction<PongPayload>;
export declare const socket_conversation_users: ValidateFunction<ConversationUsersPayload>;
export declare const socket_user_joined: ValidateFunction<UserJoinedPayload>;
export declare const socket_user_left: ValidateFunction<UserLeftPayload>;
export declare const socket_new_message: ValidateFunction<NewMessagePayload>;
export declare const socket_user_typing: ValidateFunction<UserTypingPayload>;
export declare const socket_conversation_updated: ValidateFunction<ConversationUpdatedPayload>;
export declare const socket_user_status_changed: ValidateFunction<UserStatusChangedPayload>;
export declare const socketValidators: {
  user_connect: typeof socket_user_connect;
  join_conversation: typeof socket_join_conversation;
  leave_conversation: typeof socket_leave_conversation;
  send_message: typeof socket_send_message;
  typing_start: typeof socket_typing_start;
  typing_stop: typeof socket_typing_stop;
  get_online_users: typeof socket_get_online_users;
  user_connected: typeof socket_user_connected;
  joined_conversation: typeof socket_joined_conversation;
  message_sent: typeof socket_message_sent;
  message_error: typeof socket_message_error;
  online_users: typeof socket_online_users;
  pong: typeof socket_pong;
  conversation_users: typeof socket_conversation_users;
  user_joined: typeof socket_user_joined;
  user_left: typeof socket_user_left;
  new_message: typeof socket_new_message;
  user_typing: typeof socket_user_typing;
  conversation_updated: typeof socket_conversation_updated;
  user_status_changed: typeof socket_user_status_changed;
};
export declare const restValidators: {
  getHealth: { responses: { 200: typeof rest_getHealth_200; 400: typeof rest_getHealth_400; 500: typeof rest_getHealth_500; 503: typeof rest_getHealth_503; }; };
  generateToken: { body: typeof rest_generateToken_body; responses: { 200: typeof rest_generateToken_200; 400: typeof rest_generateToken_400; 401: typeof rest_generateToken_401; 413: typeof rest_generateToken_413; 415: typeof rest_generateToken_415; 429: typeof rest_generateToken_429; 500: typeof rest_generateToken_500; }; };
  createConversation: { body: typeof rest_createConversation_body; responses: { 200: typeof rest_createConversation_200; 400: typeof rest_createConversation_400; 401: typeof rest_createConversation_401; 403: typeof rest_createConversation_403; 413: typeof rest_createConversation_413; 415: typeof rest_createConversation_415; 429: typeof rest_createConversation_429; 500: typeof rest_createConversation_500; 502: typeof rest_createConversation_502; 503: typeof rest_createConversation_503; }; };
  createPrivateConversation: { body: typeof rest_createPrivateConversation_body; responses: { 200: typeof rest_createPrivateConversation_200; 400: typeof rest_createPrivateConversation_400; 401: typeof rest_createPrivateConversation_401; 403: typeof rest_createPrivateConversation_403; 413: typeof rest_createPrivateConversation_413; 415: typeof rest_createPrivateConversation_415; 429: typeof rest_createPrivateConversation_429; 500: typeof rest_createPrivateConversation_500; 502: typeof rest_createPrivateConversation_502; 503: typeof rest_createPrivateConversation_503; }; };
  listConversations: { query: typeof rest_listConversations_query; responses: { 200: typeof rest_listConversations_200; 400: typeof rest_listConversations_400; 401: typeof rest_listConversations_401; 403: typeof rest_listConversations_403; 429: typeof rest_listConversations_429; 500: typeof rest_listConversations_500; 502: typeof rest_listConversations_502; 503: typeof rest_listConversations_503; }; };
  listUserConversations: { path: typeof rest_listUserConversations_path; responses: { 200: typeof rest_listUserConversations_200; 400: typeof rest_listUserConversations_400; 401: typeof rest_listUserConversations_401; 403: typeof rest_listUserConversations_403; 429: typeof rest_listUserConversations_429; 500: typeof rest_listUserConversations_500; 502: typeof rest_listUserConversations_502; 503: typeof rest_listUserConversations_503; }; };
  deleteConversation: { path: typeof rest_deleteConversation_path; responses: { 200: typeof rest_deleteConversation_200; 400: typeof rest_deleteConversation_400; 401: typeof rest_deleteConversation_401; 404: typeof rest_deleteConversation_404; 429: typeof rest_deleteConversation_429; 500: typeof rest_deleteConversation_500; 502: typeof rest_deleteConversation_502; 503: typeof rest_deleteConversation_503; }; };
  listMessages: { path: typeof rest_listMessages_path; responses: { 200: typeof rest_listMessages_200; 400: typeof rest_listMessages_400; 401: typeof rest_listMessages_401; 404: typeof rest_listMessages_404; 429: typeof rest_listMessages_429; 500: typeof rest_listMessages_500; 502: typeof rest_listMessages_502; 503: typeof rest_listMessages_503; }; };
  sendMessage: { path: typeof rest_sendMessage_path; body: typeof rest_sendMessage_body; responses: { 200: typeof rest_sendMessage_200; 400: typeof rest_sendMessage_400; 401: typeof rest_sendMessage_401; 403: typeof rest_sendMessage_403; 404: typeof rest_sendMessage_404; 413: typeof rest_sendMessage_413; 415: typeof rest_sendMessage_415; 429: typeof rest_sendMessage_429; 500: typeof rest_sendMessage_500; 502: typeof rest_sendMessage_502; 503: typeof rest_sendMessage_503; }; };
  sendMessageWithFiles: { path: typeof rest_sendMessageWithFiles_path; body: typeof rest_sendMessageWithFiles_body; responses: { 200: typeof rest_sendMessageWithFiles_200; 400: typeof rest_sendMessageWithFiles_400; 401: typeof rest_sendMessageWithFiles_401; 403: typeof rest_sendMessageWithFiles_403; 404: typeof rest_sendMessageWithFiles_404; 408: typeof rest_sendMessageWithFiles_408; 413: typeof rest_sendMessageWithFiles_413; 415: typeof rest_sendMessageWithFiles_415; 429: typeof rest_sendMessageWithFiles_429; 500: typeof rest_sendMessageWithFiles_500; 502: typeof rest_sendMessageWithFiles_502; 503: typeof rest_sendMessageWithFiles_503; }; };
  addChatParticipant: { path: typeof rest_addChatParticipant_path; body: typeof rest_addChatParticipant_body; responses: { 200: typeof rest_addChatParticipant_200; 400: typeof rest_addChatParticipant_400; 401: typeof rest_addChatParticipant_401; 404: typeof rest_addChatParticipant_404; 413: typeof rest_addChatParticipant_413; 415: typeof rest_addChatParticipant_415; 429: typeof rest_addChatParticipant_429; 500: typeof rest_addChatParticipant_500; 502: typeof rest_addChatParticipant_502; 503: typeof rest_addChatParticipant_503; }; };
  addSmsParticipant: { path: typeof rest_addSmsParticipant_path; body: typeof rest_addSmsParticipant_body; responses: { 200: typeof rest_addSmsParticipant_200; 400: typeof rest_addSmsParticipant_400; 401: typeof rest_addSmsParticipant_401; 404: typeof rest_addSmsParticipant_404; 409: typeof rest_addSmsParticipant_409; 413: typeof rest_addSmsParticipant_413; 415: typeof rest_addSmsParticipant_415; 429: typeof rest_addSmsParticipant_429; 500: typeof rest_addSmsParticipant_500; 502: typeof rest_addSmsParticipant_502; 503: typeof rest_addSmsParticipant_503; }; };
  getMediaContent: { path: typeof rest_getMediaContent_path; responses: { 200: typeof rest_getMediaContent_200; 400: typeof rest_getMediaContent_400; 401: typeof rest_getMediaContent_401; 404: typeof rest_getMediaContent_404; 429: typeof rest_getMediaContent_429; 500: typeof rest_getMediaContent_500; 502: typeof rest_getMediaContent_502; 503: typeof rest_getMediaContent_503; }; };
  enableReachability: { responses: { 200: typeof rest_enableReachability_200; 400: typeof rest_enableReachability_400; 401: typeof rest_enableReachability_401; 429: typeof rest_enableReachability_429; 500: typeof rest_enableReachability_500; 502: typeof rest_enableReachability_502; 503: typeof rest_enableReachability_503; }; };
  getUserReachability: { path: typeof rest_getUserReachability_path; responses: { 200: typeof rest_getUserReachability_200; 400: typeof rest_getUserReachability_400; 401: typeof rest_getUserReachability_401; 429: typeof rest_getUserReachability_429; 500: typeof rest_getUserReachability_500; 502: typeof rest_getUserReachability_502; 503: typeof rest_getUserReachability_503; }; };
  uploadMedia: { path: typeof rest_uploadMedia_path; body: typeof rest_uploadMedia_body; responses: { 200: typeof rest_uploadMedia_200; 400: typeof rest_uploadMedia_400; 401: typeof rest_uploadMedia_401; 408: typeof rest_uploadMedia_408; 413: typeof rest_uploadMedia_413; 415: typeof rest_uploadMedia_415; 429: typeof rest_uploadMedia_429; 500: typeof rest_uploadMedia_500; 502: typeof rest_uploadMedia_502; 503: typeof rest_uploadMedia_503; }; };
  downloadMedia: { path: typeof rest_downloadMedia_path; responses: { 400: typeof rest_downloadMedia_400; 404: typeof rest_downloadMedia_404; 429: typeof rest_downloadMedia_429; 500: typeof rest_downloadMedia_500; }; };
};
