// send_message -> new_message fan-out to 1,000 real clients spread over 2 cluster nodes
// (shared durable store, Redis; the sender on the first node) against the same room on 1
// node with the same settings. A report: no goal yet.
import { alternate, throughputRatio, typical } from '../compare.ts';
import { runFanout } from '../fanout.ts';
import type { BenchLine } from '../line.ts';
import { benchRedis } from '../redis.ts';
import { startCluster } from '../servers.ts';

export const clusterFanout: BenchLine = {
  id: 'cluster-fanout',
  title: 'fan-out to 1,000 clients, 4 in flight: spread over 2 nodes vs on 1 node (Redis)',
  async run(ctx) {
    const roomSize = 1000;
    const messages = ctx.quick ? 20 : 60;
    const options = { roomSize, messages, inFlight: 4 };
    const warm = { ...options, messages: Math.ceil(messages / 4) };
    const redisOne = await benchRedis('fan1');
    const redisTwo = await benchRedis('fan2');
    const one = await startCluster(1, { store: 'durable', redis: redisOne });
    const two = await startCluster(2, { store: 'durable', redis: redisTwo });
    try {
      const oneUrls = one.map((node) => node.url);
      const twoUrls = two.map((node) => node.url);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 3,
        warm: {
          baseline: () => runFanout(oneUrls, warm, true),
          measured: () => runFanout(twoUrls, warm, true),
        },
        baseline: () =>
          runFanout(oneUrls, { ...options, serverPids: one.map((node) => node.pid) }, true),
        measured: () =>
          runFanout(twoUrls, { ...options, serverPids: two.map((node) => node.pid) }, true),
      });
      ctx.summary(`${roomSize}: 1 node (baseline)`, typical(rounds.baseline), 'deliveries/s');
      ctx.summary(`${roomSize}: 2 nodes`, typical(rounds.measured), 'deliveries/s');
      const throughput = throughputRatio(rounds);
      // No goal yet: the ratio (median of the per-round ratios) is only reported.
      ctx.report(`fan-out ${roomSize} 2 nodes/1 node`, throughput.ratio, 'x');
    } finally {
      await Promise.all([one[0]?.stop(), two[0]?.stop()]);
      await Promise.all([redisOne.drop(), redisTwo.drop()]);
    }
  },
};
