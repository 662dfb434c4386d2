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
import { deliverOnce } from './deliver-once.ts';

/** How long the stream keeps packets: enough for the recovery window at a busy node. */
const STREAM_MAX_LEN = 100_000;

/**
 * The longest a rate-limit count waits for Redis before the node counts in its own memory
 * (src/cluster/redis-limits.ts): a request is never held for Redis' sake beyond this.
 */
export const LIMITS_COMMAND_TIMEOUT_MS = 2_000;

export interface RedisLink {
  /** Commands of this node (presence, caches); the adapter duplicates it for its readers. */
  client: Redis;
  /**
   * A second connection for the rate-limit counters, which never waits for Redis: while it
   * is not connected, or a command is not answered within LIMITS_COMMAND_TIMEOUT_MS, its
   * commands fail at once (and the limiter counts in memory) instead of being queued.
   */
  limits: Redis;
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
    // The commands issued in one event-loop turn (a group commit answers many sends at
    // once, each broadcast an XADD) go to Redis in one write, and come back in one read.
    enableAutoPipelining: true,
    // The adapter's reader (a duplicate of this client) only blocks in XREAD: pipelining
    // would delay each poll by a turn and gain nothing.
    autoPipeliningIgnoredCommands: ['xread'],
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
  // The limiter's own options say "do not wait while Redis is not ready", but it can only
  // look at the status, which stays `ready` until ioredis handles the socket's close: a
  // count sent in that moment (Redis just died) would sit in the offline queue, holding its
  // request until Redis is back, and a count in flight would be sent again then. On this
  // connection nothing is queued (enableOfflineQueue), nothing in flight is kept across a
  // reconnect (maxRetriesPerRequest 0 fails it on the close) and a peer that goes silent
  // without closing is bounded by commandTimeout.
  const limits = client.duplicate({
    enableAutoPipelining: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: LIMITS_COMMAND_TIMEOUT_MS,
  });
  // The main client logs the outage; this one would repeat it.
  limits.on('error', () => undefined);
  // Wrapped: a packet whose XADD is sent again after a reconnect is emitted once.
  const adapter = deliverOnce(
    createAdapter(client, {
      streamName: `${config.keyPrefix}socket.io`,
      channelPrefix: `${config.keyPrefix}socket.io`,
      sessionKeyPrefix: `${config.keyPrefix}sio:session:`,
      maxLen: STREAM_MAX_LEN,
    }),
  );
  // Resolves once `limits` is connected (it does not queue a PING to wait for that).
  const limitsReady = () =>
    limits.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => limits.once('ready', () => resolve()));
  return {
    client,
    limits,
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
        await Promise.race([Promise.all([client.ping(), limitsReady()]), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      limits.disconnect();
      // QUIT lets queued commands finish; without a connection it would wait for one.
      if (client.status !== 'ready') {
        client.disconnect();
        return;
      }
      try {
        // QUIT is never pipelined: a PING is, behind the commands of this turn still
        // waiting to be sent, so they go out before the connection closes.
        await client.ping();
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
