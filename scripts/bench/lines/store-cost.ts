// What one write costs the local store itself, without HTTP, Socket.IO or a load generator:
// sendMessage in batches of 1 and of 8 concurrent writes (one group commit each), on the
// in-memory store, on a file without an fsync per commit (unsafe-on-power-loss) and on the
// durable default. CPU is the whole process's (the checkpointer's thread and libuv's fsyncs
// included). Reported, no goal: it separates what the file costs from what the fsync costs,
// per write and per batch, on the disk the other lines run on.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  type LocalProviderOptions,
  openLocalProvider,
} from '../../../src/providers/local/local-provider.ts';
import { measureSyncCost } from '../disk.ts';
import type { BenchLine } from '../line.ts';
import { BUILD_DIR } from '../servers.ts';

type Variant = 'in-memory' | 'file, unsafe-on-power-loss' | 'file, durable';

interface Cost {
  cpuMicrosPerWrite: number;
  wallMicrosPerBatch: number;
}

async function measure(variant: Variant, batch: number, batches: number): Promise<Cost> {
  let dataDir: string | null = null;
  if (variant !== 'in-memory') {
    mkdirSync(BUILD_DIR, { recursive: true });
    dataDir = mkdtempSync(path.join(BUILD_DIR, 'bench-store-'));
  }
  const options: LocalProviderOptions =
    dataDir === null
      ? { memory: true }
      : {
          dataDir,
          durability: variant === 'file, durable' ? 'full' : 'unsafe-on-power-loss',
        };
  const store = openLocalProvider(options);
  try {
    const conversation = await store.createConversation({
      friendlyName: 'bench',
      participants: [
        { id: 'alice', name: 'Alice' },
        { id: 'bob', name: 'Bob' },
      ],
    });
    let n = 0;
    const run = async (count: number) => {
      for (let i = 0; i < count; i++) {
        await Promise.all(
          Array.from({ length: batch }, () =>
            store.sendMessage(conversation.sid, {
              author: 'alice',
              body: `bench message ${n++}, about as long as a chat line usually is`,
              media: [],
            }),
          ),
        );
      }
    };
    // Long enough for the checkpointer's thread to have started (its start-up is not a
    // cost of writing) and the JIT to have settled.
    const warmUntil = performance.now() + 500;
    while (performance.now() < warmUntil) await run(10);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(batches);
    const used = process.cpuUsage(cpu);
    return {
      cpuMicrosPerWrite: (used.user + used.system) / (batches * batch),
      wallMicrosPerBatch: ((performance.now() - started) * 1000) / batches,
    };
  } finally {
    await store.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  }
}

export const storeCost: BenchLine = {
  id: 'store-cost',
  title: 'local store alone: CPU per write and time per batch, in-memory vs file vs durable file',
  async run(ctx) {
    const batches = ctx.quick ? 300 : 2000;
    const sync = await measureSyncCost(ctx.quick ? 200 : 1000);
    for (const [how, cost] of [
      ['blocking', sync.blocking],
      ["on libuv's thread pool", sync.pooled],
    ] as const) {
      ctx.report(
        `fdatasync ${how}: CPU per call`,
        cost.cpuMicros,
        `µs (${cost.wallMicros.toFixed(0)} µs each)`,
      );
    }
    for (const batch of [1, 8]) {
      for (const variant of ['in-memory', 'file, unsafe-on-power-loss', 'file, durable'] as const) {
        const cost = await measure(variant, batch, batches);
        ctx.report(
          `batches of ${batch}, ${variant}: CPU per write`,
          cost.cpuMicrosPerWrite,
          `µs (${cost.wallMicrosPerBatch.toFixed(0)} µs per batch)`,
        );
      }
    }
  },
};
