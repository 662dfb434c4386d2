// Socket send_message -> message_sent on the durable file store against the in-memory
// store, 16 senders each in its own conversation. Goal: throughput >= 0.80x.
import { alternate, p99Ratio, throughputRatio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { startReferenceServer } from '../servers.ts';
import { loadSocketSends, prepareSenders } from '../socket-send.ts';

export const socketDurable: BenchLine = {
  id: 'socket-durable',
  title: 'socket send_message -> message_sent, 16 senders: durable file store vs in-memory',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const memory = await startReferenceServer({ store: 'memory' });
    const durable = await startReferenceServer({ store: 'durable' });
    try {
      const onMemory = await prepareSenders(memory.url, 16);
      const onDurable = await prepareSenders(durable.url, 16);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: {
          baseline: () => loadSocketSends(onMemory, 1),
          measured: () => loadSocketSends(onDurable, 1),
        },
        baseline: () => loadSocketSends(onMemory, seconds),
        measured: () => loadSocketSends(onDurable, seconds),
      });
      onMemory.close();
      onDurable.close();
      ctx.summary('in-memory store (baseline)', typical(rounds.baseline), 'sends/s');
      ctx.summary('durable file store', typical(rounds.measured), 'sends/s');
      const throughput = throughputRatio(rounds);
      ctx.goal(
        'socket durable/memory sends/s',
        throughput.ratio,
        { atLeast: 0.8 },
        throughput.detail,
      );
      // No goal on latency here; printed so a regression is visible.
      const p99 = p99Ratio(rounds);
      ctx.report('socket durable/memory p99', p99.ratio, `x (${p99.detail})`);
    } finally {
      await memory.stop();
      await durable.stop();
    }
  },
};
