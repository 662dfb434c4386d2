// Real socket.io-client connections for the benchmarks: connect many, each joined to a room.
import { io, type Socket } from 'socket.io-client';

export function once<T>(socket: Socket, event: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${event}`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/**
 * Connects `count` sockets, 50 at a time; socket i joins `roomOf(i)` as `bench-<i>`. With
 * several URLs (nodes of a cluster), socket i connects to URL i mod n.
 */
export async function connectAll(
  url: string | readonly string[],
  count: number,
  roomOf: (index: number) => string,
): Promise<Socket[]> {
  const urls = typeof url === 'string' ? [url] : url;
  const sockets: Socket[] = [];
  const BATCH = 50;
  for (let i = 0; i < count; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - i) }, async (_, j) => {
      const socket = io(urls[(i + j) % urls.length] ?? '', {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      // Generous: on a loaded machine a batch of 50 handshakes can take tens of seconds.
      await once(socket, 'connect', 120_000);
      const joined = once(socket, 'joined_conversation', 120_000);
      socket.emit('join_conversation', {
        conversationSid: roomOf(i + j),
        identity: `bench-${i + j}`,
      });
      await joined;
      return socket;
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

export function disconnectAll(sockets: Socket[]): void {
  for (const socket of sockets) socket.disconnect();
}
