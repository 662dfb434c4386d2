// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * RoomIdentityPayload
         * @description A conversation and the identity acting in it.
         */
        RoomIdentityPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            identity: components["schemas"]["Identity"];
        };
        /** RoomEventPayload */
        RoomEventPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            identity: components["schemas"]["Identity"];
            timestamp: components["schemas"]["Timestamp"];
        };
        /** OnlineUserList */
        OnlineUserList: components["schemas"]["OnlineUser"][];
        /** @description The full online list `conversation_users` carries. Rooms with more online users than `maxItems` get no `conversation_users`, only the deltas. */
        RoomRoster: components["schemas"]["OnlineUser"][];
        /**
         * @description Conversation SID in Twilio's format, `CH` followed by 32 lowercase hex digits. Also the Socket.IO room name of the conversation.
         * @example CH0123456789abcdef0123456789abcdef
         */
        ConversationSid: string;
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
         * @description Message text (Twilio's limit is 1600 characters).
         * @example Hello, how are you?
         */
        MessageBody: string;
        /**
         * @description Message SID in Twilio's format, `IM` followed by 32 lowercase hex digits.
         * @example IM0123456789abcdef0123456789abcdef
         */
        MessageSid: string;
        /** OnlineUser */
        OnlineUser: {
            /** @description The `userId` the user gave in `user_connect`; equals `identity` if the socket never sent one. */
            userId: components["schemas"]["Identity"];
            identity: components["schemas"]["Identity"];
            /** @description The user's last activity in this room (join, message, typing). */
            lastSeen: components["schemas"]["Timestamp"];
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
         * SocketMessage
         * @description A message as `new_message` carries it. `dateCreated` is always present. The reference server also sends `date_created` with the same value, so one renderer can show messages from REST history and from live events alike (the seed's React example reads `date_created` from both); clients must not rely on it. It is deliberately not declared below: code generators turn both spellings into one property name (Modelina's `dateCreated`) and would merge the required one with the optional one.
         */
        SocketMessage: {
            sid: components["schemas"]["MessageSid"];
            body: string;
            author: components["schemas"]["Identity"];
            dateCreated: components["schemas"]["Timestamp"];
            media: components["schemas"]["MediaList"];
        };
        /**
         * Format: date-time
         * @description ISO 8601 / RFC 3339 timestamp in UTC, e.g. `2025-12-17T10:30:00.000Z`.
         * @example 2025-12-17T10:30:00.000Z
         */
        Timestamp: string;
        /** UserConnectPayload */
        UserConnectPayload: {
            userId: components["schemas"]["Identity"];
            identity: components["schemas"]["Identity"];
        };
        JoinConversationPayload: components["schemas"]["RoomIdentityPayload"];
        LeaveConversationPayload: components["schemas"]["RoomIdentityPayload"];
        /** SendMessagePayload */
        SendMessagePayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            body: components["schemas"]["MessageBody"];
            author: components["schemas"]["Identity"];
            media?: components["schemas"]["MediaList"];
        };
        TypingStartPayload: components["schemas"]["RoomIdentityPayload"];
        TypingStopPayload: components["schemas"]["RoomIdentityPayload"];
        /** GetOnlineUsersPayload */
        GetOnlineUsersPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
        };
        /** UserConnectedPayload */
        UserConnectedPayload: {
            /** @constant */
            success: true;
            message: string;
            userId: components["schemas"]["Identity"];
            identity: components["schemas"]["Identity"];
        };
        /** JoinedConversationPayload */
        JoinedConversationPayload: {
            /** @constant */
            success: true;
            conversationSid: components["schemas"]["ConversationSid"];
            message: string;
        };
        /** MessageSentPayload */
        MessageSentPayload: {
            /** @constant */
            success: true;
            messageSid: components["schemas"]["MessageSid"];
            conversationSid: components["schemas"]["ConversationSid"];
        };
        /** MessageErrorPayload */
        MessageErrorPayload: {
            /** @constant */
            success: false;
            /** @description What went wrong, for a person; names the invalid field for validation errors. */
            error: string;
            conversationSid?: components["schemas"]["ConversationSid"];
            /**
             * ClientEventName
             * @enum {string}
             */
            event?: "user_connect" | "join_conversation" | "leave_conversation" | "send_message" | "typing_start" | "typing_stop" | "get_online_users";
            /**
             * MessageErrorCode
             * @description Why, for a program: `invalid_payload` (the payload breaks its schema or the request is invalid), `forbidden` (acts as another identity than the token's), `not_found` (unknown conversation, or one the token's identity is not in), `conflict`, `rate_limited` (too many events: the event was dropped), `unavailable` (store or provider temporarily unavailable), `internal`.
             * @enum {string}
             */
            code?: "invalid_payload" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "unavailable" | "internal";
        };
        /** OnlineUsersPayload */
        OnlineUsersPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            users: components["schemas"]["OnlineUserList"];
        };
        /** PongPayload */
        PongPayload: {
            timestamp: components["schemas"]["Timestamp"];
        };
        /** ConversationUsersPayload */
        ConversationUsersPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            onlineUsers: components["schemas"]["RoomRoster"];
        };
        UserJoinedPayload: components["schemas"]["RoomEventPayload"];
        UserLeftPayload: components["schemas"]["RoomEventPayload"];
        /** NewMessagePayload */
        NewMessagePayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            message: components["schemas"]["SocketMessage"];
            timestamp: components["schemas"]["Timestamp"];
        };
        /** UserTypingPayload */
        UserTypingPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            identity: components["schemas"]["Identity"];
            isTyping: boolean;
            timestamp: components["schemas"]["Timestamp"];
        };
        /** ConversationUpdatedPayload */
        ConversationUpdatedPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            /** ConversationUpdate */
            update: {
                /** @constant */
                type: "participant_added";
                participantSid: components["schemas"]["ParticipantSid"];
                identity?: components["schemas"]["Identity"];
                phoneNumber?: components["schemas"]["PhoneNumber"];
            } | {
                /** @constant */
                type: "deleted";
            };
            timestamp: components["schemas"]["Timestamp"];
        };
        /** UserStatusChangedPayload */
        UserStatusChangedPayload: {
            conversationSid: components["schemas"]["ConversationSid"];
            userId: components["schemas"]["Identity"];
            identity: components["schemas"]["Identity"];
            /** PresenceStatus */
            status: {
                online: boolean;
                lastSeen: components["schemas"]["Timestamp"];
            };
            timestamp: components["schemas"]["Timestamp"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
