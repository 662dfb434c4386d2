// Every Socket.IO event with real socket.io-client clients: who receives what (sender,
// room, others, never outsiders), ordering against storage, presence, and validation.
// Every event any client receives is validated against asyncapi.yaml by the harness.
//
// "Never receives" is proven with a sentinel that is causally after the event would have
// been sent: the handler's last emission reaching its target (e.g. the sender's own
// message_sent), then a ping → pong round trip on the socket that must not receive it.
import { io as connectSocket, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { ROOM_LIST_LIMIT } from '../../generated/constants.ts';
import {
  type ClientEvent,
  createConversation,
  expectStatus,
  modes,
  request,
  sendRest,
  type TestClient,
  UNKNOWN_CONVERSATION,
  uid,
  useServer,
} from './harness.ts';

describe.each(modes)('socket events ($name)', (mode) => {
  const ctx = useServer(mode);

  /** alice (a) and bob (b) joined to a conversation; carol (o) connected outside it. */
  async function room() {
    const [alice, bob, carol] = [uid('alice'), uid('bob'), uid('carol')];
    const sid = await createConversation(ctx.server, [alice, bob]);
    const a = await ctx.server.client({ name: 'alice' });
    const b = await ctx.server.client({ name: 'bob' });
    const o = await ctx.server.client({ name: 'outsider' });
    await a.connectUser(alice);
    await b.connectUser(bob);
    await o.connectUser(carol);
    await a.join(sid, alice);
    await b.join(sid, bob);
    await a.next('user_joined', (p) => p.identity === bob);
    return { sid, alice, bob, carol, a, b, o };
  }

  /** Round trips on every client: all earlier emissions to them have arrived. */
  const settle = (...clients: TestClient[]) => Promise.all(clients.map((c) => c.roundTrip()));

  /** Payloads of room-scoped events a client got for this conversation. */
  const roomEvents = (client: TestClient, sid: string) =>
    client.log.filter(
      (r) => (r.payload as { conversationSid?: unknown } | null)?.conversationSid === sid,
    );

  it('user_connect → user_connected to the sender only', async () => {
    const other = await ctx.server.client({ name: 'other' });
    const sender = await ctx.server.client({ name: 'sender' });
    const me = uid('me');
    sender.emit('user_connect', { userId: me, identity: me });
    expect(await sender.next('user_connected')).toEqual({
      success: true,
      message: expect.any(String),
      userId: me,
      identity: me,
    });
    await other.roundTrip();
    expect(other.all('user_connected')).toEqual([]);
  });

  it('join: the joiner gets joined_conversation; others get user_joined and user_status_changed; then the whole room gets conversation_users', async () => {
    const [alice, bob] = [uid('alice'), uid('bob')];
    const sid = await createConversation(ctx.server, [alice, bob]);
    const a = await ctx.server.client({ name: 'alice' });
    const b = await ctx.server.client({ name: 'bob' });
    const o = await ctx.server.client({ name: 'outsider' });

    const aFrom = a.mark();
    a.emit('join_conversation', { conversationSid: sid, identity: alice });
    expect(await a.next('joined_conversation')).toEqual({
      success: true,
      conversationSid: sid,
      message: expect.any(String),
    });
    const alone = await a.next('conversation_users');
    expect(alone.conversationSid).toBe(sid);
    expect(alone.onlineUsers.map((u) => u.identity)).toEqual([alice]);
    await settle(a);
    expect(a.eventsSince(aFrom)).toEqual(['joined_conversation', 'conversation_users', 'pong']);

    const aSecond = a.mark();
    const bFrom = b.mark();
    b.emit('join_conversation', { conversationSid: sid, identity: bob });
    await b.next('joined_conversation');
    const both = await b.next('conversation_users');
    expect(both.conversationSid).toBe(sid);
    expect(both.onlineUsers.map((u) => u.identity).sort()).toEqual([alice, bob].sort());

    const joined = await a.next('user_joined');
    expect(joined).toMatchObject({ conversationSid: sid, identity: bob });
    const status = await a.next('user_status_changed');
    expect(status).toMatchObject({
      conversationSid: sid,
      userId: bob,
      identity: bob,
      status: { online: true },
    });
    // The whole room, the joiner included, gets the new list after the deltas.
    const updated = await a.next('conversation_users', undefined, { from: aSecond });
    expect(updated).toEqual(both);
    await settle(a, b, o);
    expect(b.eventsSince(bFrom)).toEqual(['joined_conversation', 'conversation_users', 'pong']);
    expect(a.eventsSince(aSecond)).toEqual([
      'user_joined',
      'user_status_changed',
      'conversation_users',
      'pong',
    ]);
    expect(o.log.map((r) => r.event)).toEqual(['pong']);
  });

  it('conversation_users reports the userId given in user_connect, identity when none', async () => {
    const [alice, bob] = [uid('alice'), uid('bob')];
    const sid = await createConversation(ctx.server, [alice, bob]);
    const a = await ctx.server.client();
    await a.connectUser(alice, 'account-17');
    await a.join(sid, alice);
    const b = await ctx.server.client();
    await b.join(sid, bob);
    const list = b.all('conversation_users')[0]?.onlineUsers ?? [];
    expect(list.find((u) => u.identity === alice)?.userId).toBe('account-17');
    expect(list.find((u) => u.identity === bob)?.userId).toBe(bob);
    const status = await a.next('user_status_changed');
    expect(status.userId).toBe(bob);
  });

  it('identities in the loosened pattern (auth0|…, non-ASCII, e-mail) work in socket events', async () => {
    const suffix = uid('');
    const ids = [`auth0|5f7c${suffix}`, `José${suffix}`, `a@b.c${suffix}`];
    const sid = await createConversation(ctx.server, ids);
    const clients: TestClient[] = [];
    for (const identity of ids) {
      const client = await ctx.server.client();
      await client.connectUser(identity);
      await client.join(sid, identity);
      clients.push(client);
    }
    const [first] = clients as [TestClient];
    const list = await first.next('conversation_users', (p) => p.onlineUsers.length === 3);
    expect(list.onlineUsers.map((u) => u.identity).sort()).toEqual([...ids].sort());
    first.emit('send_message', { conversationSid: sid, body: 'hola', author: ids[0] as string });
    for (const client of clients) {
      expect((await client.next('new_message')).message.author).toBe(ids[0]);
    }
  });

  it('a second socket of the same identity: user_joined, but no status change and one entry per identity', async () => {
    const { sid, alice, bob, a, b } = await room();
    await a.next('user_status_changed', (p) => p.identity === bob);
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, bob);
    const list = b2.all('conversation_users')[0]?.onlineUsers ?? [];
    expect(list.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    await a.next('user_joined', (p) => p.identity === bob);
    await b.next('user_joined', (p) => p.identity === bob);
    await settle(a, b);
    expect(a.all('user_status_changed')).toHaveLength(1);
    expect(b.all('user_status_changed')).toHaveLength(0);
    // The room's new list still has one entry per identity.
    for (const member of [a, b]) {
      const latest = member.all('conversation_users').at(-1)?.onlineUsers ?? [];
      expect(latest.map((u) => u.identity).sort(), member.name).toEqual([alice, bob].sort());
    }

    for (const asker of [a, b2]) {
      asker.emit('get_online_users', { conversationSid: sid });
      const online = await asker.next('online_users');
      expect(online.conversationSid).toBe(sid);
      expect(online.users.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    }
  });

  it('joining again only repeats joined_conversation and conversation_users (to the room)', async () => {
    const { sid, alice, bob, a, b } = await room();
    await settle(a, b);
    const bFrom = b.mark();
    const aFrom = a.mark();
    a.emit('join_conversation', { conversationSid: sid, identity: alice });
    const list = await a.next('conversation_users', undefined, { from: aFrom });
    expect(list.onlineUsers.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    expect(await b.next('conversation_users', undefined, { from: bFrom })).toEqual(list);
    await settle(a, b);
    expect(a.eventsSince(aFrom)).toEqual(['joined_conversation', 'conversation_users', 'pong']);
    expect(b.eventsSince(bFrom)).toEqual(['conversation_users', 'pong']);
  });

  it('joining a room again as another identity → message_error, nothing to the room; leave, then join as the other works', async () => {
    const { sid, alice, bob, carol, a, b, o } = await room();
    await settle(a, b);
    const aFrom = a.mark();
    const bFrom = b.mark();
    a.emit('join_conversation', { conversationSid: sid, identity: carol });
    expect(await a.next('message_error', undefined, { from: aFrom })).toMatchObject({
      success: false,
      event: 'join_conversation',
      conversationSid: sid,
      error: expect.stringContaining(carol),
    });
    await settle(a, b, o);
    expect(a.eventsSince(aFrom)).toEqual(['message_error', 'pong']);
    expect(b.eventsSince(bFrom)).toEqual(['pong']);
    a.emit('get_online_users', { conversationSid: sid });
    const still = await a.next('online_users', undefined, { from: aFrom });
    expect(still.users.map((u) => u.identity).sort()).toEqual([alice, bob].sort());

    a.emit('leave_conversation', { conversationSid: sid, identity: alice });
    await b.next('user_left', (p) => p.identity === alice, { from: bFrom });
    const switched = a.mark();
    a.emit('join_conversation', { conversationSid: sid, identity: carol });
    await a.next('joined_conversation', undefined, { from: switched });
    const list = await a.next('conversation_users', undefined, { from: switched });
    expect(list.onlineUsers.map((u) => u.identity).sort()).toEqual([bob, carol].sort());
    expect(await b.next('user_joined', undefined, { from: bFrom })).toMatchObject({
      identity: carol,
    });
  });

  it('get_online_users → online_users to the sender, who need not be in the room', async () => {
    const { sid, alice, bob, a, o } = await room();
    o.emit('get_online_users', { conversationSid: sid });
    const online = await o.next('online_users');
    expect(online.users.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    for (const user of online.users) expect(Date.parse(user.lastSeen)).not.toBeNaN();
    await settle(a);
    expect(a.all('online_users')).toEqual([]);
  });

  it('get_online_users for an unknown conversation → message_error, no online_users', async () => {
    const client = await ctx.server.client();
    client.emit('get_online_users', { conversationSid: UNKNOWN_CONVERSATION });
    expect(await client.next('message_error')).toMatchObject({
      success: false,
      event: 'get_online_users',
      conversationSid: UNKNOWN_CONVERSATION,
      error: expect.stringContaining(UNKNOWN_CONVERSATION),
    });
    await client.roundTrip();
    expect(client.log.map((r) => r.event)).toEqual(['message_error', 'pong']);
  });

  it('typing_start/typing_stop → user_typing to the others only, never the typist or outsiders', async () => {
    const { sid, alice, a, b, o } = await room();
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, uid('bob2'));

    a.emit('typing_start', { conversationSid: sid, identity: alice });
    for (const member of [b, b2]) {
      expect(await member.next('user_typing')).toMatchObject({
        conversationSid: sid,
        identity: alice,
        isTyping: true,
      });
    }
    a.emit('typing_stop', { conversationSid: sid, identity: alice });
    for (const member of [b, b2]) {
      expect(await member.next('user_typing')).toMatchObject({ identity: alice, isTyping: false });
    }
    await settle(a, o, b, b2);
    expect(a.all('user_typing')).toEqual([]);
    expect(o.all('user_typing')).toEqual([]);
    expect(b.all('user_typing')).toHaveLength(2);
    expect(b2.all('user_typing')).toHaveLength(2);
  });

  it('typing in a room not joined is ignored: no message_error, nothing to the room, the connection stays up', async () => {
    const { sid, carol, a, b, o } = await room();
    await settle(a, b);
    const [aFrom, bFrom, oFrom] = [a.mark(), b.mark(), o.mark()];
    for (const event of ['typing_start', 'typing_stop'] as const) {
      o.emit(event, { conversationSid: sid, identity: carol });
    }
    // Also in a room that does not exist at all.
    o.emit('typing_start', { conversationSid: UNKNOWN_CONVERSATION, identity: carol });
    // Events of one socket are handled in order: once this answer arrives, the typing
    // events before it have been handled.
    o.emit('get_online_users', { conversationSid: sid });
    await o.next('online_users', undefined, { from: oFrom });
    await settle(a, b, o);
    expect(o.socket.connected).toBe(true);
    expect(o.eventsSince(oFrom)).toEqual(['online_users', 'pong']);
    expect(a.eventsSince(aFrom)).toEqual(['pong']);
    expect(b.eventsSince(bFrom)).toEqual(['pong']);
  });

  it('typing payloads that break the schema are still answered with message_error, joined or not', async () => {
    const { sid, alice, a, b, o } = await room();
    for (const [client, event] of [
      [o, 'typing_start'],
      [o, 'typing_stop'],
      [a, 'typing_start'],
      [a, 'typing_stop'],
    ] as const) {
      const from = client.mark();
      client.emitRaw(event, { conversationSid: sid, identity: alice, isTyping: true });
      const error = await client.next('message_error', undefined, { from });
      expect(error).toMatchObject({ success: false, event, conversationSid: sid });
      expect(error.error).toContain('isTyping');
      client.emitRaw(event, { conversationSid: 'CH123', identity: alice });
      expect(await client.next('message_error', undefined, { from })).toMatchObject({ event });
      await client.roundTrip();
      expect(client.eventsSince(from)).toEqual(['message_error', 'message_error', 'pong']);
    }
    await settle(b);
    expect(b.all('user_typing')).toEqual([]);
  });

  it('send_message → message_sent to the sender and new_message exactly once to every member, none to outsiders', async () => {
    const { sid, alice, a, b, o } = await room();
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, uid('bob2'));
    const media = ['https://example.com/image.jpg'];

    a.emit('send_message', { conversationSid: sid, body: 'Hello everyone!', author: alice, media });
    const sent = await a.next('message_sent');
    expect(sent).toEqual({ success: true, messageSid: expect.any(String), conversationSid: sid });
    await settle(a, b, b2, o);
    for (const member of [a, b, b2]) {
      const got = member.all('new_message', (p) => p.message.sid === sent.messageSid);
      expect(got, member.name).toHaveLength(1);
      expect(got[0]).toMatchObject({
        conversationSid: sid,
        message: { sid: sent.messageSid, body: 'Hello everyone!', author: alice, media },
      });
      // The undeclared second spelling the spec describes (SocketMessage).
      expect(got[0]?.message).toHaveProperty('date_created', got[0]?.message.dateCreated);
    }
    expect(o.all('new_message')).toEqual([]);
    expect(o.all('message_sent')).toEqual([]);
    expect(b.all('message_sent')).toEqual([]);
  });

  it('message_sent arrives only once the message is in history', async () => {
    const { sid, alice, a } = await room();
    for (let i = 0; i < 5; i += 1) {
      const from = a.mark();
      a.emit('send_message', { conversationSid: sid, body: `n${i}`, author: alice });
      const sent = await a.next('message_sent', undefined, { from });
      const res = await ctx.server.request('GET', `/api/conversations/${sid}/messages`);
      const history = expectStatus(res, 'listMessages', 200).data;
      expect(history.at(-1)).toMatchObject({ sid: sent.messageSid, body: `n${i}`, author: alice });
    }
    await a.roundTrip();
    expect(a.all('new_message').map((p) => p.message.body)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });

  it('send_message from a socket outside the room: message_sent to it, new_message to the room only', async () => {
    const { sid, carol, a, b, o } = await room();
    o.emit('send_message', { conversationSid: sid, body: 'from outside', author: carol });
    const sent = await o.next('message_sent');
    await settle(a, b, o);
    for (const member of [a, b]) {
      expect(member.all('new_message', (p) => p.message.sid === sent.messageSid)).toHaveLength(1);
    }
    expect(o.all('new_message')).toEqual([]);
  });

  it('REST send-message → new_message to every member, none to outsiders', async () => {
    const { sid, bob, a, b, o } = await room();
    const messageSid = await sendRest(ctx.server, sid, bob, 'via REST', [
      'https://example.com/a.mp3',
    ]);
    await settle(a, b, o);
    for (const member of [a, b]) {
      const got = member.all('new_message');
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        conversationSid: sid,
        message: {
          sid: messageSid,
          body: 'via REST',
          author: bob,
          media: ['https://example.com/a.mp3'],
        },
      });
    }
    expect(o.all('new_message')).toEqual([]);
  });

  it('messages in two conversations stay in their rooms', async () => {
    const first = await room();
    const second = await room();
    first.a.emit('send_message', { conversationSid: first.sid, body: 'one', author: first.alice });
    await first.a.next('message_sent');
    await sendRest(ctx.server, second.sid, second.bob, 'two');
    await settle(first.a, first.b, second.a, second.b);
    for (const c of [first.a, first.b])
      expect(c.all('new_message').map((p) => p.message.body)).toEqual(['one']);
    for (const c of [second.a, second.b])
      expect(c.all('new_message').map((p) => p.message.body)).toEqual(['two']);
  });

  it('works over HTTP long-polling too (the other transport the spec names)', async () => {
    const { sid, alice, a } = await room();
    const polling = await ctx.server.client({ name: 'polling', transports: ['polling'] });
    const pollingUser = uid('poller');
    await polling.connectUser(pollingUser);
    await polling.join(sid, pollingUser);
    a.emit('send_message', { conversationSid: sid, body: 'over polling', author: alice });
    const sent = await a.next('message_sent');
    expect((await polling.next('new_message')).message.sid).toBe(sent.messageSid);
    await polling.roundTrip();
  });

  it('ping → pong, with or without arguments', async () => {
    const client = await ctx.server.client();
    const before = Date.now();
    client.emit('ping');
    const pong = await client.next('pong');
    expect(Date.parse(pong.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    client.emitRaw('ping', { anything: true }, 42);
    await client.next('pong');
    expect(client.log.map((r) => r.event)).toEqual(['pong', 'pong']);
  });

  it('leave → user_left, user_status_changed(offline) and conversation_users to the others; nothing reaches the leaver afterwards', async () => {
    const { sid, alice, bob, a, b } = await room();
    await a.next('user_status_changed', (p) => p.identity === bob && p.status.online);
    await settle(a, b);
    const aFrom = a.mark();
    const bFrom = b.mark();
    b.emit('leave_conversation', { conversationSid: sid, identity: bob });
    expect(await a.next('user_left', undefined, { from: aFrom })).toMatchObject({
      conversationSid: sid,
      identity: bob,
    });
    expect(await a.next('user_status_changed', undefined, { from: aFrom })).toMatchObject({
      conversationSid: sid,
      identity: bob,
      status: { online: false },
    });
    const list = await a.next('conversation_users', undefined, { from: aFrom });
    expect(list).toMatchObject({ conversationSid: sid });
    expect(list.onlineUsers.map((u) => u.identity)).toEqual([alice]);
    await settle(a, b);
    expect(a.eventsSince(aFrom)).toEqual([
      'user_left',
      'user_status_changed',
      'conversation_users',
      'pong',
    ]);
    expect(b.eventsSince(bFrom)).toEqual(['pong']);

    const bAfter = b.mark();
    a.emit('typing_start', { conversationSid: sid, identity: alice });
    a.emit('send_message', { conversationSid: sid, body: 'after bob left', author: alice });
    await a.next('message_sent');
    await sendRest(ctx.server, sid, alice, 'rest after bob left');
    await settle(a, b);
    expect(b.eventsSince(bAfter)).toEqual(['pong']);
    expect(a.all('new_message')).toHaveLength(2);

    a.emit('get_online_users', { conversationSid: sid });
    expect((await a.next('online_users')).users.map((u) => u.identity)).toEqual([alice]);
  });

  it('leave of one of two sockets of an identity: user_left and conversation_users (still listed), no status change', async () => {
    const { sid, alice, bob, a, b } = await room();
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, bob);
    await a.next('user_joined', (p) => p.identity === bob);
    await settle(a, b, b2);
    const [aFrom, bFrom, b2From] = [a.mark(), b.mark(), b2.mark()];
    b2.emit('leave_conversation', { conversationSid: sid, identity: bob });
    await a.next('user_left', undefined, { from: aFrom });
    const list = await a.next('conversation_users', undefined, { from: aFrom });
    expect(list.onlineUsers.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    // bob's other socket is one of the others too.
    expect(await b.next('conversation_users', undefined, { from: bFrom })).toEqual(list);
    await settle(a, b, b2);
    expect(a.eventsSince(aFrom)).toEqual(['user_left', 'conversation_users', 'pong']);
    expect(b.eventsSince(bFrom)).toEqual(['user_left', 'conversation_users', 'pong']);
    expect(b2.eventsSince(b2From)).toEqual(['pong']);
  });

  it('leaving a room the socket is not in does nothing', async () => {
    const { sid, carol, a, o } = await room();
    const aFrom = a.mark();
    o.emit('leave_conversation', { conversationSid: sid, identity: carol });
    o.emit('leave_conversation', { conversationSid: UNKNOWN_CONVERSATION, identity: carol });
    await settle(o, a);
    expect(o.log.map((r) => r.event).filter((e) => e !== 'user_connected')).toEqual(['pong']);
    expect(a.eventsSince(aFrom)).toEqual(['pong']);
  });

  it('disconnect without leave → user_left, user_status_changed(offline) and conversation_users to the others', async () => {
    const { sid, alice, bob, a, b, o } = await room();
    await a.next('user_status_changed', (p) => p.identity === bob && p.status.online);
    await settle(a);
    const aFrom = a.mark();
    b.close();
    expect(await a.next('user_left', undefined, { from: aFrom })).toMatchObject({
      conversationSid: sid,
      identity: bob,
    });
    expect(await a.next('user_status_changed', undefined, { from: aFrom })).toMatchObject({
      conversationSid: sid,
      userId: bob,
      identity: bob,
      status: { online: false },
    });
    const list = await a.next('conversation_users', undefined, { from: aFrom });
    expect(list.conversationSid).toBe(sid);
    expect(list.onlineUsers.map((u) => u.identity)).toEqual([alice]);
    await settle(a, o);
    expect(a.eventsSince(aFrom)).toEqual([
      'user_left',
      'user_status_changed',
      'conversation_users',
      'pong',
    ]);
    expect(roomEvents(o, sid)).toEqual([]);

    a.emit('get_online_users', { conversationSid: sid });
    expect((await a.next('online_users')).users.map((u) => u.identity)).toEqual([alice]);
    const reach = await ctx.server.request('GET', `/api/conversations/users/${bob}/reachability`);
    expect(expectStatus(reach, 'getUserReachability', 200).data.online).toBe(false);
  });

  it('disconnect of one of two sockets of an identity: user_left and conversation_users, still online', async () => {
    const { sid, alice, bob, a } = await room();
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, bob);
    await a.next('user_joined', (p) => p.identity === bob);
    await settle(a);
    const aFrom = a.mark();
    b2.close();
    await a.next('user_left', undefined, { from: aFrom });
    const list = await a.next('conversation_users', undefined, { from: aFrom });
    expect(list.onlineUsers.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    await settle(a);
    expect(a.eventsSince(aFrom)).toEqual(['user_left', 'conversation_users', 'pong']);
    a.emit('get_online_users', { conversationSid: sid });
    expect((await a.next('online_users')).users.map((u) => u.identity).sort()).toEqual(
      [alice, bob].sort(),
    );
  });

  it('add-chat-participant → conversation_updated (participant_added) to the room only', async () => {
    const { sid, a, b, o } = await room();
    const newcomer = uid('dave');
    const res = await ctx.server.request('POST', `/api/conversations/${sid}/add-chat-participant`, {
      json: { identity: newcomer },
    });
    const added = expectStatus(res, 'addChatParticipant', 200).data;
    for (const member of [a, b]) {
      expect(await member.next('conversation_updated')).toMatchObject({
        conversationSid: sid,
        update: {
          type: 'participant_added',
          participantSid: added.participant_sid,
          identity: newcomer,
        },
      });
    }
    await settle(a, b, o);
    expect(o.all('conversation_updated')).toEqual([]);
    expect(a.all('conversation_updated')).toHaveLength(1);
  });

  it('add-sms-participant → conversation_updated with the phone number', async () => {
    const { sid, a } = await room();
    const res = await ctx.server.request('POST', `/api/conversations/${sid}/add-sms-participant`, {
      json: { phone_number: '+15551234567' },
    });
    const added = expectStatus(res, 'addSmsParticipant', 200).data;
    expect(await a.next('conversation_updated')).toMatchObject({
      update: {
        type: 'participant_added',
        participantSid: added.participant_sid,
        phoneNumber: '+15551234567',
      },
    });
  });

  it('DELETE → conversation_updated (deleted) to the room, then the room is emptied', async () => {
    const { sid, alice, a, b, o } = await room();
    expectStatus(
      await ctx.server.request('DELETE', `/api/conversations/${sid}`),
      'deleteConversation',
      200,
    );
    for (const member of [a, b]) {
      expect(await member.next('conversation_updated')).toMatchObject({
        conversationSid: sid,
        update: { type: 'deleted' },
      });
    }
    await settle(o);
    expect(o.all('conversation_updated')).toEqual([]);
    expect(await ctx.server.app.services.presence.list(sid)).toEqual([]);
    expect(ctx.server.app.io.of('/').adapter.rooms.has(sid)).toBe(false);

    // The conversation is gone and nobody is in its room any more: a later send is 404,
    // get_online_users and send_message fail, typing is ignored (the socket left the room).
    const send = await ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
      json: { body: 'too late', author: alice },
    });
    expectStatus(send, 'sendMessage', 404);
    const aFrom = a.mark();
    a.emit('get_online_users', { conversationSid: sid });
    expect(await a.next('message_error', undefined, { from: aFrom })).toMatchObject({
      event: 'get_online_users',
      conversationSid: sid,
    });
    a.emit('typing_start', { conversationSid: sid, identity: alice });
    a.emit('send_message', { conversationSid: sid, body: 'too late', author: alice });
    expect(await a.next('message_error', undefined, { from: aFrom })).toMatchObject({
      event: 'send_message',
      conversationSid: sid,
    });
    await settle(a, b);
    expect(a.eventsSince(aFrom)).toEqual(['message_error', 'message_error', 'pong']);
    expect(a.all('new_message')).toEqual([]);
    expect(b.all('new_message')).toEqual([]);
    expect(b.all('user_typing')).toEqual([]);
    expect(a.all('online_users')).toEqual([]);
  });

  it(`conversation_users is sent up to ${ROOM_LIST_LIMIT} online identities, never above (deltas only)`, async () => {
    // ROOM_LIST_LIMIT - 1 lightweight sockets (plain clients, nothing recorded or
    // validated), each a different identity; then two recorded clients take the room to
    // exactly the limit and one past it.
    const crowd = Array.from({ length: ROOM_LIST_LIMIT - 1 }, () => uid('crowd'));
    const [alice, bob] = [uid('alice'), uid('bob')];
    const sid = await createConversation(ctx.server, [alice, bob]);
    const sockets: Socket[] = [];
    try {
      await Promise.all(
        crowd.map(
          (identity) =>
            new Promise<void>((resolve, reject) => {
              const socket = connectSocket(ctx.server.url, {
                transports: ['websocket'],
                reconnection: false,
                forceNew: true,
              });
              sockets.push(socket);
              socket.once('connect_error', reject);
              socket.once('message_error', (error: unknown) =>
                reject(new Error(`${identity}: ${JSON.stringify(error)}`)),
              );
              socket.once('joined_conversation', () => resolve());
              socket.emit('join_conversation', { conversationSid: sid, identity });
            }),
        ),
      );
      // The 100th identity: the list still goes to the whole room.
      const a = await ctx.server.client({ name: 'alice' });
      await a.join(sid, alice);
      const full = a.all('conversation_users')[0]?.onlineUsers ?? [];
      expect(full).toHaveLength(ROOM_LIST_LIMIT);
      expect(new Set(full.map((u) => u.identity))).toEqual(new Set([...crowd, alice]));

      // The 101st: deltas only, no list to anyone.
      const b = await ctx.server.client({ name: 'bob' });
      const aFrom = a.mark();
      b.emit('join_conversation', { conversationSid: sid, identity: bob });
      await b.next('joined_conversation');
      await a.next('user_joined', (p) => p.identity === bob, { from: aFrom });
      await a.next('user_status_changed', (p) => p.identity === bob, { from: aFrom });
      await settle(a, b);
      expect(a.eventsSince(aFrom)).toEqual(['user_joined', 'user_status_changed', 'pong']);
      expect(b.log.map((r) => r.event)).toEqual(['joined_conversation', 'pong']);
      b.emit('get_online_users', { conversationSid: sid });
      expect((await b.next('online_users')).users).toHaveLength(ROOM_LIST_LIMIT + 1);

      // Back to the limit: the remaining room gets the list again.
      const bFrom = b.mark();
      b.emit('leave_conversation', { conversationSid: sid, identity: bob });
      const after = await a.next('conversation_users', undefined, { from: aFrom });
      expect(after.onlineUsers).toHaveLength(ROOM_LIST_LIMIT);
      expect(after.onlineUsers.map((u) => u.identity)).not.toContain(bob);
      await settle(a, b);
      expect(b.eventsSince(bFrom)).toEqual(['pong']);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('unknown conversation on join and send → message_error naming the event and conversation', async () => {
    const client = await ctx.server.client();
    const me = uid('me');
    client.emit('join_conversation', { conversationSid: UNKNOWN_CONVERSATION, identity: me });
    expect(await client.next('message_error')).toMatchObject({
      success: false,
      event: 'join_conversation',
      conversationSid: UNKNOWN_CONVERSATION,
      error: expect.stringContaining(UNKNOWN_CONVERSATION),
    });
    client.emit('send_message', { conversationSid: UNKNOWN_CONVERSATION, body: 'hi', author: me });
    expect(await client.next('message_error')).toMatchObject({
      success: false,
      event: 'send_message',
      conversationSid: UNKNOWN_CONVERSATION,
    });
    await client.roundTrip();
    expect(client.all('joined_conversation')).toEqual([]);
    expect(client.all('message_sent')).toEqual([]);
  });

  describe('validation', () => {
    const huge = 'x'.repeat(200_000);
    type Invalid = { label: string; payload: unknown; field?: string };

    /** A valid payload for each client event, and its string fields. */
    function valid(event: Exclude<ClientEvent, 'ping'>, sid: string, me: string) {
      switch (event) {
        case 'user_connect':
          return { payload: { userId: me, identity: me }, required: 'identity', text: 'identity' };
        case 'send_message':
          return {
            payload: { conversationSid: sid, body: 'hello', author: me },
            required: 'author',
            text: 'body',
          };
        case 'get_online_users':
          return {
            payload: { conversationSid: sid },
            required: 'conversationSid',
            text: 'conversationSid',
          };
        default:
          return {
            payload: { conversationSid: sid, identity: me },
            required: 'identity',
            text: 'identity',
          };
      }
    }

    function invalidPayloads(
      event: Exclude<ClientEvent, 'ping'>,
      sid: string,
      me: string,
    ): Invalid[] {
      const { payload, required, text } = valid(event, sid, me);
      const hasSid = 'conversationSid' in payload;
      const without = { ...payload } as Record<string, unknown>;
      delete without[required];
      return [
        { label: `missing ${required}`, payload: without, field: required },
        { label: `${text} a number`, payload: { ...payload, [text]: 12345 }, field: text },
        hasSid
          ? {
              label: 'bad conversationSid',
              payload: { ...payload, conversationSid: 'CH123' },
              field: 'conversationSid',
            }
          : {
              label: 'bad identity',
              payload: { ...payload, identity: 'not valid!' },
              field: 'identity',
            },
        { label: 'an unknown field', payload: { ...payload, extra: true }, field: 'extra' },
        { label: `~200 KB ${text}`, payload: { ...payload, [text]: huge }, field: text },
        { label: 'null', payload: null },
        { label: 'a string', payload: 'hello' },
        { label: 'a number', payload: 42 },
        { label: 'an array', payload: [payload] },
        { label: 'no argument', payload: undefined },
      ];
    }

    const events = [
      'user_connect',
      'join_conversation',
      'leave_conversation',
      'send_message',
      'typing_start',
      'typing_stop',
      'get_online_users',
    ] as const;

    it.each(events)(
      '%s: every invalid payload → message_error, the connection stays up',
      async (event) => {
        const me = uid('me');
        const sid = await createConversation(ctx.server, [me]);
        const member = await ctx.server.client({ name: 'member' });
        await member.join(sid, uid('member'));
        const client = await ctx.server.client({ name: 'sender' });
        if (event === 'typing_start' || event === 'typing_stop' || event === 'leave_conversation') {
          await client.join(sid, me);
        }
        await member.roundTrip();
        const memberFrom = member.mark();

        for (const { label, payload, field } of invalidPayloads(event, sid, me)) {
          const from = client.mark();
          if (payload === undefined) client.emitRaw(event);
          else client.emitRaw(event, payload);
          const error = await client.next('message_error', undefined, { from });
          expect(error, label).toMatchObject({ success: false, event });
          expect(error.error.length, label).toBeGreaterThan(0);
          expect(error.error.length, label).toBeLessThan(1000);
          if (field) expect(error.error, label).toContain(field);
          // conversationSid is echoed exactly when the payload carried a valid one.
          const carried = (payload as { conversationSid?: unknown } | null)?.conversationSid;
          if (carried === sid) expect(error.conversationSid, label).toBe(sid);
          else expect(error.conversationSid, label).toBeUndefined();
          await client.roundTrip();
          expect(client.socket.connected, label).toBe(true);
          expect(client.eventsSince(from), label).toEqual(['message_error', 'pong']);
        }

        // Nothing reached the room and nothing was stored.
        await member.roundTrip();
        expect(member.eventsSince(memberFrom)).toEqual(['pong']);
        const history = await ctx.server.request('GET', `/api/conversations/${sid}/messages`);
        expect(expectStatus(history, 'listMessages', 200).data).toEqual([]);
      },
    );

    it('an event the spec does not define is ignored; the connection stays up', async () => {
      const client = await ctx.server.client();
      client.emitRaw('delete_everything', { conversationSid: UNKNOWN_CONVERSATION });
      client.emitRaw('user_connected', { success: true });
      await client.roundTrip();
      expect(client.log.map((r) => r.event)).toEqual(['pong']);
    });
  });

  it('the harness fails a test on an event that breaks the spec', async () => {
    const { TestClient } = await import('./harness.ts');
    const client = await ctx.server.client();
    ctx.server.app.io.emit('pong', {} as never);
    await client.next('pong');
    const problems = TestClient.drain();
    expect(problems.join('\n')).toMatch(/pong breaking the spec/);
  });
});

/** A promise with its resolve function (Promise.withResolvers is Node 22+). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe.each(modes)('socket events of one socket are handled in order ($name)', (mode) => {
  /**
   * The next provider.getConversation (the first step of join_conversation) waits until
   * the test releases it: a provider as slow as the test needs, without timers.
   */
  let held: { started: () => void; release: Promise<void>; finished: () => void } | undefined;
  const hold = () => {
    const started = deferred();
    const release = deferred();
    const finished = deferred();
    held = { started: started.resolve, release: release.promise, finished: finished.resolve };
    return { started: started.promise, release: release.resolve, finished: finished.promise };
  };
  const ctx = useServer(mode, {
    wrapProvider: (provider) =>
      new Proxy(provider, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key === 'getConversation') {
            return async (conversationSid: string) => {
              const gate = held;
              held = undefined;
              if (!gate) return target.getConversation(conversationSid);
              gate.started();
              await gate.release;
              try {
                return await target.getConversation(conversationSid);
              } finally {
                gate.finished();
              }
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
  });

  /** alice (a) in the room, and a fresh identity for the socket under test. */
  async function watched() {
    const [alice, slow] = [uid('alice'), uid('slow')];
    const sid = await createConversation(ctx.server, [alice, slow]);
    const a = await ctx.server.client({ name: 'alice' });
    await a.join(sid, alice);
    return { sid, alice, slow, a };
  }

  it('join_conversation then leave_conversation at once, the join slow: the socket ends outside the room', async () => {
    const { sid, alice, slow, a } = await watched();
    const s = await ctx.server.client({ name: 'slow' });
    const aFrom = a.mark();
    const gate = hold();
    s.emit('join_conversation', { conversationSid: sid, identity: slow });
    s.emit('leave_conversation', { conversationSid: sid, identity: slow });
    await gate.started;
    gate.release();
    await gate.finished;
    // The join completes first, then the leave undoes it.
    await s.next('joined_conversation');
    expect(await a.next('user_joined', undefined, { from: aFrom })).toMatchObject({
      identity: slow,
    });
    expect(await a.next('user_left', undefined, { from: aFrom })).toMatchObject({
      identity: slow,
    });

    const sFrom = s.mark();
    await sendRest(ctx.server, sid, alice, 'after the leave');
    await a.next('new_message', undefined, { from: aFrom });
    await s.roundTrip();
    expect(s.eventsSince(sFrom)).toEqual(['pong']);
    a.emit('get_online_users', { conversationSid: sid });
    const online = await a.next('online_users', undefined, { from: aFrom });
    expect(online.users.map((u) => u.identity)).toEqual([alice]);
    expect(
      ctx.server.app.io
        .of('/')
        .adapter.rooms.get(sid)
        ?.has(s.socket.id ?? ''),
    ).toBe(false);
  });

  it('join_conversation then a disconnect, the join slow: no ghost in online_users, nothing to the room', async () => {
    const { sid, alice, a } = await watched();
    const s = await ctx.server.client({ name: 'slow' });
    const socketId = s.socket.id ?? '';
    const aFrom = a.mark();
    const gate = hold();
    s.emit('join_conversation', { conversationSid: sid, identity: uid('ghost') });
    await gate.started;
    s.close();
    // The server has seen the disconnect before the join goes on.
    await expect
      .poll(() => ctx.server.app.io.of('/').sockets.has(socketId), { timeout: 2_000, interval: 5 })
      .toBe(false);
    gate.release();
    await gate.finished;
    a.emit('get_online_users', { conversationSid: sid });
    const online = await a.next('online_users', undefined, { from: aFrom });
    expect(online.users.map((u) => u.identity)).toEqual([alice]);
    await a.roundTrip();
    expect(a.eventsSince(aFrom)).toEqual(['online_users', 'pong']);
    expect(await ctx.server.app.services.presence.isInRoom(sid, socketId)).toBe(false);
  });

  it('user_connect queued behind a slow join, then a disconnect: the user is not left online', async () => {
    const { sid } = await watched();
    const ghost = uid('ghost');
    const s = await ctx.server.client({ name: 'slow' });
    const socketId = s.socket.id ?? '';
    const gate = hold();
    s.emit('join_conversation', { conversationSid: sid, identity: ghost });
    s.emit('user_connect', { userId: ghost, identity: ghost });
    await gate.started;
    s.close();
    await expect
      .poll(() => ctx.server.app.io.of('/').sockets.has(socketId), { timeout: 2_000, interval: 5 })
      .toBe(false);
    gate.release();
    await gate.finished;
    // Both queued events have run (or been dropped) once a later request is answered.
    await request(ctx.server.url, 'GET', '/healthz');
    expect(await ctx.server.app.services.presence.isOnline(ghost)).toBe(false);
    expect(await ctx.server.app.services.presence.isInRoom(sid, socketId)).toBe(false);
  });
});
