// Generated from spec/openapi.yaml and spec/asyncapi.yaml — do not edit; run npm run generate.

/** A conversation SID (`CH` + 32 lowercase hex digits). From openapi components.schemas.ConversationSid.pattern. */
export const CONVERSATION_SID = new RegExp("^CH[0-9a-f]{32}$", 'u');
/** A message SID (`IM` + 32 lowercase hex digits). From openapi components.schemas.MessageSid.pattern. */
export const MESSAGE_SID = new RegExp("^IM[0-9a-f]{32}$", 'u');
/** A participant SID (`MB` + 32 lowercase hex digits). From openapi components.schemas.ParticipantSid.pattern. */
export const PARTICIPANT_SID = new RegExp("^MB[0-9a-f]{32}$", 'u');
/** A media SID (`ME` + 32 lowercase hex digits). From openapi components.schemas.MediaSid.pattern. */
export const MEDIA_SID = new RegExp("^ME[0-9a-f]{32}$", 'u');
/** The characters an identity may hold (length: IDENTITY_MAX_LENGTH). From openapi components.schemas.Identity.pattern. */
export const IDENTITY = new RegExp("^[^\\s/\\\\?#%\\x00-\\x1F\\x7F]+$", 'u');
/** The longest identity. From openapi components.schemas.Identity.maxLength. */
export const IDENTITY_MAX_LENGTH = 128;
/** An E.164 phone number. From openapi components.schemas.PhoneNumber.pattern. */
export const PHONE_NUMBER = new RegExp("^\\+[1-9][0-9]{1,14}$", 'u');
/** How many of the last messages history returns. From openapi components.schemas.MessageHistory.maxItems. */
export const HISTORY_LIMIT = 100;
/** How many conversations a list returns. From openapi components.schemas.ConversationList.maxItems. */
export const LIST_LIMIT = 100;
/** Above this many online identities a room gets deltas only, no `conversation_users`. From asyncapi components.schemas.RoomRoster.maxItems. */
export const ROOM_LIST_LIMIT = 100;
