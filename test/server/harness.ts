// Integration-test harness for the reference server: starts a real app in-process on an
// ephemeral port against a provider "mode", talks to it over real HTTP (fetch) and real
// Socket.IO clients, and checks every response and every event against the spec.
//
// Modes: a mode is a back end the same tests run against:
//   local   the embedded store (SQLite in a temp DATA_DIR);
//   twilio  Twilio mode (the official SDK, TWILIO_* settings as in production) against the
//           wire-level Twilio fake on loopback, which checks every call against Twilio's
//           OpenAPI description: a test fails on any call that breaks Twilio's contract.
// A mode says which environment points a server at a fresh back end, how to dispose of it,
// and what it does differently (`capabilities`, for the few assertions that depend on the
// back end). Select with CHAT_MODE=local[,twilio]; the default is every mode below. (Not
// `MODE`: vitest sets MODE=test, Vite's build mode.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { responseViolations } from '../../conformance/assert.ts';
import { curlLine, type HttpExchange } from '../../conformance/http.ts';
import { TestSocket } from '../../conformance/socket-client.ts';
import { CoverageRecorder } from '../../conformance/spec.ts';
import { startTwilioFake } from '../../devtools/twilio-fake/start.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../generated/events.ts';
import type { restValidators } from '../../generated/validators.js';
import { type ChatApp, type ChatAppOverrides, createChatApp } from '../../src/app.ts';
import { createBackend } from '../../src/backend.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { ConversationProvider } from '../../src/providers/provider.ts';

// ---------------------------------------------------------------------------------------
// Modes

export type ModeName = 'local' | 'twilio';

/**
 * What a back end does differently, as the spec and README ("Differences from the embedded
 * store") allow. Tests of the server branch on these, not on the mode's name.
 */
export interface Capabilities {
  /**
   * Where `getUserReachability` gets `online` from (spec: getUserReachability).
   * - `sockets`: a connected socket that sent `user_connect` (local mode);
   * - `backend`: the back end's own record (Twilio mode: a connected Twilio client SDK);
   *   Socket.IO presence does not count. Backends of this kind offer `setReachability`.
   */
  reachability: 'sockets' | 'backend';
  /**
   * What `generate-token` issues (README: AUTH_REQUIRED, Twilio mode).
   * - `jwt`: the server's HS256 JWT, identity in `sub` (local mode);
   * - `twilio-access-token`: a Twilio AccessToken signed with the API key: `iss` = API key
   *   SID, `sub` = account SID, identity in `grants.identity`, a ChatGrant for the service.
   * Valid for 3600 s either way.
   */
  tokens: 'jwt' | 'twilio-access-token';
}

/** One back end a server (and its restarts) is pointed at. */
export interface Backend {
  /** Environment that points a server at this back end (merged over the test defaults). */
  env: Record<string, string>;
  overrides?: ChatAppOverrides;
  /** Called once a server on this back end listens at `url` (every restart included). */
  onListen?(url: string): void;
  /**
   * Moves the back end's clock on far enough that whatever is written next has a later
   * timestamp than everything written before (local: 1 ms of wall clock; Twilio keeps
   * whole seconds: its clock jumps 1 s, without waiting).
   */
  advanceClock(): Promise<void>;
  /**
   * Makes the back end report a user as online/notifiable the way its own source of
   * reachability would (Twilio: a Twilio client SDK connecting). Only with
   * `capabilities.reachability === 'backend'`.
   */
  setReachability?(identity: string, status: { online: boolean; notifiable: boolean }): void;
  /**
   * Problems the back end saw since the last call (Twilio: calls that break Twilio's
   * contract); the harness fails the test they happened in.
   */
  takeProblems?(): string[];
  /** Releases the back end; throws if it saw problems not reported yet. */
  dispose(): Promise<void>;
}

export interface Mode {
  name: ModeName;
  capabilities: Capabilities;
  createBackend(): Promise<Backend>;
}

