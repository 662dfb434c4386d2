// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

import type { operations } from './rest.ts';

/**
 * A file received in a multipart request.
 */
export interface UploadedFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  /** Where the file was received on disk: the handler stores it from there (it is removed once the response is done). */
  path: string;
}

/**
 * A non-JSON response body (e.g. media bytes).
 */
export interface BinaryBody {
  contentType: string;
  data: Uint8Array;
}

/**
 * GET /healthz
 * Liveness and readiness of the server.
 */
export interface GetHealthInput {

}

export type GetHealthResult =
  | { status: 200; body: operations["getHealth"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["getHealth"]['responses'][400]['content']['application/json'] }
  | { status: 500; body: operations["getHealth"]['responses'][500]['content']['application/json'] }
  | { status: 503; body: operations["getHealth"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/generate-token
 * Issue an access token (valid 1 hour) for a user.
 */
export interface GenerateTokenInput {
  body: operations["generateToken"]['requestBody']['content']['application/json'];
}

export type GenerateTokenResult =
  | { status: 200; body: operations["generateToken"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["generateToken"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["generateToken"]['responses'][401]['content']['application/json'] }
  | { status: 413; body: operations["generateToken"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["generateToken"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["generateToken"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["generateToken"]['responses'][500]['content']['application/json'] };

/**
 * POST /api/conversations/create
 * Create a conversation (group or one-on-one) with its participants.
 */
export interface CreateConversationInput {
  body: operations["createConversation"]['requestBody']['content']['application/json'];
}

export type CreateConversationResult =
  | { status: 200; body: operations["createConversation"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["createConversation"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["createConversation"]['responses'][401]['content']['application/json'] }
  | { status: 403; body: operations["createConversation"]['responses'][403]['content']['application/json'] }
  | { status: 413; body: operations["createConversation"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["createConversation"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["createConversation"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["createConversation"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["createConversation"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["createConversation"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/newconversation
 * Create, or return the existing, private conversation between these participants.
 */
export interface CreatePrivateConversationInput {
  body: operations["createPrivateConversation"]['requestBody']['content']['application/json'];
}

export type CreatePrivateConversationResult =
  | { status: 200; body: operations["createPrivateConversation"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["createPrivateConversation"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["createPrivateConversation"]['responses'][401]['content']['application/json'] }
  | { status: 403; body: operations["createPrivateConversation"]['responses'][403]['content']['application/json'] }
  | { status: 413; body: operations["createPrivateConversation"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["createPrivateConversation"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["createPrivateConversation"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["createPrivateConversation"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["createPrivateConversation"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["createPrivateConversation"]['responses'][503]['content']['application/json'] };

/**
 * GET /api/conversations
 * List conversations, optionally only those a user participates in.
 */
export interface ListConversationsInput {
  query: NonNullable<operations["listConversations"]['parameters']['query']>;
}

export type ListConversationsResult =
  | { status: 200; body: operations["listConversations"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["listConversations"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["listConversations"]['responses'][401]['content']['application/json'] }
  | { status: 403; body: operations["listConversations"]['responses'][403]['content']['application/json'] }
  | { status: 429; body: operations["listConversations"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["listConversations"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["listConversations"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["listConversations"]['responses'][503]['content']['application/json'] };

/**
 * GET /api/conversations/{userId}/conversations
 * List the conversations a user participates in.
 */
export interface ListUserConversationsInput {
  path: operations["listUserConversations"]['parameters']['path'];
}

export type ListUserConversationsResult =
  | { status: 200; body: operations["listUserConversations"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["listUserConversations"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["listUserConversations"]['responses'][401]['content']['application/json'] }
  | { status: 403; body: operations["listUserConversations"]['responses'][403]['content']['application/json'] }
  | { status: 429; body: operations["listUserConversations"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["listUserConversations"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["listUserConversations"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["listUserConversations"]['responses'][503]['content']['application/json'] };

/**
 * DELETE /api/conversations/{convoSid}
 * Permanently delete a conversation, its messages and participants.
 */
export interface DeleteConversationInput {
  path: operations["deleteConversation"]['parameters']['path'];
}

export type DeleteConversationResult =
  | { status: 200; body: operations["deleteConversation"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["deleteConversation"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["deleteConversation"]['responses'][401]['content']['application/json'] }
  | { status: 404; body: operations["deleteConversation"]['responses'][404]['content']['application/json'] }
  | { status: 429; body: operations["deleteConversation"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["deleteConversation"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["deleteConversation"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["deleteConversation"]['responses'][503]['content']['application/json'] };

/**
 * GET /api/conversations/{convoSid}/messages
 * The last 100 messages of a conversation, oldest first.
 */
export interface ListMessagesInput {
  path: operations["listMessages"]['parameters']['path'];
}

export type ListMessagesResult =
  | { status: 200; body: operations["listMessages"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["listMessages"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["listMessages"]['responses'][401]['content']['application/json'] }
  | { status: 404; body: operations["listMessages"]['responses'][404]['content']['application/json'] }
  | { status: 429; body: operations["listMessages"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["listMessages"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["listMessages"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["listMessages"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/{convoSid}/send-message
 * Send a message; it is also broadcast as `new_message` to the conversation's room.
 */
export interface SendMessageInput {
  path: operations["sendMessage"]['parameters']['path'];
  body: operations["sendMessage"]['requestBody']['content']['application/json'];
}

export type SendMessageResult =
  | { status: 200; body: operations["sendMessage"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["sendMessage"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["sendMessage"]['responses'][401]['content']['application/json'] }
  | { status: 403; body: operations["sendMessage"]['responses'][403]['content']['application/json'] }
  | { status: 404; body: operations["sendMessage"]['responses'][404]['content']['application/json'] }
  | { status: 413; body: operations["sendMessage"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["sendMessage"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["sendMessage"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["sendMessage"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["sendMessage"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["sendMessage"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/{convoSid}/send-message-with-files
 * Upload up to 10 files and send them as one message.
 */
export interface SendMessageWithFilesInput {
  path: operations["sendMessageWithFiles"]['parameters']['path'];
  body: Omit<operations["sendMessageWithFiles"]['requestBody']['content']['multipart/form-data'], "files">;
  files: UploadedFile[];
}

export type SendMessageWithFilesResult =
  | { status: 200; body: operations["sendMessageWithFiles"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["sendMessageWithFiles"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["sendMessageWithFiles"]['responses'][401]['content']['application/json'] }
  | { status: 403; body: operations["sendMessageWithFiles"]['responses'][403]['content']['application/json'] }
  | { status: 404; body: operations["sendMessageWithFiles"]['responses'][404]['content']['application/json'] }
  | { status: 408; body: operations["sendMessageWithFiles"]['responses'][408]['content']['application/json'] }
  | { status: 413; body: operations["sendMessageWithFiles"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["sendMessageWithFiles"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["sendMessageWithFiles"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["sendMessageWithFiles"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["sendMessageWithFiles"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["sendMessageWithFiles"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/{convoSid}/add-chat-participant
 * Add a chat user to a conversation.
 */
export interface AddChatParticipantInput {
  path: operations["addChatParticipant"]['parameters']['path'];
  body: operations["addChatParticipant"]['requestBody']['content']['application/json'];
}

export type AddChatParticipantResult =
  | { status: 200; body: operations["addChatParticipant"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["addChatParticipant"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["addChatParticipant"]['responses'][401]['content']['application/json'] }
  | { status: 404; body: operations["addChatParticipant"]['responses'][404]['content']['application/json'] }
  | { status: 413; body: operations["addChatParticipant"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["addChatParticipant"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["addChatParticipant"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["addChatParticipant"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["addChatParticipant"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["addChatParticipant"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/{convoSid}/add-sms-participant
 * Add a phone number (SMS) to a conversation.
 */
export interface AddSmsParticipantInput {
  path: operations["addSmsParticipant"]['parameters']['path'];
  body: operations["addSmsParticipant"]['requestBody']['content']['application/json'];
}

export type AddSmsParticipantResult =
  | { status: 200; body: operations["addSmsParticipant"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["addSmsParticipant"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["addSmsParticipant"]['responses'][401]['content']['application/json'] }
  | { status: 404; body: operations["addSmsParticipant"]['responses'][404]['content']['application/json'] }
  | { status: 409; body: operations["addSmsParticipant"]['responses'][409]['content']['application/json'] }
  | { status: 413; body: operations["addSmsParticipant"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["addSmsParticipant"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["addSmsParticipant"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["addSmsParticipant"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["addSmsParticipant"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["addSmsParticipant"]['responses'][503]['content']['application/json'] };

/**
 * GET /api/conversations/media/{mediaSid}/content
 * Describe a media item and give a URL its bytes can be fetched from.
 */
export interface GetMediaContentInput {
  path: operations["getMediaContent"]['parameters']['path'];
}

export type GetMediaContentResult =
  | { status: 200; body: operations["getMediaContent"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["getMediaContent"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["getMediaContent"]['responses'][401]['content']['application/json'] }
  | { status: 404; body: operations["getMediaContent"]['responses'][404]['content']['application/json'] }
  | { status: 429; body: operations["getMediaContent"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["getMediaContent"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["getMediaContent"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["getMediaContent"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/conversations/enable-reachability
 * Turn on reachability (online/offline) tracking for the service.
 */
export interface EnableReachabilityInput {

}

export type EnableReachabilityResult =
  | { status: 200; body: operations["enableReachability"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["enableReachability"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["enableReachability"]['responses'][401]['content']['application/json'] }
  | { status: 429; body: operations["enableReachability"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["enableReachability"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["enableReachability"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["enableReachability"]['responses'][503]['content']['application/json'] };

/**
 * GET /api/conversations/users/{identity}/reachability
 * Whether a user is online and reachable.
 */
export interface GetUserReachabilityInput {
  path: operations["getUserReachability"]['parameters']['path'];
}

export type GetUserReachabilityResult =
  | { status: 200; body: operations["getUserReachability"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["getUserReachability"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["getUserReachability"]['responses'][401]['content']['application/json'] }
  | { status: 429; body: operations["getUserReachability"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["getUserReachability"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["getUserReachability"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["getUserReachability"]['responses'][503]['content']['application/json'] };

/**
 * POST /api/upload/{kind}
 * Upload one file; answers with a URL to put in a message's `media`.
 */
export interface UploadMediaInput {
  path: operations["uploadMedia"]['parameters']['path'];
  body: Omit<operations["uploadMedia"]['requestBody']['content']['multipart/form-data'], "file" | "image" | "audio" | "video">;
  files: UploadedFile[];
}

export type UploadMediaResult =
  | { status: 200; body: operations["uploadMedia"]['responses'][200]['content']['application/json'] }
  | { status: 400; body: operations["uploadMedia"]['responses'][400]['content']['application/json'] }
  | { status: 401; body: operations["uploadMedia"]['responses'][401]['content']['application/json'] }
  | { status: 408; body: operations["uploadMedia"]['responses'][408]['content']['application/json'] }
  | { status: 413; body: operations["uploadMedia"]['responses'][413]['content']['application/json'] }
  | { status: 415; body: operations["uploadMedia"]['responses'][415]['content']['application/json'] }
  | { status: 429; body: operations["uploadMedia"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["uploadMedia"]['responses'][500]['content']['application/json'] }
  | { status: 502; body: operations["uploadMedia"]['responses'][502]['content']['application/json'] }
  | { status: 503; body: operations["uploadMedia"]['responses'][503]['content']['application/json'] };

/**
 * GET /api/media/{mediaSid}
 * The bytes of an uploaded media item.
 */
export interface DownloadMediaInput {
  path: operations["downloadMedia"]['parameters']['path'];
}

export type DownloadMediaResult =
  | { status: 200; body: BinaryBody }
  | { status: 400; body: operations["downloadMedia"]['responses'][400]['content']['application/json'] }
  | { status: 404; body: operations["downloadMedia"]['responses'][404]['content']['application/json'] }
  | { status: 429; body: operations["downloadMedia"]['responses'][429]['content']['application/json'] }
  | { status: 500; body: operations["downloadMedia"]['responses'][500]['content']['application/json'] };

/**
 * One handler per operationId. Inputs arrive validated against the spec; results are
 * typed to the statuses and bodies the spec declares for that operation.
 */
export interface RestHandlers<Ctx = unknown> {
  /**
   * GET /healthz
   * Liveness and readiness of the server.
   */
  getHealth(input: GetHealthInput, ctx: Ctx): Promise<GetHealthResult>;
  /**
   * POST /api/conversations/generate-token
   * Issue an access token (valid 1 hour) for a user.
   */
  generateToken(input: GenerateTokenInput, ctx: Ctx): Promise<GenerateTokenResult>;
  /**
   * POST /api/conversations/create
   * Create a conversation (group or one-on-one) with its participants.
   */
  createConversation(input: CreateConversationInput, ctx: Ctx): Promise<CreateConversationResult>;
  /**
   * POST /api/conversations/newconversation
   * Create, or return the existing, private conversation between these participants.
   */
  createPrivateConversation(input: CreatePrivateConversationInput, ctx: Ctx): Promise<CreatePrivateConversationResult>;
  /**
   * GET /api/conversations
   * List conversations, optionally only those a user participates in.
   */
  listConversations(input: ListConversationsInput, ctx: Ctx): Promise<ListConversationsResult>;
  /**
   * GET /api/conversations/{userId}/conversations
   * List the conversations a user participates in.
   */
  listUserConversations(input: ListUserConversationsInput, ctx: Ctx): Promise<ListUserConversationsResult>;
  /**
   * DELETE /api/conversations/{convoSid}
   * Permanently delete a conversation, its messages and participants.
   */
  deleteConversation(input: DeleteConversationInput, ctx: Ctx): Promise<DeleteConversationResult>;
  /**
   * GET /api/conversations/{convoSid}/messages
   * The last 100 messages of a conversation, oldest first.
   */
  listMessages(input: ListMessagesInput, ctx: Ctx): Promise<ListMessagesResult>;
  /**
   * POST /api/conversations/{convoSid}/send-message
   * Send a message; it is also broadcast as `new_message` to the conversation's room.
   */
  sendMessage(input: SendMessageInput, ctx: Ctx): Promise<SendMessageResult>;
  /**
   * POST /api/conversations/{convoSid}/send-message-with-files
   * Upload up to 10 files and send them as one message.
   */
  sendMessageWithFiles(input: SendMessageWithFilesInput, ctx: Ctx): Promise<SendMessageWithFilesResult>;
  /**
   * POST /api/conversations/{convoSid}/add-chat-participant
   * Add a chat user to a conversation.
   */
  addChatParticipant(input: AddChatParticipantInput, ctx: Ctx): Promise<AddChatParticipantResult>;
  /**
   * POST /api/conversations/{convoSid}/add-sms-participant
   * Add a phone number (SMS) to a conversation.
   */
  addSmsParticipant(input: AddSmsParticipantInput, ctx: Ctx): Promise<AddSmsParticipantResult>;
  /**
   * GET /api/conversations/media/{mediaSid}/content
   * Describe a media item and give a URL its bytes can be fetched from.
   */
  getMediaContent(input: GetMediaContentInput, ctx: Ctx): Promise<GetMediaContentResult>;
  /**
   * POST /api/conversations/enable-reachability
   * Turn on reachability (online/offline) tracking for the service.
   */
  enableReachability(input: EnableReachabilityInput, ctx: Ctx): Promise<EnableReachabilityResult>;
  /**
   * GET /api/conversations/users/{identity}/reachability
   * Whether a user is online and reachable.
   */
  getUserReachability(input: GetUserReachabilityInput, ctx: Ctx): Promise<GetUserReachabilityResult>;
  /**
   * POST /api/upload/{kind}
   * Upload one file; answers with a URL to put in a message's `media`.
   */
  uploadMedia(input: UploadMediaInput, ctx: Ctx): Promise<UploadMediaResult>;
  /**
   * GET /api/media/{mediaSid}
   * The bytes of an uploaded media item.
   */
  downloadMedia(input: DownloadMediaInput, ctx: Ctx): Promise<DownloadMediaResult>;
}

export type OperationId = keyof RestHandlers;

/**
 * Every operation of the spec, in document order: what a router needs to mount the handlers.
 */
export const restRoutes = [
  { operationId: "getHealth", method: "get", path: "/healthz", expressPath: "/healthz", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: false, successContentType: "application/json" },
  { operationId: "generateToken", method: "post", path: "/api/conversations/generate-token", expressPath: "/api/conversations/generate-token", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: false, successContentType: "application/json" },
  { operationId: "createConversation", method: "post", path: "/api/conversations/create", expressPath: "/api/conversations/create", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "createPrivateConversation", method: "post", path: "/api/conversations/newconversation", expressPath: "/api/conversations/newconversation", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "listConversations", method: "get", path: "/api/conversations", expressPath: "/api/conversations", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "listUserConversations", method: "get", path: "/api/conversations/{userId}/conversations", expressPath: "/api/conversations/:userId/conversations", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "deleteConversation", method: "delete", path: "/api/conversations/{convoSid}", expressPath: "/api/conversations/:convoSid", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "listMessages", method: "get", path: "/api/conversations/{convoSid}/messages", expressPath: "/api/conversations/:convoSid/messages", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "sendMessage", method: "post", path: "/api/conversations/{convoSid}/send-message", expressPath: "/api/conversations/:convoSid/send-message", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "sendMessageWithFiles", method: "post", path: "/api/conversations/{convoSid}/send-message-with-files", expressPath: "/api/conversations/:convoSid/send-message-with-files", requestBody: "multipart/form-data", fileFields: ["files"], maxFiles: 10, bearerAuth: true, successContentType: "application/json" },
  { operationId: "addChatParticipant", method: "post", path: "/api/conversations/{convoSid}/add-chat-participant", expressPath: "/api/conversations/:convoSid/add-chat-participant", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "addSmsParticipant", method: "post", path: "/api/conversations/{convoSid}/add-sms-participant", expressPath: "/api/conversations/:convoSid/add-sms-participant", requestBody: "application/json", fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "getMediaContent", method: "get", path: "/api/conversations/media/{mediaSid}/content", expressPath: "/api/conversations/media/:mediaSid/content", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "enableReachability", method: "post", path: "/api/conversations/enable-reachability", expressPath: "/api/conversations/enable-reachability", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "getUserReachability", method: "get", path: "/api/conversations/users/{identity}/reachability", expressPath: "/api/conversations/users/:identity/reachability", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: true, successContentType: "application/json" },
  { operationId: "uploadMedia", method: "post", path: "/api/upload/{kind}", expressPath: "/api/upload/:kind", requestBody: "multipart/form-data", fileFields: ["file", "image", "audio", "video"], maxFiles: 1, bearerAuth: true, successContentType: "application/json" },
  { operationId: "downloadMedia", method: "get", path: "/api/media/{mediaSid}", expressPath: "/api/media/:mediaSid", requestBody: null, fileFields: [], maxFiles: 0, bearerAuth: false, successContentType: "*/*" },
] as const satisfies ReadonlyArray<{ operationId: OperationId; method: 'get' | 'put' | 'post' | 'delete' | 'patch'; path: string; expressPath: string; requestBody: 'application/json' | 'multipart/form-data' | null; fileFields: readonly string[]; maxFiles: number; bearerAuth: boolean; successContentType: string | null }>;
