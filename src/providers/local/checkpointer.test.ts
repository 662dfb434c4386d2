// The background checkpointer: a worker thread with its own connection checkpoints the WAL
// after commits, the main connection keeps only a high backstop, and a failed worker puts
// SQLite's inline checkpoints back.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../../../test/temp-dirs.ts';
import { Checkpointer, type CheckpointResult } from './checkpointer.ts';
import { openLocalProvider } from './local-provider.ts';

const tempDir = tempDirsRemovedAfterEach('chat-checkpointer-');

function storeWithWal(): { file: string; db: Database.Database } {
  const file = join(tempDir(), 'store.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x TEXT)');
  return { file, db };
}

/** Resolves with the first checkpoint that copied at least one frame. */
function firstCopying(): {
  onCheckpoint: (result: CheckpointResult) => void;
  copied: Promise<CheckpointResult>;
} {
  let found: (result: CheckpointResult) => void = () => {};
  const copied = new Promise<CheckpointResult>((resolve) => {
    found = resolve;
  });
  return {
    onCheckpoint: (result) => {
      if (result.checkpointed > 0) found(result);
    },
    copied,
  };
}

describe('Checkpointer', () => {
  it('checkpoints the WAL in its worker after a commit, and raises the inline threshold', async () => {
    const { file, db } = storeWithWal();
    const { onCheckpoint, copied } = firstCopying();
    const checkpointer = new Checkpointer(db, file, { backstopPages: 5_000, onCheckpoint });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(5_000);
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 50; i++) insert.run('x'.repeat(1_000));
      checkpointer.committed();
      const result = await copied;
      // Nothing else wrote meanwhile: the worker copied the whole WAL.
      expect(result.checkpointed).toBe(result.walFrames);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it('wakes again for commits made after its first checkpoint', async () => {
    const { file, db } = storeWithWal();
    const copying: ((result: CheckpointResult) => void)[] = [];
    const nextCopying = () =>
      new Promise<CheckpointResult>((resolve) => {
        copying.push(resolve);
      });
    const checkpointer = new Checkpointer(db, file, {
      intervalMs: 0,
      onCheckpoint: (result) => {
        if (result.checkpointed > 0) copying.shift()?.(result);
      },
    });
    try {
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      const first = nextCopying();
      insert.run('one');
      checkpointer.committed();
      await first;
      // The worker checkpoints once per move of the commit counter: a second checkpoint
      // comes only if it woke again for this commit.
      const second = nextCopying();
      insert.run('two');
      checkpointer.committed();
      expect((await second).checkpointed).toBeGreaterThan(0);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it('keeps the WAL from growing past the backstop when the worker does not checkpoint', async () => {
    const { file, db } = storeWithWal();
    // Never woken (no `committed()`), the worker never checkpoints: only the backstop can.
    const checkpointer = new Checkpointer(db, file, { backstopPages: 20 });
    try {
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      // 200 commits of at least one page each: ten times the backstop.
      for (let i = 0; i < 200; i++) insert.run('x'.repeat(3_000));
      const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
      // The inline checkpoint at the backstop copied everything, and the next commit started
      // the WAL over, so it holds only what came after: never the 200 frames written.
      expect(log).toBeGreaterThan(0);
      expect(log).toBeLessThan(2 * 20);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });

  it('closes its connection when stopped, so the main one closes last and removes the WAL', async () => {
    const { file, db } = storeWithWal();
    const { onCheckpoint, copied } = firstCopying();
    const checkpointer = new Checkpointer(db, file, { onCheckpoint });
    db.prepare('INSERT INTO t VALUES (?)').run('one');
    checkpointer.committed();
    // The worker has opened its connection by now.
    await copied;
    await checkpointer.stop();
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('stops cleanly when asked before its worker has started', async () => {
    const { file, db } = storeWithWal();
    const checkpointer = new Checkpointer(db, file);
    await checkpointer.stop();
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('puts SQLite’s inline checkpoints back when its worker fails', async () => {
    const { db } = storeWithWal();
    let failed: (error: Error) => void = () => {};
    const failure = new Promise<Error>((resolve) => {
      failed = resolve;
    });
    // A file that does not exist: the worker cannot open it.
    const missing = join(tempDir(), 'missing.sqlite');
    const checkpointer = new Checkpointer(db, missing, { onFailure: (error) => failed(error) });
    try {
      const error = await failure;
      expect(error.message).toMatch(/SQLITE_CANTOPEN/);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    } finally {
      await checkpointer.stop();
      db.close();
    }
  });
});

describe('the local store on a file', () => {
  it('checkpoints off the event loop after writes', async () => {
    const { onCheckpoint, copied } = firstCopying();
    const provider = openLocalProvider({ dataDir: tempDir(), checkpoints: { onCheckpoint } });
    try {
      const { sid } = await provider.createConversation({
        friendlyName: 'c',
        participants: [{ id: 'alice', name: 'Alice' }],
      });
      await provider.sendMessage(sid, { author: 'alice', body: 'hi', media: [] });
      expect((await copied).checkpointed).toBeGreaterThan(0);
    } finally {
      await provider.close();
    }
  });
});
