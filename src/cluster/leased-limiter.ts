// A shared rate limit without a Redis round trip per request. Asking Redis for every point
// cost a cluster node about a quarter of its REST throughput (the bench's adapter-cost
// line), so a node takes points from the shared counter in leases: one Redis call claims
// `leaseSize` points of a caller's budget, and the node serves the next requests of that
// caller from the lease in memory until it is used up or the window ends.
//
// Every point a node serves was counted in Redis before it was served, so the cluster as
// a whole never lets a caller exceed the limit. The price is the other way round: points a
// node has leased but not used are lost to the other nodes until the window ends, so a
// caller whose requests are spread over N nodes may be refused up to (leaseSize - 1) x
// (N - 1) requests early. With one lease per hundredth of the budget that is 1 % of the
// limit per extra node, which a limit meant to stop floods can afford.
//
// A lease that would overshoot (fewer points left than a lease) still counts the whole
// lease in Redis (rate-limiter-flexible increments before it compares), so the node keeps
// exactly the points that were left and refuses the rest: the bound stays exact at the edge.
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Limiter } from '../limits/rate-limits.ts';

/** Points per lease for a budget: a hundredth of it, between 1 and 100. */
export function leaseSizeFor(points: number): number {
  return Math.max(1, Math.min(100, Math.floor(points / 100)));
}

interface Lease {
  remaining: number;
  /** The shared counter had fewer points left than a lease: none are left this window. */
  last: boolean;
  /** When the shared window this lease was taken in ends (ms since the epoch). */
  endsAt: number;
}

/**
 * Leases kept at most. Past it, expired ones are swept (at most once a second), and a
 * caller without a lease while the map is full is counted in Redis point by point: a live
 * lease is never dropped, since its unused points stay counted against its caller.
 */
const DEFAULT_MAX_KEYS = 10_000;
const SWEEP_INTERVAL_MS = 1_000;

export interface LeaseOptions {
  /** Points per lease; default leaseSizeFor(points). */
  leaseSize?: number;
  /** Leases kept at most; default 10,000. */
  maxKeys?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

export class LeasedLimiter implements Limiter {
  private readonly leases = new Map<string, Lease>();
  /** One lease request per key at a time; concurrent consumers wait for it. */
  private readonly pending = new Map<string, Promise<void>>();
  private nextSweep = 0;

  private readonly leaseSize: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(
    /** The shared counter (RateLimiterRedis, or anything with its consume contract). */
    private readonly shared: Limiter,
    private readonly points: number,
    options: LeaseOptions = {},
  ) {
    this.leaseSize = options.leaseSize ?? leaseSizeFor(points);
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = options.now ?? Date.now;
  }

  async consume(key: string, points = 1): Promise<unknown> {
    // Only single points are leased; anything else is counted as asked.
    if (points !== 1) return this.shared.consume(key, points);
    for (;;) {
      const lease = this.leases.get(key);
      if (lease !== undefined && lease.endsAt > this.now()) {
        if (lease.remaining > 0) {
          lease.remaining--;
          return undefined;
        }
        // The last lease of the window is used up: the shared counter is at the limit (the
        // other nodes may hold the rest). Redis is asked again once the window has ended.
        if (lease.last) throw new RateLimiterRes(0, lease.endsAt - this.now(), this.points, false);
      }
      const inFlight = this.pending.get(key);
      if (inFlight !== undefined) {
        await inFlight;
        continue;
      }
      if (lease === undefined && !this.hasRoom()) return this.shared.consume(key, 1);
      const request = this.takeLease(key).finally(() => this.pending.delete(key));
      this.pending.set(key, request);
      await request;
    }
  }

  private async takeLease(key: string): Promise<void> {
    // The window is measured from before the call: a lease never outlives Redis' window.
    const asked = this.now();
    let remaining: number;
    let msLeft: number;
    let last = false;
    try {
      const granted = (await this.shared.consume(key, this.leaseSize)) as RateLimiterRes;
      remaining = this.leaseSize;
      msLeft = granted.msBeforeNext;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // The counter now includes this whole lease; what was left before it is ours.
      remaining = Math.max(0, this.leaseSize - (rejection.consumedPoints - this.points));
      msLeft = rejection.msBeforeNext;
      last = true;
    }
    this.leases.set(key, { remaining, last, endsAt: asked + Math.max(1, msLeft) });
  }

  /** Whether a new key may get a lease; sweeps expired leases when the map is full. */
  private hasRoom(): boolean {
    if (this.leases.size < this.maxKeys) return true;
    const now = this.now();
    if (now < this.nextSweep) return false;
    this.nextSweep = now + SWEEP_INTERVAL_MS;
    for (const [key, lease] of this.leases) if (lease.endsAt <= now) this.leases.delete(key);
    return this.leases.size < this.maxKeys;
  }
}
