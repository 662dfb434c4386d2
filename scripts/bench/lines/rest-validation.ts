// REST send-message with request validation on vs the same server with it off, both on the
// durable file store. Goal: >= 0.90x throughput.
import { alternate, throughputRatio, typical } from '../compare.ts';
import type { BenchLine } from '../line.ts';
import { loadSendMessage, prepareConversation } from '../rest.ts';
import { startReferenceServer } from '../servers.ts';

export const restValidation: BenchLine = {
  id: 'rest-validation',
  title: 'REST send-message, 16 keep-alive clients, durable store: validation on vs off',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const load = { seconds, concurrency: 16 };
    const off = await startReferenceServer({ store: 'durable', validateRequests: false });
    const on = await startReferenceServer({ store: 'durable', validateRequests: true });
    try {
      const targetOff = await prepareConversation(off.url);
      const targetOn = await prepareConversation(on.url);
      const rounds = await alternate({
        rounds: ctx.quick ? 1 : 5,
        warm: {
          baseline: () => loadSendMessage(targetOff, { ...load, seconds: 1 }),
          measured: () => loadSendMessage(targetOn, { ...load, seconds: 1 }),
        },
        baseline: () => loadSendMessage(targetOff, { ...load, serverPids: [off.pid] }),
        measured: () => loadSendMessage(targetOn, { ...load, serverPids: [on.pid] }),
      });
      ctx.summary('validation off (baseline)', typical(rounds.baseline));
      ctx.summary('validation on', typical(rounds.measured));
      const throughput = throughputRatio(rounds);
      ctx.goal('REST validation on/off', throughput.ratio, { atLeast: 0.9 }, throughput.detail);
    } finally {
      await off.stop();
      await on.stop();
    }
  },
};
