// The data and connections checks start from, built through the API itself with this run's
// unique identities: a conversation, sockets that sent user_connect, a room with members
// and outsiders. A fixture step that fails is reported under the rule it broke.
import type { CheckContext } from './context.ts';
import type { TestSocket } from './socket-client.ts';
import { isObject } from './spec.ts';

export async function createConversation(
  t: CheckContext,
  identities: string[],
  friendlyName?: string,
): Promise<string> {
  const ex = await t.http.call('createConversation', {
    json: {
      ...(friendlyName === undefined ? {} : { friendly_name: friendlyName }),
      participants: identities.map((id) => ({ id, name: `Name of ${id.split('-').pop()}` })),
    },
  });
  const body = t.require(ex, 'createConversation', [200], 'a valid create request answers 200');
  return body.data.conversation_sid;
}

export async function sendRestMessage(
  t: CheckContext,
  sid: string,
  author: string,
  text: string,
  media?: string[],
) {
  const ex = await t.http.call('sendMessage', {
    params: { convoSid: sid },
    json: { body: text, author, ...(media ? { media } : {}) },
  });
  return t.require(ex, 'sendMessage', [200], 'a valid send-message request answers 200').data;
}

/** Connects `identity` and registers it with user_connect (waiting for user_connected). */
export async function connectUser(
  t: CheckContext,
  identity: string,
  name?: string,
): Promise<TestSocket> {
  const socket = await t.connect(identity, name === undefined ? {} : { name });
  const mark = socket.mark();
  t.emit(socket, 'user_connect', { userId: identity, identity });
  const reply = await socket.waitFor('user_connected', { after: mark });
  if (!reply) {
    t.abort({
      rule: 'user_connect is answered with user_connected to the sender',
      expected: `${socket.name} receives user_connected`,
      actual: `nothing within ${t.options.timeoutMs} ms`,
    });
  }
  return socket;
}

/** Joins the room and waits for joined_conversation. */
export async function joinRoom(t: CheckContext, socket: TestSocket, sid: string): Promise<void> {
  const mark = socket.mark();
  t.emit(socket, 'join_conversation', { conversationSid: sid, identity: socket.identity });
  const reply = await socket.waitFor('joined_conversation', {
    after: mark,
    where: (p) => isObject(p) && p.conversationSid === sid,
  });
  if (!reply) {
    const error = socket.since(mark, 'message_error')[0];
    t.abort({
      rule: 'join_conversation on an existing conversation is answered with joined_conversation',
      expected: `${socket.name} receives joined_conversation for ${sid}`,
      actual: error
        ? `message_error ${JSON.stringify(error.payload)}`
        : `nothing within ${t.options.timeoutMs} ms`,
    });
  }
}

export interface Room {
  sid: string;
  /** Sockets by role (`alice`, `bob`, …), members and outsiders alike. */
  sockets: Record<string, TestSocket>;
  members: TestSocket[];
  outsiders: TestSocket[];
}

/**
 * A conversation whose participants are all the roles; `members` connect and join (in
 * order), `outsiders` connect and send user_connect but stay out of the room.
 */
export async function setupRoom(
  t: CheckContext,
  roles: { members: string[]; outsiders?: string[] },
): Promise<Room> {
  const all = [...roles.members, ...(roles.outsiders ?? [])];
  const identities = Object.fromEntries(all.map((role) => [role, t.id(role)]));
  const sid = await createConversation(
    t,
    all.map((role) => identities[role] as string),
  );
  const sockets: Record<string, TestSocket> = {};
  await Promise.all(
    all.map(async (role) => {
      sockets[role] = await connectUser(t, identities[role] as string, role);
    }),
  );
  const members = roles.members.map((role) => sockets[role] as TestSocket);
  for (const socket of members) await joinRoom(t, socket, sid);
  const outsiders = (roles.outsiders ?? []).map((role) => sockets[role] as TestSocket);
  await t.settle();
  return { sid, sockets, members, outsiders };
}
