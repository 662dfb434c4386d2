// Wires Socket.IO to the socket handlers: handshake authentication (a user token, the
// service's issuer key, or nobody where auth is off), payload validation with the generated
// ajv validators, the spec's access rule for the caller (src/auth/policy.ts), the typed
// reply object, `message_error` with a stable code for anything that fails (the connection
// stays up), and presence clean-up when a socket disconnects.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { socketAccess } from '../../generated/access.ts';
import { CONVERSATION_SID } from '../../generated/constants.ts';
import { clientEventNames } from '../../generated/events.ts';
import type { SocketHandlers } from '../../generated/socket-handlers.ts';
import { socketValidators } from '../../generated/validators.js';
import { ANONYMOUS, authorize, type Caller, type Membership, SERVICE } from '../auth/policy.ts';
import type { TokenService } from '../auth/tokens.ts';
import { ApiError, Errors } from '../errors.ts';
import type { Check } from '../limits/rate-limits.ts';
import type { Presence, RoomChange } from '../realtime/presence.ts';
import { describeValidation } from '../validation-errors.ts';
import {
  announceLeave,
  type ResumedState,
  resumePresence,
  type SocketContext,
  type SocketServices,
} from './handlers.ts';
import type {
  ClientEventName,
  ClientToServerEvents,
  MessageErrorPayload,
  ServerToClientEvents,
} from './payloads.ts';
import type { ChatServer } from './rooms.ts';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type ErrorEvent = NonNullable<MessageErrorPayload['event']>;
type ErrorCode = NonNullable<MessageErrorPayload['code']>;

/** The spec's stable `message_error` codes, from the status an ApiError carries. */
export function errorCode(status: number): ErrorCode {
  if (status === 403 || status === 401) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503) return 'unavailable';
  if (status >= 500) return 'internal';
  return 'invalid_payload';
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const MAX_PENDING_EVENTS = 100;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after pending I/O callbacks have run (the check phase follows the poll phase). */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What a socket keeps in `socket.data`, which Socket.IO's connection state recovery saves
 * with the session and hands back to the recovered socket (on any node of a cluster).
 */
interface SocketData extends Partial<ResumedState> {
  caller?: Caller;
  expiresAt?: number;
}

export interface SocketServerOptions {
  io: ChatServer;
  handlers: SocketHandlers<SocketContext>;
  services: SocketServices;
  tokens: TokenService;
  /** Conversation membership, for the access rules. */
  membership: Membership;
  /** Per socket; an event over the limit is dropped with `message_error` `rate_limited`. */
  rateLimit: Check;
  authRequired: boolean;
  /** When set, a handshake with `auth.issuerKey` equal to it is the service caller. */
  tokenIssuerKey?: string | undefined;
  log: Logger;
}

