// A server process for the benchmarks, started by servers.ts with one JSON argument (a
// ServerSpec). Prints `READY <port>` once listening; answers on stdin `rss` with
// `RSS <bytes>` measured after a full GC, and `store` with `STORE <json>`, the file store's
// group-commit counters (StoreCounters, or null); exits when stdin closes.
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import { createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { LocalProvider } from '../../src/providers/local/local-provider.ts';
import type { ServerSpec } from './servers.ts';
import type { StoreCounters } from './store-syncs.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec;

/** A port free right now: media URLs need it in PUBLIC_URL before the server listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** The reference server's group-commit counters; null for the relay or the Twilio back end. */
let storeCounters: () => StoreCounters | null = () => null;

async function startReference(spec: Extract<ServerSpec, { kind: 'reference' }>): Promise<number> {
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: spec.dataDir,
    STORE_DURABILITY: spec.durability,
    LOG_LEVEL: 'silent',
    AUTH_REQUIRED: 'false',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The load generator is one address and one identity standing in for many users, so
    // the per-identity defaults would refuse most of its traffic. A limit it never reaches
    // keeps the limiter's bookkeeping in every measured request.
    RATE_LIMIT_REST_PER_MINUTE: '999999999',
    RATE_LIMIT_SOCKET_PER_MINUTE: '999999999',
    ...(spec.redis ? { REDIS_URL: spec.redis.url, REDIS_KEY_PREFIX: spec.redis.keyPrefix } : {}),
  });
  const app = createChatApp(config, { validateRequests: spec.validateRequests });
  const provider = app.services.provider;
  if (provider instanceof LocalProvider) {
    storeCounters = () => ({
      ...provider.committed,
      syncs: provider.walSyncs,
      syncSeconds: provider.walSyncSeconds,
    });
  }
  return (await app.listen(port, '127.0.0.1')).port;
}

/** The baseline for fan-out: Socket.IO that only relays send_message to the room. */
async function startBareSocketIo(): Promise<number> {
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.on('join_conversation', (p: { conversationSid: string }) => {
      socket.join(p.conversationSid);
      socket.emit('joined_conversation', { success: true, conversationSid: p.conversationSid });
    });
    socket.on('send_message', (p: { conversationSid: string; body: string; author: string }) => {
      const date = new Date().toISOString();
      socket.emit('message_sent', { success: true, conversationSid: p.conversationSid });
      io.to(p.conversationSid).emit('new_message', {
        conversationSid: p.conversationSid,
        message: { sid: 'IM0', body: p.body, author: p.author, dateCreated: date, media: [] },
        timestamp: date,
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  return typeof address === 'object' && address ? address.port : 0;
}

const port = spec.kind === 'reference' ? await startReference(spec) : await startBareSocketIo();
process.stdout.write(`READY ${port}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'store') {
    process.stdout.write(`STORE ${JSON.stringify(storeCounters())}\n`);
    return;
  }
  if (line !== 'rss') return;
  // Two passes: the first may only queue finalizers that free more on the second.
  globalThis.gc?.();
  globalThis.gc?.();
  process.stdout.write(`RSS ${process.memoryUsage.rss()}\n`);
});
lines.on('close', () => process.exit(0));
