// The data and connections checks start from, built through the API itself with this run's
// unique identities: a conversation, sockets that sent user_connect, a room with members
// and outsiders. Each is a fixture step: a deviation that still gives the check what it
// needs (e.g. 201 instead of 200 with the SID in the body) is recorded as its own finding
// and the check goes on; one that does not blocks the check, naming the step.
import type { CheckContext } from './context.ts';
import type { TestSocket } from './socket-client.ts';
import { isObject } from './spec.ts';

export async function createConversation(
  t: CheckContext,
  identities: string[],
  friendlyName?: string,
): Promise<string> {
  return t.fixture('create a conversation', async () => {
    const ex = await t.http.call('createConversation', {
      json: {
        ...(friendlyName === undefined ? {} : { friendly_name: friendlyName }),
        participants: identities.map((id) => ({ id, name: `Name of ${id.split('-').pop()}` })),
      },
    });
    const body = t.require(
      ex,
      'createConversation',
      [200],
      'a valid create request answers 200',
      (b) => isObject(b.data) && typeof b.data.conversation_sid === 'string',
    );
    return body.data.conversation_sid;
  });
}

export async function sendRestMessage(
  t: CheckContext,
  sid: string,
  author: string,
  text: string,
  media?: string[],
) {
  return t.fixture('send a message', async () => {
    const ex = await t.http.call('sendMessage', {
      params: { convoSid: sid },
      json: { body: text, author, ...(media ? { media } : {}) },
    });
    return t.require(
      ex,
      'sendMessage',
      [200],
      'a valid send-message request answers 200',
      (b) => isObject(b.data) && typeof b.data.message_sid === 'string',
    ).data;
  });
}

/** Connects `identity` and registers it with user_connect (waiting for user_connected). */
export async function connectUser(
  t: CheckContext,
  identity: string,
  name?: string,
): Promise<TestSocket> {
  return t.fixture('connect and send user_connect', async () => {
    const socket = await t.connect(identity, name === undefined ? {} : { name });
    const mark = socket.mark();
    t.emit(socket, 'user_connect', { userId: identity, identity });
    const reply = await socket.waitFor('user_connected', { after: mark });
    if (!reply && !socket.connected) {
      t.abort({
        rule: 'user_connect is answered with user_connected to the sender',
        expected: `${socket.name} receives user_connected`,
        actual: `disconnected (${socket.dropped ?? '?'})`,
        key: 'user_connect:dropped',
      });
    }
    if (!reply) {
      // The later steps do not need the reply: note it once and go on.
      t.fail({
        rule: 'user_connect is answered with user_connected to the sender',
        expected: `${socket.name} receives user_connected`,
        actual: `nothing within ${t.options.timeoutMs} ms`,
        subject: 'user_connected',
      });
    }
    return socket;
  });
}

/** Joins the room and waits for joined_conversation. */
export function joinRoom(t: CheckContext, socket: TestSocket, sid: string): Promise<void> {
  return t.fixture('join the conversation', () => join(t, socket, sid));
}

async function join(t: CheckContext, socket: TestSocket, sid: string): Promise<void> {
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
      subject: 'joined_conversation',
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
