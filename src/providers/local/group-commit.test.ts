// Group commit against real SQLite files: what shares a transaction, when callers are
// answered, and what a failed write or a failed batch leaves behind.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DurableSync, GroupCommit } from './group-commit.ts';

class BatchFailed extends Error {}

let dir: string;
let db: Database.Database;
let observer: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chat-group-commit-'));
  db = new Database(join(dir, 'store.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE);
    CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE children (
      id INTEGER PRIMARY KEY,
      parent INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED
    );`);
  // A second connection sees only what is committed.
  observer = new Database(join(dir, 'store.sqlite'), { readonly: true });
});

afterEach(() => {
  observer.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function groupCommit(maxBatch = 128): GroupCommit {
  return new GroupCommit(db, { maxBatch, batchError: (cause) => new BatchFailed(String(cause)) });
}

/** A DurableSync the test completes by hand: which fsync is pending is the test's choice. */
function manualSync() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let started: (() => void) | null = null;
  const sync: DurableSync & { syncNowCalls: number } = {
    syncNowCalls: 0,
    sync: () =>
      new Promise<void>((resolve, reject) => {
        pending.push({ resolve, reject });
        started?.();
      }),
    syncNow() {
      this.syncNowCalls++;
    },
  };
  return {
    sync,
    /** Resolves once an fsync has been asked for and is still pending. */
    started: () =>
      pending.length > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            started = resolve;
          }),
    finish: () => pending.shift()?.resolve(),
    /** Completes the most recent fsync first (a later one may finish before an earlier). */
    finishLatest: () => pending.pop()?.resolve(),
    fail: (error: Error) => pending.shift()?.reject(error),
    get pending() {
      return pending.length;
    },
  };
}

/** One macrotask turn: every setImmediate scheduled before it has run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

const insertNote = (body: string) => () =>
  Number(db.prepare('INSERT INTO notes (body) VALUES (?)').run(body).lastInsertRowid);
const committedNotes = () =>
  observer
    .prepare<[], { body: string }>('SELECT body FROM notes ORDER BY id')
    .all()
    .map((r) => r.body);

describe('GroupCommit', () => {
  it('commits the writes queued in one turn together, in order, and answers after the commit', async () => {
    const writes = groupCommit();
    const seen: string[][] = [];
    const pending = ['a', 'b', 'c', 'd'].map((body) =>
      writes.submit(insertNote(body)).then((id) => {
        // Answered only once another connection can read it: committed.
        seen.push(committedNotes());
        return id;
      }),
    );
    expect(committedNotes()).toEqual([]);
    expect(await Promise.all(pending)).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual(Array(4).fill(['a', 'b', 'c', 'd']));
    expect(writes.committed).toEqual({ batches: 1, writes: 4 });
  });

  it('commits a lone write at the end of the turn, without waiting for more', async () => {
    const writes = groupCommit();
    let answered = false;
    const pending = writes.submit(insertNote('alone')).then(() => {
      answered = true;
    });
    // The batch was scheduled before this immediate, so it has run (and committed) by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(true);
    await pending;
    expect(committedNotes()).toEqual(['alone']);
  });

  it('splits a burst larger than maxBatch into bounded transactions', async () => {
    const writes = groupCommit(2);
    const bodies = ['1', '2', '3', '4', '5'];
    await Promise.all(bodies.map((body) => writes.submit(insertNote(body))));
    expect(committedNotes()).toEqual(bodies);
    expect(writes.committed).toEqual({ batches: 3, writes: 5 });
  });

  it('fails only the write that throws, undoing what it did, and commits the others', async () => {
    const writes = groupCommit();
    const before = writes.submit(insertNote('before'));
    const failing = writes.submit(() => {
      insertNote('half written')();
      throw new Error('the write itself failed');
    });
    const duplicate = writes.submit(insertNote('before')); // UNIQUE violation
    const after = writes.submit(insertNote('after'));
    await expect(failing).rejects.toThrow('the write itself failed');
    await expect(duplicate).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    await Promise.all([before, after]);
    expect(committedNotes()).toEqual(['before', 'after']);
    expect(writes.committed).toEqual({ batches: 1, writes: 4 });
  });

  it('fails every caller of a batch whose COMMIT fails, and keeps none of it', async () => {
    const writes = groupCommit();
    const ok = writes.submit(insertNote('in the failed batch'));
    // A deferred foreign key is checked at COMMIT: the whole transaction cannot commit.
    const orphan = writes.submit(() =>
      db.prepare('INSERT INTO children (parent) VALUES (99)').run(),
    );
    await expect(ok).rejects.toBeInstanceOf(BatchFailed);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    expect(db.inTransaction).toBe(false);
    expect(committedNotes()).toEqual([]);
    // The next batch is unaffected.
    await writes.submit(insertNote('next batch'));
    expect(committedNotes()).toEqual(['next batch']);
  });

  it('fails the whole batch when SQLite rolls the transaction back (disk full)', async () => {
    const writes = groupCommit();
    await writes.submit(insertNote('earlier batch'));
    const pages = db.pragma('page_count', { simple: true });
    db.pragma(`max_page_count = ${Number(pages) + 1}`);
    const small = writes.submit(insertNote('small'));
    const huge = writes.submit(insertNote('x'.repeat(200_000)));
    const later = writes.submit(insertNote('later'));
    for (const write of [small, huge, later]) {
      await expect(write).rejects.toThrow(/SQLITE_FULL|full/);
    }
    expect(db.inTransaction).toBe(false);
    expect(committedNotes()).toEqual(['earlier batch']);
    db.pragma('max_page_count = 1073741823');
    await writes.submit(insertNote('after space was freed'));
    expect(committedNotes()).toEqual(['earlier batch', 'after space was freed']);
  });

  it('fails the batch when another connection holds the write lock', async () => {
    const other = new Database(join(dir, 'store.sqlite'));
    try {
      db.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE');
      const writes = groupCommit();
      const blocked = [writes.submit(insertNote('x')), writes.submit(insertNote('y'))];
      for (const write of blocked) await expect(write).rejects.toThrow(/SQLITE_BUSY|locked/);
      other.exec('ROLLBACK');
      await writes.submit(insertNote('z'));
      expect(committedNotes()).toEqual(['z']);
    } finally {
      other.close();
    }
  });

  it('flushAll commits what is queued at once', async () => {
    const writes = groupCommit(2);
    const pending = ['p', 'q', 'r'].map((body) => writes.submit(insertNote(body)));
    await writes.flushAll();
    expect(committedNotes()).toEqual(['p', 'q', 'r']);
    await Promise.all(pending);
  });
});

describe('GroupCommit with its own fsync (durableSync)', () => {
  it('answers a batch only after its fsync, and commits nothing else while it runs', async () => {
    const disk = manualSync();
    // The clock moves only when the test says: 10 ms per fsync, from its call to its end.
    let clock = 0;
    const writes = new GroupCommit(db, {
      maxBatch: 128,
      batchError: (cause) => new BatchFailed(String(cause)),
      durableSync: disk.sync,
      now: () => clock,
    });
    const answered: string[] = [];
    const first = ['a', 'b'].map((body) =>
      writes.submit(insertNote(body)).then(() => answered.push(body)),
    );
    await disk.started();
    expect(committedNotes()).toEqual(['a', 'b']);
    const later = writes.submit(insertNote('c')).then(() => answered.push('c'));
    await turn();
    await turn();
    // Committed but not yet durable: nobody is answered, and the next batch waits.
    expect(answered).toEqual([]);
    expect(committedNotes()).toEqual(['a', 'b']);
    expect(disk.pending).toBe(1);
    clock += 10;
    disk.finish();
    await Promise.all(first);
    expect(answered).toEqual(['a', 'b']);
    await disk.started();
    expect(committedNotes()).toEqual(['a', 'b', 'c']);
    expect(answered).toEqual(['a', 'b']);
    clock += 10;
    disk.finish();
    await later;
    expect(writes.committed).toEqual({ batches: 2, writes: 3 });
    expect(writes.durableSyncs).toBe(2);
    // Each fsync is timed from its own call: 10 ms each, not 20 for the second.
    expect(writes.durableSyncSeconds).toBeCloseTo(0.02, 9);
  });

  it('makes reads wait for the fsync in flight, and only for that one', async () => {
    const disk = manualSync();
    const writes = new GroupCommit(db, {
      maxBatch: 128,
      batchError: (cause) => new BatchFailed(String(cause)),
      durableSync: disk.sync,
    });
    expect(writes.durable()).toBeNull();
    const write = writes.submit(insertNote('x'));
    await disk.started();
    const durable = writes.durable();
    expect(durable).not.toBeNull();
    let readable = false;
    const read = durable?.then(() => {
      readable = true;
    });
    await turn();
    expect(readable).toBe(false);
    disk.finish();
    await read;
    await write;
    expect(writes.durable()).toBeNull();
  });

  it('fails the batch whose fsync fails, and refuses every write after it', async () => {
    const disk = manualSync();
    const writes = new GroupCommit(db, {
      maxBatch: 128,
      batchError: (cause) => new BatchFailed(String(cause)),
      durableSync: disk.sync,
    });
    const unsure = writes.submit(insertNote('maybe on disk'));
    await disk.started();
    const queued = writes.submit(insertNote('queued meanwhile'));
    disk.fail(new Error('EIO'));
    await expect(unsure).rejects.toBeInstanceOf(BatchFailed);
    await expect(queued).rejects.toBeInstanceOf(BatchFailed);
    await expect(writes.submit(insertNote('after'))).rejects.toThrow(/EIO/);
    expect(writes.failure).toBeInstanceOf(BatchFailed);
    // The queued write never reached SQLite.
    expect(committedNotes()).toEqual(['maybe on disk']);
  });

  it('flushAll waits for the fsync in flight, then commits and syncs the rest at once', async () => {
    const disk = manualSync();
    const writes = new GroupCommit(db, {
      maxBatch: 128,
      batchError: (cause) => new BatchFailed(String(cause)),
      durableSync: disk.sync,
    });
    const first = writes.submit(insertNote('p'));
    await disk.started();
    const rest = ['q', 'r'].map((body) => writes.submit(insertNote(body)));
    const flushed = writes.flushAll();
    disk.finish();
    await flushed;
    expect(committedNotes()).toEqual(['p', 'q', 'r']);
    expect(disk.sync.syncNowCalls).toBe(1);
    await Promise.all([first, ...rest]);
  });
});

describe('GroupCommit with two batches in flight (maxInFlight: 2)', () => {
  const pipelined = (disk: ReturnType<typeof manualSync>) =>
    new GroupCommit(db, {
      maxBatch: 128,
      maxInFlight: 2,
      batchError: (cause) => new BatchFailed(String(cause)),
      durableSync: disk.sync,
    });

  it('commits the writes that arrive during an fsync at once, and answers in commit order', async () => {
    const disk = manualSync();
    const writes = pipelined(disk);
    const answered: string[] = [];
    const first = writes.submit(insertNote('a')).then(() => answered.push('a'));
    await disk.started();
    const second = writes.submit(insertNote('b')).then(() => answered.push('b'));
    await turn();
    // Committed without waiting for the first fsync, with an fsync of its own.
    expect(committedNotes()).toEqual(['a', 'b']);
    expect(disk.pending).toBe(2);
    // A third batch waits: two are in flight.
    const third = writes.submit(insertNote('c')).then(() => answered.push('c'));
    await turn();
    await turn();
    expect(committedNotes()).toEqual(['a', 'b']);
    // The second fsync ends first: its batch still waits for the first batch.
    disk.finishLatest();
    await turn();
    expect(answered).toEqual([]);
    disk.finish();
    await Promise.all([first, second]);
    expect(answered).toEqual(['a', 'b']);
    await disk.started();
    expect(committedNotes()).toEqual(['a', 'b', 'c']);
    disk.finish();
    await third;
    expect(answered).toEqual(['a', 'b', 'c']);
    expect(writes.durable()).toBeNull();
  });

  it('makes a read wait for every batch in flight, and holds new commits back until it has read', async () => {
    const disk = manualSync();
    const writes = pipelined(disk);
    const first = writes.submit(insertNote('a'));
    await disk.started();
    const second = writes.submit(insertNote('b'));
    await turn();
    expect(disk.pending).toBe(2);
    // The read sees nothing that is not durable: not 'c', which arrives while it waits.
    const seen = writes.durable()?.then(() =>
      db
        .prepare<[], { body: string }>('SELECT body FROM notes ORDER BY id')
        .all()
        .map((r) => r.body),
    );
    const third = writes.submit(insertNote('c'));
    disk.finish();
    await first;
    await turn();
    // One fsync is done, one is not: room in the pipeline, but the reader holds it.
    expect(committedNotes()).toEqual(['a', 'b']);
    disk.finish();
    expect(await seen).toEqual(['a', 'b']);
    await second;
    await disk.started();
    expect(committedNotes()).toEqual(['a', 'b', 'c']);
    disk.finish();
    await third;
  });

  it('flushAll waits for every batch in flight, starts no other, and commits the rest itself', async () => {
    const disk = manualSync();
    const writes = pipelined(disk);
    const answered: string[] = [];
    const submit = (body: string) =>
      writes.submit(insertNote(body)).then(() => answered.push(body));
    const first = submit('a');
    await disk.started();
    const second = submit('b');
    await turn();
    expect(disk.pending).toBe(2);
    const third = submit('c');
    const flushed = writes.flushAll();
    disk.finish();
    await first;
    await turn();
    // The first batch settled and left room, but nothing new started: flushAll drains.
    expect(disk.pending).toBe(1);
    expect(committedNotes()).toEqual(['a', 'b']);
    disk.finish();
    await flushed;
    await Promise.all([second, third]);
    expect(answered).toEqual(['a', 'b', 'c']);
    expect(disk.pending).toBe(0);
    expect(disk.sync.syncNowCalls).toBe(1);
  });

  it('fails the batches after a failed fsync too, even when their own fsync succeeded', async () => {
    const disk = manualSync();
    const writes = pipelined(disk);
    const unsure = writes.submit(insertNote('maybe on disk'));
    await disk.started();
    const after = writes.submit(insertNote('after it'));
    await turn();
    expect(disk.pending).toBe(2);
    disk.finishLatest();
    disk.fail(new Error('EIO'));
    await expect(unsure).rejects.toThrow(/EIO/);
    await expect(after).rejects.toThrow(/EIO/);
    await expect(writes.submit(insertNote('later'))).rejects.toThrow(/EIO/);
    expect(writes.durable()).toBeNull();
  });
});

describe("GroupCommit waiting for another connection's write lock (lockWait)", () => {
  const isBusy = (error: unknown) =>
    error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');

  it('keeps the event loop running while the lock is taken, then commits', async () => {
    const other = new Database(join(dir, 'store.sqlite'));
    try {
      // Were BEGIN to wait with this busy_timeout, it would block the thread for ten minutes
      // and the test would time out: the lock can only be released by this same thread.
      db.pragma('busy_timeout = 600000');
      const writes = new GroupCommit(db, {
        maxBatch: 128,
        batchError: (cause) => new BatchFailed(String(cause)),
        lockWait: { timeoutMs: 60_000, isBusy },
      });
      other.exec('BEGIN IMMEDIATE');
      let answered = false;
      const write = writes.submit(insertNote('waited')).then(() => {
        answered = true;
      });
      // Several turns of the event loop pass (timers included) while the write waits.
      for (let i = 0; i < 5; i++) {
        await turn();
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(answered).toBe(false);
      other.exec('ROLLBACK');
      await write;
      expect(committedNotes()).toEqual(['waited']);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(600000);
    } finally {
      other.close();
    }
  });

  it('fails the waiting batch once the lock wait is over, and goes on afterwards', async () => {
    const other = new Database(join(dir, 'store.sqlite'));
    try {
      const writes = new GroupCommit(db, {
        maxBatch: 128,
        batchError: (cause) => new BatchFailed(String(cause)),
        lockWait: { timeoutMs: 10, isBusy },
      });
      other.exec('BEGIN IMMEDIATE');
      const blocked = [writes.submit(insertNote('x')), writes.submit(insertNote('y'))];
      for (const write of blocked) await expect(write).rejects.toBeInstanceOf(BatchFailed);
      other.exec('ROLLBACK');
      await writes.submit(insertNote('z'));
      expect(committedNotes()).toEqual(['z']);
    } finally {
      other.close();
    }
  });
});
