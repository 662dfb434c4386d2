// The shared state of a back end (src/providers/cross-node-state.ts) on the node's Redis, so
// every node of a cluster sees what another node recorded: a claim is SET NX EX (one node
// wins, and Redis forgets it after its TTL, so there is no count bound to keep in memory);
// a versioned value is a hash {v, d} replaced by a Lua script only by a higher version, so
// two nodes writing at once still leave the newest. Commands wait for Redis while it is
// away (the node's client queues them), like the fan-out: a webhook answered late is
// retried by its sender, and a late answer beats a wrong one.
import type { Redis } from 'ioredis';
import type { SharedState } from '../providers/cross-node-state.ts';

const PUT_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`;

export function redisState(client: Redis, keyPrefix: string): SharedState {
  const key = (name: string) => `${keyPrefix}state:${name}`;
  return {
    async claim(name, ttlSeconds) {
      return (await client.set(key(name), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async get(name) {
      return (await client.hget(key(name), 'd')) ?? undefined;
    },
    async putIfNewer(name, version, value, ttlSeconds) {
      await client.eval(PUT_IF_NEWER, 1, key(name), String(version), value, String(ttlSeconds));
    },
    async delete(name) {
      await client.del(key(name));
    },
  };
}
