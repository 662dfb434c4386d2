// Durable media files. The bytes must be on disk before the row that points at them is
// committed: a reader that finds the row can then always read the file, even after a crash.
// A media file is the upload's temp file moved into place (a rename; a copy only across
// filesystems), so storing media never reads its bytes.
// Everything the store writes is private to the server's user (files 0600, dirs 0700), and
// files a crash stranded (a temp file, or a file whose row never committed) are removed
// when the store opens.

import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { constants, copyFile, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/**
 * Only files older than this are taken as stranded: another process on the same data
 * directory may be between writing a file and committing its row (milliseconds).
 */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;

/**
 * Creates the media directory (and the data directory if missing) 0700 and the database
 * file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database's
 * mode); files of an older version are tightened to the same modes.
 */
export function prepareStoreFiles(mediaDir: string, databaseFile: string): void {
  mkdirSync(mediaDir, { recursive: true, mode: DIR_MODE });
  chmodSync(mediaDir, DIR_MODE);
  closeSync(openSync(databaseFile, 'a', FILE_MODE));
  for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`]) {
    if (existsSync(file)) chmodSync(file, FILE_MODE);
  }
}

/**
 * Removes from `mediaDir` the temp files of interrupted writes and the files no media row
 * points at (`isKnown(name)` false), when older than `olderThan` (ms since the epoch).
 */
export function removeOrphanMedia(
  mediaDir: string,
  isKnown: (name: string) => boolean,
  olderThan: number,
): number {
  let removed = 0;
  for (const name of readdirSync(mediaDir)) {
    const file = join(mediaDir, name);
    try {
      if (statSync(file).mtimeMs >= olderThan) continue;
      if (name.endsWith('.tmp') || !isKnown(name)) {
        rmSync(file, { force: true });
        removed += 1;
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return removed;
}

/**
 * Moves the file at `source` to `path` durably, 0600, and answers its size: its data is
 * fsynced, it is renamed into place (atomic: a reader sees no file or the whole file), then
 * the directory is fsynced. Across filesystems (EXDEV) it is copied through a temp file
 * beside `path`, which then replaces the rename, and the source removed. On any other
 * failure the source stays where it was. `move` is the rename to use (tests make it fail).
 */
export async function moveFileDurably(
  source: string,
  path: string,
  move: typeof rename = rename,
): Promise<number> {
  // The writer of `source` (the upload) did not fsync: a rename alone could leave a named,
  // empty file after a power loss.
  const file = await open(source, 'r+');
  let size: number;
  try {
    await file.chmod(FILE_MODE);
    // Its age is counted from now: the orphan sweep (removeOrphanMedia) spares files
    // younger than its grace period, and an upload that took long to arrive must not look
    // like an old orphan in the moment between this move and its row's commit.
    const now = new Date();
    await file.utimes(now, now);
    await file.sync();
    size = (await file.stat()).size;
  } finally {
    await file.close();
  }
  try {
    await move(source, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyDurably(source, path, move);
    await rm(source, { force: true });
  }
  await syncDirectory(dirname(path));
  return size;
}

async function copyDurably(source: string, path: string, move: typeof rename): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    // COPYFILE_EXCL: never over a file another write left there.
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    const file = await open(temp, 'r+');
    try {
      await file.chmod(FILE_MODE);
      await file.sync();
    } finally {
      await file.close();
    }
    await move(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename on its own.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
