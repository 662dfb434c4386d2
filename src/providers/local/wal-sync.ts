// fsync of the store's write-ahead log, for group commit (group-commit.ts): with
// synchronous=NORMAL a COMMIT only writes the WAL into the page cache, and this makes it
// durable. fdatasync, as SQLite itself uses: it flushes the data and the size, not the
// timestamps. Linux flushes a file's dirty pages whichever descriptor asks, so a read-only
// descriptor of our own is enough; it is opened once, at the first sync (SQLite creates
// the WAL with the first write) and kept: while this connection is open SQLite reuses or
// truncates the WAL but never replaces it.
//
// A WAL file created since the store opened has a directory entry that is not durable
// yet (SQLite itself syncs the directory on the WAL's first sync under FULL), so the
// directory is fsynced once, with the first sync.

import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DurableSync } from './group-commit.ts';

export interface WalSync extends DurableSync {
  /** Closes the descriptor; call when the store closes. */
  close(): void;
}

function callback(resolve: () => void, reject: (error: Error) => void) {
  return (error: NodeJS.ErrnoException | null) => (error ? reject(error) : resolve());
}

export function walSync(databasePath: string): WalSync {
  const walPath = `${databasePath}-wal`;
  let wal: number | null = null;

  /** Opens the WAL, and makes its directory entry durable, the first time. */
  function descriptor(): number {
    if (wal !== null) return wal;
    const opened = openSync(walPath, 'r');
    const directory = openSync(dirname(databasePath), 'r');
    try {
      fsyncSync(directory);
    } catch (error) {
      closeSync(opened);
      throw error;
    } finally {
      closeSync(directory);
    }
    wal = opened;
    return wal;
  }

  return {
    sync() {
      return new Promise<void>((resolve, reject) => {
        let fd: number;
        try {
          fd = descriptor();
        } catch (error) {
          reject(error);
          return;
        }
        fdatasync(fd, callback(resolve, reject));
      });
    },
    syncNow() {
      const fd = descriptor();
      // The last flush before closing: the stricter fsync costs nothing that matters here.
      fsyncSync(fd);
    },
    close() {
      if (wal !== null) closeSync(wal);
      wal = null;
    },
  };
}
