// The real Redis the cluster tests run against (REDIS_TEST_URL, default the machine's Redis
// at 127.0.0.1:6379). Without one the suites are skipped with a warning, and fail when CI is
// set. Every test run uses its own key prefix, so parallel runs share one Redis safely.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Whether the test Redis answers; warns (or, in CI, throws) when it does not. */
export async function redisAvailable(suite: string): Promise<boolean> {
  if (await answers(REDIS_TEST_URL)) return true;
  const missing = `${suite}: no Redis answers at ${REDIS_TEST_URL} (start redis-server, or set REDIS_TEST_URL)`;
  if (IN_CI) throw new Error(`${missing}. CI is set, so this fails instead of skipping.`);
  console.warn(`\n*** SKIPPED: ${missing} ***\n`);
  return false;
}

/** A key prefix no other run uses. */
export function uniquePrefix(label = 'test'): string {
  return `cc-${label}-${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (the suite's clean-up). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
