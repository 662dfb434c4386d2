// Who is online where, on this node: per conversation room, the identities present with
// their sockets and last activity; per identity, the sockets that sent `user_connect`
// (reachability). Presence is per identity, so a user with two tabs is one entry.
// Several nodes behind a load balancer would need a shared implementation of this
// interface (e.g. Redis); the in-memory one is exact for a single node.
import type { OnlineUser } from './payloads.ts';

export interface RoomChange {
  room: string;
  identity: string;
  userId: string;
  /** True when this socket was the identity's first in the room (join) or last (leave). */
  flipped: boolean;
  lastSeen: Date;
}

export interface Presence {
  join(room: string, socketId: string, identity: string, userId: string): RoomChange;
  /** Null when the socket was not in the room. */
  leave(room: string, socketId: string): RoomChange | null;
  /** Removes the socket from every room; one change per room it was in. */
  leaveAll(socketId: string): RoomChange[];
  isInRoom(room: string, socketId: string): boolean;
  /** The identity the socket joined the room as, if it is in the room. */
  identityIn(room: string, socketId: string): string | undefined;
  /** Forgets a room entirely (its conversation was deleted). */
  clearRoom(room: string): void;
  touch(room: string, identity: string): void;
  list(room: string): OnlineUser[];
  /** How many identities are online in the room. */
  size(room: string): number;
  connectUser(socketId: string, identity: string): void;
  disconnectUser(socketId: string): void;
  isOnline(identity: string): boolean;
}

interface Member {
  userId: string;
  sockets: Set<string>;
  lastSeen: Date;
}

export class MemoryPresence implements Presence {
  private readonly rooms = new Map<string, Map<string, Member>>();
  /** socket -> (room -> identity) so leaving and disconnecting are O(rooms of that socket). */
  private readonly socketRooms = new Map<string, Map<string, string>>();
  private readonly connected = new Map<string, Set<string>>();
  private readonly socketIdentity = new Map<string, string>();

  join(room: string, socketId: string, identity: string, userId: string): RoomChange {
    const now = new Date();
    const previous = this.socketRooms.get(socketId)?.get(room);
    if (previous !== undefined && previous !== identity) this.leave(room, socketId);
    let members = this.rooms.get(room);
    if (!members) {
      members = new Map();
      this.rooms.set(room, members);
    }
    let member = members.get(identity);
    const flipped = member === undefined;
    if (!member) {
      member = { userId, sockets: new Set(), lastSeen: now };
      members.set(identity, member);
    }
    member.sockets.add(socketId);
    member.userId = userId;
    member.lastSeen = now;
    let rooms = this.socketRooms.get(socketId);
    if (!rooms) {
      rooms = new Map();
      this.socketRooms.set(socketId, rooms);
    }
    rooms.set(room, identity);
    return { room, identity, userId, flipped, lastSeen: now };
  }

  leave(room: string, socketId: string): RoomChange | null {
    const rooms = this.socketRooms.get(socketId);
    const identity = rooms?.get(room);
    if (!rooms || identity === undefined) return null;
    rooms.delete(room);
    if (rooms.size === 0) this.socketRooms.delete(socketId);
    const members = this.rooms.get(room);
    const member = members?.get(identity);
    if (!members || !member) return null;
    member.sockets.delete(socketId);
    const now = new Date();
    member.lastSeen = now;
    const flipped = member.sockets.size === 0;
    if (flipped) members.delete(identity);
    if (members.size === 0) this.rooms.delete(room);
    return { room, identity, userId: member.userId, flipped, lastSeen: now };
  }

  leaveAll(socketId: string): RoomChange[] {
    const rooms = [...(this.socketRooms.get(socketId)?.keys() ?? [])];
    return rooms.flatMap((room) => this.leave(room, socketId) ?? []);
  }

  isInRoom(room: string, socketId: string): boolean {
    return this.socketRooms.get(socketId)?.has(room) ?? false;
  }

  identityIn(room: string, socketId: string): string | undefined {
    return this.socketRooms.get(socketId)?.get(room);
  }

  clearRoom(room: string): void {
    for (const member of this.rooms.get(room)?.values() ?? []) {
      for (const socketId of member.sockets) {
        const rooms = this.socketRooms.get(socketId);
        rooms?.delete(room);
        if (rooms?.size === 0) this.socketRooms.delete(socketId);
      }
    }
    this.rooms.delete(room);
  }

  touch(room: string, identity: string): void {
    const member = this.rooms.get(room)?.get(identity);
    if (member) member.lastSeen = new Date();
  }

  size(room: string): number {
    return this.rooms.get(room)?.size ?? 0;
  }

  list(room: string): OnlineUser[] {
    return [...(this.rooms.get(room)?.entries() ?? [])].map(([identity, m]) => ({
      userId: m.userId,
      identity,
      lastSeen: m.lastSeen.toISOString(),
    }));
  }

  connectUser(socketId: string, identity: string): void {
    this.disconnectUser(socketId);
    this.socketIdentity.set(socketId, identity);
    let sockets = this.connected.get(identity);
    if (!sockets) {
      sockets = new Set();
      this.connected.set(identity, sockets);
    }
    sockets.add(socketId);
  }

  disconnectUser(socketId: string): void {
    const identity = this.socketIdentity.get(socketId);
    if (identity === undefined) return;
    this.socketIdentity.delete(socketId);
    const sockets = this.connected.get(identity);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.connected.delete(identity);
  }

  isOnline(identity: string): boolean {
    return this.connected.has(identity);
  }
}
