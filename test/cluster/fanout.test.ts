// Nodes sharing a Redis (REDIS_URL) in one process: room events reach sockets on every node,
// and a client that drops for a few seconds gets what it missed when it comes back — on
// another node too (Socket.IO connection state recovery over the Redis stream).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoProblems,
  createConversation,
  modes,
  sendRest,
  startServer,
  type TestClient,
  type TestServer,
  uid,
} from '../server/harness.ts';
import { dropPrefix, REDIS_TEST_URL, redisAvailable, uniquePrefix } from './redis-service.ts';

const HAVE_REDIS = await redisAvailable('test/cluster/fanout');

/** Drops the client's connection the way a network failure does (not `disconnect()`). */
function dropConnection(client: TestClient): Promise<string> {
  const gone = client.disconnected();
  client.socket.io.engine.close();
  return gone;
}

/** Reconnects a dropped client, to `url` (another node) if given; resolves once connected. */
function reconnect(client: TestClient, url?: string): Promise<void> {
  if (url) (client.socket.io as unknown as { uri: string }).uri = url;
  return new Promise((resolve, reject) => {
    client.socket.once('connect', () => resolve());
    client.socket.once('connect_error', reject);
    client.socket.connect();
  });
}

describe.skipIf(!HAVE_REDIS).each(modes)('nodes sharing Redis ($name)', (mode) => {
  const prefix = uniquePrefix('fanout');
  const env = { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix };
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;

  beforeAll(async () => {
    a = await startServer(mode, { env });
    b = await startServer(mode, { env, backend: a.backend });
    c = await startServer(mode, { env, backend: a.backend });
  });
  afterAll(async () => {
    await Promise.all([b?.stop(), c?.stop()]);
    await a?.close();
    await dropPrefix(REDIS_TEST_URL, prefix);
  });

  /** A conversation of alice and bob, alice's socket on node A and bob's on node B. */
  async function aliceOnAWithBobOnB() {
    const [alice, bob] = [uid('alice'), uid('bob')];
    const sid = await createConversation(a, [alice, bob]);
    const onA = await a.client({ name: 'alice@A' });
    const onB = await b.client({ name: 'bob@B' });
    await onA.join(sid, alice);
    await onB.join(sid, bob);
    return { alice, bob, sid, onA, onB };
  }

  it('a message sent on one node reaches the room on every node, once each', async () => {
    const { alice, sid, onA, onB } = await aliceOnAWithBobOnB();

    const sent = await sendRest(a, sid, alice, 'across nodes');
    for (const client of [onA, onB]) {
      const message = await client.next('new_message', (m) => m.message.sid === sent);
      expect(message.message.body).toBe('across nodes');
    }
    // Once each: after a round trip through each node, no second copy has arrived.
    await Promise.all([onA.roundTrip(), onB.roundTrip()]);
    for (const client of [onA, onB]) {
      expect(client.all('new_message', (m) => m.message.sid === sent)).toHaveLength(1);
    }
    assertNoProblems(a.backend);
  });

  it('a packet appended to the stream twice (its XADD sent again) reaches each socket once', async () => {
    // ioredis sends a command again after a reconnect when the connection closed before its
    // answer: when Redis had appended the entry and only the answer was lost, the stream
    // holds the packet twice, field for field.
    const { alice, sid, onA, onB } = await aliceOnAWithBobOnB();
    const sent = await sendRest(a, sid, alice, 'appended twice');
    const payload = await onB.next('new_message', (m) => m.message.sid === sent);

    const redis = new Redis(REDIS_TEST_URL);
    try {
      const stream = `${prefix}socket.io`;
      const entries = await redis.xrevrange(stream, '+', '-', 'COUNT', 100);
      const entry = entries.find(([, fields]) => fields.some((field) => field.includes(sent)));
      if (!entry) throw new Error(`no entry of ${stream} carries ${sent}`);
      await redis.xadd(stream, '*', ...entry[1]);
    } finally {
      redis.disconnect();
    }
    // Node B reads the stream in order: once the next packet is in, the copy was read.
    const after = await sendRest(a, sid, alice, 'after the copy');
    await onB.next('new_message', (m) => m.message.sid === after);
    expect(onB.all('new_message', (m) => m.message.sid === sent)).toHaveLength(1);

    // Two broadcasts that say the same thing are two packets: both arrive.
    const from = onB.mark();
    a.app.io.to(sid).emit('new_message', payload);
    a.app.io.to(sid).emit('new_message', payload);
    for (const _ of [1, 2]) await onB.next('new_message', (m) => m.message.sid === sent, { from });
    onA.close();
    onB.close();
    assertNoProblems(a.backend);
  });

  it('a client that drops for 2 s and comes back on another node gets the messages it missed, in order', async () => {
    const [alice, bob] = [uid('alice'), uid('bob')];
    const sid = await createConversation(a, [alice, bob]);
    const onA = await a.client({ name: 'alice@A' });
    const dropping = await b.client({ name: 'bob@B' });
    await onA.join(sid, alice);
    await dropping.join(sid, bob);
    const socketId = dropping.socket.id;

    await dropConnection(dropping);
    await onA.next('user_left', (p) => p.identity === bob);
    const missed: string[] = [];
    for (const n of [1, 2, 3]) missed.push(await sendRest(a, sid, alice, `missed ${n}`));
    // The drop lasts 2 s (the scenario, not an assertion): the client then returns to C.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const from = dropping.mark();
    await reconnect(dropping, c.url);

    expect(dropping.socket.recovered).toBe(true);
    expect(dropping.socket.id).toBe(socketId);
    const received: string[] = [];
    for (const _ of missed) {
      const message = await dropping.next('new_message', (m) => m.conversationSid === sid, {
        from,
      });
      received.push(message.message.sid);
    }
    expect(received).toEqual(missed);
    // Its return is announced like a join, and it is in the room again for what follows.
    await onA.next('user_joined', (p) => p.identity === bob);
    const after = await sendRest(a, sid, alice, 'after the return');
    await dropping.next('new_message', (m) => m.message.sid === after);
    dropping.close();
    assertNoProblems(a.backend);
  });
});
