// The WAL's own fsync: one descriptor per fsync that may run at once, so each sees every
// writeback error (Linux reports one once per open file description). Linux-only checks
// read /proc/self/fd, as the server runs on Linux in CI and in the field.
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { walSync } from './wal-sync.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeWithWal(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chat-wal-sync-'));
  dirs.push(dir);
  const file = join(dir, 'store.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x INTEGER)');
  db.prepare('INSERT INTO t VALUES (1)').run();
  // Left open: closing the last connection would checkpoint and remove the WAL.
  return file;
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
    const file = storeWithWal();
    // SQLite's own connection holds the WAL open too.
    const sqlites = descriptorsOf(`${file}-wal`);
    const wal = walSync(file, 2);
    await Promise.all([wal.sync(), wal.sync()]);
    expect(descriptorsOf(`${file}-wal`) - sqlites).toBe(2);
    // A third at once gets a descriptor of its own rather than share one.
    await Promise.all([wal.sync(), wal.sync(), wal.sync()]);
    expect(descriptorsOf(`${file}-wal`) - sqlites).toBe(3);
    wal.close();
    expect(descriptorsOf(`${file}-wal`) - sqlites).toBe(0);
  });
});