export function tempDir(prefix = 'chat-server-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

const localMode: Mode = {
  name: 'local',
  capabilities: { reachability: 'sockets', tokens: 'jwt' },
  async createBackend() {
    const dir = tempDir();
    return {
      env: { DATA_DIR: dir },
      advanceClock: nextMillisecond,
      async dispose() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** The public URL the Twilio fake signs webhooks for (it delivers them to the server). */
export const TWILIO_PUBLIC_URL = 'https://chat.example.test';

const twilioMode: Mode = {
  name: 'twilio',
  capabilities: { reachability: 'backend', tokens: 'twilio-access-token' },
  async createBackend() {
    // Twilio's clock as the fake's: wall time plus whatever the tests stepped it on.
    let skewMs = 0;
    const twilio = await startTwilioFake({
      webhookBaseUrl: TWILIO_PUBLIC_URL,
      clock: () => Date.now() + skewMs,
      // Production-like: nothing here injects faults, and a loaded machine must not time out.
      timeoutMs: 5_000,
    });
    let reported = 0;
    const takeProblems = () => {
      const all = twilio.violations();
      const fresh = all.slice(reported);
      reported = all.length;
      return fresh.map(
        (v) =>
          `Twilio contract: ${v.operationId} ${v.where}${v.status ? ` ${v.status}` : ''}: ` +
          v.errors.join('; '),
      );
    };
    return {
      env: twilio.env,
      onListen: (url) => twilio.fake.routeWebhooksTo(url),
      async advanceClock() {
        skewMs += 1_000;
      },
      setReachability(identity, { online, notifiable }) {
        twilio.fake.setUserReachability(identity, online, notifiable);
      },
      takeProblems,
      async dispose() {
        await twilio.close();
        const problems = takeProblems();
        if (problems.length > 0) throw new Error(problems.join('\n'));
      },
    };
  },
};

const ALL_MODES: Record<ModeName, Mode> = { local: localMode, twilio: twilioMode };

function selectModes(): Mode[] {
  const wanted = process.env.CHAT_MODE?.split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (!wanted || wanted.length === 0) return Object.values(ALL_MODES);
  return wanted.map((name) => {
    const mode = ALL_MODES[name as ModeName];
    if (!mode)
      throw new Error(`CHAT_MODE=${name} is not one of ${Object.keys(ALL_MODES).join(', ')}`);
    return mode;
  });
}

/** The modes this run covers; use with `describe.each(modes)('... ($name)', (mode) => …)`. */
export const modes: Mode[] = selectModes();

// ---------------------------------------------------------------------------------------
// HTTP

export interface ApiResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else the text. */
  body: unknown;
  text: string;
  bytes: Uint8Array;
}

export interface RequestOptions {
  /** Sent as JSON (content-type application/json). */
  json?: unknown;
  /** Sent as is (FormData, string, ...). */
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  token?: string;
}

// A stack frame (`at fn (file:1:2)`, `at file:///…`, `at node:…`), an Error's name leaking
// with its message, or a source/dependency path in a body.
const LEAK =
  /(^|\s|&nbsp;)at\s+(\S+\s+\()?(file:|node:|\/|[A-Za-z]:\\)|\b[A-Z][A-Za-z]*Error:|node_modules|\.[cm]?[jt]s:\d+:\d+/;

/** Throws if a body leaks a stack trace or an internal error. Used on every response. */
export function assertNoLeak(text: string, where: string): void {
  const match = LEAK.exec(text);
  if (match)
    throw new Error(`${where}: body leaks internals near "${match[0]}": ${text.slice(0, 500)}`);
}

export async function request(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: RequestOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(new URL(urlPath, baseUrl), { method, headers, body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const textual = /json|^text\//.test(type);
  const text = textual ? new TextDecoder().decode(bytes) : '';
  const where = `${method} ${urlPath} → ${res.status}`;
  if (textual) assertNoLeak(text, where);
  let parsed: unknown = text;
  if (type.includes('json')) parsed = JSON.parse(text);
  // Every error, whatever its origin, is the spec's envelope repeating the status.
  if (res.status >= 400) {
    const envelope = parsed as { status?: unknown; message?: unknown } | null;
    if (
      !type.includes('application/json') ||
      typeof envelope !== 'object' ||
      envelope === null ||
      envelope.status !== res.status ||
      typeof envelope.message !== 'string' ||
      envelope.message.length === 0
    ) {
      throw new Error(`${where}: not an error envelope: ${type} ${text.slice(0, 300)}`);
    }
  }
  return {
    method,
    url: new URL(urlPath, baseUrl).href,
    status: res.status,
    headers: res.headers,
    body: parsed,
    text,
    bytes,
  };
}

type Rest = typeof restValidators;
export type OperationId = keyof Rest;
type Responses<O extends OperationId> = Rest[O]['responses'];
/** The body type the spec gives operation O at status S. */
type ResponseBody<O extends OperationId, S> = S extends keyof Responses<O>
  ? Responses<O>[S] extends ValidateFunction<infer T>
    ? T
    : never
  : never;

/** The response as the conformance runner's oracles read it. */
function exchange(res: ApiResponse, operationId: string): HttpExchange {
  return {
    operationId,
    method: res.method,
    url: res.url,
    requestBody: undefined,
    status: res.status,
    contentType: res.headers.get('content-type'),
    headers: res.headers,
    bytes: res.bytes,
    text: res.text,
    json: typeof res.body === 'string' ? undefined : res.body,
    durationMs: 0,
    curl: curlLine(res.method, res.url, {}, undefined),
  };
}

/**
 * Asserts the status, then judges the response with the conformance runner's oracle
 * (declared status and content type, body schema, error envelope); returns the body typed
 * by the spec. Fails on any drift.
 */
export function expectStatus<O extends OperationId, S extends keyof Responses<O>>(
  res: ApiResponse,
  operationId: O,
  status: S,
): ResponseBody<O, S> {
  if (res.status !== Number(status)) {
    throw new Error(
      `${operationId}: expected HTTP ${String(status)}, got ${res.status}: ${res.text.slice(0, 500)}`,
    );
  }
  const problems = responseViolations(exchange(res, operationId), operationId);
  if (problems.length > 0) {
    throw new Error(
      problems.map((v) => `${v.rule}: expected ${v.expected}, got ${v.actual}`).join('\n') +
        `\nbody: ${res.text.slice(0, 1000)}`,
    );
  }
  return res.body as ResponseBody<O, S>;
}

// ---------------------------------------------------------------------------------------
// Server

export interface StartOptions {
  /** Extra settings (e.g. AUTH_REQUIRED=true); the back end's own settings win. */
  env?: Record<string, string>;
  /** Reuse a back end (e.g. to restart on the same data); else a fresh one is created. */
  backend?: Backend;
  /** Wraps the provider the configuration selects (e.g. to inject failures). */
  wrapProvider?: (provider: ConversationProvider) => ConversationProvider;
}

export interface TestServer {
  mode: ModeName;
  capabilities: Capabilities;
  url: string;
  port: number;
  app: ChatApp;
  config: Config;
  backend: Backend;
  request(method: string, urlPath: string, options?: RequestOptions): Promise<ApiResponse>;
  /** A connected socket client that records and validates every event it receives. */
  client(options?: ClientOptions): Promise<TestClient>;
  /** Closes the clients and the app, keeping the back end (its data) for a restart. */
  stop(): Promise<void>;
  /** stop(), then a new app on the same back end and settings. */
  restart(): Promise<TestServer>;
  /** stop() and dispose of the back end. */
  close(): Promise<void>;
  /** The back end's clock moves on: what is written next is strictly later (Backend). */
  advanceClock(): Promise<void>;
}

export async function startServer(mode: Mode, options: StartOptions = {}): Promise<TestServer> {
  const backend = options.backend ?? (await mode.createBackend());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    ...options.env,
    ...backend.env,
  });
  const overrides: ChatAppOverrides = { ...backend.overrides };
  if (options.wrapProvider) {
    const chosen = overrides.backend ?? createBackend(config);
    overrides.backend = { ...chosen, provider: options.wrapProvider(chosen.provider) };
  }
  const app = createChatApp(config, overrides);
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  backend.onListen?.(url);
  const clients = new Set<TestClient>();
  let stopped: Promise<void> | undefined;
  const server: TestServer = {
    mode: mode.name,
    capabilities: mode.capabilities,
    url,
    port: address.port,
    app,
    config,
    backend,
    request: (method, urlPath, requestOptions) => request(url, method, urlPath, requestOptions),
    async client(clientOptions = {}) {
      const client = new TestClient(url, clientOptions);
      clients.add(client);
      client.onClose = () => clients.delete(client);
      await client.connected;
      return client;
    },
    stop() {
      stopped ??= (async () => {
        // The app first: its close() must disconnect the clients by itself (tests observe it).
        await app.close();
        await Promise.all([...clients].map((c) => c.disconnected(1_000).catch(() => undefined)));
        for (const client of [...clients]) client.close();
      })();
      return stopped;
    },
    async restart() {
      await server.stop();
      return startServer(mode, { ...options, backend });
    },
    async close() {
      await server.stop();
      await backend.dispose();
    },
    advanceClock: () => backend.advanceClock(),
  };
  return server;
}

/**
 * Everything that should fail the test that just ran: events any client received that
 * break the spec (closing the clients), and the back end's problems (e.g. Twilio calls
 * that break Twilio's contract). Throws when there are any.
 */
export function assertNoProblems(...backends: Array<Backend | undefined>): void {
  const problems = TestClient.drain().map((p) => `event breaking the spec: ${p}`);
  for (const backend of backends) problems.push(...(backend?.takeProblems?.() ?? []));
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/**
 * Registers hooks that start one server for the enclosing describe block, and after each
 * test close the clients it opened and fail the test if any of them received an event
 * that breaks the spec, or if the back end saw a problem (assertNoProblems).
 */
export function useServer(mode: Mode, options: StartOptions = {}) {
  const holder = {
    get server(): TestServer {
      if (!current) throw new Error('server not started (use it inside a test)');
      return current;
    },
  };
  let current: TestServer | undefined;
  beforeAll(async () => {
    current = await startServer(mode, options);
  });
  afterAll(async () => {
    await current?.close();
  });
  afterEach(() => {
    assertNoProblems(current?.backend);
  });
  return holder;
}

// ---------------------------------------------------------------------------------------
// Socket clients: the conformance runner's TestSocket (conformance/socket-client.ts) records
// and judges every event with the runner's event oracles; TestClient only adds what tests
// want on top of it: waits that consume what they return, typed payloads, refusals.

export type ServerEvent = keyof ServerToClientEvents;
export type ClientEvent = keyof ClientToServerEvents;
export type Payload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface ClientOptions {
  token?: string;
  /** The whole handshake `auth` object (e.g. `{ issuerKey }`); wins over `token`. */
  auth?: Record<string, unknown>;
  /** A label for messages. */
  name?: string;
  /** Resolve on connect_error instead of rejecting (to test refused handshakes). */
  expectRefusal?: boolean;
  /** Default: websocket only (no upgrade dance, so tests stay fast and deterministic). */
  transports?: Array<'websocket' | 'polling'>;
}

export const DEFAULT_WAIT_MS = 10_000;

let clientCounter = 0;

export class TestClient {
  private static readonly open = new Set<TestClient>();

  /**
   * Returns the spec violations any client saw since the last drain (one line each) and
   * closes the clients. A dropped connection is not one here: tests that expect a
   * disconnect assert it, and the others fail on their next wait.
   */
  static drain(): string[] {
    const all: string[] = [];
    for (const client of TestClient.open) {
      for (const v of client.inner?.problems ?? []) {
        if (v.key?.startsWith('dropped:')) continue;
        all.push(`${client.name}: ${v.rule}: expected ${v.expected}, got ${v.actual}`);
      }
      client.close();
    }
    return all;
  }

  readonly name: string;
  /** Resolves once connected (or refused, with expectRefusal). */
  readonly connected: Promise<void>;
  connectError: Error | undefined;
  onClose: (() => void) | undefined;
  private inner: TestSocket | undefined;
  private readonly consumed = new Set<number>();

  constructor(url: string, options: ClientOptions = {}) {
    clientCounter += 1;
    this.name = options.name ?? `client${clientCounter}`;
    TestClient.open.add(this);
    this.connected = TestSocket.connect({
      url,
      token: options.token,
      ...(options.auth ? { auth: options.auth } : {}),
      timeoutMs: DEFAULT_WAIT_MS,
      transports: options.transports ?? ['websocket'],
      coverage: new CoverageRecorder(),
      name: this.name,
      identity: this.name,
      cause: () => undefined,
    }).then(
      (socket) => {
        this.inner = socket;
      },
      (error: Error) => {
        this.connectError = error;
        if (!options.expectRefusal) throw new Error(`${this.name}: connect_error ${error.message}`);
      },
    );
  }

  private get recorder(): TestSocket {
    if (!this.inner) throw new Error(`${this.name} is not connected`);
    return this.inner;
  }

  /** The socket.io-client socket (id, recovery, transport). */
  get socket(): TestSocket['socket'] {
    return this.recorder.socket;
  }

  /** Emits without type checks, so tests can send payloads that break the spec. */
  emitRaw(event: string, ...args: unknown[]): void {
    this.recorder.emit(event, ...args);
  }

  emit<E extends ClientEvent>(event: E, ...args: Parameters<ClientToServerEvents[E]>): void {
    this.emitRaw(event, ...args);
  }

  /**
   * The first not-yet-consumed `event` (matching `predicate`, received after mark `from`),
   * waiting up to `timeoutMs` for it. Marks it consumed.
   */
  async next<E extends ServerEvent>(
    event: E,
    predicate?: (payload: Payload<E>) => boolean,
    options: { timeoutMs?: number; from?: number } = {},
  ): Promise<Payload<E>> {
    const { timeoutMs = DEFAULT_WAIT_MS, from = 0 } = options;
    const socket = this.recorder;
    const accept = (payload: unknown) => predicate?.(payload as Payload<E>) ?? true;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = socket
        .since(from, event)
        .find((e) => !this.consumed.has(e.seq) && accept(e.payload));
      if (hit) {
        this.consumed.add(hit.seq);
        return hit.payload as Payload<E>;
      }
      const left = deadline - Date.now();
      if (left <= 0 || socket.dropped !== undefined) {
        const seen =
          socket
            .since(0)
            .map((e) => e.event)
            .join(', ') || 'nothing';
        const why = socket.dropped ? `disconnected (${socket.dropped})` : `within ${timeoutMs} ms`;
        throw new Error(`${this.name}: no ${event} ${why} (received: ${seen})`);
      }
      await socket.waitFor(event, { after: socket.mark(), where: accept, timeoutMs: left });
    }
  }

  /** All received payloads of `event` (consumed or not), optionally filtered. */
  all<E extends ServerEvent>(event: E, predicate?: (payload: Payload<E>) => boolean): Payload<E>[] {
    return this.recorder
      .since(0, event)
      .map((e) => e.payload as Payload<E>)
      .filter((p) => predicate?.(p) ?? true);
  }

  /** Names of the events received after mark `from` (round-trip pongs left out). */
  eventsSince(from: number): string[] {
    return this.recorder.since(from).map((e) => e.event);
  }

  /** A mark to look for events after. */
  mark(): number {
    return this.recorder.mark();
  }

  /**
   * ping → pong on this socket. Everything the server emitted to this socket before it
   * handled the ping has arrived once this resolves: the sentinel for "never receives".
   */
  async roundTrip(): Promise<void> {
    if (!(await this.recorder.barrier(DEFAULT_WAIT_MS))) {
      throw new Error(`${this.name}: no pong within ${DEFAULT_WAIT_MS} ms`);
    }
  }

  /** user_connect and wait for user_connected. */
  async connectUser(identity: string, userId = identity): Promise<void> {
    const from = this.mark();
    this.emit('user_connect', { userId, identity });
    await this.next('user_connected', (p) => p.identity === identity, { from });
  }

  /** join_conversation and wait for joined_conversation and conversation_users. */
  async join(conversationSid: string, identity: string): Promise<void> {
    const from = this.mark();
    this.emit('join_conversation', { conversationSid, identity });
    await this.next('joined_conversation', (p) => p.conversationSid === conversationSid, { from });
    await this.next('conversation_users', (p) => p.conversationSid === conversationSid, { from });
  }

  /** Resolves with the reason when the socket is disconnected (by either side). */
  disconnected(timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    const socket = this.inner;
    if (!socket) return Promise.resolve('closed');
    if (socket.dropped !== undefined) return Promise.resolve(socket.dropped);
    if (!socket.connected) return Promise.resolve('closed');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: still connected after ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
  }

  close(): void {
    this.inner?.close();
    TestClient.open.delete(this);
    this.onClose?.();
  }
}

// ---------------------------------------------------------------------------------------
// Small helpers

let idCounter = 0;
/** A fresh identity, unique in this run (identities are global in a server). */
export function uid(prefix = 'user'): string {
  idCounter += 1;
  return `${prefix}-${idCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const UNKNOWN_CONVERSATION = `CH${'0'.repeat(32)}`;
export const UNKNOWN_MEDIA = `ME${'0'.repeat(32)}`;

/** Creates a conversation with these identities through REST; returns its SID. */
export async function createConversation(server: TestServer, ids: string[]): Promise<string> {
  const res = await server.request('POST', '/api/conversations/create', {
    json: { participants: ids.map((id) => ({ id, name: `Name of ${id}` })) },
  });
  return expectStatus(res, 'createConversation', 200).data.conversation_sid;
}

/** Sends a message through REST; returns its SID. */
export async function sendRest(
  server: TestServer,
  conversationSid: string,
  author: string,
  body: string,
  media?: string[],
): Promise<string> {
  const res = await server.request('POST', `/api/conversations/${conversationSid}/send-message`, {
    json: { body, author, ...(media ? { media } : {}) },
  });
  return expectStatus(res, 'sendMessage', 200).data.message_sid;
}

/**
 * Waits until the wall clock has moved on by at least one millisecond. Tests step a back
 * end's clock with `server.advanceClock()`, which works in every mode.
 */
export async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1));
}
