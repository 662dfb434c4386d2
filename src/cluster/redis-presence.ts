// Presence shared by the nodes of a cluster, in Redis: who is online in which room (per
// identity, counting the sockets of every node) and who sent `user_connect`. Each change is
// one Lua script, so two nodes changing the same room at once still agree on whether an
// identity's first socket arrived or its last one left (`flipped`).
//
// Node failure: every node records the sockets it serves under its own id and refreshes a
// heartbeat (Redis' clock, so machines' clocks do not matter). A node whose heartbeat is
// older than NODE_TIMEOUT_MS is dead: the first survivor to notice takes its sockets out of
// presence and announces the leaves (`onOrphansRemoved`), within HEARTBEAT_MS +
// NODE_TIMEOUT_MS + REAP_EVERY_MS of the death (DEAD_NODE_BOUND_MS, documented).
//
// What stays per node: a mirror of this node's own sockets' presence, written back after
// Redis loses its data (a restart without persistence), so the cluster's view heals itself.
//
// Layout under `<prefix>presence:` (a room is a conversation SID, which has no `|`):
//   room:<room>              hash identity -> {"u": userId, "t": lastSeen ms}
//   sockets:<room>|<id>      set of socket ids of that identity in that room
//   socket:<socket>          hash room -> identity (the rooms of one socket)
//   user:<socket>            identity that socket sent user_connect as
//   online:<identity>        set of socket ids that sent user_connect as that identity
//   node:<node>              set of socket ids served by that node
//   nodes                    sorted set node -> last heartbeat (ms, Redis clock)
// Keys are built inside the scripts, so this needs one Redis (or a primary with replicas),
// not Redis Cluster.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { OnlineUser, Presence, RoomChange } from '../realtime/presence.ts';

export const HEARTBEAT_MS = 2_000;
export const NODE_TIMEOUT_MS = 8_000;
export const REAP_EVERY_MS = 2_000;
/** Longest time from a node's death to its users' leave being announced (spec: 15 s). */
export const DEAD_NODE_BOUND_MS = HEARTBEAT_MS + NODE_TIMEOUT_MS + REAP_EVERY_MS;

const JOIN = `
local p, room, sid, id, uid, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local skey = p .. 'sockets:' .. room .. '|' .. id
local added = redis.call('SADD', skey, sid)
local count = redis.call('SCARD', skey)
redis.call('HSET', p .. 'room:' .. room, id, cjson.encode({u = uid, t = now}))
redis.call('HSET', p .. 'socket:' .. sid, room, id)
redis.call('SADD', p .. 'node:' .. node, sid)
local flipped = 0
if added == 1 and count == 1 then flipped = 1 end
return {flipped, now}
`;

const LEAVE = `
local p, room, sid = ARGV[1], ARGV[2], ARGV[3]
local id = redis.call('HGET', p .. 'socket:' .. sid, room)
if not id then return false end
redis.call('HDEL', p .. 'socket:' .. sid, room)
local skey = p .. 'sockets:' .. room .. '|' .. id
redis.call('SREM', skey, sid)
local left = redis.call('SCARD', skey)
local rkey = p .. 'room:' .. room
local raw = redis.call('HGET', rkey, id)
local uid = id
if raw then uid = cjson.decode(raw).u end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local flipped = 0
if left == 0 then
  flipped = 1
  redis.call('HDEL', rkey, id)
elseif raw then
  redis.call('HSET', rkey, id, cjson.encode({u = uid, t = now}))
end
return {id, uid, flipped, now}
`;

const TOUCH = `
local key, id = KEYS[1], ARGV[1]
local raw = redis.call('HGET', key, id)
if not raw then return 0 end
local t = redis.call('TIME')
redis.call('HSET', key, id, cjson.encode({u = cjson.decode(raw).u, t = t[1] * 1000 + math.floor(t[2] / 1000)}))
return 1
`;

