// Rate-limit counters of a cluster node in Redis (rate-limiter-flexible's RateLimiterRedis on
// the node's limits connection, RedisLink.limits), so a caller's budget is one budget across
// every node rather than one per node. The limiter never waits for Redis: while Redis is
// not connected, or does not answer a count within LIMITS_COMMAND_TIMEOUT_MS, it counts in
// this node's memory instead (the insurance limiter), so during an outage a caller may get
// up to one budget per node, and no request is refused, or held, for Redis' sake.
// Points are taken from Redis in leases (leased-limiter.ts), not one round trip per request.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../limits/rate-limits.ts';
import { LeasedLimiter } from './leased-limiter.ts';

export function redisLimiterFactory(client: Redis, keyPrefix: string): LimiterFactory {
  return (options) =>
    new LeasedLimiter(
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${keyPrefix}${options.keyPrefix}`,
        points: options.points,
        duration: options.duration,
        // Skips the round trip while the connection is known to be down; the connection's
        // own options (src/cluster/redis.ts) cover the moment before that is known.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      }),
      options.points,
    );
}
