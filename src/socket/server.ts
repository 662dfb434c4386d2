// Wires Socket.IO to the socket handlers: optional handshake auth, payload validation with
// the generated ajv validators, the typed reply object, `message_error` for anything that
// fails (the connection stays up), and presence clean-up when a socket disconnects.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { clientEventNames } from '../../generated/events.ts';
import type { SocketHandlers } from '../../generated/socket-handlers.ts';
import { socketValidators } from '../../generated/validators.js';
import type { TokenService } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import type { Presence } from '../realtime/presence.ts';
import { announceLeave, type SocketContext } from './handlers.ts';
import type {
  ClientEventName,
  ClientToServerEvents,
  MessageErrorPayload,
  ServerToClientEvents,
} from './payloads.ts';
import type { ChatServer } from './rooms.ts';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
type ErrorEvent = NonNullable<MessageErrorPayload['event']>;

const SID = /^CH[0-9a-f]{32}$/;
const MAX_PENDING_EVENTS = 100;

/** First validation error as `field message`, e.g. `conversationSid must match pattern ...`. */
function describe(
  errors:
    | ReadonlyArray<{ instancePath: string; message?: string; params?: object }>
    | null
    | undefined,
) {
  const first = errors?.[0];
  if (!first) return 'invalid payload';
  // An unknown property is reported on its parent; name the property itself.
  const extra = (first.params as { additionalProperty?: unknown } | undefined)?.additionalProperty;
  const path = typeof extra === 'string' ? `${first.instancePath}/${extra}` : first.instancePath;
  const field = path.replace(/^\//, '').replace(/\//g, '.') || 'payload';
  return `${field} ${first.message ?? 'is invalid'}`;
}

export interface SocketServerOptions {
  io: ChatServer;
  handlers: SocketHandlers<SocketContext>;
  presence: Presence;
  tokens: TokenService;
  authRequired: boolean;
  log: Logger;
}

export function attachSocketHandlers(options: SocketServerOptions): void {
  const { io, handlers, presence, tokens, authRequired, log } = options;

  if (authRequired) {
    io.use(async (socket, next) => {
      const token = socket.handshake.auth?.token;
      try {
        if (typeof token !== 'string') throw new Error('no token');
        socket.data.tokenIdentity = await tokens.verify(token);
        next();
      } catch {
        next(new Error('unauthorized'));
      }
    });
  }

  io.on('connection', (socket: ChatSocket) => {
    const ctx: SocketContext = {
      socketId: socket.id,
      tokenIdentity: socket.data.tokenIdentity,
      userId: undefined,
      setUser(userId) {
        ctx.userId = userId;
      },
      connected: () => socket.connected,
      join: (room) => void socket.join(room),
      leave: (room) => void socket.leave(room),
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

    const fail = (event: ErrorEvent, payload: unknown, error: string) => {
      const sid = (payload as { conversationSid?: unknown } | null)?.conversationSid;
      socket.emit('message_error', {
        success: false,
        error,
        event,
        ...(typeof sid === 'string' && SID.test(sid) ? { conversationSid: sid } : {}),
      });
    };

    // Events of one socket are handled one after another, in arrival order, so that a
    // slow provider call cannot let a later leave/disconnect overtake an earlier join.
    // `ping` skips the queue: it touches no state. The queue is bounded per socket.
    let queue: Promise<void> = Promise.resolve();
    let pending = 0;

    for (const name of clientEventNames) {
      socket.on(name as ClientEventName, (...args: unknown[]) => {
        if (name === 'ping') {
          void handle(name, args);
          return;
        }
        if (pending >= MAX_PENDING_EVENTS) {
          fail(name, args[0], `too many events in flight (at most ${MAX_PENDING_EVENTS})`);
          return;
        }
        pending++;
        queue = queue.then(() => handle(name, args)).finally(() => pending--);
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
          fail(name, payload, describe(validate.errors));
          return;
        }
      }
      try {
        const handler = handlers[name] as (
          p: unknown,
          r: typeof reply,
          c: SocketContext,
        ) => unknown;
        await handler(name === 'ping' ? undefined : payload, reply, ctx);
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) {
          fail(name as ErrorEvent, payload, error.message);
        } else {
          log.error({ err: error, event: name, socketId: socket.id }, 'socket handler failed');
          fail(
            name as ErrorEvent,
            payload,
            error instanceof ApiError ? error.message : 'Internal server error',
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
