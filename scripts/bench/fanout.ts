// Load driver: send_message -> new_message fan-out to a room of N real socket.io-client
// connections. One member sends with a bounded number of messages in flight; every member
// records the latency from send to its own new_message.
import { startCpuMeter } from './cpu.ts';
import { prepareConversation } from './rest.ts';
import { connectAll, disconnectAll } from './sockets.ts';
import { type Summary, summarize } from './stats.ts';

interface FanoutOptions {
  roomSize: number;
  messages: number;
  inFlight: number;
  /** Server processes whose CPU the sending phase is charged with (cpu.ts); not the joins. */
  serverPids?: readonly number[];
}

/**
 * `createRoom`: make a real conversation through REST (the bare relay has no REST). Several
 * URLs (nodes of a cluster): the members spread over them, the sender on the first.
 */
export async function runFanout(
  url: string | readonly string[],
  options: FanoutOptions,
  createRoom: boolean,
): Promise<Summary> {
  const conversationSid = createRoom
    ? (await prepareConversation(typeof url === 'string' ? url : (url[0] ?? ''))).conversationSid
    : 'CH00000000000000000000000000000000';
  const sockets = await connectAll(url, options.roomSize, () => conversationSid);
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

  // A socket's replies come in the order of its events, so each reply answers the oldest
  // send still waiting: that keeps exactly `inFlight` sends outstanding. (Waiting on the next
  // message_sent in each of the parallel senders would release them all at once, and the
  // server refuses a socket's events beyond its in-flight limit.)
  const waiting: Array<(ok: boolean) => void> = [];
  sender.on('message_sent', () => waiting.shift()?.(true));
  sender.on('message_error', () => waiting.shift()?.(false));
  const meter = startCpuMeter(options.serverPids);
  const started = performance.now();
  let next = 0;
  const sendOne = async (): Promise<void> => {
    while (next < options.messages) {
      const body = `bench message ${next++}`;
      const ack = new Promise<boolean>((resolve) => waiting.push(resolve));
      sentAt.set(body, performance.now());
      sender.emit('send_message', { conversationSid, body, author: 'bench-0' });
      if (!(await ack)) throw new Error(`send_message refused: ${body}`);
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, sendOne));
  await Promise.race([
    done,
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error(`only ${latencies.length}/${expected} delivered`)),
        180_000,
      ),
    ),
  ]);
  const summary = meter.attach(summarize(latencies, (performance.now() - started) / 1000));
  disconnectAll(sockets);
  return summary;
}
