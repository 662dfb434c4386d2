// Builds the whole server (HTTP + Socket.IO on one port) from a configuration, without
// listening: main.ts listens for real, tests listen on an ephemeral port in-process.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cors from 'cors';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { Server } from 'socket.io';
import asyncapi from '../generated/asyncapi.json' with { type: 'json' };
import openapi from '../generated/openapi.json' with { type: 'json' };
import { type Backend, createBackend } from './backend.ts';
import { connectRedis } from './cluster/redis.ts';
import { redisLimiterFactory } from './cluster/redis-limits.ts';
import { RedisPresence } from './cluster/redis-presence.ts';
import { redisState } from './cluster/redis-state.ts';
import type { Config } from './config.ts';
import type { Services } from './http/context.ts';
import { createRestHandlers } from './http/handlers.ts';
import { createApiRouter } from './http/router.ts';
import { openUploadDir } from './http/upload-dir.ts';
import { createWebhookRouter } from './http/webhooks.ts';
import { createRateLimits, type LimiterFactory } from './limits/rate-limits.ts';
import { createLogger, requestLogMessage, requestLogSerializers } from './logger.ts';
import { broadcastInbound, createBroadcaster } from './realtime/broadcaster.ts';
import { MemoryPresence, type Presence } from './realtime/presence.ts';
import { boundedParser } from './socket/bounded-parser.ts';
import { createSocketHandlers } from './socket/handlers.ts';
import { type ChatServer, socketRooms } from './socket/rooms.ts';
import { announceDepartures, attachSocketHandlers } from './socket/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCS_DIR = path.join(ROOT, 'generated', 'docs');
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const DRAIN_GRACE_MS = 5_000;
/**
 * How long a dropped client's session is kept (spec: connection state recovery): a client
 * back within this window gets the room events it missed, on any node of a cluster.
 */
export const RECOVERY_WINDOW_MS = 120_000;

export interface ChatApp {
  http: HttpServer;
  io: ChatServer;
  services: Services;
  log: Logger;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, disconnects sockets, closes the store. Idempotent. */
  close(): Promise<void>;
}

export interface ChatAppOverrides {
  /** The back end to use instead of the one the configuration selects. */
  backend?: Backend;
  /** Presence shared by several nodes (the default is this node's memory). */
  presence?: Presence;
  logger?: Logger;
  /** Benchmark baseline only: skip REST request validation. */
  validateRequests?: boolean;
  /** Rate-limit counters in a shared store (several nodes); the default is this node's memory. */
  limiterFactory?: LimiterFactory;
}

