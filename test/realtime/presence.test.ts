// The Presence contract, run against the single-node implementation (memory) and the
// cluster one (Redis), which must be indistinguishable to the socket handlers; then what
// only the cluster one does: several nodes sharing one view, a dead node's sockets leaving,
// and presence written back after Redis forgets it.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisPresence } from '../../src/cluster/redis-presence.ts';
import { MemoryPresence, type Presence, type RoomChange } from '../../src/realtime/presence.ts';
import {
  dropPrefix,
  REDIS_TEST_URL,
  redisAvailable,
  uniquePrefix,
} from '../cluster/redis-service.ts';

const HAVE_REDIS = await redisAvailable('test/realtime/presence (Redis)');
const log = pino({ level: 'silent' });
const prefix = uniquePrefix('presence');
const clients: Redis[] = [];
const presences: RedisPresence[] = [];

function redisClient(): Redis {
  const client = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

function redisNode(options: Partial<ConstructorParameters<typeof RedisPresence>[0]> = {}) {
  const presence = new RedisPresence({ redis: redisClient(), keyPrefix: prefix, log, ...options });
  presences.push(presence);
  return presence;
}

afterAll(async () => {
  for (const presence of presences) await presence.close().catch(() => undefined);
  for (const client of clients) client.disconnect();
  if (HAVE_REDIS) await dropPrefix(REDIS_TEST_URL, prefix);
});

let counter = 0;
const room = () => `CH${(++counter).toString(16).padStart(32, '0')}${'' /* a fresh room */}`;
const sock = () => `socket-${++counter}`;
const identitiesOf = async (presence: Presence, r: string) =>
  (await presence.list(r)).map((u) => u.identity).sort();

const implementations: Array<{ name: string; make: () => Presence; needsRedis: boolean }> = [
  { name: 'memory', make: () => new MemoryPresence(), needsRedis: false },
  { name: 'redis', make: () => redisNode(), needsRedis: true },
];

describe.each(implementations)('Presence contract ($name)', ({ make, needsRedis }) => {
  const run = it.skipIf(needsRedis && !HAVE_REDIS);

  run(
    'an identity flips online with its first socket in a room and offline with its last',
    async () => {
      const presence = make();
      const r = room();
      const [s1, s2] = [sock(), sock()];
      expect((await presence.join(r, s1, 'alice', 'u-alice')).flipped).toBe(true);
      expect((await presence.join(r, s2, 'alice', 'u-alice')).flipped).toBe(false);
      expect(await presence.size(r)).toBe(1);
      expect(await presence.list(r)).toEqual([
        { identity: 'alice', userId: 'u-alice', lastSeen: expect.any(String) },
      ]);
      const first = await presence.leave(r, s1);
      expect(first).toMatchObject({
        room: r,
        identity: 'alice',
        userId: 'u-alice',
        flipped: false,
      });
      const last = await presence.leave(r, s2);
      expect(last).toMatchObject({ identity: 'alice', flipped: true });
      expect(await presence.size(r)).toBe(0);
      expect(await presence.leave(r, s2)).toBeNull();
    },
  );

  run('a socket knows its rooms and identities; leaveAll leaves every room once', async () => {
    const presence = make();
    const [r1, r2] = [room(), room()];
    const s = sock();
    await presence.join(r1, s, 'bob', 'u-bob');
    await presence.join(r2, s, 'bob', 'u-bob');
    expect(await presence.isInRoom(r1, s)).toBe(true);
    expect(await presence.identityIn(r2, s)).toBe('bob');
    expect(await presence.isInRoom(room(), s)).toBe(false);
    const changes = await presence.leaveAll(s);
    expect(changes.map((c) => c.room).sort()).toEqual([r1, r2].sort());
    expect(changes.every((c) => c.flipped)).toBe(true);
    expect(await presence.isInRoom(r1, s)).toBe(false);
    expect(await presence.leaveAll(s)).toEqual([]);
  });

  run('joining again as another identity replaces the first', async () => {
    const presence = make();
    const r = room();
    const s = sock();
    await presence.join(r, s, 'carol', 'u-carol');
    await presence.join(r, s, 'dave', 'u-dave');
    expect(await identitiesOf(presence, r)).toEqual(['dave']);
  });

  run('clearRoom forgets the room and the sockets in it', async () => {
    const presence = make();
    const [r, other] = [room(), room()];
    const s = sock();
    await presence.join(r, s, 'erin', 'u-erin');
    await presence.join(other, s, 'erin', 'u-erin');
    await presence.clearRoom(r);
    expect(await presence.size(r)).toBe(0);
    expect(await presence.isInRoom(r, s)).toBe(false);
    expect(await presence.isInRoom(other, s)).toBe(true);
  });

  run(
    'touch moves lastSeen on; user_connect makes an identity online until its last socket goes',
    async () => {
      const presence = make();
      const r = room();
      const [s1, s2] = [sock(), sock()];
      await presence.join(r, s1, 'frank', 'u-frank');
      const before = (await presence.list(r))[0]?.lastSeen ?? '';
      await new Promise((resolve) => setTimeout(resolve, 5));
      await presence.touch(r, 'frank');
      const after = (await presence.list(r))[0]?.lastSeen ?? '';
      expect(after > before).toBe(true);
      await presence.touch(r, 'nobody');
      expect(await identitiesOf(presence, r)).toEqual(['frank']);

      expect(await presence.isOnline('frank')).toBe(false);
      await presence.connectUser(s1, 'frank');
      await presence.connectUser(s2, 'frank');
      await presence.disconnectUser(s1);
      expect(await presence.isOnline('frank')).toBe(true);
      await presence.connectUser(s2, 'grace');
      expect(await presence.isOnline('frank')).toBe(false);
      expect(await presence.isOnline('grace')).toBe(true);
      await presence.disconnectUser(s2);
      expect(await presence.isOnline('grace')).toBe(false);
    },
  );
});

describe.skipIf(!HAVE_REDIS)('Presence across nodes (Redis)', () => {
  it('two nodes see one room: the identity flips once, whichever node its sockets are on', async () => {
    const [a, b] = [redisNode(), redisNode()];
    const r = room();
    const [onA, onB] = [sock(), sock()];
    expect((await a.join(r, onA, 'heidi', 'u-heidi')).flipped).toBe(true);
    expect((await b.join(r, onB, 'heidi', 'u-heidi')).flipped).toBe(false);
    await b.join(r, sock(), 'ivan', 'u-ivan');
    expect(await identitiesOf(a, r)).toEqual(['heidi', 'ivan']);
    expect((await a.leave(r, onA))?.flipped).toBe(false);
    expect((await b.leave(r, onB))?.flipped).toBe(true);
    expect(await identitiesOf(a, r)).toEqual(['ivan']);
  });

  it('a node that stops answering: one survivor removes its sockets and reports their leaves', async () => {
    const timing = { heartbeatMs: 100, nodeTimeoutMs: 600, reapEveryMs: 100 };
    const reported: RoomChange[] = [];
    let resolveReported: () => void = () => undefined;
    const orphansReported = new Promise<void>((resolve) => {
      resolveReported = resolve;
    });
    const dying = redisNode({ timing });
    const survivors = [1, 2].map(() =>
      redisNode({
        timing,
        onOrphansRemoved: (changes) => {
          reported.push(...changes);
          resolveReported();
        },
      }),
    );
    const r = room();
    const doomed = sock();
    const kept = sock();
    await dying.join(r, doomed, 'judy', 'u-judy');
    await dying.connectUser(doomed, 'judy');
    await survivors[0]?.join(r, kept, 'ken', 'u-ken');
    dying.start();
    for (const survivor of survivors) survivor.start();
    // Its heartbeat stops the way a killed process's does: the connection goes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    (dying as unknown as { redis: Redis }).redis.disconnect();

    await orphansReported;
    expect(reported).toEqual([
      expect.objectContaining({ room: r, identity: 'judy', userId: 'u-judy', flipped: true }),
    ]);
    const observer = survivors[1] as RedisPresence;
    expect(await identitiesOf(observer, r)).toEqual(['ken']);
    expect(await observer.isOnline('judy')).toBe(false);
  });

  it('after Redis forgets everything, each node writes its own sockets back', async () => {
    const node = redisNode();
    const r = room();
    const s = sock();
    await node.join(r, s, 'liz', 'u-liz');
    await node.connectUser(s, 'liz');
    const client = (node as unknown as { redis: Redis }).redis;
    const keys = await client.keys(`${prefix}presence:*`);
    await client.del(...keys);
    expect(await node.size(r)).toBe(0);
    // A reconnect is how a node learns Redis may have restarted.
    const restored = new Promise<void>((resolve) => client.once('ready', () => resolve()));
    client.disconnect(true);
    await restored;
    await expect.poll(() => identitiesOf(node, r), { timeout: 10_000 }).toEqual(['liz']);
    expect(await node.isOnline('liz')).toBe(true);
  });
});
