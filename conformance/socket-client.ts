// A real socket.io-client connection that remembers every event the server sent it, in
// order, and validates each one against its AsyncAPI payload schema as it arrives; also
// notes undeclared events and dropped connections. Checks read the log to judge routing.
import { io, type Socket } from 'socket.io-client';
import { shape } from './findings.ts';
import { judgeEvent } from './oracles.ts';
import { type ClientEventName, type CoverageRecorder, clientEvents } from './spec.ts';
import type { Violation } from './types.ts';

export interface ReceivedEvent {
  /** Position in this socket's log (1-based); compare with `mark()`. */
  seq: number;
  event: string;
  payload: unknown;
  /** Arguments besides a connection state recovery offset. */
  argCount: number;
  /** A `pong` answering one of the runner's own barrier pings. */
  barrier: boolean;
}

export interface TestSocketOptions {
  /** Server origin plus optional base path, e.g. http://127.0.0.1:3001. */
  url: string;
  token: string | undefined;
  /** The whole handshake `auth` object (e.g. `{ issuerKey }`); wins over `token`. */
  auth?: Record<string, unknown>;
  timeoutMs: number;
  transports: Array<'websocket' | 'polling'>;
  coverage: CoverageRecorder;
  /** Label in reports, e.g. `alice` or `alice#2`. */
  name: string;
  identity: string;
  /** The last thing the check did, to say what caused a bad event. */
  cause: () => string | undefined;
  /** A script reproducing what led to `event` (see repro.ts), for reports. */
  reproduce?: (event: string) => string | undefined;
}

export class SocketConnectError extends Error {
  override name = 'SocketConnectError';
}

interface Waiter {
  accept: (event: ReceivedEvent) => boolean;
  resolve: (event: ReceivedEvent | undefined) => void;
}

export function describeEmit(name: string, event: string, args: unknown[]): string {
  const shown = args.map((a) => {
    const text = a === undefined ? 'undefined' : JSON.stringify(a);
    return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
  });
  return `${name} emits ${event}(${shown.join(', ')})`;
}

export class TestSocket {
  readonly events: ReceivedEvent[] = [];
  /** Violations seen on this connection regardless of what the check expects. */
  readonly problems: Violation[] = [];
  readonly name: string;
  readonly identity: string;
  /** The socket.io-client socket, for tests that drive the transport (drop, reconnect). */
  readonly socket: Socket;
  private readonly waiters = new Set<Waiter>();
  private barrierPending = 0;
  private closing = false;
  /** Why the server dropped the connection, if it did. */
  dropped: string | undefined;
  /** The last request/emit of the check when the server dropped the connection. */
  droppedAfter: string | undefined;
  /** When (performance.now()) the server dropped the connection. */
  droppedAt: number | undefined;

  private constructor(
    socket: Socket,
    private readonly options: TestSocketOptions,
  ) {
    this.socket = socket;
    this.name = options.name;
    this.identity = options.identity;
    socket.onAny((event: string, ...args: unknown[]) => this.receive(event, args));
    // A reconnect (only tests that drop the transport on purpose make one) ends the drop.
    socket.on('connect', () => {
      this.dropped = undefined;
    });
    socket.on('disconnect', (reason) => {
      if (this.closing) return;
      this.dropped = reason;
      this.droppedAfter = options.cause();
      this.droppedAt = performance.now();
      const reproduce = options.reproduce?.('disconnect');
      this.problems.push({
        rule: 'the connection stays open (errors are answered with message_error, never a disconnect)',
        expected: `${this.name} still connected`,
        actual: `disconnected (${reason})`,
        request: this.droppedAfter,
        key: `dropped:${reason}:${shape(this.droppedAfter ?? '')}`,
        ...(reproduce ? { reproduce } : {}),
      });
      for (const waiter of this.waiters) waiter.resolve(undefined);
      this.waiters.clear();
    });
  }

