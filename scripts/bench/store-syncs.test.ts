import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareConversation } from './rest.ts';
import { type BenchServer, startReferenceServer } from './servers.ts';
import type { Summary } from './stats.ts';
import { describeStore, meterStore, storeUse } from './store-syncs.ts';

describe('storeUse', () => {
  it('divides what the round added: writes per fsync and the mean fsync', () => {
    const before = { batches: 10, writes: 20, syncs: 10, syncSeconds: 0.01 };
    const after = { batches: 15, writes: 60, syncs: 15, syncSeconds: 0.02 };
    expect(storeUse(before, after)).toEqual({ writesPerSync: 8, syncMs: 2, syncs: 5 });
    // No fsync in the round (an in-memory store, nothing written): nothing to say.
    expect(storeUse(after, after)).toBeNull();
  });
});

/** Sends `count` messages at once and summarises only their count. */
async function sendAtOnce(url: string, count: number): Promise<Summary> {
  const { conversationSid } = await prepareConversation(url);
  const statuses = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      fetch(`${url}/api/conversations/${conversationSid}/send-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: `m${i}`, author: 'bench-a' }),
      }).then((res) => res.status),
    ),
  );
  expect(statuses.every((status) => status === 200)).toBe(true);
  return { count, seconds: 1, perSecond: count, p50: 0, p99: 0 };
}

describe('meterStore against a bench server', () => {
  let durable: BenchServer;
  let memory: BenchServer;
  beforeAll(async () => {
    [durable, memory] = await Promise.all([
      startReferenceServer({ store: 'durable' }),
      startReferenceServer({ store: 'memory' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([durable?.stop(), memory?.stop()]);
  });

  it("reports the durable store's fsyncs during the round, and nothing for memory", async () => {
    const summary = await meterStore(durable, () => sendAtOnce(durable.url, 8));
    // The conversation and the 8 messages: at least one fsync, at most one per write.
    const store = summary.store;
    expect(store).toBeDefined();
    expect(store?.syncs).toBeGreaterThanOrEqual(1);
    expect(store?.syncs).toBeLessThanOrEqual(9);
    expect((store?.writesPerSync ?? 0) * (store?.syncs ?? 0)).toBeCloseTo(9, 6);
    expect(store?.syncMs).toBeGreaterThan(0);
    expect(describeStore(summary)).toMatch(/^store: \d+\.\d writes per fsync, fsync /);
    const inMemory = await meterStore(memory, () => sendAtOnce(memory.url, 8));
    expect(inMemory.store).toBeUndefined();
    expect(describeStore(inMemory)).toBe('');
  }, 60_000);
});
