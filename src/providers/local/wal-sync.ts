// fsync of the store's write-ahead log, for group commit (group-commit.ts): with
// synchronous=NORMAL a COMMIT only writes the WAL into the page cache, and this makes it
// durable. fdatasync, as SQLite itself uses: it flushes the data and the size, not the
// timestamps. Linux flushes a file's dirty pages whichever descriptor asks, so read-only
// descriptors of our own are enough; they are opened at the first sync (SQLite creates the
// WAL with the first write) and kept: while this connection is open SQLite reuses or
// truncates the WAL but never replaces it.
//
// One descriptor per fsync that may run at once (group commit overlaps up to
// `concurrent`): Linux reports a writeback error once per open file description, to the
// first fsync that asks through it, so two overlapping fsyncs on one descriptor could hand
// one batch's error to the other batch's fsync and answer the first as durable. With a
// descriptor each, every fsync sees every error since its descriptor was opened.
//
// A WAL file created since the store opened has a directory entry that is not durable
// yet (SQLite itself syncs the directory on the WAL's first sync under FULL), so the
// directory is fsynced once, with the first sync.

import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DurableSync } from './group-commit.ts';

export interface WalSync extends DurableSync {
  /**
   * Closes the descriptors once the fsyncs running have ended (closed under one, an fsync
   * would fail, or sync another file that got the same number); call when the store
   * closes. A sync asked for from then on is refused.
   */
  close(): Promise<void>;
  /** Whether close() has been called. */
  readonly closed: boolean;
}

function callback(resolve: () => void, reject: (error: Error) => void) {
  return (error: NodeJS.ErrnoException | null) => (error ? reject(error) : resolve());
}

export function walSync(databasePath: string, concurrent = 1): WalSync {
  const walPath = `${databasePath}-wal`;
  /** Descriptors not in use by an fsync right now; all of them once opened. */
  let idle: number[] | null = null;
  const all: number[] = [];
  /** The fsyncs running now, settled either way, for close() to wait for. */
  const running = new Set<Promise<unknown>>();
  let closed = false;

  /** Opens the WAL's descriptors, and makes its directory entry durable, the first time. */
  function open(): number[] {
    if (idle !== null) return idle;
    try {
      for (let i = 0; i < Math.max(1, concurrent); i++) all.push(openSync(walPath, 'r'));
      const directory = openSync(dirname(databasePath), 'r');
      try {
        fsyncSync(directory);
      } finally {
        closeSync(directory);
      }
    } catch (error) {
      for (const fd of all.splice(0)) closeSync(fd);
      throw error;
    }
    idle = [...all];
    return idle;
  }

  return {
    get closed() {
      return closed;
    },
    sync() {
      if (closed) return Promise.reject(new Error('The WAL is closed'));
      const done = new Promise<void>((resolve, reject) => {
        let fd: number | undefined;
        let free: number[];
        try {
          free = open();
          fd = free.pop();
          if (fd === undefined) {
            // More fsyncs at once than asked for: a descriptor of their own all the same.
            fd = openSync(walPath, 'r');
            all.push(fd);
          }
        } catch (error) {
          reject(error);
          return;
        }
        const mine = fd;
        fdatasync(mine, (error) => {
          free.push(mine);
          callback(resolve, reject)(error);
        });
      });
      const settled = done.catch(() => undefined);
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return done;
    },
    syncNow() {
      const [fd] = open();
      if (fd === undefined) throw new Error('The WAL has no descriptor to sync');
      // The last flush before closing: the stricter fsync costs nothing that matters here.
      fsyncSync(fd);
    },
    async close() {
      closed = true;
      await Promise.all(running);
      for (const fd of all.splice(0)) closeSync(fd);
      idle = null;
    },
  };
}
