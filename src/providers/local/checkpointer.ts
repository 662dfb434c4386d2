// Checkpoints of the local store's WAL, off the event loop.
//
// A checkpoint copies the pages the WAL holds back into the database file and fsyncs both
// files. SQLite runs one by itself (auto-checkpoint) inside the COMMIT that makes the WAL
// pass 1,000 pages, on the thread that committed, which here is the event loop: measured
// with 128 concurrent socket senders, that cost about a tenth of the durable store's
// throughput. So a worker thread with a connection of its own runs PASSIVE checkpoints
// (they never block writers) at most every `intervalMs` while commits happen.
//
// The main connection's auto-checkpoint stays on as a backstop, at a much higher threshold:
// while writes never stop, a PASSIVE checkpoint cannot leave the WAL fully copied at the
// moment of the next write, so the WAL would never start over from its beginning. When it
// passes the backstop, one inline checkpoint copies the few pages the worker has not, and
// the next write starts the WAL over. If the worker fails, the connection goes back to
// SQLite's default threshold: checkpoints inline, as before, and nothing is lost.

import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Indexes in the shared Int32Array (kept in step with checkpoint-worker.mjs). */
const COMMITS = 0;
const STOP = 1;

/** SQLite's default auto-checkpoint threshold, in WAL pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

export interface CheckpointerOptions {
  /** Shortest time between two checkpoints while writes go on; default 100 ms. */
  intervalMs?: number;
  /** WAL pages after which the main connection checkpoints inline; default 10,000. */
  backstopPages?: number;
  /** What the worker's checkpoints did (tests, diagnostics). */
  onCheckpoint?: (result: CheckpointResult) => void;
  /** The worker stopped with an error; checkpoints are inline again from then on. */
  onFailure?: (error: Error) => void;
}

export interface CheckpointResult {
  /** Frames in the WAL when the checkpoint ran. */
  walFrames: number;
  /** Of those, frames copied into the database file (now or before). */
  checkpointed: number;
}

export class Checkpointer {
  private readonly flags = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private failed = false;

  /** `db` is the main connection to `file` (WAL mode); its auto-checkpoint is raised. */
  constructor(
    private readonly db: Database.Database,
    file: string,
    options: CheckpointerOptions = {},
  ) {
    this.worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
      workerData: { file, signal: this.flags.buffer, intervalMs: options.intervalMs ?? 100 },
    });
    // A checkpointer alone must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (result: CheckpointResult) => options.onCheckpoint?.(result));
    this.exited = new Promise<void>((resolve) => {
      this.worker.on('error', (error: unknown) => {
        this.fallBack();
        options.onFailure?.(error instanceof Error ? error : new Error(String(error)));
      });
      this.worker.on('exit', () => {
        // An exit that was not asked for (the worker's error is reported above).
        if (Atomics.load(this.flags, STOP) === 0) this.fallBack();
        resolve();
      });
    });
    db.pragma(`wal_autocheckpoint = ${options.backstopPages ?? 10_000}`);
  }

  /** After each commit: wakes the worker if it waits for one. Cheap (an atomic add). */
  committed(): void {
    Atomics.add(this.flags, COMMITS, 1);
    Atomics.notify(this.flags, COMMITS);
  }

  /** Stops the worker once its checkpoint in progress, if any, has finished. */
  async stop(): Promise<void> {
    // Unreferenced, the worker would not keep the process alive while it is waited for:
    // a process with nothing else left (shutting down) would exit here, before the store
    // has flushed and closed.
    this.worker.ref();
    Atomics.store(this.flags, STOP, 1);
    // Moves COMMITS too: a wait the worker is about to begin then returns at once.
    Atomics.add(this.flags, COMMITS, 1);
    Atomics.notify(this.flags, COMMITS);
    Atomics.notify(this.flags, STOP);
    await this.exited;
  }

  private fallBack(): void {
    if (this.failed) return;
    this.failed = true;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
}
