// The WAL's own fsync: one descriptor per fsync that may run at once, so each sees every
// writeback error (Linux reports one once per open file description). Linux-only checks
// read /proc/self/fd, as the server runs on Linux in CI and in the field.
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../../../test/temp-dirs.ts';
import { walSync } from './wal-sync.ts';

const tempDir = tempDirsRemovedAfterEach('chat-wal-sync-');

/** A store with a WAL; its connection stays open until the test closes it (closing the
 * last connection would checkpoint and remove the WAL). */
function storeWithWal(): { file: string; db: Database.Database } {
  const file = join(tempDir(), 'store.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x INTEGER)');
  db.prepare('INSERT INTO t VALUES (1)').run();
  return { file, db };
}

const descriptorsOf = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

describe.skipIf(process.platform !== 'linux')('walSync', () => {
  it('keeps one descriptor of the WAL per fsync that may run at once, and closes them', async () => {
    const { file, db } = storeWithWal();
    // SQLite's own connection holds the WAL open too.
    const sqlites = descriptorsOf(`${file}-wal`);
    const wal = walSync(file, 2);
    await Promise.all([wal.sync(), wal.sync()]);
    expect(descriptorsOf(`${file}-wal`) - sqlites).toBe(2);
    // A third at once gets a descriptor of its own rather than share one.
    await Promise.all([wal.sync(), wal.sync(), wal.sync()]);
    expect(descriptorsOf(`${file}-wal`) - sqlites).toBe(3);
    await wal.close();
    expect(descriptorsOf(`${file}-wal`) - sqlites).toBe(0);
    db.close();
  });

  it('closes its descriptors only after the fsyncs running, and refuses one after', async () => {
    const { file, db } = storeWithWal();
    const wal = walSync(file, 2);
    // Not awaited: close() is asked for while both still run on the thread pool.
    const syncs = [wal.sync(), wal.sync()];
    const closing = wal.close();
    expect(wal.closed).toBe(true);
    await expect(Promise.all(syncs)).resolves.toEqual([undefined, undefined]);
    await closing;
    await expect(wal.sync()).rejects.toThrow(/closed/);
    db.close();
  });
});
