// Load driver: closed-loop socket send_message -> message_sent. Each sender has its own
// conversation (many one-to-one chats, the common case) and joined it, as the guide's client
// does, so it also receives its own new_message; it sends the next message when the
// previous one is acknowledged.
import type { Socket } from 'socket.io-client';
import { startCpuMeter } from './cpu.ts';
import { prepareConversations } from './rest.ts';
import { connectAll, disconnectAll } from './sockets.ts';
import { type Summary, summarize } from './stats.ts';

export interface Senders {
  sockets: Socket[];
  rooms: string[];
  close(): void;
}

export async function prepareSenders(url: string, count: number): Promise<Senders> {
  const rooms = await prepareConversations(url, count);
  const sockets = await connectAll(url, count, (i) => rooms[i] ?? '');
  return { sockets, rooms, close: () => disconnectAll(sockets) };
}

/** Resolves true on message_sent, false on message_error; rejects after 30 s. */
function acknowledgement(socket: Socket): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      socket.off('message_sent', sent);
      socket.off('message_error', failed);
      resolve(ok);
    };
    const sent = () => settle(true);
    const failed = () => settle(false);
    const timer = setTimeout(() => reject(new Error('no message_sent within 30 s')), 30_000);
    socket.on('message_sent', sent);
    socket.on('message_error', failed);
  });
}

/** `serverPids`: the server processes whose CPU the run is charged with (cpu.ts). */
export async function loadSocketSends(
  senders: Senders,
  seconds: number,
  serverPids?: readonly number[],
): Promise<Summary> {
  const latencies: number[] = [];
  let failures = 0;
  const meter = startCpuMeter(serverPids);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const sender = async (socket: Socket, room: string, index: number) => {
    let n = 0;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const ack = acknowledgement(socket);
      socket.emit('send_message', {
        conversationSid: room,
        body: `bench ${index} ${n++}`,
        author: `bench-${index}`,
      });
      if (!(await ack)) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(senders.sockets.map((s, i) => sender(s, senders.rooms[i] ?? '', i)));
  const summary = meter.attach(summarize(latencies, (performance.now() - started) / 1000));
  if (failures > 0) throw new Error(`${failures} send_message were not acknowledged`);
  return summary;
}
