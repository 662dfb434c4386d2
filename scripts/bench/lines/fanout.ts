// send_message -> new_message fan-out to rooms of 100 and 1,000 real clients: the reference
// server on the durable file store against a bare Socket.IO relay. Goal: >= 0.80x
// deliveries/s.
import { alternate, throughputRatio, typical } from '../compare.ts';
import { runFanout } from '../fanout.ts';
import type { BenchLine } from '../line.ts';
import { startBareSocketIo, startReferenceServer } from '../servers.ts';

export const fanout: BenchLine = {
  id: 'fanout',
  title: 'fan-out to 100 and 1,000 clients, 4 in flight: reference (durable) vs bare Socket.IO',
  async run(ctx) {
    for (const roomSize of [100, 1000]) {
      const messages = ctx.quick ? (roomSize === 100 ? 100 : 20) : roomSize === 100 ? 400 : 60;
      const options = { roomSize, messages, inFlight: 4 };
      const warm = { ...options, messages: Math.ceil(messages / 4) };
      const bare = await startBareSocketIo();
      const reference = await startReferenceServer({ store: 'durable' });
      try {
        const rounds = await alternate({
          rounds: ctx.quick ? 1 : 3,
          warm: {
            baseline: () => runFanout(bare.url, warm, false),
            measured: () => runFanout(reference.url, warm, true),
          },
          baseline: () => runFanout(bare.url, options, false),
          measured: () => runFanout(reference.url, options, true),
        });
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
      } finally {
        await bare.stop();
        await reference.stop();
      }
    }
  },
};
