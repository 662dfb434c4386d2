// The Redis connection of a cluster node (REDIS_URL) and the Socket.IO adapter over it.
// Fan-out goes through Redis Streams (@socket.io/redis-streams-adapter): every node reads the
// one stream from the last entry it saw, so a node that loses Redis for a while resumes where
// it stopped instead of losing what was broadcast meanwhile, and Socket.IO connection state
// recovery finds a dropped client's missed packets in the same stream, whichever node the
// client comes back to.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config.ts';

/** How long the stream keeps packets: enough for the recovery window at a busy node. */
const STREAM_MAX_LEN = 100_000;

export interface RedisLink {
  /** Commands of this node (presence, caches); the adapter duplicates it for its readers. */
  client: Redis;
  /** Key and channel prefix, from REDIS_KEY_PREFIX. */
  keyPrefix: string;
  adapter: ReturnType<typeof createAdapter>;
  /** Resolves once Redis answers; rejects with a one-line reason after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function connectRedis(config: RedisConfig, log: Logger): RedisLink {
  const client = new Redis(config.url, {
    // While Redis is away, commands wait for it (ioredis queues them and reconnects)
    // rather than failing after a few retries: a restart of Redis is an outage of
    // cross-node delivery, not a reason to drop what was sent meanwhile.
    maxRetriesPerRequest: null,
    lazyConnect: false,
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // ioredis reports every failed reconnect attempt; log each distinct reason once.
    if (error.message !== lastError) log.warn({ err: error }, 'Redis connection problem');
    lastError = error.message;
  });
  client.on('ready', () => {
    if (lastError !== '') log.info('Redis connection restored');
    lastError = '';
  });
  const adapter = createAdapter(client, {
    streamName: `${config.keyPrefix}socket.io`,
    channelPrefix: `${config.keyPrefix}socket.io`,
    sessionKeyPrefix: `${config.keyPrefix}sio:session:`,
    maxLen: STREAM_MAX_LEN,
  });
  return {
    client,
    keyPrefix: config.keyPrefix,
    adapter,
    async ready(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`Redis at REDIS_URL did not answer within ${timeoutMs} ms (${lastError})`),
            ),
          timeoutMs,
        );
      });
      try {
        await Promise.race([client.ping(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // QUIT lets queued commands finish; without a connection it would wait for one.
      if (client.status !== 'ready') {
        client.disconnect();
        return;
      }
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
