// The Socket.IO server type, and rooms as the transport-neutral broadcaster reaches them
// (src/realtime/broadcaster.ts). With several nodes, Socket.IO's adapter carries both
// operations to the other nodes.
import type { Server } from 'socket.io';
import type { RoomChannel } from '../realtime/broadcaster.ts';
import type { ClientToServerEvents, ServerToClientEvents } from './payloads.ts';

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents>;

export function socketRooms(io: ChatServer): RoomChannel {
  return {
    emit: (room, event, ...payload) => void io.to(room).emit(event, ...payload),
    empty: (room) => io.in(room).socketsLeave(room),
  };
}
