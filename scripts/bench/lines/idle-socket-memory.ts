// Memory per connected idle socket: server RSS growth (after a full GC) for 5,000 sockets
// that each joined one room (one-to-one conversations, two members each) on the durable
// store, divided by 5,000. Reported; no goal yet.
import type { BenchLine } from '../line.ts';
import { prepareConversations } from '../rest.ts';
import { startReferenceServer } from '../servers.ts';
import { connectAll, disconnectAll } from '../sockets.ts';

export const idleSocketMemory: BenchLine = {
  id: 'idle-socket-memory',
  title: 'memory per connected idle socket (each joined one room), durable store',
  async run(ctx) {
    const sockets = ctx.quick ? 1000 : 5000;
    const server = await startReferenceServer({ store: 'durable' });
    try {
      const rooms = await prepareConversations(server.url, sockets / 2);
      // Warm the connection path once so first-use allocations do not count as per-socket.
      disconnectAll(await connectAll(server.url, 50, (i) => rooms[i % rooms.length] ?? ''));
      const before = await server.rss();
      const connected = await connectAll(server.url, sockets, (i) => rooms[i >> 1] ?? '');
      const after = await server.rss();
      disconnectAll(connected);
      ctx.report(
        `RSS per idle socket (${sockets})`,
        (after - before) / sockets / 1024,
        `KiB (RSS ${(before / 2 ** 20).toFixed(0)} -> ${(after / 2 ** 20).toFixed(0)} MiB)`,
      );
    } finally {
      await server.stop();
    }
  },
};