export function attachSocketHandlers(options: SocketServerOptions): void {
  const {
    io,
    handlers,
    services,
    tokens,
    membership,
    rateLimit,
    authRequired,
    tokenIssuerKey,
    log,
  } = options;
  const { presence } = services;

  // Who the socket is, decided once at the handshake (as REST decides per request).
  io.use(async (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; issuerKey?: unknown };
    if (tokenIssuerKey !== undefined && auth.issuerKey !== undefined) {
      if (!sameSecret(auth.issuerKey, tokenIssuerKey)) return next(new Error('unauthorized'));
      socket.data.caller = SERVICE;
      return next();
    }
    // No token: absent, null or empty (a client passing an optional token it does not have).
    const given = auth.token !== undefined && auth.token !== null && auth.token !== '';
    const verified =
      typeof auth.token === 'string'
        ? await tokens.verify(auth.token).catch(() => undefined)
        : undefined;
    // A token that is sent is checked even where tokens are optional (spec: Authentication):
    // ignored, a broken or expired one would give the socket the unchecked access of none.
    if (verified === undefined && (authRequired || given)) return next(new Error('unauthorized'));
    socket.data.caller =
      verified === undefined
        ? ANONYMOUS
        : ({ kind: 'user', identity: verified.identity } satisfies Caller);
    socket.data.expiresAt = verified?.expiresAt;
    next();
  });

  io.on('connection', (socket: ChatSocket) => {
    const caller = socket.data.caller as Caller;
    // A token proves the identity only until it expires: the socket goes with it (the
    // client reconnects with a fresh token). Timers beyond 2^31-1 ms would fire at once.
    const expiresAt = socket.data.expiresAt as number | undefined;
    if (expiresAt !== undefined) {
      const expiry = setTimeout(
        () => socket.disconnect(true),
        Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS),
      );
      expiry.unref();
      socket.once('disconnect', () => clearTimeout(expiry));
    }
    const data = socket.data as SocketData;
    const resumed: ResumedState | undefined = socket.recovered
      ? { user: data.user, rooms: { ...data.rooms } }
      : undefined;
    data.rooms = {};
    data.user = undefined;
    const ctx: SocketContext = {
      socketId: socket.id,
      userId: undefined,
      setUser(userId, identity) {
        ctx.userId = userId;
        data.user = { userId, identity };
      },
      connected: () => socket.connected,
      join: (room, identity) => {
        void socket.join(room);
        data.rooms = { ...data.rooms, [room]: identity };
      },
      leave: (room) => {
        void socket.leave(room);
        const { [room]: _left, ...rest } = data.rooms ?? {};
        data.rooms = rest;
      },
    };

    // One implementation behind every generated Reply interface; the interfaces restrict
    // which events and audiences each handler may use.
    const reply = {
      sender: (event: string, payload: unknown) => socket.emit(event as 'pong', payload as never),
      room: (room: string, event: string, payload: unknown) =>
        io.to(room).emit(event as 'pong', payload as never),
      others: (room: string, event: string, payload: unknown) =>
        socket.to(room).emit(event as 'pong', payload as never),
    };

    const fail = (event: ErrorEvent, payload: unknown, error: string, code: ErrorCode) => {
      const sid = (payload as { conversationSid?: unknown } | null)?.conversationSid;
      socket.emit('message_error', {
        success: false,
        error,
        event,
        code,
        ...(typeof sid === 'string' && CONVERSATION_SID.test(sid) ? { conversationSid: sid } : {}),
      });
    };

    // Events of one socket are handled one after another, in arrival order, so that a
    // slow provider call cannot let a later leave/disconnect overtake an earlier join.
    // `ping` waits its turn too (its `pong` is a barrier: everything sent before it has been
    // answered, as the spec promises) but is never rate-limited. The queue is bounded, and
    // it yields to the event loop before each event: a store that answers synchronously
    // would otherwise drain a whole burst in one turn, and every other socket and request
    // (the health probe included) would wait for it. The rate limit is taken in the queue
    // too, so that events keep their order whatever store the limiter uses.
    let queue: Promise<void> = Promise.resolve();
    let pending = 0;
    const limited = async (name: ClientEventName, args: unknown[]) => {
      await yieldToLoop();
      if (name === 'ping') return handle(name, args);
      const retryAfter = await rateLimit(socket.id);
      if (retryAfter === null) return handle(name, args);
      fail(
        name as ErrorEvent,
        args[0],
        `too many events: dropped, retry in ${retryAfter} s`,
        'rate_limited',
      );
    };

    // A recovered connection is announced again before any of its new events is handled.
    if (resumed) {
      // The handshake may carry another token now: only what it may still do is resumed.
      const allowed = (event: 'user_connect' | 'join_conversation', payload: object) =>
        authorize(socketAccess[event], caller, payload as Record<string, unknown>, membership).then(
          () => true,
          () => false,
        );
      queue = resumePresence(resumed, services, reply, ctx, allowed).catch((error: unknown) => {
        log.error({ err: error, socketId: socket.id }, 'resuming presence failed');
      });
    }

    for (const name of clientEventNames) {
      socket.on(name as ClientEventName, (...args: unknown[]) => {
        if (pending >= MAX_PENDING_EVENTS) {
          // `message_error` cannot name `ping` (the spec's ErrorEvent): a ping that finds
          // the queue full is dropped, as Socket.IO drops what a client floods it with.
          if (name === 'ping') return;
          fail(
            name,
            args[0],
            `too many events in flight (at most ${MAX_PENDING_EVENTS})`,
            'rate_limited',
          );
          return;
        }
        pending++;
        queue = queue.then(() => limited(name, args)).finally(() => pending--);
      });
    }

    async function handle(name: ClientEventName, args: unknown[]): Promise<void> {
      // Events still queued when the socket went away have no one to answer and must not
      // touch presence (a late user_connect would leave a ghost online forever).
      if (!socket.connected) return;
      const payload = args[0];
      if (name !== 'ping') {
        const validate = socketValidators[name];
        if (!validate(payload)) {
          fail(name, payload, describeValidation('payload', validate.errors), 'invalid_payload');
          return;
        }
      }
      try {
        await authorize(socketAccess[name], caller, payload as Record<string, unknown>, membership);
        if (!socket.connected) return;
        const handler = handlers[name] as (
          p: unknown,
          r: typeof reply,
          c: SocketContext,
        ) => unknown;
        await handler(name === 'ping' ? undefined : payload, reply, ctx);
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) {
          fail(name as ErrorEvent, payload, error.message, errorCode(error.status));
        } else {
          log.error({ err: error, event: name, socketId: socket.id }, 'socket handler failed');
          fail(
            name as ErrorEvent,
            payload,
            error instanceof ApiError ? error.message : Errors.internal.message(),
            error instanceof ApiError ? errorCode(error.status) : 'internal',
          );
        }
      }
    }

    // Presence is cleaned up behind the events still queued (which, the socket being gone,
    // touch nothing), so a slow join cannot re-add the socket after it was removed.
    socket.on('disconnect', () => {
      const cleanUp = async () => {
        try {
          await presence.disconnectUser(socket.id);
          // The socket has already left its rooms, so "the others" are the whole room now.
          for (const change of await presence.leaveAll(socket.id)) {
            await announceLeave(change, presence, reply.room);
          }
        } catch (error) {
          log.error({ err: error, socketId: socket.id }, 'presence clean-up failed');
        }
      };
      queue = queue.then(cleanUp, cleanUp);
    });
  });
}

/**
 * Announces leaves that no socket handler saw: those of a dead cluster node's sockets, found
 * by a survivor. The sockets are gone, so "the others" are the whole room.
 */
export function announceDepartures(io: ChatServer, presence: Presence) {
  const toRoom = (room: string, event: string, payload: unknown) =>
    io.to(room).emit(event as 'pong', payload as never);
  return async (changes: RoomChange[]): Promise<void> => {
    for (const change of changes) await announceLeave(change, presence, toRoom);
  };
}