const CLEAR_ROOM = `
local p, room = ARGV[1], ARGV[2]
local rkey = p .. 'room:' .. room
for _, id in ipairs(redis.call('HKEYS', rkey)) do
  local skey = p .. 'sockets:' .. room .. '|' .. id
  for _, sid in ipairs(redis.call('SMEMBERS', skey)) do
    redis.call('HDEL', p .. 'socket:' .. sid, room)
  end
  redis.call('DEL', skey)
end
redis.call('DEL', rkey)
return 1
`;

const CONNECT_USER = `
local p, sid, id, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local old = redis.call('GET', p .. 'user:' .. sid)
if old then redis.call('SREM', p .. 'online:' .. old, sid) end
redis.call('SET', p .. 'user:' .. sid, id)
redis.call('SADD', p .. 'online:' .. id, sid)
redis.call('SADD', p .. 'node:' .. node, sid)
return 1
`;

const DISCONNECT_USER = `
local p, sid = ARGV[1], ARGV[2]
local id = redis.call('GET', p .. 'user:' .. sid)
if id then
  redis.call('SREM', p .. 'online:' .. id, sid)
  redis.call('DEL', p .. 'user:' .. sid)
end
return 1
`;

const HEARTBEAT = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], t[1] * 1000 + math.floor(t[2] / 1000), ARGV[1])
return 1
`;

/** Claims the dead nodes (older than ARGV[2] ms): each is claimed by one survivor only. */
const CLAIM_DEAD = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local claimed = {}
for _, node in ipairs(dead) do
  if node ~= ARGV[1] then
    redis.call('ZREM', KEYS[1], node)
    table.insert(claimed, node)
  end
end
return claimed
`;

interface Scripts {
  join(...args: string[]): Promise<[number, number]>;
  leave(...args: string[]): Promise<[string, string, number, number] | null>;
  touch(key: string, identity: string): Promise<number>;
  clearRoom(...args: string[]): Promise<number>;
  connectUser(...args: string[]): Promise<number>;
  disconnectUser(...args: string[]): Promise<number>;
  heartbeat(key: string, node: string): Promise<number>;
  claimDead(key: string, self: string, timeoutMs: string): Promise<string[]>;
}

function defineScripts(redis: Redis): Scripts {
  const define = (name: string, lua: string, numberOfKeys: number) =>
    redis.defineCommand(`chatPresence_${name}`, { lua, numberOfKeys });
  define('join', JOIN, 0);
  define('leave', LEAVE, 0);
  define('touch', TOUCH, 1);
  define('clearRoom', CLEAR_ROOM, 0);
  define('connectUser', CONNECT_USER, 0);
  define('disconnectUser', DISCONNECT_USER, 0);
  define('heartbeat', HEARTBEAT, 1);
  define('claimDead', CLAIM_DEAD, 1);
  const commands = redis as unknown as Record<string, (...args: string[]) => Promise<unknown>>;
  const call =
    <T>(name: string) =>
    (...args: string[]) =>
      commands[`chatPresence_${name}`]?.(...args) as Promise<T>;
  return {
    join: call('join'),
    leave: call('leave'),
    touch: call('touch'),
    clearRoom: call('clearRoom'),
    connectUser: call('connectUser'),
    disconnectUser: call('disconnectUser'),
    heartbeat: call('heartbeat'),
    claimDead: call('claimDead'),
  };
}

/** This node's own sockets, as presence last saw them: written back after Redis forgets. */
interface LocalSocket {
  rooms: Map<string, { identity: string; userId: string }>;
  user: string | undefined;
}

export interface RedisPresenceOptions {
  redis: Redis;
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  log: Logger;
  /** Called with the leaves of a dead node's sockets, once, by the survivor that found it. */
  onOrphansRemoved?: (changes: RoomChange[]) => Promise<void> | void;
  /** Overrides for tests of the failure detection. */
  timing?: { heartbeatMs?: number; nodeTimeoutMs?: number; reapEveryMs?: number };
}

