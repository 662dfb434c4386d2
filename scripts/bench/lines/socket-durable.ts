// Socket send_message -> message_sent on the durable file store against the in-memory
// store, each sender in its own conversation, closed loop (the next message once the last
// is acknowledged). Goal: throughput >= 0.80x. Run with 16 senders and with 128: with few
// senders every round trip waits for a whole fsync, so the ratio is bounded by the disk's
// latency (printed: a bare fsync measured in the same run, and the bound it sets on the
// ratio); with more, group commit shares each fsync among more writes.
import { alternate, p99Ratio, reportFullMachine, throughputRatio, typical } from '../compare.ts';
import { measureFsync } from '../disk.ts';
import type { BenchLine } from '../line.ts';
import { startReferenceServer } from '../servers.ts';
import { loadSocketSends, prepareSenders } from '../socket-send.ts';
import { meterStore } from '../store-syncs.ts';

export const socketDurable: BenchLine = {
  id: 'socket-durable',
  title: 'socket send_message -> message_sent, 16 and 128 senders: durable file store vs in-memory',
  async run(ctx) {
    const seconds = ctx.quick ? 2 : 3;
    const fsync = measureFsync();
    ctx.report('fsync of the bench disk, p50', fsync.p50, 'ms');
    for (const count of [16, 128]) {
      const memory = await startReferenceServer({ store: 'memory' });
      const durable = await startReferenceServer({ store: 'durable' });
      try {
        const onMemory = await prepareSenders(memory.url, count);
        const onDurable = await prepareSenders(durable.url, count);
        const rounds = await alternate({
          rounds: ctx.quick ? 1 : 5,
          warm: {
            baseline: () => loadSocketSends(onMemory, 1),
            measured: () => loadSocketSends(onDurable, 1),
          },
          baseline: () => loadSocketSends(onMemory, seconds, [memory.pid]),
          measured: () =>
            meterStore(durable, () => loadSocketSends(onDurable, seconds, [durable.pid])),
        });
        onMemory.close();
        onDurable.close();
        ctx.summary(`${count} senders: in-memory (baseline)`, typical(rounds.baseline), 'sends/s');
        ctx.summary(`${count} senders: durable file store`, typical(rounds.measured), 'sends/s');
        const throughput = throughputRatio(rounds);
        // A closed-loop sender waits for at least one fsync per message on the durable store,
        // so its round trip is at least the in-memory one plus an fsync: the most any code
        // can reach without acknowledging before the disk has the message.
        const inMemoryP50 = typical(rounds.baseline).p50;
        ctx.report(
          `${count} senders: latency bound (memory p50 / (memory p50 + fsync p50))`,
          inMemoryP50 / (inMemoryP50 + fsync.p50),
          'x',
        );
        // The same bound with the fsync as the durable arm's writers waited for it: an idle
        // disk's fsync is quicker than one made while the load generator and the server
        // keep the cores busy (its completion waits for a core too).
        const loadedSync = typical(rounds.measured).store?.syncMs;
        if (loadedSync !== undefined) {
          ctx.report(
            `${count} senders: latency bound with the fsync under load`,
            inMemoryP50 / (inMemoryP50 + loadedSync),
            'x',
          );
        }
        ctx.goal(
          `socket durable/memory sends/s, ${count} senders`,
          throughput.ratio,
          { atLeast: 0.8 },
          throughput.detail,
        );
        // Well above the ratio: the durable arm left the machine idle, waiting on fsyncs.
        reportFullMachine(ctx, `${count} senders: durable/memory`, rounds);
        // No goal on latency here; printed so a regression is visible.
        const p99 = p99Ratio(rounds);
        ctx.report(`socket durable/memory p99, ${count} senders`, p99.ratio, `x (${p99.detail})`);
      } finally {
        await memory.stop();
        await durable.stop();
      }
    }
  },
};
