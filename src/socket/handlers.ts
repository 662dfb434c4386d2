// The client -> server events, implemented over the generated SocketHandlers interface.
// Payloads arrive validated and authorized (src/socket/server.ts); each reply method only
// accepts the events and audiences asyncapi.yaml declares for that event (x-emits).
import { ROOM_LIST_LIMIT } from '../../generated/constants.ts';
import type {
  JoinConversationReply,
  LeaveConversationReply,
  SocketHandlers,
} from '../../generated/socket-handlers.ts';
import { BadRequestError } from '../errors.ts';
import type { ConversationProvider } from '../providers/provider.ts';
import type { Presence, RoomChange } from '../realtime/presence.ts';
import { newMessagePayload, statusChangedPayload } from '../wire.ts';

/** What a handler knows about the socket it serves. */
export interface SocketContext {
  socketId: string;
  /** userId from `user_connect`, if the socket sent one. */
  userId: string | undefined;
  setUser(userId: string, identity: string): void;
  /** False once the socket is gone: checked after every await before touching presence. */
  connected(): boolean;
  join(room: string, identity: string): void;
  leave(room: string): void;
}

/** What a recovered connection (Socket.IO connection state recovery) had before it dropped. */
export interface ResumedState {
  user: { userId: string; identity: string } | undefined;
  /** room -> identity the socket had joined it as. */
  rooms: Record<string, string>;
}

export interface SocketServices {
  provider: ConversationProvider;
  presence: Presence;
}

const now = () => new Date().toISOString();

/**
 * What the remaining members hear when a socket leaves a room, by `leave_conversation`
 * or by disconnecting (the spec gives both the same effects).
 */
export async function announceLeave(
  change: RoomChange,
  presence: Presence,
  toRemaining: LeaveConversationReply['others'],
): Promise<void> {
  toRemaining(change.room, 'user_left', {
    conversationSid: change.room,
    identity: change.identity,
    timestamp: now(),
  });
  if (change.flipped) {
    toRemaining(change.room, 'user_status_changed', statusChangedPayload(change, false));
  }
  if ((await presence.size(change.room)) <= ROOM_LIST_LIMIT) {
    toRemaining(change.room, 'conversation_users', {
      conversationSid: change.room,
      onlineUsers: await presence.list(change.room),
    });
  }
}

/**
 * What the room hears when a socket joins it: `user_joined` (and `user_status_changed` for
 * the identity's first socket) to the others when the socket is new in the room, then the
 * online list to the whole room.
 */
export async function announceJoin(
  change: RoomChange,
  isNew: boolean,
  presence: Presence,
  reply: Pick<JoinConversationReply, 'others' | 'room'>,
): Promise<void> {
  const { room, identity } = change;
  if (isNew) {
    reply.others(room, 'user_joined', { conversationSid: room, identity, timestamp: now() });
    if (change.flipped)
      reply.others(room, 'user_status_changed', statusChangedPayload(change, true));
  }
  if ((await presence.size(room)) <= ROOM_LIST_LIMIT) {
    reply.room(room, 'conversation_users', {
      conversationSid: room,
      onlineUsers: await presence.list(room),
    });
  }
}

/**
 * A connection that Socket.IO recovered after a short drop is back in its rooms (and gets the
 * events it missed), but its disconnect was announced: it is announced again as it comes
 * back, in the rooms whose conversation still exists.
 */
export async function resumePresence(
  state: ResumedState,
  services: SocketServices,
  reply: Pick<JoinConversationReply, 'others' | 'room'>,
  ctx: SocketContext,
  allowed: (
    event: 'user_connect' | 'join_conversation',
    payload: { userId?: string; identity: string; conversationSid?: string },
  ) => Promise<boolean>,
): Promise<void> {
  const { provider, presence } = services;
  if (state.user && (await allowed('user_connect', state.user))) {
    ctx.setUser(state.user.userId, state.user.identity);
    await presence.connectUser(ctx.socketId, state.user.identity);
  }
  for (const [room, identity] of Object.entries(state.rooms)) {
    const exists = await provider.getConversation(room).then(
      () => true,
      () => false,
    );
    const mayJoin =
      exists && (await allowed('join_conversation', { conversationSid: room, identity }));
    if (!ctx.connected()) return;
    if (!mayJoin) {
      ctx.leave(room);
      continue;
    }
    const change = await presence.join(room, ctx.socketId, identity, ctx.userId ?? identity);
    await announceJoin(change, true, presence, reply);
  }
}

export function createSocketHandlers({
  provider,
  presence,
}: SocketServices): SocketHandlers<SocketContext> {
  return {
    async user_connect({ userId, identity }, reply, ctx) {
      ctx.setUser(userId, identity);
      await presence.connectUser(ctx.socketId, identity);
      reply.sender('user_connected', {
        success: true,
        message: 'Connected to chat server',
        userId,
        identity,
      });
    },

    async join_conversation({ conversationSid, identity }, reply, ctx) {
      await provider.getConversation(conversationSid);
      if (!ctx.connected()) return;
      const current = await presence.identityIn(conversationSid, ctx.socketId);
      if (current !== undefined && current !== identity) {
        throw new BadRequestError(
          `this socket is in ${conversationSid} as ${current}: leave before joining as ${identity}`,
        );
      }
      const already = current !== undefined;
      const change = await presence.join(
        conversationSid,
        ctx.socketId,
        identity,
        ctx.userId ?? identity,
      );
      ctx.join(conversationSid, identity);
      reply.sender('joined_conversation', {
        success: true,
        conversationSid,
        message: `Joined conversation ${conversationSid}`,
      });
      await announceJoin(change, !already, presence, reply);
    },

    async leave_conversation({ conversationSid }, reply, ctx) {
      const change = await presence.leave(conversationSid, ctx.socketId);
      ctx.leave(conversationSid);
      if (change) await announceLeave(change, presence, reply.others);
    },

    async send_message({ conversationSid, body, author, media }, reply) {
      const message = await provider.sendMessage(conversationSid, {
        author,
        body,
        media: media ?? [],
      });
      await presence.touch(conversationSid, author);
      reply.sender('message_sent', { success: true, messageSid: message.sid, conversationSid });
      reply.room(conversationSid, 'new_message', newMessagePayload(message));
    },

    typing_start(payload, reply, ctx) {
      return typing(payload, true, reply, ctx);
    },

    typing_stop(payload, reply, ctx) {
      return typing(payload, false, reply, ctx);
    },

    async get_online_users({ conversationSid }, reply) {
      await provider.getConversation(conversationSid);
      reply.sender('online_users', {
        conversationSid,
        users: await presence.list(conversationSid),
      });
    },

    ping(_payload, reply) {
      reply.sender('pong', { timestamp: now() });
    },
  };

  async function typing(
    { conversationSid, identity }: { conversationSid: string; identity: string },
    isTyping: boolean,
    reply: Parameters<SocketHandlers<SocketContext>['typing_start']>[1],
    ctx: SocketContext,
  ): Promise<void> {
    // Typing is fire-and-forget: outside the room it is dropped, not answered with an error.
    if (!(await presence.isInRoom(conversationSid, ctx.socketId))) return;
    await presence.touch(conversationSid, identity);
    reply.others(conversationSid, 'user_typing', {
      conversationSid,
      identity,
      isTyping,
      timestamp: now(),
    });
  }
}
