// Every Socket.IO event with real socket.io-client clients: who receives what (sender,
// room, others, never outsiders), ordering against storage, presence, and validation.
// Every event any client receives is validated against asyncapi.yaml by the harness.
//
// "Never receives" is proven with a sentinel that is causally after the event would have
// been sent: the handler's last emission reaching its target (e.g. the sender's own
// message_sent), then a ping → pong round trip on the socket that must not receive it.
import { describe, expect, it } from 'vitest';
import {
  type ClientEvent,
  createConversation,
  expectStatus,
  modes,
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

  it('join: the joiner gets joined_conversation then conversation_users; others get user_joined and user_status_changed', async () => {
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
    expect(alone.onlineUsers.map((u) => u.identity)).toEqual([alice]);
    expect(a.eventsSince(aFrom)).toEqual(['joined_conversation', 'conversation_users']);

    const bFrom = b.mark();
    b.emit('join_conversation', { conversationSid: sid, identity: bob });
    await b.next('joined_conversation');
    const both = await b.next('conversation_users');
    expect(both.conversationSid).toBe(sid);
    expect(both.onlineUsers.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    expect(b.eventsSince(bFrom)).toEqual(['joined_conversation', 'conversation_users']);

    const joined = await a.next('user_joined');
    expect(joined).toMatchObject({ conversationSid: sid, identity: bob });
    const status = await a.next('user_status_changed');
    expect(status).toMatchObject({
      conversationSid: sid,
      userId: bob,
      identity: bob,
      status: { online: true },
    });
    await settle(a, o);
    // The members follow deltas: no list is re-sent to them.
    expect(a.all('conversation_users')).toHaveLength(1);
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

    for (const asker of [a, b2]) {
      asker.emit('get_online_users', { conversationSid: sid });
      const online = await asker.next('online_users');
      expect(online.conversationSid).toBe(sid);
      expect(online.users.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
    }
  });

  it('joining again only repeats joined_conversation and conversation_users', async () => {
    const { sid, alice, a, b } = await room();
    await settle(b);
    const bFrom = b.mark();
    const aFrom = a.mark();
    a.emit('join_conversation', { conversationSid: sid, identity: alice });
    await a.next('conversation_users', undefined, { from: aFrom });
    await settle(a, b);
    expect(a.eventsSince(aFrom)).toEqual(['joined_conversation', 'conversation_users', 'pong']);
    expect(b.eventsSince(bFrom)).toEqual(['pong']);
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

  it('typing in a room not joined → message_error, nothing to the room', async () => {
    const { sid, carol, a, o } = await room();
    for (const event of ['typing_start', 'typing_stop'] as const) {
      o.emit(event, { conversationSid: sid, identity: carol });
      expect(await o.next('message_error')).toMatchObject({
        success: false,
        event,
        conversationSid: sid,
      });
    }
    await settle(a);
    expect(a.all('user_typing')).toEqual([]);
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
      expect(got[0]?.message.dateCreated).toBe(got[0]?.message.date_created);
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

  it('leave → user_left and user_status_changed(offline) to the others; nothing reaches the leaver afterwards', async () => {
    const { sid, alice, bob, a, b } = await room();
    await a.next('user_status_changed', (p) => p.identity === bob && p.status.online);
    b.emit('leave_conversation', { conversationSid: sid, identity: bob });
    expect(await a.next('user_left')).toMatchObject({ conversationSid: sid, identity: bob });
    expect(await a.next('user_status_changed')).toMatchObject({
      conversationSid: sid,
      identity: bob,
      status: { online: false },
    });

    const bFrom = b.mark();
    a.emit('typing_start', { conversationSid: sid, identity: alice });
    a.emit('send_message', { conversationSid: sid, body: 'after bob left', author: alice });
    await a.next('message_sent');
    await sendRest(ctx.server, sid, alice, 'rest after bob left');
    await settle(a, b);
    expect(b.eventsSince(bFrom)).toEqual(['pong']);
    expect(a.all('new_message')).toHaveLength(2);

    a.emit('get_online_users', { conversationSid: sid });
    expect((await a.next('online_users')).users.map((u) => u.identity)).toEqual([alice]);
  });

  it('leave of one of two sockets of an identity: user_left, no status change', async () => {
    const { sid, bob, a } = await room();
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, bob);
    await a.next('user_joined', (p) => p.identity === bob);
    const aFrom = a.mark();
    b2.emit('leave_conversation', { conversationSid: sid, identity: bob });
    await a.next('user_left', undefined, { from: aFrom });
    await settle(a);
    expect(a.eventsSince(aFrom)).toEqual(['user_left', 'pong']);
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

  it('disconnect without leave → user_left and user_status_changed(offline) to the others', async () => {
    const { sid, alice, bob, a, b, o } = await room();
    await a.next('user_status_changed', (p) => p.identity === bob && p.status.online);
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
    await settle(a, o);
    expect(a.eventsSince(aFrom)).toEqual(['user_left', 'user_status_changed', 'pong']);
    expect(roomEvents(o, sid)).toEqual([]);

    a.emit('get_online_users', { conversationSid: sid });
    expect((await a.next('online_users')).users.map((u) => u.identity)).toEqual([alice]);
    const reach = await ctx.server.request('GET', `/api/conversations/users/${bob}/reachability`);
    expect(expectStatus(reach, 'getUserReachability', 200).data.online).toBe(false);
  });

  it('disconnect of one of two sockets of an identity: user_left, still online', async () => {
    const { sid, alice, bob, a } = await room();
    const b2 = await ctx.server.client({ name: 'bob-2' });
    await b2.join(sid, bob);
    await a.next('user_joined', (p) => p.identity === bob);
    const aFrom = a.mark();
    b2.close();
    await a.next('user_left', undefined, { from: aFrom });
    await settle(a);
    expect(a.eventsSince(aFrom)).toEqual(['user_left', 'pong']);
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

    // Nobody is in the room any more: a later send is 404, presence is empty, typing fails.
    const send = await ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
      json: { body: 'too late', author: alice },
    });
    expectStatus(send, 'sendMessage', 404);
    a.emit('get_online_users', { conversationSid: sid });
    expect((await a.next('online_users')).users).toEqual([]);
    a.emit('typing_start', { conversationSid: sid, identity: alice });
    expect(await a.next('message_error')).toMatchObject({ event: 'typing_start' });
    a.emit('send_message', { conversationSid: sid, body: 'too late', author: alice });
    expect(await a.next('message_error')).toMatchObject({
      event: 'send_message',
      conversationSid: sid,
    });
    await settle(a, b);
    expect(a.all('new_message')).toEqual([]);
    expect(b.all('new_message')).toEqual([]);
    expect(b.all('user_typing')).toEqual([]);
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
