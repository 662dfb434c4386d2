// Who receives a server event, as asyncapi.yaml's `x-audience` / `x-emits` state it. Kept
// apart from the linter so the docs renderer does not load the AsyncAPI parser.

export const AUDIENCES = ['sender', 'room', 'others'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The meaning of each audience, as the AsyncAPI document's description defines it. */
export const AUDIENCE_TEXT: Record<Audience, string> = {
  sender: 'only the socket whose event caused it',
  room: "every socket in the conversation's room, the sender included if it is in the room",
  others: 'every socket in the room except the sender',
};

export function isAudience(value: unknown): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}
