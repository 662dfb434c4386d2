// send_message -> new_message fan-out to rooms of 100 and 1,000 real clients: the reference
// server on the durable file store against a bare Socket.IO relay. Goal: >= 0.80x
// deliveries/s. For the room of 100 the reference server on the in-memory store is measured
// against the relay too (a report): it tells the cost of the store from that of the rest.
import { alternate, type Rounds, reportFullMachine, throughputRatio, typical } from '../compare.ts';
import { runFanout } from '../fanout.ts';
import type { BenchContext, BenchLine } from '../line.ts';
import { type Store, startBareSocketIo, startReferenceServer } from '../servers.ts';
import { meterStore } from '../store-syncs.ts';

interface FanoutRun {
  roomSize: number;
  messages: number;
  inFlight: number;
}

async function againstBare(ctx: BenchContext, options: FanoutRun, store: Store): Promise<Rounds> {
  const warm = { ...options, messages: Math.ceil(options.messages / 4) };
  const bare = await startBareSocketIo();
  const reference = await startReferenceServer({ store });
  try {
    return await alternate({
      rounds: ctx.quick ? 1 : 3,
      warm: {
        baseline: () => runFanout(bare.url, warm, false),
        measured: () => runFanout(reference.url, warm, true),
      },
      baseline: () => runFanout(bare.url, { ...options, serverPids: [bare.pid] }, false),
      measured: () =>
        meterStore(reference, () =>
          runFanout(reference.url, { ...options, serverPids: [reference.pid] }, true),
        ),
    });
  } finally {
    await bare.stop();
    await reference.stop();
  }
}

export const fanout: BenchLine = {
  id: 'fanout',
  title: 'fan-out to 100 and 1,000 clients, 4 in flight: reference (durable) vs bare Socket.IO',
  async run(ctx) {
    for (const roomSize of [100, 1000]) {
      const messages = ctx.quick ? (roomSize === 100 ? 100 : 20) : roomSize === 100 ? 400 : 60;
      const options = { roomSize, messages, inFlight: 4 };
      const rounds = await againstBare(ctx, options, 'durable');
      ctx.summary(
        `${roomSize}: bare Socket.IO (baseline)`,
        typical(rounds.baseline),
        'deliveries/s',
      );
      ctx.summary(
        `${roomSize}: reference, durable store`,
        typical(rounds.measured),
        'deliveries/s',
      );
      const throughput = throughputRatio(rounds);
      ctx.goal(`fan-out ${roomSize}`, throughput.ratio, { atLeast: 0.8 }, throughput.detail);
      reportFullMachine(ctx, `fan-out ${roomSize}`, rounds);
      if (roomSize === 100) {
        const inMemory = await againstBare(ctx, options, 'memory');
        ctx.summary(
          `${roomSize}: reference, in-memory store`,
          typical(inMemory.measured),
          'deliveries/s',
        );
        const ratio = throughputRatio(inMemory);
        ctx.report(`fan-out ${roomSize}, in-memory store`, ratio.ratio, `x (${ratio.detail})`);
      }
    }
  },
};
