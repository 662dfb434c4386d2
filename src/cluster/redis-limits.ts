// Rate-limit counters of a cluster node in Redis (rate-limiter-flexible's RateLimiterRedis on
// the node's ioredis client), so a caller's budget is one budget across every node rather
// than one per node. While Redis is not connected the limiter does not wait for it (the
// node's client queues commands until Redis is back, which would hold every request): it
// counts in this node's memory instead (the insurance limiter), so during an outage a caller
// may get up to one budget per node, and no request is refused or delayed for Redis' sake.
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
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      }),
      options.points,
    );
}
