// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and readiness of the server.
         * @description 200 while the server runs and its store answers; 503 when the store (SQLite, or Twilio in Twilio mode) does not. Never needs a token, so load balancers can probe it.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/generate-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue an access token (valid 1 hour) for a user.
         * @description The token's identity is `user_id`; use the same value as participant identity and message author. In Twilio mode it is a Twilio AccessToken with a ChatGrant for the server's Conversations service; in local mode a JWT signed by the server.
         */
        post: operations["generateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a conversation (group or one-on-one) with its participants.
         * @description Always creates a new conversation. Without `friendly_name` the name is built from the participants as `<id>_<name>_` joined by `+` (cut to 256 characters); images never go into the name.
         */
        post: operations["createConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/newconversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create, or return the existing, private conversation between these participants.
         * @description The conversation is identified by the set of participant ids, regardless of order or names: a second call with the same ids returns the same `conversation_sid` with `existing: true` and the last 100 messages (chronological). Concurrent first calls create one conversation. The ids must name at least two different users (else 400). `participants` in the response are those stored with the conversation.
         */
        post: operations["createPrivateConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations, optionally only those a user participates in.
         * @description Ordered by `date_updated`, most recent first; at most 100 conversations.
         */
        get: operations["listConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{userId}/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the conversations a user participates in.
         * @description Same as `GET /api/conversations?userId=…`. An unknown user has no conversations (empty list, not 404).
         */
        get: operations["listUserConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{convoSid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Permanently delete a conversation, its messages and participants.
         * @description Sockets in the conversation's room receive `conversation_updated` with `update.type = "deleted"` and are removed from the room. In the embedded store, media its messages name are deleted too unless a message of another conversation names them; uploads never sent go on their own (uploadMedia).
         */
        delete: operations["deleteConversation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{convoSid}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The last 100 messages of a conversation, oldest first.
         * @description The conversation's history as REST messages (`date_created`, snake_case), the oldest of the last 100 first, so a client can append live `new_message` events to it.
         */
        get: operations["listMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{convoSid}/send-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a message; it is also broadcast as `new_message` to the conversation's room.
         * @description The response is sent after the message is stored. Every socket in the room (see `asyncapi.yaml`, `new_message`) receives it once.
         */
        post: operations["sendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{convoSid}/send-message-with-files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload up to 10 files and send them as one message.
         * @description Each file is stored as media (at most 10 MiB each; images, audio, video, PDF and plain text) and the message's `media` lists their URLs in upload order. Broadcast like `send-message`. Nothing is stored if any file is rejected. Each `files` part needs a `filename` in its `Content-Disposition`; a part without one is refused with 400 naming the part.
         */
        post: operations["sendMessageWithFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{convoSid}/add-chat-participant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a chat user to a conversation.
         * @description Idempotent — adding an identity that is already a participant returns its existing `participant_sid`.
         */
        post: operations["addChatParticipant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{convoSid}/add-sms-participant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a phone number (SMS) to a conversation.
         * @description In Twilio mode the server's SMS proxy number is the binding's proxy address; a server without one answers 400 with `code: sms_not_configured` (the only 400 a valid body may get; `GET /healthz` says so in `capabilities.sms`). A number already bound in the conversation, or one Twilio rejects, answers 409.
         */
        post: operations["addSmsParticipant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/media/{mediaSid}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe a media item and give a URL its bytes can be fetched from.
         * @description For media SIDs found in a message's `media` (media that arrived through Twilio, or uploaded here): its content type, size and a URL to fetch the bytes from (a temporary URL in Twilio mode).
         */
        get: operations["getMediaContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/enable-reachability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn on reachability (online/offline) tracking for the service.
         * @description Idempotent. Takes no body.
         */
        post: operations["enableReachability"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/users/{identity}/reachability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether a user is online and reachable.
         * @description `online` is true while the user has a connected socket that sent `user_connect` (local mode) or a connected Twilio client (Twilio mode). Unknown users are offline (200, not 404). `not_reachable` is true when the user cannot currently be notified.
         */
        get: operations["getUserReachability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/upload/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload one file; answers with a URL to put in a message's `media`.
         * @description Serves the frontend guide's upload examples (`/api/upload/image` with field `image`, `/api/upload/audio` with field `audio`, any kind with field `file`). Exactly one file per request, at most 10 MiB. The file part needs a `filename` in its `Content-Disposition` (as `FormData` and `curl -F name=@file` send it): a part without one is a text field in multipart, and is refused with 400 naming the part. `kind` limits the accepted content types: `image` → image/*, `audio` → audio/*, `video` → video/*, `file` → any of those plus application/pdf and text/plain. The top-level `url` is what the guide reads; `data` describes the stored media. An upload belongs to no conversation until a message names it (its `url` in `media`): send it soon. The embedded store removes an upload that no message names once it is older than `UNSENT_MEDIA_HOURS` (default 24; `0` keeps it), looking at start-up and every hour; its URL then answers 404. Media a message names go with the last conversation whose messages name them (deleteConversation).
         */
        post: operations["uploadMedia"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{mediaSid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bytes of an uploaded media item.
         * @description Public (no token), so that `<img src>` works; media SIDs are unguessable.
         */
        get: operations["downloadMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The last messages of a conversation, oldest first: at most `maxItems` (the server's history window, the same for every operation that returns history). */
        MessageHistory: components["schemas"]["Message"][];
        /** @description Conversations, most recently updated first; at most `maxItems`. */
        ConversationList: components["schemas"]["Conversation"][];
        /**
         * SuccessEnvelope
         * @description The seed's success envelope; `data` is added per operation.
         */
        SuccessEnvelope: {
            /** @constant */
            status: 200;
            message: string;
        };
        /** SuccessMessage */
        SuccessMessage: {
            /** @constant */
            success: true;
            message: string;
        };
        /** CreateConversationRequest */
        CreateConversationRequest: {
            friendly_name?: components["schemas"]["FriendlyName"];
            participants: components["schemas"]["Participant"][];
        };
        /** CreatePrivateConversationRequest */
        CreatePrivateConversationRequest: {
            friendly_name?: components["schemas"]["FriendlyName"];
            /** @description The participants; their set of ids identifies the private conversation. */
            participants: components["schemas"]["Participant"][];
        };
        /** CreatedConversation */
        CreatedConversation: {
            /** @constant */
            success: true;
            conversation_sid: components["schemas"]["ConversationSid"];
            friendly_name: components["schemas"]["FriendlyName"];
            /** @description The participants as given in the request. */
            participants: components["schemas"]["Participant"][];
        };
        /**
         * PrivateConversation
         * @description `existing: false` for a conversation created by this call; `existing: true` with the last 100 `messages` (oldest first) when it already existed.
         */
        PrivateConversation: (components["schemas"]["CreatedConversation"] & {
            /** @constant */
            existing: false;
        }) | (components["schemas"]["CreatedConversation"] & {
            /** @constant */
            existing: true;
            messages: components["schemas"]["MessageHistory"];
        });
        /** SendMessageRequest */
        SendMessageRequest: {
            body: components["schemas"]["MessageBody"];
            author: components["schemas"]["Identity"];
            media?: components["schemas"]["MediaList"];
        };
        /** SentMessage */
        SentMessage: {
            /** @constant */
            success: true;
            message_sid: components["schemas"]["MessageSid"];
            body: string;
            author: components["schemas"]["Identity"];
            date_created: components["schemas"]["Timestamp"];
            media: components["schemas"]["MediaList"];
        };
        /** MediaContent */
        MediaContent: {
            /** @example image/png */
            content_type: string;
            /** @description Size in bytes. */
            size: number;
            /**
             * Format: uri
             * @description Where the bytes can be fetched (a temporary URL in Twilio mode).
             */
            url: string;
            filename?: string;
        };
        /** UploadedMedia */
        UploadedMedia: {
            media_sid: components["schemas"]["MediaSid"];
            /** Format: uri */
            url: string;
            content_type: string;
            size: number;
            filename?: string;
        };
        /** Conversation */
        Conversation: {
            sid: components["schemas"]["ConversationSid"];
            friendly_name: components["schemas"]["FriendlyName"];
            date_created: components["schemas"]["Timestamp"];
            /** @description Last change to the conversation, including the last message sent. */
            date_updated: components["schemas"]["Timestamp"];
            /** @description The most recent message, or null for a conversation without messages. */
            last_message: components["schemas"]["Message"] | null;
        };
        /**
         * @description Conversation SID in Twilio's format, `CH` followed by 32 lowercase hex digits. Also the Socket.IO room name of the conversation.
         * @example CH0123456789abcdef0123456789abcdef
         */
        ConversationSid: string;
        /**
         * @description A participant's display name.
         * @example John Doe
         */
        DisplayName: string;
        /**
         * ErrorResponse
         * @example {
         *       "status": 500,
         *       "message": "Error description here"
         *     }
         * @example {
         *       "status": 400,
         *       "message": "SMS participants are not available: this server has no SMS number",
         *       "code": "sms_not_configured"
         *     }
         */
        ErrorResponse: {
            /** @description The HTTP status code, repeated. */
            status: number;
            /** @description What went wrong, for a person. Validation errors name the offending field (e.g. `request/body/participants/0/id must match pattern ...`). Never a stack trace. */
            message: string;
            /**
             * @description A machine-readable reason, present where the contract declares one: `sms_not_configured` (add-sms-participant on a server without an SMS number).
             * @enum {string}
             */
            code?: "sms_not_configured";
        };
        /**
         * @description Conversation display name (Twilio's limit is 256 characters). In a request, an empty name means the same as none: the server builds the default name.
         * @example user123_John Doe_+user456_Jane Smith_
         */
        FriendlyName: string;
        /**
         * @description A user's identity: any unique user id (e.g. `user123`, `auth0|5f7c…`, an e-mail address, non-ASCII letters). The same value is the Twilio participant identity, the message author and the access token's identity. No whitespace, no control characters (U+0000–U+001F, U+007F) and none of `/ \ ? # %`, so it is one unambiguous URL path segment that every back end and log stores as given.
         * @example user123
         */
        Identity: string;
        /** @description One media attachment: an absolute http(s) URL (as sent by the client, e.g. the `url` returned by the upload endpoint), or a media SID for media that arrived through Twilio (e.g. an MMS from an SMS participant), resolvable with `GET /api/conversations/media/{mediaSid}/content`. */
        MediaItem: components["schemas"]["MediaSid"] | string;
        /**
         * @description Media attachments in the order the sender gave them. The same list is returned in REST history and in socket payloads for the same message.
         * @example [
         *       "https://example.com/image.jpg"
         *     ]
         */
        MediaList: components["schemas"]["MediaItem"][];
        /**
         * @description Media SID in Twilio's format, `ME` followed by 32 lowercase hex digits.
         * @example ME0123456789abcdef0123456789abcdef
         */
        MediaSid: string;
        /**
         * Message
         * @description A message as REST returns it. `date_created` is always present; `dateCreated` (the socket spelling) may also be present with the same value. It is deliberately not declared below: code generators turn both spellings into one property name and would merge the required one with the optional one.
         */
        Message: {
            sid: components["schemas"]["MessageSid"];
            /** @description Message text (may be empty for a message that arrived with media only). */
            body: string;
            author: components["schemas"]["Identity"];
            date_created: components["schemas"]["Timestamp"];
            media: components["schemas"]["MediaList"];
        };
        /**
         * @description Message text (Twilio's limit is 1600 characters).
         * @example Hello, how are you?
         */
        MessageBody: string;
        /**
         * @description Message SID in Twilio's format, `IM` followed by 32 lowercase hex digits.
         * @example IM0123456789abcdef0123456789abcdef
         */
        MessageSid: string;
        /**
         * Participant
         * @description A conversation participant as the client describes it.
         * @example {
         *       "id": "user123",
         *       "name": "John Doe",
         *       "image": "https://example.com/avatar.jpg"
         *     }
         */
        Participant: {
            id: components["schemas"]["Identity"];
            name: components["schemas"]["DisplayName"];
            /** @description Optional profile image: an absolute http(s) URL, or a base64 data URL of a raster image (PNG, JPEG, GIF, WebP, AVIF). Nothing else (no `javascript:`, no SVG or HTML data URL): clients put it in `<img src>`. Kept in the conversation's attributes, never in `friendly_name`. */
            image?: string;
        };
        /**
         * @description Participant SID in Twilio's format, `MB` followed by 32 lowercase hex digits.
         * @example MB0123456789abcdef0123456789abcdef
         */
        ParticipantSid: string;
        /**
         * @description Phone number in E.164 format.
         * @example +1234567890
         */
        PhoneNumber: string;
        /**
         * Format: date-time
         * @description ISO 8601 / RFC 3339 timestamp in UTC, e.g. `2025-12-17T10:30:00.000Z`.
         * @example 2025-12-17T10:30:00.000Z
         */
        Timestamp: string;
    };
    responses: {
        /** @description Conversations, most recently updated first (at most 100). */
        ConversationList: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["SuccessEnvelope"] & {
                    data: components["schemas"]["ConversationList"];
                };
            };
        };
        /** @description The message as stored. `media` (not in the frontend guide's example, added here) lists the attachments, uploaded files as their URLs. */
        MessageSent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["SuccessEnvelope"] & {
                    data: components["schemas"]["SentMessage"];
                };
            };
        };
        /** @description Malformed JSON or JSON nested deeper than 32 levels (refused before parsing), a path with malformed percent-encoding, or a body, path or query parameter that breaks the schema (the message names the field). A JSON operation's body sent with another `Content-Type` (say `text/plain`) is not read at all, so it is refused here as a missing body, not with 415. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 400,
                 *       "message": "request/body must have required property 'author'"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request acts as another identity than its token's (a message `author`, a `userId` filter) or creates a conversation without the caller (see x-access). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 403,
                 *       "message": "author user456 is not the token's identity user123"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The body's charset or `Content-Encoding` is not one this operation accepts: JSON bodies are UTF-8 (no charset, or `utf-8`), with the encoding `gzip`, `deflate`, `br` or none (one coding, not a list); multipart bodies are never content-encoded. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 415,
                 *       "message": "Unsupported charset \"LATIN1\""
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The caller (token identity, else client address) sent more requests than the server's rate limit allows; retry after `Retry-After` seconds. */
        TooManyRequests: {
            headers: {
                /** @description Seconds until a request is accepted again. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 429,
                 *       "message": "Too many requests: retry in 3 s"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The server requires a bearer token and none was given, or the bearer token given is invalid or expired, or the `Bearer` header holds no single token (these also where tokens are optional). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 401,
                 *       "message": "Missing or invalid bearer token"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description No such conversation, media item or route; with a token, also a conversation the caller does not participate in (indistinguishable from an unknown one). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 404,
                 *       "message": "Conversation CH0123456789abcdef0123456789abcdef not found"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request conflicts with the conversation's state. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 409,
                 *       "message": "+1234567890 is already in this conversation"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The multipart body did not arrive within the server's upload time limit (reference server: `UPLOAD_TIMEOUT_SECONDS`, default 120). The server closes the connection and keeps nothing of the partial upload. */
        RequestTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 408,
                 *       "message": "Upload not received within 120 s"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A file or the body is larger than the limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 413,
                 *       "message": "File too large (limit 10 MiB)"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description An unexpected error on the server (details are logged, never returned). */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 500,
                 *       "message": "Error description here"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The upstream provider (Twilio) failed after retries. */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 502,
                 *       "message": "Upstream provider error"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The upstream provider (Twilio) or the store is unavailable or timed out. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "status": 503,
                 *       "message": "Upstream provider unavailable, try again later"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /** @description The conversation SID. */
        ConvoSid: components["schemas"]["ConversationSid"];
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up and its store is reachable. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        /** @description What this server does where the contract allows a choice, so that clients and the conformance runner know which mode-specific rules apply. Optional: a server that does not say is checked only against the rules every mode shares. */
                        capabilities?: {
                            /**
                             * @description `presence`: `getUserReachability` follows Socket.IO presence (online while the identity has a connected socket that sent `user_connect`, offline once none is left). `provider`: the back end's own notion (e.g. a connected Twilio client), which Socket.IO presence does not change.
                             * @enum {string}
                             */
                            reachability?: "presence" | "provider";
                            /** @description Whether `add-sms-participant` can add numbers; false means it answers 400 with `code: sms_not_configured`. */
                            sms?: boolean;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    generateToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    user_id: components["schemas"]["Identity"];
                };
            };
        };
        responses: {
            /** @description Token issued. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: 200;
                        message: string;
                        /** @description A JWT, valid for 3600 seconds. */
                        token: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    createConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateConversationRequest"];
            };
        };
        responses: {
            /** @description Conversation created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: components["schemas"]["CreatedConversation"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPrivateConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePrivateConversationRequest"];
            };
        };
        responses: {
            /** @description The private conversation, new or existing. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: components["schemas"]["PrivateConversation"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listConversations: {
        parameters: {
            query?: {
                /** @description Only conversations this identity participates in. */
                userId?: components["schemas"]["Identity"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ConversationList"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listUserConversations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: components["schemas"]["Identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ConversationList"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation SID. */
                convoSid: components["parameters"]["ConvoSid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: components["schemas"]["SuccessMessage"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation SID. */
                convoSid: components["parameters"]["ConvoSid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up to 100 most recent messages in chronological order (oldest first). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: components["schemas"]["MessageHistory"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sendMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation SID. */
                convoSid: components["parameters"]["ConvoSid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            200: components["responses"]["MessageSent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sendMessageWithFiles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation SID. */
                convoSid: components["parameters"]["ConvoSid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    body?: components["schemas"]["MessageBody"];
                    author: components["schemas"]["Identity"];
                    files: string[];
                };
            };
        };
        responses: {
            200: components["responses"]["MessageSent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addChatParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation SID. */
                convoSid: components["parameters"]["ConvoSid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    identity: components["schemas"]["Identity"];
                };
            };
        };
        responses: {
            /** @description Participant added. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: {
                            /** @constant */
                            success: true;
                            participant_sid: components["schemas"]["ParticipantSid"];
                            identity: components["schemas"]["Identity"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addSmsParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation SID. */
                convoSid: components["parameters"]["ConvoSid"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone_number: components["schemas"]["PhoneNumber"];
                };
            };
        };
        responses: {
            /** @description SMS participant added. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: {
                            /** @constant */
                            success: true;
                            participant_sid: components["schemas"]["ParticipantSid"];
                            phone_number: components["schemas"]["PhoneNumber"];
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMediaContent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaSid: components["schemas"]["MediaSid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Media description. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: components["schemas"]["MediaContent"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    enableReachability: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reachability enabled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: components["schemas"]["SuccessMessage"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUserReachability: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                identity: components["schemas"]["Identity"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reachability of the user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        data: {
                            identity: components["schemas"]["Identity"];
                            online: boolean;
                            not_reachable: boolean;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    uploadMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                kind: "image" | "audio" | "video" | "file";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file?: string;
                    /** Format: binary */
                    image?: string;
                    /** Format: binary */
                    audio?: string;
                    /** Format: binary */
                    video?: string;
                };
            };
        };
        responses: {
            /** @description Stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessEnvelope"] & {
                        /**
                         * Format: uri
                         * @description Absolute URL of the bytes (`GET /api/media/{mediaSid}`).
                         */
                        url: string;
                        data: components["schemas"]["UploadedMedia"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            408: components["responses"]["RequestTimeout"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    downloadMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaSid: components["schemas"]["MediaSid"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stored bytes, with the content type they were uploaded with. */
            200: {
                headers: {
                    "Content-Length"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
}
