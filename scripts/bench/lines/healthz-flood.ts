// Fair service under a socket flood: GET /healthz p99 while 50 sockets each send 100
// send_message as fast as they can (no waiting for acknowledgements), against /healthz p99
// on the same server idle. Goal: <= 10x idle, and under 100 ms.
import type { BenchLine } from '../line.ts';
import { startReferenceServer } from '../servers.ts';
import { prepareSenders } from '../socket-send.ts';
import { summarize } from '../stats.ts';

const SOCKETS = 50;
const PER_SOCKET = 100;

/** Sequential GET /healthz until `done()`; at least `minimum` probes. */
async function probeHealth(url: string, done: () => boolean, minimum: number): Promise<number[]> {
  const latencies: number[] = [];
  while (latencies.length < minimum || !done()) {
    const t0 = performance.now();
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

export const healthzFlood: BenchLine = {
  id: 'healthz-flood',
  title: `GET /healthz p99 while ${SOCKETS} sockets each send ${PER_SOCKET} send_message at once vs idle`,
  async run(ctx) {
    const server = await startReferenceServer({ store: 'durable' });
    try {
      const senders = await prepareSenders(server.url, SOCKETS);
      const idle = summarize(await probeHealth(server.url, () => true, 200), 1);
      let answered = 0;
      const total = SOCKETS * PER_SOCKET;
      const allAnswered = new Promise<void>((resolve) => {
        const count = () => {
          answered++;
          if (answered === total) resolve();
        };
        for (const socket of senders.sockets) {
          socket.on('message_sent', count);
          socket.on('message_error', count);
        }
      });
      const started = performance.now();
      senders.sockets.forEach((socket, i) => {
        for (let n = 0; n < PER_SOCKET; n++) {
          socket.emit('send_message', {
            conversationSid: senders.rooms[i],
            body: `flood ${i} ${n}`,
            author: `bench-${i}`,
          });
        }
      });
      const underFlood = await probeHealth(server.url, () => answered === total, 20);
      await allAnswered;
      const flood = summarize(underFlood, (performance.now() - started) / 1000);
      senders.close();
      ctx.summary('/healthz idle (baseline)', idle, 'req/s');
      ctx.summary('/healthz under the flood', flood, 'req/s');
      ctx.goal('/healthz p99 flood/idle', flood.p99 / idle.p99, { atMost: 10 });
      ctx.report('/healthz p99 under the flood (goal < 100 ms)', flood.p99, 'ms');
    } finally {
      await server.stop();
    }
  },
};
