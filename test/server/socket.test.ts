// Socket.IO behaviour the contract does not state but the reference server promises: the
// events of one socket are handled in order, even when the provider is slow (a join held
// open, then a leave or a disconnect); validation messages name the field; undeclared
// events are ignored. Who receives what, payloads and validation are
// contract rules: the conformance checks (conformance/checks/socket-*.ts) prove them
// against this server in every mode (conformance/reference.test.ts, conformance/twilio.test.ts).
import { describe, expect, it } from 'vitest';
import {
  createConversation,
  modes,
  request,
  sendRest,
  TestClient,
  UNKNOWN_CONVERSATION,
  uid,
  useServer,
} from './harness.ts';

describe.each(modes)('socket events beyond the contract ($name)', (mode) => {
  const ctx = useServer(mode);

  it('a validation error names the offending field, in a short message', async () => {
    const me = uid('me');
    const sid = await createConversation(ctx.server, [me]);
    const client = await ctx.server.client();
    for (const [event, payload, field] of [
      ['user_connect', { userId: me }, 'identity'],
      ['join_conversation', { conversationSid: 'CH123', identity: me }, 'conversationSid'],
      ['send_message', { conversationSid: sid, body: 12345, author: me }, 'body'],
      ['typing_start', { conversationSid: sid, identity: me, extra: true }, 'extra'],
      ['get_online_users', { conversationSid: sid, identity: 'x'.repeat(200_000) }, 'identity'],
    ] as const) {
      const from = client.mark();
      client.emitRaw(event, payload);
      const error = await client.next('message_error', undefined, { from });
      expect(error.event, event).toBe(event);
      expect(error.error, event).toContain(field);
      expect(error.error.length, event).toBeLessThan(1000);
    }
  });

  it('an event the spec does not define is ignored; the connection stays up', async () => {
    const client = await ctx.server.client();
    client.emitRaw('delete_everything', { conversationSid: UNKNOWN_CONVERSATION });
    client.emitRaw('user_connected', { success: true });
    await client.roundTrip();
    expect(client.eventsSince(0)).toEqual([]);
  });

  it('the harness fails a test on an event that breaks the spec', async () => {
    const client = await ctx.server.client();
    ctx.server.app.io.emit('pong', {} as never);
    await client.next('pong');
    expect(TestClient.drain().join('\n')).toMatch(/pong payload matches its AsyncAPI schema/);
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
    expect(s.eventsSince(sFrom)).toEqual([]);
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
    expect(a.eventsSince(aFrom)).toEqual(['online_users']);
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
