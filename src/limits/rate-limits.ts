// Rate limits, built in one place (rate-limiter-flexible): requests per caller on REST
// (the token's identity, else the client address) and events per socket. In memory by
// default; a cluster node (REDIS_URL) passes the Redis-backed factory of
// src/cluster/redis-limits.ts, so counters are shared by every node.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** What a limiter needs to be: consume a point for a key, or reject with RateLimiterRes. */
export interface Limiter {
  consume(key: string, points?: number): Promise<unknown>;
}

export interface LimiterOptions {
  /** Distinguishes the REST and socket counters in a shared store. */
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
}

export type LimiterFactory = (options: LimiterOptions) => Limiter;

export const memoryLimiter: LimiterFactory = (options) => new RateLimiterMemory(options);

export interface RateLimitSettings {
  /** Requests per minute per caller on REST; 0 turns the limit off. */
  restPerMinute: number;
  /** Events per minute per socket; 0 turns the limit off. */
  socketEventsPerMinute: number;
}

/** Null when under the limit, else the seconds to wait (at least 1). */
export type Check = (key: string) => Promise<number | null>;

function checker(limiter: Limiter | null): Check {
  if (limiter === null) return async () => null;
  return async (key) => {
    try {
      await limiter.consume(key);
      return null;
    } catch (rejection) {
      // A store failure is not the caller's fault: serve rather than refuse everyone.
      if (!(rejection instanceof RateLimiterRes)) return null;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  };
}

export interface RateLimits {
  rest: Check;
  socket: Check;
}

export function createRateLimits(
  settings: RateLimitSettings,
  factory: LimiterFactory = memoryLimiter,
): RateLimits {
  const make = (keyPrefix: string, points: number) =>
    points > 0 ? factory({ keyPrefix, points, duration: 60 }) : null;
  return {
    rest: checker(make('rl-rest', settings.restPerMinute)),
    socket: checker(make('rl-socket', settings.socketEventsPerMinute)),
  };
}
