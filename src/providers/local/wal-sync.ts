// fsync of the store's write-ahead log, for group commit (group-commit.ts): with
// synchronous=NORMAL a COMMIT only writes the WAL into the page cache, and this makes it
// durable. Linux flushes a file's dirty pages whichever descriptor asks, so a read-only
// descriptor of our own is enough. The file is opened per sync: SQLite may truncate it,
// and opening by name can never fsync a stale inode.
//
// A WAL file created since the store opened has a directory entry that is not durable
// yet (SQLite itself syncs the directory on the WAL's first sync under FULL), so the
// directory is fsynced once, with the first sync.

import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DurableSync } from './group-commit.ts';

export function walSync(databasePath: string): DurableSync {
  const walPath = `${databasePath}-wal`;
  const directory = dirname(databasePath);
  let directorySynced = false;

  async function fsyncPath(path: string): Promise<void> {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  function fsyncPathNow(path: string): void {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  return {
    async sync() {
      await fsyncPath(walPath);
      if (!directorySynced) {
        await fsyncPath(directory);
        directorySynced = true;
      }
    },
    syncNow() {
      fsyncPathNow(walPath);
      if (!directorySynced) {
        fsyncPathNow(directory);
        directorySynced = true;
      }
    },
  };
}
