// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

import type { ClientEventName } from './events.ts';
import type { OperationId } from './rest-handlers.ts';

/** Who may call an operation (the spec's `x-access`); see openapi.yaml "Authorization". */
export interface AccessRule {
  /** Request values that must be the caller's identity (403 / `forbidden`). */
  readonly actsAs?: readonly string[];
  /** The conversation the caller must participate in (404 / `not_found`, as unknown). */
  readonly participantOf?: string;
  /** A participant list (objects with `id`) that must contain the caller (403). */
  readonly includesCaller?: string;
  /** A list filter that defaults to the caller and may name nobody else (403). */
  readonly scopedTo?: string;
}

/** Per REST operation; values are addressed as `path.x`, `query.x` or `body.x`. */
export const restAccess = {
  "getHealth": {},
  "generateToken": {},
  "createConversation": {"includesCaller":"body.participants"},
  "createPrivateConversation": {"includesCaller":"body.participants"},
  "listConversations": {"scopedTo":"query.userId"},
  "listUserConversations": {"actsAs":["path.userId"]},
  "deleteConversation": {"participantOf":"path.convoSid"},
  "listMessages": {"participantOf":"path.convoSid"},
  "sendMessage": {"actsAs":["body.author"],"participantOf":"path.convoSid"},
  "sendMessageWithFiles": {"actsAs":["body.author"],"participantOf":"path.convoSid"},
  "addChatParticipant": {"participantOf":"path.convoSid"},
  "addSmsParticipant": {"participantOf":"path.convoSid"},
  "getMediaContent": {},
  "enableReachability": {},
  "getUserReachability": {},
  "uploadMedia": {},
  "downloadMedia": {},
} as const satisfies Record<OperationId, AccessRule>;

/** Per client event; values are payload fields. */
export const socketAccess = {
  "user_connect": {"actsAs":["identity"]},
  "join_conversation": {"actsAs":["identity"],"participantOf":"conversationSid"},
  "leave_conversation": {"actsAs":["identity"]},
  "send_message": {"actsAs":["author"],"participantOf":"conversationSid"},
  "typing_start": {"actsAs":["identity"]},
  "typing_stop": {"actsAs":["identity"]},
  "get_online_users": {"participantOf":"conversationSid"},
  "ping": {},
} as const satisfies Record<ClientEventName, AccessRule>;
