// Benchmark (b): send_message -> new_message fan-out to a room of N real socket.io-client
// connections. One member sends with a bounded number of messages in flight; every member
// records the latency from send to its own new_message. Run against the reference server
// and against a bare Socket.IO relay in the same run.
import { io, type Socket } from 'socket.io-client';
import { prepareConversation } from './rest.ts';
import { type Summary, summarize } from './stats.ts';

interface FanoutOptions {
  roomSize: number;
  messages: number;
  inFlight: number;
}

function once<T>(socket: Socket, event: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${event}`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

async function connectAll(url: string, count: number, room: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const BATCH = 50;
  for (let i = 0; i < count; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - i) }, async (_, j) => {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      await once(socket, 'connect');
      const joined = once(socket, 'joined_conversation');
      socket.emit('join_conversation', { conversationSid: room, identity: `bench-${i + j}` });
      await joined;
      return socket;
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/** `createRoom`: make a real conversation through REST (the bare relay has no REST). */
export async function runFanout(
  url: string,
  options: FanoutOptions,
  createRoom: boolean,
): Promise<Summary> {
  const conversationSid = createRoom
    ? (await prepareConversation(url)).conversationSid
    : 'CH00000000000000000000000000000000';
  const sockets = await connectAll(url, options.roomSize, conversationSid);
  const sender = sockets[0];
  if (!sender) throw new Error('no sockets');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const expected = options.messages * sockets.length;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  for (const socket of sockets) {
    socket.on('new_message', (payload: { message: { body: string } }) => {
      const t0 = sentAt.get(payload.message.body);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
      if (latencies.length === expected) resolveDone();
    });
  }

  const started = performance.now();
  let next = 0;
  const sendOne = async (): Promise<void> => {
    while (next < options.messages) {
      const body = `bench message ${next++}`;
      const ack = once(sender, 'message_sent');
      sentAt.set(body, performance.now());
      sender.emit('send_message', { conversationSid, body, author: 'bench-0' });
      await ack;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, sendOne));
  await Promise.race([
    done,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`only ${latencies.length}/${expected} delivered`)), 60_000),
    ),
  ]);
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.disconnect();
  return summarize(latencies, seconds);
}
