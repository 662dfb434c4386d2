// The cost of being a cluster node: REST send-message on 1 node with REDIS_URL (every
// broadcast appended to the Redis stream, presence in Redis) against the same server
// without it, both on the durable file store. Goal: >= 0.85x.
import { alternate, throughputRatio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { benchRedis } from '../redis.ts';
import { loadSendMessage, prepareConversation } from '../rest.ts';
import { startReferenceServer } from '../servers.ts';

export const clusterAdapterCost: BenchLine = {
  id: 'cluster-adapter-cost',
  title: 'REST send-message, 16 keep-alive clients: 1 node with REDIS_URL vs without',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const load = { seconds, concurrency: 16 };
    const redis = await benchRedis('adapter');
    const plain = await startReferenceServer({ store: 'durable' });
    const node = await startReferenceServer({ store: 'durable', redis });
    try {
      const onPlain = await prepareConversation(plain.url);
      const onNode = await prepareConversation(node.url);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: {
          baseline: () => loadSendMessage(onPlain, { ...load, seconds: 1 }),
          measured: () => loadSendMessage(onNode, { ...load, seconds: 1 }),
        },
        baseline: () => loadSendMessage(onPlain, { ...load, serverPids: [plain.pid] }),
        measured: () => loadSendMessage(onNode, { ...load, serverPids: [node.pid] }),
      });
      ctx.summary('without REDIS_URL (baseline)', typical(rounds.baseline));
      ctx.summary('with REDIS_URL', typical(rounds.measured));
      const throughput = throughputRatio(rounds);
      ctx.goal('REST Redis/no Redis req/s', throughput.ratio, { atLeast: 0.85 }, throughput.detail);
    } finally {
      await Promise.all([plain.stop(), node.stop()]);
      await redis.drop();
    }
  },
};
