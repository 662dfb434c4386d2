// Fair service under a socket flood: GET /healthz p99 while 50 sockets each send 100
// send_message as fast as they can (no waiting for acknowledgements), against /healthz p99
// on the same server idle. Goal: <= 10x idle, and under 100 ms. Both are tails of a few
// hundred probes on a shared machine (one slow probe moves a p99), so idle and flood rounds
// alternate and the median of the pairs is quoted, as in the throughput lines.

import { setTimeout } from 'node:timers/promises';
import { alternate, median, p99Ratio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { startReferenceServer } from '../servers.ts';
import { prepareSenders, type Senders } from '../socket-send.ts';
import { type Summary, summarize } from '../stats.ts';

const SOCKETS = 50;
const PER_SOCKET = 100;
/** Quiet time before an idle round: past the checkpointer's 100 ms and a major GC. */
const SETTLE_MS = 1000;

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

/** /healthz probed while every sender emits PER_SOCKET send_message at once. */
async function underFlood(url: string, senders: Senders): Promise<Summary> {
  let answered = 0;
  const total = SOCKETS * PER_SOCKET;
  let allAnswered = () => {};
  const everyAnswer = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  const count = () => {
    answered++;
    if (answered === total) allAnswered();
  };
  for (const socket of senders.sockets) {
    socket.on('message_sent', count);
    socket.on('message_error', count);
  }
  try {
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
    const latencies = await probeHealth(url, () => answered === total, 20);
    await everyAnswer;
    return summarize(latencies, (performance.now() - started) / 1000);
  } finally {
    for (const socket of senders.sockets) {
      socket.off('message_sent', count);
      socket.off('message_error', count);
    }
  }
}

export const healthzFlood: BenchLine = {
  id: 'healthz-flood',
  title: `GET /healthz p99 while ${SOCKETS} sockets each send ${PER_SOCKET} send_message at once vs idle`,
  async run(ctx) {
    const server = await startReferenceServer({ store: 'durable' });
    try {
      const senders = await prepareSenders(server.url, SOCKETS);
      // An idle round may follow a flood (rounds alternate): it starts once the server has
      // settled (the flood's checkpoints and garbage collection), as the first one did.
      const idle = async () => {
        await setTimeout(SETTLE_MS);
        return summarize(await probeHealth(server.url, () => true, 200), 1);
      };
      const flood = () => underFlood(server.url, senders);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: { baseline: idle, measured: flood },
        baseline: idle,
        measured: flood,
      });
      senders.close();
      ctx.summary(
        '/healthz idle (baseline)',
        typical(rounds.baseline, (round) => round.p99),
        'req/s',
      );
      ctx.summary(
        '/healthz under the flood',
        typical(rounds.measured, (round) => round.p99),
        'req/s',
      );
      const ratio = p99Ratio(rounds);
      ctx.goal('/healthz p99 flood/idle', ratio.ratio, { atMost: 10 }, ratio.detail);
      ctx.report(
        '/healthz p99 under the flood (goal < 100 ms)',
        median(rounds.measured.map((round) => round.p99)),
        'ms',
      );
    } finally {
      await server.stop();
    }
  },
};
