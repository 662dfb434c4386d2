// REST send-message with STORE_DURABILITY=unsafe-on-power-loss (synchronous=NORMAL: no
// fsync per commit) against the in-memory store. Reported, no goal: it shows how much of
// the durable store's cost is the fsync itself, for users deciding whether to opt in.
import { alternate, throughputRatio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { loadSendMessage, prepareConversation } from '../rest.ts';
import { startReferenceServer } from '../servers.ts';

export const restUnsafeOnPowerLoss: BenchLine = {
  id: 'rest-unsafe-on-power-loss',
  title:
    'REST send-message, 16 keep-alive clients: STORE_DURABILITY=unsafe-on-power-loss vs in-memory',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const load = { seconds, concurrency: 16 };
    const memory = await startReferenceServer({ store: 'memory' });
    const unsafe = await startReferenceServer({
      store: 'durable',
      durability: 'unsafe-on-power-loss',
    });
    try {
      const onMemory = await prepareConversation(memory.url);
      const onUnsafe = await prepareConversation(unsafe.url);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: {
          baseline: () => loadSendMessage(onMemory, { ...load, seconds: 1 }),
          measured: () => loadSendMessage(onUnsafe, { ...load, seconds: 1 }),
        },
        baseline: () => loadSendMessage(onMemory, { ...load, serverPids: [memory.pid] }),
        measured: () => loadSendMessage(onUnsafe, { ...load, serverPids: [unsafe.pid] }),
      });
      ctx.summary('in-memory store (baseline)', typical(rounds.baseline));
      ctx.summary('unsafe-on-power-loss file store', typical(rounds.measured));
      const throughput = throughputRatio(rounds);
      ctx.report('REST unsafe-on-power-loss/memory', throughput.ratio, `x (${throughput.detail})`);
    } finally {
      await memory.stop();
      await unsafe.stop();
    }
  },
};
