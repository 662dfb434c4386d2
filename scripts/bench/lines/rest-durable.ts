// REST send-message on the durable file store (what `npm start` runs: WAL, group commit,
// an fsync before every answer) against the same server and handlers on the in-memory store.
// Goals: throughput >= 0.80x, p99 <= 2x the in-memory p99.
import { alternate, p99Ratio, throughputRatio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { loadSendMessage, prepareConversation } from '../rest.ts';
import { startReferenceServer } from '../servers.ts';
import { meterStore } from '../store-syncs.ts';

export const restDurable: BenchLine = {
  id: 'rest-durable',
  title: 'REST send-message, 16 keep-alive clients: durable file store vs in-memory store',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const load = { seconds, concurrency: 16 };
    const memory = await startReferenceServer({ store: 'memory' });
    const durable = await startReferenceServer({ store: 'durable' });
    try {
      const onMemory = await prepareConversation(memory.url);
      const onDurable = await prepareConversation(durable.url);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: {
          baseline: () => loadSendMessage(onMemory, { ...load, seconds: 1 }),
          measured: () => loadSendMessage(onDurable, { ...load, seconds: 1 }),
        },
        baseline: () => loadSendMessage(onMemory, { ...load, serverPids: [memory.pid] }),
        measured: () =>
          meterStore(durable, () =>
            loadSendMessage(onDurable, { ...load, serverPids: [durable.pid] }),
          ),
      });
      ctx.summary('in-memory store (baseline)', typical(rounds.baseline));
      ctx.summary('durable file store', typical(rounds.measured));
      const throughput = throughputRatio(rounds);
      ctx.goal('REST durable/memory req/s', throughput.ratio, { atLeast: 0.8 }, throughput.detail);
      const p99 = p99Ratio(rounds);
      ctx.goal('REST durable/memory p99', p99.ratio, { atMost: 2 }, p99.detail);
    } finally {
      await memory.stop();
      await durable.stop();
    }
  },
};
