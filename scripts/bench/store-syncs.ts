// What the durable store's group commit did during a measured round, read from the server
// process itself (bench-server.ts answers `store`): how many writes each fsync carried and
// how long its writers waited for it. With the CPU figures (cpu.ts) they say what bounds a
// durable line: few writes per fsync means each write pays a whole fsync's CPU; a long
// fsync under load means each closed-loop sender waits that long on top of the in-memory
// round trip (socket-durable prints the bound it sets).
import type { BenchServer } from './servers.ts';
import type { Summary } from './stats.ts';

/** The store's counters since it opened (LocalProvider: committed, walSyncs, walSyncSeconds). */
export interface StoreCounters {
  batches: number;
  writes: number;
  syncs: number;
  syncSeconds: number;
}

export interface StoreUse {
  /** Writes committed per fsync of the WAL. */
  writesPerSync: number;
  /** Mean time from an fsync's start to its completion seen on the event loop. */
  syncMs: number;
  syncs: number;
}

/**
 * Runs `round` and adds to its summary what the server's store did meanwhile. A server that
 * has no file store, or made no fsync in the round, leaves the summary as it is.
 */
export async function meterStore(
  server: BenchServer,
  round: () => Promise<Summary>,
): Promise<Summary> {
  const before = await server.storeCounters();
  const summary = await round();
  const after = await server.storeCounters();
  const store = before && after ? storeUse(before, after) : null;
  return store ? { ...summary, store } : summary;
}

export function storeUse(before: StoreCounters, after: StoreCounters): StoreUse | null {
  const syncs = after.syncs - before.syncs;
  if (syncs <= 0) return null;
  return {
    writesPerSync: (after.writes - before.writes) / syncs,
    syncMs: ((after.syncSeconds - before.syncSeconds) * 1000) / syncs,
    syncs,
  };
}

/** One line on the round's fsyncs, for a round that has them. */
export function describeStore(summary: Summary): string {
  if (!summary.store) return '';
  const { writesPerSync, syncMs, syncs } = summary.store;
  return `store: ${writesPerSync.toFixed(1)} writes per fsync, fsync ${syncMs.toFixed(2)} ms mean under load (${syncs} fsyncs)`;
}
