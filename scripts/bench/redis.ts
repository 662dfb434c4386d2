// The Redis the cluster lines run against: REDIS_URL, else the machine's Redis at
// 127.0.0.1:6379. Every run takes a key prefix of its own, so runs (and tests) sharing one
// Redis do not read each other's streams or presence, and deletes its keys afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BenchRedis } from './servers.ts';

const URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

function connect(): Redis {
  const redis = new Redis(URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** A fresh prefix on a Redis that answers; throws (the line fails) when none does. */
export async function benchRedis(label: string): Promise<BenchRedis & { drop(): Promise<void> }> {
  const probe = connect();
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    throw new Error(`no Redis answers at ${URL} (start redis-server, or set REDIS_URL)`);
  } finally {
    probe.disconnect();
  }
  const keyPrefix = `bench-${label}-${randomBytes(6).toString('hex')}:`;
  return {
    url: URL,
    keyPrefix,
    async drop() {
      const redis = connect();
      try {
        await redis.connect();
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
