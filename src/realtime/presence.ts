// Who is online where: per conversation room, the identities present with their
// connections and last activity; per identity, the connections that sent `user_connect`
// (reachability). Presence is per identity, so a user with two tabs is one entry.
// Transport-neutral (a connection is an opaque id) and asynchronous, so that a shared
// implementation (e.g. Redis, for several nodes behind a load balancer) fits the same
// interface; MemoryPresence is exact for a single node.
import type { components } from '../../generated/socket.ts';

export type OnlineUser = components['schemas']['OnlineUser'];

export interface RoomChange {
  room: string;
  identity: string;
  userId: string;
  /** True when this socket was the identity's first in the room (join) or last (leave). */
  flipped: boolean;
  lastSeen: Date;
}

/**
 * Every operation may go over the network in a shared implementation, hence promises.
 * Callers serialize the operations of one connection (src/socket/server.ts), so an
 * implementation only has to keep concurrent connections consistent.
 */
export interface Presence {
  join(room: string, socketId: string, identity: string, userId: string): Promise<RoomChange>;
  /** Null when the socket was not in the room. */
  leave(room: string, socketId: string): Promise<RoomChange | null>;
  /** Removes the socket from every room; one change per room it was in. */
  leaveAll(socketId: string): Promise<RoomChange[]>;
  isInRoom(room: string, socketId: string): Promise<boolean>;
  /** The identity the socket joined the room as, if it is in the room. */
  identityIn(room: string, socketId: string): Promise<string | undefined>;
  /** Forgets a room entirely (its conversation was deleted). */
  clearRoom(room: string): Promise<void>;
  touch(room: string, identity: string): Promise<void>;
  list(room: string): Promise<OnlineUser[]>;
  /** How many identities are online in the room. */
  size(room: string): Promise<number>;
  connectUser(socketId: string, identity: string): Promise<void>;
  disconnectUser(socketId: string): Promise<void>;
  isOnline(identity: string): Promise<boolean>;
}

interface Member {
  userId: string;
  sockets: Set<string>;
  lastSeen: Date;
}

/** The single-node presence. Its methods never wait: each runs to completion at once. */
export class MemoryPresence implements Presence {
  private readonly rooms = new Map<string, Map<string, Member>>();
  /** socket -> (room -> identity) so leaving and disconnecting are O(rooms of that socket). */
  private readonly socketRooms = new Map<string, Map<string, string>>();
  private readonly connected = new Map<string, Set<string>>();
  private readonly socketIdentity = new Map<string, string>();

  async join(
    room: string,
    socketId: string,
    identity: string,
    userId: string,
  ): Promise<RoomChange> {
    const now = new Date();
    const previous = this.socketRooms.get(socketId)?.get(room);
    if (previous !== undefined && previous !== identity) this.remove(room, socketId);
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

  async leave(room: string, socketId: string): Promise<RoomChange | null> {
    return this.remove(room, socketId);
  }

  private remove(room: string, socketId: string): RoomChange | null {
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

  async leaveAll(socketId: string): Promise<RoomChange[]> {
    const rooms = [...(this.socketRooms.get(socketId)?.keys() ?? [])];
    return rooms.flatMap((room) => this.remove(room, socketId) ?? []);
  }

  async isInRoom(room: string, socketId: string): Promise<boolean> {
    return this.socketRooms.get(socketId)?.has(room) ?? false;
  }

  async identityIn(room: string, socketId: string): Promise<string | undefined> {
    return this.socketRooms.get(socketId)?.get(room);
  }

  async clearRoom(room: string): Promise<void> {
    for (const member of this.rooms.get(room)?.values() ?? []) {
      for (const socketId of member.sockets) {
        const rooms = this.socketRooms.get(socketId);
        rooms?.delete(room);
        if (rooms?.size === 0) this.socketRooms.delete(socketId);
      }
    }
    this.rooms.delete(room);
  }

  async touch(room: string, identity: string): Promise<void> {
    const member = this.rooms.get(room)?.get(identity);
    if (member) member.lastSeen = new Date();
  }

  async size(room: string): Promise<number> {
    return this.rooms.get(room)?.size ?? 0;
  }

  async list(room: string): Promise<OnlineUser[]> {
    return [...(this.rooms.get(room)?.entries() ?? [])].map(([identity, m]) => ({
      userId: m.userId,
      identity,
      lastSeen: m.lastSeen.toISOString(),
    }));
  }

  async connectUser(socketId: string, identity: string): Promise<void> {
    this.forgetUser(socketId);
    this.socketIdentity.set(socketId, identity);
    let sockets = this.connected.get(identity);
    if (!sockets) {
      sockets = new Set();
      this.connected.set(identity, sockets);
    }
    sockets.add(socketId);
  }

  async disconnectUser(socketId: string): Promise<void> {
    this.forgetUser(socketId);
  }

  private forgetUser(socketId: string): void {
    const identity = this.socketIdentity.get(socketId);
    if (identity === undefined) return;
    this.socketIdentity.delete(socketId);
    const sockets = this.connected.get(identity);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.connected.delete(identity);
  }

  async isOnline(identity: string): Promise<boolean> {
    return this.connected.has(identity);
  }
}