export function createChatApp(config: Config, overrides: ChatAppOverrides = {}): ChatApp {
  const log = overrides.logger ?? createLogger(config);
  // REDIS_URL makes this process a cluster node: rooms fan out through Redis, and presence,
  // rate-limit counters and the back end's shared state (Twilio mode) live there.
  const redis = config.redis ? connectRedis(config.redis, log) : undefined;
  let backend: Backend;
  try {
    backend =
      overrides.backend ??
      createBackend(config, redis ? { state: redisState(redis.client, redis.keyPrefix) } : {});
  } catch (error) {
    // A back end that cannot start stops start-up: do not leave Redis connected behind it.
    void redis?.close();
    throw error;
  }
  const { provider, tokens } = backend;
  const origin = config.corsOrigins === '*' ? true : config.corsOrigins;
  const limits = createRateLimits(
    {
      restPerMinute: config.rateLimitRestPerMinute,
      socketEventsPerMinute: config.rateLimitSocketPerMinute,
    },
    overrides.limiterFactory ??
      (redis ? redisLimiterFactory(redis.limits, redis.keyPrefix) : undefined),
  );

  // Beside the local store's files when it keeps them on disk; else private and temporary.
  const uploadDir = openUploadDir({
    dataDir: config.twilio || config.dataDir === ':memory:' ? undefined : config.dataDir,
    uploadTimeoutMs: config.uploadTimeoutMs,
  });

  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-* only from proxies the operator named: otherwise any client could choose
  // the protocol and address the server believes (and the rate limiter keys on).
  app.set('trust proxy', config.trustProxy);
  const http = createServer(app);
  const io: ChatServer = new Server(http, {
    cors: { origin },
    maxHttpBufferSize: 1_000_000,
    parser: boundedParser,
    // CORS headers do not bind a WebSocket: browsers open it from any page. A browser
    // always sends Origin, so one that is not allowed is refused at the handshake;
    // clients without Origin (servers, native apps) are not browsers and pass.
    allowRequest: (req, callback) => {
      const from = req.headers.origin;
      callback(null, origin === true || from === undefined || origin.includes(from));
    },
    connectionStateRecovery: {
      maxDisconnectionDuration: RECOVERY_WINDOW_MS,
      // A recovered socket passes the handshake checks again (its token may have expired).
      skipMiddlewares: false,
    },
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  // In a cluster, presence lives in Redis; a survivor announces a dead node's users leaving.
  const redisPresence =
    redis && !overrides.presence
      ? new RedisPresence({
          redis: redis.client,
          keyPrefix: redis.keyPrefix,
          log,
          onOrphansRemoved: (changes) => announceDepartures(io, presence)(changes),
        })
      : undefined;
  const presence: Presence = overrides.presence ?? redisPresence ?? new MemoryPresence();
  const broadcaster = createBroadcaster(socketRooms(io), presence);
  const services: Services = { provider, presence, broadcaster, tokens };

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: requestLogSerializers,
      customSuccessMessage: requestLogMessage,
      customErrorMessage: (req, res) => requestLogMessage(req, res, 0),
    }),
  );
  app.use(cors({ origin }));
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  // The documents at the root and beside the docs pages, which link them relatively (the
  // same pages work from `npm run docs`'s build/docs/, where the files sit side by side).
  app.get(['/openapi.json', '/docs/openapi.json'], (_req, res) => {
    res.json(openapi);
  });
  app.get(['/asyncapi.json', '/docs/asyncapi.json'], (_req, res) => {
    res.json(asyncapi);
  });
  // A newcomer opening the server in a browser lands on the reference.
  app.get('/', (_req, res) => {
    res.redirect(302, '/docs/');
  });
  app.use('/docs', express.static(DOCS_DIR));
  // The back end's webhooks (Twilio's post-event webhook in Twilio mode with
  // TWILIO_WEBHOOK_BASE_URL), before the API router, which answers every other path. What
  // they report reaches the rooms like any other change.
  if (backend.webhooks.length > 0) {
    app.use(
      createWebhookRouter(backend.webhooks, (event) => broadcastInbound(broadcaster, event), log),
    );
  }
  app.use(
    createApiRouter({
      handlers: createRestHandlers(services),
      tokens,
      membership: provider,
      rateLimit: limits.rest,
      authRequired: config.authRequired,
      validateResponses: config.validateResponses,
      tokenIssuerKey: config.tokenIssuerKey,
      ...(overrides.validateRequests === undefined
        ? {}
        : { validateRequests: overrides.validateRequests }),
      publicUrl: config.publicUrl,
      uploads: { dir: uploadDir.path, timeoutMs: config.uploadTimeoutMs },
    }),
  );

  attachSocketHandlers({
    io,
    handlers: createSocketHandlers({ provider, presence }),
    services: { provider, presence },
    tokens,
    membership: provider,
    rateLimit: limits.socket,
    authRequired: config.authRequired,
    tokenIssuerKey: config.tokenIssuerKey,
    log,
  });

  let closing: Promise<void> | undefined;
  return {
    http,
    io,
    services,
    log,
    listen: async (port = config.port, host = config.host) => {
      // A node that cannot reach Redis does not start: it would serve a split cluster.
      await redis?.ready();
      redisPresence?.start();
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve(http.address() as AddressInfo);
        });
      });
    },
    close() {
      closing ??= (async () => {
        // Stop accepting and disconnect sockets (io.close also closes the HTTP server),
        // let in-flight requests finish for a grace period so a stored message is also
        // answered, then cut what is left and close the store.
        const drained = new Promise<void>((resolve) => io.close(() => resolve()));
        http.closeIdleConnections();
        const timer = setTimeout(() => http.closeAllConnections(), DRAIN_GRACE_MS);
        await drained;
        clearTimeout(timer);
        // Leaves of the sockets just closed are announced before Redis goes.
        await redisPresence?.close();
        await Promise.all([provider.close(), redis?.close()]);
        uploadDir.close();
      })();
      return closing;
    },
  };
}
