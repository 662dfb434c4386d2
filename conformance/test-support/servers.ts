// Test support only (the runner never imports this): the reference server in-process (in
// local mode, or in Twilio mode against the wire-level Twilio fake), and small fault
// injectors that break exactly one rule of the contract in front of it or inside its
// Socket.IO server, so the runner's tests can prove each rule is enforced.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'socket.io';
import { startTwilioFake } from '../../devtools/twilio-fake/start.ts';
import { type ChatApp, createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { RunnerOptions } from '../runner.ts';

export interface TestServer {
  app: ChatApp;
  url: string;
  close(): Promise<void>;
}

export async function startReference(env: Record<string, string> = {}): Promise<TestServer> {
  const app = createChatApp(
    loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', PORT: '0', ...env }),
  );
  const address = await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export interface TwilioTestServer extends TestServer {
  /** Twilio calls the server made that break Twilio's contract (one line each). */
  violations(): string[];
  /** How many Twilio calls the server made so far. */
  twilioCalls(): number;
}

/** The public URL the fake signs webhooks for; it delivers them to the server's port. */
const TWILIO_PUBLIC_URL = 'https://chat.example.test';

/**
 * The reference server in Twilio mode (TWILIO_* settings, the official SDK) against the
 * Twilio fake on loopback, which checks every call against Twilio's OpenAPI description.
 */
export async function startReferenceOnTwilio(
  env: Record<string, string> = {},
): Promise<TwilioTestServer> {
  // A production-like Twilio timeout: nothing here injects faults.
  const twilio = await startTwilioFake({ webhookBaseUrl: TWILIO_PUBLIC_URL, timeoutMs: 5_000 });
  let app: ChatApp;
  try {
    app = createChatApp(loadConfig({ NODE_ENV: 'test', PORT: '0', ...env, ...twilio.env }));
  } catch (error) {
    await twilio.close();
    throw error;
  }
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  twilio.fake.routeWebhooksTo(url);
  return {
    app,
    url,
    async close() {
      await app.close();
      await twilio.close();
    },
    violations: () =>
      twilio
        .violations()
        .map(
          (v) =>
            `${v.operationId} ${v.where}${v.status ? ` ${v.status}` : ''}: ${v.errors.join('; ')}`,
        ),
    twilioCalls: () => twilio.calls().length,
  };
}

/** Runner options for tests: waits generous enough for a loaded machine (a pass never waits). */
export function testOptions(url: string, extra: Partial<RunnerOptions> = {}): RunnerOptions {
  return {
    url,
    timeoutMs: 10_000,
    token: undefined,
    auth: false,
    fuzzRuns: 0,
    seed: 1,
    settleMs: 30,
    ...extra,
  };
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Runs `hook` before the server sees each HTTP request (Socket.IO's polling included);
 * the hook answers the request itself by returning true.
 */
export function hookRequests(
  app: ChatApp,
  hook: (req: IncomingMessage, res: ServerResponse) => boolean,
): void {
  const listeners = app.http.listeners('request') as Listener[];
  app.http.removeAllListeners('request');
  app.http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (hook(req, res)) return;
    for (const listener of listeners) listener.call(app.http, req, res);
  });
}

export interface JsonResponse {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

/** Rewrites JSON responses: return a new status and/or body, or undefined to leave it. */
export function rewriteJson(
  app: ChatApp,
  rewrite: (response: JsonResponse) => { status?: number; body?: unknown } | undefined,
): void {
  hookRequests(app, (req, res) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const patched = (...args: unknown[]): ServerResponse => {
      const [chunk] = args;
      const type = String(res.getHeader('content-type') ?? '');
      if (
        chunk === undefined ||
        chunk === null ||
        typeof chunk === 'function' ||
        !type.includes('json')
      ) {
        return end(...args);
      }
      const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return end(...args);
      }
      const change = rewrite({
        method: req.method ?? '',
        url: req.url ?? '',
        status: res.statusCode,
        body,
      });
      if (!change) return end(...args);
      const out = JSON.stringify(change.body === undefined ? body : change.body);
      if (change.status !== undefined) res.statusCode = change.status;
      res.setHeader('content-length', Buffer.byteLength(out));
      return end(out);
    };
    res.end = patched as ServerResponse['end'];
    return false;
  });
}

interface BroadcastOptions {
  rooms: Set<string>;
  except?: Set<string>;
}

interface Packet {
  data: unknown[];
}

/**
 * Intercepts room broadcasts (`io.to(room).emit`, `socket.to(room).emit`): the hook may
 * change the packet's audience, or return false to drop it.
 */
export function hookBroadcasts(
  app: ChatApp,
  hook: (event: string, options: BroadcastOptions, packet: Packet) => boolean | undefined,
): void {
  const adapter = app.io.of('/').adapter as unknown as {
    broadcast(packet: Packet, options: BroadcastOptions): void;
  };
  const original = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, options) => {
    if (hook(String(packet.data[0]), options, packet) === false) return;
    original(packet, options);
  };
}

/**
 * Runs for every new connection after the reference server's own handlers are attached;
 * `sender` rewrites or drops (returns null) what is emitted to that one socket.
 */
export function hookSockets(
  app: ChatApp,
  setup: (socket: Socket) => void,
  sender?: (event: string, args: unknown[]) => unknown[] | null,
): void {
  app.io.on('connection', (socket) => {
    if (sender) {
      const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
      const patched = (event: string, ...args: unknown[]): boolean => {
        const out = sender(event, args);
        return out === null ? true : emit(event, ...out);
      };
      (socket as unknown as { emit: typeof patched }).emit = patched;
    }
    setup(socket as unknown as Socket);
  });
}

/**
 * Makes the server die like a process with an uncaught exception the first time `when`
 * holds for a client event: it stops listening and every open connection is cut. With
 * `restartAfterMs`, a fresh reference server (empty store) comes up on the same port
 * afterwards, as a supervisor would restart it.
 */
export function crashOnEvent(
  server: TestServer,
  when: (event: string, args: unknown[]) => boolean,
  options: { restartAfterMs?: number; onRestart?: (restarted: TestServer) => void } = {},
): void {
  const { app } = server;
  const connections = new Set<import('node:net').Socket>();
  app.http.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  const port = Number(new URL(server.url).port);
  let crashed = false;
  hookSockets(app, (socket) =>
    socket.use(([event, ...args], next) => {
      if (crashed || !when(String(event), args)) return next();
      crashed = true;
      app.http.close();
      for (const connection of connections) connection.destroy();
      if (options.restartAfterMs === undefined) return;
      setTimeout(() => {
        const fresh = createChatApp(
          loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', PORT: '0' }),
        );
        void fresh
          .listen(port, '127.0.0.1')
          .then(() =>
            options.onRestart?.({ app: fresh, url: server.url, close: () => fresh.close() }),
          );
      }, options.restartAfterMs);
    }),
  );
}
