// The body of the background checkpointer (checkpointer.ts), run in a worker thread with a
// SQLite connection of its own. Plain JavaScript, so that it runs as it is wherever the
// server does: under a TypeScript loader and in the bundled package (scripts/pack/server.ts
// copies it beside the bundle).
//
// It blocks on the shared counter of commits (Atomics.wait: no event loop, no timer), runs a
// PASSIVE checkpoint when it moved, then waits `intervalMs` before looking again, so that a
// busy store is checkpointed at most every `intervalMs` and an idle one not at all.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** Indexes in the shared Int32Array (kept in step with checkpointer.ts). */
const COMMITS = 0;
const STOP = 1;

const { file, signal, intervalMs } = workerData;
const flags = new Int32Array(signal);

/** Stop asks by setting STOP and then moving COMMITS, so a wait begun after the check of
 * STOP, with the COMMITS value read before it, returns at once. */
const stopping = () => Atomics.load(flags, STOP) !== 0;

try {
  if (!stopping()) {
    const db = new Database(file, { fileMustExist: true });
    try {
      // Opening a WAL file may have to wait for another connection's recovery; blocking here
      // blocks only this thread.
      db.pragma('busy_timeout = 5000');
      // Said, not left to the build's default: a checkpoint must fsync the WAL before it
      // copies and the database file before the WAL may be reused, or an acknowledged
      // write could be lost to a power loss.
      db.pragma('synchronous = FULL');
      const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
      // Zero, not the current count: commits made before this thread started count too.
      let seen = 0;
      while (!stopping()) {
        Atomics.wait(flags, COMMITS, seen);
        if (stopping()) break;
        seen = Atomics.load(flags, COMMITS);
        // PASSIVE: copies what no reader still needs and never waits for (or blocks) a
        // writer. SQLite fsyncs the WAL before copying and the database file after.
        try {
          const result = checkpoint.get();
          parentPort?.postMessage({ walFrames: result.log, checkpointed: result.checkpointed });
        } catch (error) {
          // Another connection busy (say, another process recovering the WAL): the next
          // commit brings another try. Anything else ends this thread (checkpointer.ts).
          if (!/^SQLITE_(BUSY|LOCKED)/.test(error?.code ?? '')) throw error;
        }
        Atomics.wait(flags, STOP, 0, intervalMs);
      }
    } finally {
      db.close();
    }
  }
} catch (error) {
  // A SqliteError crosses to the main thread as a bare object without its message: send a
  // plain Error that says what failed.
  const code = error?.code ? ` (${error.code})` : '';
  throw new Error(`${error?.message ?? String(error)}${code}`);
}
