// REST send-message on 2 cluster nodes on this machine (one shared durable SQLite store, one
// Redis, the keep-alive clients spread over both) against 1 node with the same settings:
// what a second process buys on one machine, with the load generator sharing its cores.
// Goal: >= 1.30x.
import { alternate, reportFullMachine, throughputRatio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { benchRedis } from '../redis.ts';
import { loadSendMessage, prepareConversation } from '../rest.ts';
import { startCluster } from '../servers.ts';

export const clusterRest: BenchLine = {
  id: 'cluster-rest',
  title: 'REST send-message, 16 keep-alive clients: 2 nodes (shared store, Redis) vs 1 node',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const load = { seconds, concurrency: 16 };
    const redisOne = await benchRedis('rest1');
    const redisTwo = await benchRedis('rest2');
    const one = await startCluster(1, { store: 'durable', redis: redisOne });
    const two = await startCluster(2, { store: 'durable', redis: redisTwo });
    try {
      const [single] = one;
      const [first, second] = two;
      if (!single || !first || !second) throw new Error('cluster nodes missing');
      const onOne = await prepareConversation(single.url);
      // Created on the first node; the second reads it from the shared store.
      const created = await prepareConversation(first.url);
      const onTwo = [created, { url: second.url, conversationSid: created.conversationSid }];
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: {
          baseline: () => loadSendMessage(onOne, { ...load, seconds: 1 }),
          measured: () => loadSendMessage(onTwo, { ...load, seconds: 1 }),
        },
        baseline: () => loadSendMessage(onOne, { ...load, serverPids: [single.pid] }),
        measured: () => loadSendMessage(onTwo, { ...load, serverPids: [first.pid, second.pid] }),
      });
      ctx.summary('1 node (baseline)', typical(rounds.baseline));
      ctx.summary('2 nodes', typical(rounds.measured));
      const throughput = throughputRatio(rounds);
      ctx.goal('REST 2 nodes/1 node req/s', throughput.ratio, { atLeast: 1.3 }, throughput.detail);
      // The load generator and Redis share the two cores: when the 2-node arm already keeps
      // the machine busy, this is about the most a second process can give here.
      reportFullMachine(ctx, '2 nodes/1 node', rounds);
    } finally {
      await Promise.all([one[0]?.stop(), two[0]?.stop()]);
      await Promise.all([redisOne.drop(), redisTwo.drop()]);
    }
  },
};