  static connect(options: TestSocketOptions): Promise<TestSocket> {
    const base = new URL(options.url);
    const path = `${base.pathname.replace(/\/$/, '')}/socket.io`;
    const socket = io(base.origin, {
      path,
      transports: options.transports,
      auth: options.auth ?? (options.token === undefined ? {} : { token: options.token }),
      reconnection: false,
      forceNew: true,
      timeout: options.timeoutMs,
    });
    const client = new TestSocket(socket, options);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.disconnect();
        reject(new SocketConnectError(`no Socket.IO handshake within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(client);
      });
      socket.once('connect_error', (error: Error) => {
        clearTimeout(timer);
        client.closing = true;
        socket.disconnect();
        reject(new SocketConnectError(error.message));
      });
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  private receive(event: string, args: unknown[]): void {
    const payload = args[0];
    const barrier = event === 'pong' && this.barrierPending > 0;
    if (barrier) this.barrierPending--;
    // An event may end with Socket.IO's recovery offset, a string (asyncapi.yaml, Transport).
    const offset = args.length === 2 && typeof args[1] === 'string';
    const received: ReceivedEvent = {
      seq: this.events.length + 1,
      event,
      payload,
      argCount: offset ? 1 : args.length,
      barrier,
    };
    this.events.push(received);
    this.options.coverage.receive(event);
    this.validate(received);
    for (const waiter of this.waiters) {
      if (waiter.accept(received)) {
        this.waiters.delete(waiter);
        waiter.resolve(received);
      }
    }
  }

  private validate(received: ReceivedEvent): void {
    const reproduce = this.options.reproduce?.(received.event);
    for (const problem of judgeEvent(received, this.name, this.options.cause())) {
      this.problems.push(reproduce ? { ...problem, reproduce } : problem);
    }
  }

  /** Sequence number of the last event received so far. */
  mark(): number {
    return this.events.length;
  }

  emit(event: string, ...args: unknown[]): void {
    if ((clientEvents as readonly string[]).includes(event)) {
      this.options.coverage.emit(event as ClientEventName);
    }
    this.socket.emit(event, ...args);
  }

  /** Events after `mark`, optionally only those named `event`, barrier pongs excluded. */
  since(mark: number, event?: string): ReceivedEvent[] {
    return this.events.filter(
      (e) => e.seq > mark && !e.barrier && (event === undefined || e.event === event),
    );
  }

  /** The first `event` after `after` that satisfies `where`, or undefined after the timeout. */
  waitFor(
    event: string,
    options: { after?: number; where?: (payload: unknown) => boolean; timeoutMs?: number } = {},
  ): Promise<ReceivedEvent | undefined> {
    const after = options.after ?? 0;
    const accept = (e: ReceivedEvent) =>
      e.event === event && e.seq > after && !e.barrier && (options.where?.(e.payload) ?? true);
    const found = this.events.find(accept);
    if (found) return Promise.resolve(found);
    if (this.dropped !== undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        accept,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(undefined);
      }, options.timeoutMs ?? this.options.timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Round trip through the server (`ping` → `pong`) so that whatever the server sent this
   * socket before answering has arrived. False when no pong came.
   */
  async barrier(timeoutMs = this.options.timeoutMs): Promise<boolean> {
    if (!this.connected) return false;
    const mark = this.mark();
    this.barrierPending++;
    this.socket.emit('ping');
    return new Promise((resolve) => {
      const check = () => this.events.some((e) => e.seq > mark && e.barrier);
      if (check()) return resolve(true);
      const waiter: Waiter = {
        accept: (e) => e.event === 'pong' && e.barrier,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e !== undefined);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        if (this.barrierPending > 0) this.barrierPending--;
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Closes the connection from the client side (not a server drop). */
  close(): void {
    this.closing = true;
    this.socket.disconnect();
  }
}

export function excerptJson(value: unknown, limit = 200): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;
}
