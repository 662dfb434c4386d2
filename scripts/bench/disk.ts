// The fsync latency of the disk the durable stores live on, measured in the run that
// quotes it: a closed-loop client cannot be answered sooner than one fsync, so this is
// what bounds the durable/in-memory ratio when few clients keep few writes in flight.
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
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
