// Leased rate limits on the real Redis: two limiters on one key prefix stand for two nodes
// of a cluster. What must hold: a caller is never served more than the limit across the
// nodes, at most (lease - 1) x (nodes - 1) requests are refused early, and Redis is asked
// once per lease rather than once per request.
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropPrefix,
  REDIS_TEST_URL,
  redisAvailable,
  uniquePrefix,
} from '../../test/cluster/redis-service.ts';
import type { Limiter } from '../limits/rate-limits.ts';
import { LeasedLimiter, leaseSizeFor } from './leased-limiter.ts';

const HAVE_REDIS = await redisAvailable('src/cluster/leased-limiter');

/** The shared counter, counting how often it is asked. */
function countingShared(client: Redis, prefix: string, points: number) {
  const redisLimiter = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: prefix,
    points,
    duration: 60,
  });
  const counted = {
    calls: 0,
    consume(key: string, n?: number) {
      counted.calls++;
      return redisLimiter.consume(key, n);
    },
  } satisfies Limiter & { calls: number };
  return counted;
}

/** Consumes on `limiter` until it refuses; returns how many were served and the refusal. */
async function drain(limiter: Limiter, key: string) {
  let served = 0;
  for (;;) {
    try {
      await limiter.consume(key);
      served++;
    } catch (refusal) {
      return { served, refusal };
    }
  }
}

describe('leaseSizeFor', () => {
  it('is a hundredth of the budget, at least 1 and at most 100', () => {
    expect(leaseSizeFor(4)).toBe(1);
    expect(leaseSizeFor(6000)).toBe(60);
    expect(leaseSizeFor(1e9)).toBe(100);
  });
});

describe.skipIf(!HAVE_REDIS)('leased rate limits on two nodes', () => {
  const prefix = uniquePrefix('leases');
  let client: Redis;
  beforeAll(() => {
    client = new Redis(REDIS_TEST_URL);
  });
  afterAll(async () => {
    client.disconnect();
    await dropPrefix(REDIS_TEST_URL, prefix);
  });

  it('asks Redis once per lease, not once per request', async () => {
    const shared = countingShared(client, `${prefix}once:`, 1000);
    const node = new LeasedLimiter(shared, 1000, { leaseSize: 10 });
    for (let i = 0; i < 100; i++) await node.consume('alice');
    expect(shared.calls).toBe(10);
  });

  it('concurrent requests of one caller share one lease request', async () => {
    const shared = countingShared(client, `${prefix}concurrent:`, 1000);
    const node = new LeasedLimiter(shared, 1000, { leaseSize: 10 });
    await Promise.all(Array.from({ length: 10 }, () => node.consume('alice')));
    expect(shared.calls).toBe(1);
  });

  it('never serves more than the limit across the nodes, and refuses at most lease-1 early', async () => {
    const points = 100;
    const lease = 10;
    const sharedA = countingShared(client, `${prefix}bound:`, points);
    const sharedB = countingShared(client, `${prefix}bound:`, points);
    const a = new LeasedLimiter(sharedA, points, { leaseSize: lease });
    const b = new LeasedLimiter(sharedB, points, { leaseSize: lease });
    // A takes a lease and uses one point of it; B then uses everything it can get.
    await a.consume('bob');
    const onB = await drain(b, 'bob');
    const onA = await drain(a, 'bob');
    expect(onB.served).toBe(points - lease);
    expect(1 + onA.served + onB.served).toBe(points);
    expect(onB.refusal).toBeInstanceOf(RateLimiterRes);
    expect((onB.refusal as RateLimiterRes).msBeforeNext).toBeGreaterThan(0);
  });

  it('keeps exactly the points that were left when a lease overshoots the limit', async () => {
    // 25 points in leases of 10: the third lease finds 5 left and keeps those 5.
    const points = 25;
    const a = new LeasedLimiter(countingShared(client, `${prefix}edge:`, points), points, {
      leaseSize: 10,
    });
    const b = new LeasedLimiter(countingShared(client, `${prefix}edge:`, points), points, {
      leaseSize: 10,
    });
    const onA = await drain(a, 'carol');
    const onB = await drain(b, 'carol');
    expect(onA.served).toBe(points);
    expect(onB.served).toBe(0);
  });

  it('refuses from memory after the last lease of a window, and asks Redis again after it', async () => {
    let now = 1_000_000;
    // 3 points in leases of 2: the second lease finds 1 left, the window's last.
    const shared = countingShared(client, `${prefix}window:`, 3);
    const node = new LeasedLimiter(shared, 3, { leaseSize: 2, now: () => now });
    for (let i = 0; i < 3; i++) await node.consume('dave');
    expect(shared.calls).toBe(2);
    await expect(node.consume('dave')).rejects.toBeInstanceOf(RateLimiterRes);
    expect(shared.calls).toBe(2);
    now += 61_000;
    // Redis' own window is still running, so it refuses; what matters is that it was asked.
    await expect(node.consume('dave')).rejects.toBeInstanceOf(RateLimiterRes);
    expect(shared.calls).toBe(3);
  });

  it('callers have leases of their own', async () => {
    const shared = countingShared(client, `${prefix}callers:`, 2);
    const node = new LeasedLimiter(shared, 2, { leaseSize: 1 });
    await node.consume('erin');
    await node.consume('erin');
    await expect(node.consume('erin')).rejects.toBeInstanceOf(RateLimiterRes);
    await expect(node.consume('frank')).resolves.toBeUndefined();
  });

  it('with its map full, counts new callers point by point and keeps every live lease', async () => {
    let now = 1_000_000;
    const shared = countingShared(client, `${prefix}full:`, 1000);
    const node = new LeasedLimiter(shared, 1000, { leaseSize: 10, maxKeys: 2, now: () => now });
    await node.consume('a');
    await node.consume('b');
    expect(shared.calls).toBe(2);
    for (let i = 0; i < 3; i++) await node.consume('c');
    expect(shared.calls).toBe(5);
    // a and b kept their leases.
    await node.consume('a');
    await node.consume('b');
    expect(shared.calls).toBe(5);
    // Once their windows are over they are swept, and c gets a lease.
    now += 61_000;
    await node.consume('c');
    await node.consume('c');
    expect(shared.calls).toBe(6);
  });

  it('counts a consume of several points as asked, without a lease', async () => {
    const shared = countingShared(client, `${prefix}several:`, 10);
    const node = new LeasedLimiter(shared, 10, { leaseSize: 5 });
    await node.consume('g', 10);
    await expect(node.consume('g')).rejects.toBeInstanceOf(RateLimiterRes);
  });
});