export class RedisPresence implements Presence {
  readonly nodeId = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly redis: Redis;
  private readonly p: string;
  private readonly scripts: Scripts;
  private readonly log: Logger;
  private readonly local = new Map<string, LocalSocket>();
  private readonly pending = new Set<Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];
  private everReady = false;
  private closed = false;

  constructor(private readonly options: RedisPresenceOptions) {
    this.redis = options.redis;
    this.p = `${options.keyPrefix}presence:`;
    this.scripts = defineScripts(this.redis);
    this.log = options.log;
    this.redis.on('ready', this.onReady);
    if (this.redis.status === 'ready') this.everReady = true;
  }

  /** Starts the heartbeat and the watch for dead nodes. */
  start(): void {
    const heartbeatMs = this.options.timing?.heartbeatMs ?? HEARTBEAT_MS;
    const reapEveryMs = this.options.timing?.reapEveryMs ?? REAP_EVERY_MS;
    void this.track(this.heartbeat());
    this.timers = [
      setInterval(() => void this.track(this.heartbeat()), heartbeatMs),
      setInterval(() => void this.track(this.reapDeadNodes()), reapEveryMs),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** Waits for the operations in flight, then leaves the cluster (its sockets are gone). */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.redis.off('ready', this.onReady);
    // A leave announced after an await adds work behind the one just finished: settle until
    // a turn of the event loop brings nothing new.
    for (;;) {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      await new Promise((resolve) => setImmediate(resolve));
      if (this.pending.size === 0) break;
    }
    if (this.redis.status !== 'ready') return;
    await this.redis
      .multi()
      .zrem(`${this.p}nodes`, this.nodeId)
      .del(`${this.p}node:${this.nodeId}`)
      .exec()
      .catch(() => undefined);
  }

  async join(room: string, socketId: string, identity: string, userId: string) {
    return this.track(
      (async (): Promise<RoomChange> => {
        const previous = await this.identityIn(room, socketId);
        if (previous !== undefined && previous !== identity) await this.leave(room, socketId);
        const [flipped, at] = await this.scripts.join(
          this.p,
          room,
          socketId,
          identity,
          userId,
          this.nodeId,
        );
        this.mirror(socketId).rooms.set(room, { identity, userId });
        return { room, identity, userId, flipped: flipped === 1, lastSeen: new Date(at) };
      })(),
    );
  }

  async leave(room: string, socketId: string) {
    return this.track(
      (async (): Promise<RoomChange | null> => {
        this.local.get(socketId)?.rooms.delete(room);
        const result = await this.scripts.leave(this.p, room, socketId);
        if (!result) return null;
        const [identity, userId, flipped, at] = result;
        return { room, identity, userId, flipped: flipped === 1, lastSeen: new Date(at) };
      })(),
    );
  }

  async leaveAll(socketId: string) {
    return this.track(
      (async (): Promise<RoomChange[]> => {
        const rooms = await this.redis.hkeys(`${this.p}socket:${socketId}`);
        const changes: RoomChange[] = [];
        for (const room of rooms) {
          const change = await this.leave(room, socketId);
          if (change) changes.push(change);
        }
        await this.forgetSocket(socketId);
        return changes;
      })(),
    );
  }

  async isInRoom(room: string, socketId: string) {
    return this.track(this.redis.hexists(`${this.p}socket:${socketId}`, room).then((n) => n === 1));
  }

  async identityIn(room: string, socketId: string) {
    return this.track(
      this.redis.hget(`${this.p}socket:${socketId}`, room).then((id) => id ?? undefined),
    );
  }

  async clearRoom(room: string) {
    for (const socket of this.local.values()) socket.rooms.delete(room);
    await this.track(this.scripts.clearRoom(this.p, room));
  }

  async touch(room: string, identity: string) {
    await this.track(this.scripts.touch(`${this.p}room:${room}`, identity));
  }

  async list(room: string) {
    return this.track(
      this.redis.hgetall(`${this.p}room:${room}`).then((members) =>
        Object.entries(members).map(([identity, raw]): OnlineUser => {
          const { u, t } = JSON.parse(raw) as { u: string; t: number };
          return { userId: u, identity, lastSeen: new Date(t).toISOString() };
        }),
      ),
    );
  }

  async size(room: string) {
    return this.track(this.redis.hlen(`${this.p}room:${room}`));
  }

  async connectUser(socketId: string, identity: string) {
    this.mirror(socketId).user = identity;
    await this.track(this.scripts.connectUser(this.p, socketId, identity, this.nodeId));
  }

  async disconnectUser(socketId: string) {
    const socket = this.local.get(socketId);
    if (socket) socket.user = undefined;
    await this.track(this.scripts.disconnectUser(this.p, socketId));
  }

  async isOnline(identity: string) {
    return this.track(this.redis.scard(`${this.p}online:${identity}`).then((n) => n > 0));
  }

  // -------------------------------------------------------------------------------------

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.then(
      () => this.pending.delete(work),
      () => this.pending.delete(work),
    );
    return work;
  }

  private mirror(socketId: string): LocalSocket {
    let socket = this.local.get(socketId);
    if (!socket) {
      socket = { rooms: new Map(), user: undefined };
      this.local.set(socketId, socket);
    }
    return socket;
  }

  /** The socket is gone: nothing of it is left in presence. */
  private async forgetSocket(socketId: string): Promise<void> {
    const socket = this.local.get(socketId);
    if (socket && socket.rooms.size === 0 && socket.user === undefined) {
      this.local.delete(socketId);
    }
    if (!this.local.has(socketId)) {
      await this.redis.srem(`${this.p}node:${this.nodeId}`, socketId);
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.closed || this.redis.status !== 'ready') return;
    await this.scripts.heartbeat(`${this.p}nodes`, this.nodeId);
  }

  /** Takes the sockets of dead nodes out of presence and hands their leaves on. */
  private async reapDeadNodes(): Promise<void> {
    if (this.closed || this.redis.status !== 'ready') return;
    const timeoutMs = this.options.timing?.nodeTimeoutMs ?? NODE_TIMEOUT_MS;
    const dead = await this.scripts.claimDead(`${this.p}nodes`, this.nodeId, String(timeoutMs));
    for (const node of dead) {
      const sockets = await this.redis.smembers(`${this.p}node:${node}`);
      const changes: RoomChange[] = [];
      for (const socketId of sockets) {
        await this.scripts.disconnectUser(this.p, socketId);
        const rooms = await this.redis.hkeys(`${this.p}socket:${socketId}`);
        for (const room of rooms) {
          const result = await this.scripts.leave(this.p, room, socketId);
          if (!result) continue;
          const [identity, userId, flipped, at] = result;
          changes.push({ room, identity, userId, flipped: flipped === 1, lastSeen: new Date(at) });
        }
      }
      await this.redis.del(`${this.p}node:${node}`);
      this.log.warn(
        { node, sockets: sockets.length, leaves: changes.length },
        'a cluster node stopped answering: its sockets left presence',
      );
      try {
        await this.options.onOrphansRemoved?.(changes);
      } catch (error) {
        this.log.error({ err: error, node }, 'announcing the leaves of a dead node failed');
      }
    }
  }

  /** After a reconnect, writes this node's sockets back (Redis may have lost them). */
  private readonly onReady = () => {
    if (!this.everReady) {
      this.everReady = true;
      return;
    }
    void this.track(this.restore()).catch((error: unknown) => {
      this.log.error({ err: error }, 'restoring presence after a Redis reconnect failed');
    });
  };

  private async restore(): Promise<void> {
    await this.heartbeat();
    for (const [socketId, socket] of this.local) {
      if (socket.user !== undefined) {
        await this.scripts.connectUser(this.p, socketId, socket.user, this.nodeId);
      }
      for (const [room, { identity, userId }] of socket.rooms) {
        await this.scripts.join(this.p, room, socketId, identity, userId, this.nodeId);
      }
    }
  }
}
