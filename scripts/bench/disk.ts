// The fsync latency of the disk the durable stores live on, measured in the run that
// quotes it: a closed-loop client cannot be answered sooner than one fsync, so this is
// what bounds the durable/in-memory ratio when few clients keep few writes in flight.
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUILD_DIR } from './servers.ts';
import { type Summary, summarize } from './stats.ts';

/** `count` appends of one 4 KiB page, each followed by fdatasync's stricter sibling fsync. */
export function measureFsync(count = 200): Summary {
  mkdirSync(BUILD_DIR, { recursive: true });
  const file = path.join(BUILD_DIR, `fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(4096, 1);
  const latencies: number[] = [];
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      writeSync(fd, page);
      const t0 = performance.now();
      fsyncSync(fd);
      latencies.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return summarize(latencies, (performance.now() - started) / 1000);
}

export interface SyncCost {
  cpuMicros: number;
  wallMicros: number;
}

/**
 * CPU and time per fdatasync of a 12 KiB overwrite (a typical small group commit's WAL
 * frames), called blocking on this thread and through libuv's thread pool as group commit
 * calls it: the difference is what the hop between threads costs on this machine.
 */
export async function measureSyncCost(
  count = 1000,
): Promise<{ blocking: SyncCost; pooled: SyncCost }> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const file = path.join(BUILD_DIR, `fsync-cost-${process.pid}`);
  const fd = openSync(file, 'w+');
  const frames = Buffer.alloc(12 * 1024, 1);
  const pooledSync = promisify(fdatasync);
  const run = async (pooled: boolean): Promise<SyncCost> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      writeSync(fd, frames, 0, frames.length, (i % 100) * frames.length);
      if (pooled) await pooledSync(fd);
      else fdatasyncSync(fd);
    }
    const used = process.cpuUsage(cpu);
    return {
      cpuMicros: (used.user + used.system) / count,
      wallMicros: ((performance.now() - started) * 1000) / count,
    };
  };
  try {
    // Each way once unmeasured first, as the measured runs of the other lines are.
    await run(false);
    await run(true);
    return { blocking: await run(false), pooled: await run(true) };
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
