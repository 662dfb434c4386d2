// Group commit for the local store. Every write of the process goes through one queue;
// the writes queued during an event-loop turn are committed together in one IMMEDIATE
// transaction, so a burst of N concurrent writes costs one fsync instead of N. Each caller's
// promise settles only after the batch that holds its write is durable, so nothing is
// acknowledged before it would survive a power loss.
//
// Where the fsync happens: SQLite's synchronous=FULL fsyncs the WAL inside COMMIT, and
// better-sqlite3 runs COMMIT on the event loop, so every fsync (milliseconds on a real disk)
// froze the whole server: no fan-out, no reads, no new requests while the disk worked. With
// a `sync` option the connection runs at synchronous=NORMAL (COMMIT only writes the WAL; a
// checkpoint still fsyncs) and this queue fsyncs the WAL itself on libuv's thread pool
// after each commit. While that fsync runs, the event loop serves everything else.
//
// Pipelining: the writes that arrive during an fsync need not wait for it to end. Up to
// `maxInFlight` batches may be committed-but-not-yet-durable at once, each with its own
// fsync started right after its COMMIT (a later fsync covers everything written before it,
// so they may overlap); callers are answered in commit order, a batch only once it and
// every batch before it are durable. With one in flight, a write that just missed a batch
// waited for that batch's whole fsync and then its own; with two, it waits for its own.
//
// Reads never see a write that a power loss could undo: a read waits (`durable()`) until
// every batch committed so far is durable, and while any read waits no new batch commits,
// so the wait is bounded by the fsyncs already running and cannot be starved by writes.
// (Commits run in macrotasks; the read's continuation is a microtask right after the last
// fsync's callback, so no batch can slip in between.) So under mixed reads and writes the
// pipeline often runs one batch deep. The one exception is a failed fsync: its batch and
// those behind it fail, but a read after it sees their rows (the store then refuses every
// write, and /healthz reports it, until the process restarts).
//
// Overlapping fsyncs each need a descriptor of their own (wal-sync.ts): Linux reports a
// writeback error once per open file description, so two fsyncs on one descriptor could
// hand the error of one batch's pages to the other batch's fsync.
//
// better-sqlite3 is synchronous, so a batch runs start to finish without yielding: no other
// code on this connection can see a batch half done.
//
// Another process on the same file (several server processes on one machine) may hold the
// write lock. SQLite's own busy handler would wait for it by sleeping in the calling thread,
// that is, by freezing this process's event loop for up to busy_timeout. With `lockWait`,
// BEGIN does not wait (busy_timeout 0 for that one statement): a batch that finds the lock
// taken goes back to the head of the queue and is retried on a short timer, while the
// event loop goes on serving; only after `lockWait.timeoutMs` does it fail (503).
//
// Each write runs inside its own SAVEPOINT: a write that throws (unknown conversation,
// constraint) is rolled back alone and its caller gets its own error, while the others in
// the batch still commit. Only a failure of the batch as a whole (BEGIN, COMMIT, or an
// error after which SQLite rolled the whole transaction back: disk full, I/O error) fails
// every caller of that batch, with an error that says nothing was saved. A failed fsync
// is different: the batch is committed but may not be on disk, and the kernel may have
// dropped the dirty pages, so retrying the fsync proves nothing (PostgreSQL's "fsyncgate").
// Its callers get the error and every later write is refused until the process restarts.

import type Database from 'better-sqlite3';

/** Makes what COMMIT wrote durable: fsync of the WAL (wal-sync.ts). */
export interface DurableSync {
  /** On libuv's thread pool, so the event loop goes on serving while the disk works. */
  sync(): Promise<void>;
  /** Blocking, for a last flush while the store closes. */
  syncNow(): void;
}

export interface GroupCommitOptions {
  /** Most writes in one transaction; the rest go to the next one. */
  maxBatch: number;
  /**
   * Most batches committed but not yet durable at once (with `durableSync`); default 1.
   * See the header: 2 lets the writes that arrive during an fsync commit without waiting.
   */
  maxInFlight?: number;
  /** Turns the error of a failed BEGIN, COMMIT or fsync into what each caller gets. */
  batchError(cause: unknown): Error;
  /**
   * Absent: a batch counts as done when COMMIT returns (synchronous=FULL, an in-memory
   * store, or durability deliberately traded away). Present: only after this resolves.
   */
  durableSync?: DurableSync;
  /** Called after each COMMIT that succeeded (before its fsync). */
  onCommit?: () => void;
  /** Milliseconds, monotonic; injectable so tests can pin time. Default performance.now. */
  now?: () => number;
  /** Wait for another connection's write lock off the event loop (see the header). */
  lockWait?: {
    timeoutMs: number;
    isBusy(error: unknown): boolean;
  };
}

/** Retry delays while another connection holds the write lock (ms; the last repeats). */
const LOCK_RETRY_MS = [0, 1, 1, 2, 2, 4];

interface PendingWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  /** Committed transactions and the writes they held (for tests and diagnostics). */
  readonly committed = { batches: 0, writes: 0 };
  /** Completed calls of `durableSync` (for tests and diagnostics). */
  durableSyncs = 0;
  /**
   * Their summed time, in seconds, from the call to its completion seen on the event loop:
   * what the writers of a batch wait for beyond the commit (diagnostics; the benchmarks
   * divide it by `durableSyncs`). Overlapping fsyncs each count in full.
   */
  durableSyncSeconds = 0;
  private queue: PendingWrite[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  /** Settles when every batch committed so far is durable; null when all already are. */
  private syncing: Promise<void> | null = null;
  /** Batches committed whose fsync (or an earlier batch's) has not completed yet. */
  private inFlight = 0;
  /** Reads waiting in `durable()`: while any waits, no batch commits (see the header). */
  private readersWaiting = 0;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  /** Set by flushAll: nothing more is scheduled; it commits what is left itself. */
  private closing = false;
  /** Set when an fsync failed: what was committed may not be on disk; refuse more writes. */
  private broken: Error | null = null;
  /** While the write lock is taken: the retry timer, and when the current wait began. */
  private lockRetry: NodeJS.Timeout | null = null;
  private lockWaitStarted: number | null = null;
  private lockRetries = 0;
  private readonly beginNoWait: (() => void) | null;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly options: GroupCommitOptions,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT write');
    this.release = db.prepare('RELEASE write');
    this.rollbackTo = db.prepare('ROLLBACK TO write');
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.now = options.now ?? (() => performance.now());
    const lockWait = options.lockWait;
    if (lockWait) {
      // Everything else on the connection keeps the busy_timeout it was opened with.
      const busyTimeout = Number(db.pragma('busy_timeout', { simple: true }));
      // Not prepared statements: SQLite applies busy_timeout while it compiles the PRAGMA,
      // so a prepared one would set it once, at prepare time, and never again.
      this.beginNoWait = () => {
        db.pragma('busy_timeout = 0');
        try {
          this.begin.run();
        } finally {
          db.pragma(`busy_timeout = ${busyTimeout}`);
        }
      };
    } else {
      this.beginNoWait = null;
    }
  }

  /**
   * Queues `work` (synchronous SQL on this connection; no transaction statements of its
   * own) for the next batch. Resolves with its result once the batch is durable.
   */
  submit<T>(work: () => T): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * Null when everything committed is durable (read at once); otherwise resolves when it
   * is. Nothing commits in between: no batch commits while a reader waits, and the
   * reader's continuation runs as a microtask right after the last fsync's callback.
   */
  durable(): Promise<void> | null {
    const syncing = this.syncing;
    if (syncing === null) return null;
    this.readersWaiting++;
    // `syncing` never rejects: a failed fsync fails its writers, and a reader then reads
    // what is there (the store refuses writes from now on, and /healthz says so).
    return syncing.then(() => {
      this.readersWaiting--;
    });
  }

  /** The reason writes are refused, once an fsync has failed; null while healthy. */
  get failure(): Error | null {
    return this.broken;
  }

  /** Commits everything queued and makes it durable, now (before the connection closes). */
  async flushAll(): Promise<void> {
    // From here on only this drains the queue: a batch settling below must not start
    // another asynchronous commit (and fsync) that would outlive the connection.
    this.closing = true;
    this.cancelScheduled();
    while (this.syncing !== null) await this.syncing;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      if (this.broken) {
        for (const write of batch) write.reject(this.broken);
        continue;
      }
      const outcomes = this.runBatch(batch);
      if (outcomes === null) continue;
      try {
        if (this.options.durableSync) {
          const started = this.now();
          this.options.durableSync.syncNow();
          this.countSync(started);
        }
      } catch (error) {
        this.fail(batch, error);
        continue;
      }
      settle(batch, outcomes);
    }
  }

  private schedule(): void {
    // setImmediate runs after the I/O callbacks of this turn: every request already
    // received joins the batch, and a lone write waits for no timer. While an fsync runs,
    // its completion schedules the next batch instead.
    if (this.mayCommit() && this.lockRetry === null) {
      this.scheduled ??= setImmediate(() => this.flushOne());
    }
  }

  /** Whether a batch may commit now: room in the pipeline and no reader waiting. */
  private mayCommit(): boolean {
    if (this.closing) return false;
    if (this.inFlight === 0) return true;
    return this.inFlight < this.maxInFlight && this.readersWaiting === 0;
  }

  private flushOne(): void {
    this.scheduled = null;
    if (!this.mayCommit() || this.queue.length === 0) {
      // Held back (fsyncs, a reader): that wait is not a wait for the lock.
      this.lockWaitStarted = null;
      this.lockRetries = 0;
      return;
    }
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (!this.beginBatch(batch)) return;
    const outcomes = this.runBatch(batch);
    const durableSync = this.options.durableSync;
    if (outcomes !== null && durableSync !== undefined) {
      this.inFlight++;
      // Durable once its own fsync has completed and every earlier batch has been settled:
      // batches are answered in commit order, and after an earlier failure this one fails
      // too (what it wrote may sit on pages the kernel dropped). `earlier` never rejects.
      const earlier = this.syncing;
      const started = this.now();
      const own = durableSync.sync().then(() => this.countSync(started));
      // Its failure is handled below, once the earlier batches are settled.
      own.catch(() => {});
      const chained = earlier === null ? own : earlier.then(() => own);
      const settled: Promise<void> = chained.then(
        (): void => this.synced(settled, batch, outcomes),
        (error: unknown): void => this.synced(settled, batch, outcomes, error),
      );
      this.syncing = settled;
      // Room for another batch: take what is already queued.
      if (this.queue.length > 0) this.schedule();
      return;
    }
    if (outcomes !== null) settle(batch, outcomes);
    // More than one batch was waiting: let the event loop breathe (answer reads, accept
    // connections) before the next one, which then also takes what arrives meanwhile.
    if (this.queue.length > 0) this.schedule();
  }

  private synced(
    settled: Promise<void>,
    batch: PendingWrite[],
    outcomes: Outcome[],
    error?: unknown,
  ): void {
    this.inFlight--;
    // Only the last batch's completion means everything committed is durable.
    if (this.syncing === settled) this.syncing = null;
    if (error !== undefined) this.fail(batch, error);
    else if (this.broken) for (const write of batch) write.reject(this.broken);
    else settle(batch, outcomes);
    if (this.broken) {
      for (const write of this.queue.splice(0)) write.reject(this.broken);
      return;
    }
    if (this.queue.length > 0) this.schedule();
  }

  private countSync(started: number): void {
    this.durableSyncs++;
    this.durableSyncSeconds += (this.now() - started) / 1000;
  }

  private fail(batch: PendingWrite[], cause: unknown): void {
    // The first failure is the one to report; a later fsync's is its consequence.
    this.broken ??= this.options.batchError(cause);
    for (const write of batch) write.reject(this.broken);
  }

  /**
   * BEGIN IMMEDIATE for a batch taken off the queue. False when it could not begin: the
   * batch is back at the head of the queue with a retry scheduled, or (lock wait over, or
   * another failure) its callers have been answered.
   */
  private beginBatch(batch: PendingWrite[]): boolean {
    const lockWait = this.options.lockWait;
    if (!this.beginNoWait || !lockWait) return true;
    try {
      this.beginNoWait();
    } catch (error) {
      const now = performance.now();
      this.lockWaitStarted ??= now;
      if (lockWait.isBusy(error) && now - this.lockWaitStarted < lockWait.timeoutMs) {
        this.queue.unshift(...batch);
        const delay = LOCK_RETRY_MS[Math.min(this.lockRetries++, LOCK_RETRY_MS.length - 1)];
        this.lockRetry = setTimeout(() => {
          this.lockRetry = null;
          this.flushOne();
        }, delay);
        return false;
      }
      this.lockWaitStarted = null;
      this.lockRetries = 0;
      const failure = this.options.batchError(error);
      for (const write of batch) write.reject(failure);
      if (this.queue.length > 0) this.schedule();
      return false;
    }
    this.lockWaitStarted = null;
    this.lockRetries = 0;
    return true;
  }

  private cancelScheduled(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.lockRetry !== null) clearTimeout(this.lockRetry);
    this.lockRetry = null;
  }

  /** Null when the batch as a whole failed; its callers have then been answered. */
  private runBatch(batch: PendingWrite[]): Outcome[] | null {
    if (batch.length === 0) return null;
    try {
      return this.writeAndCommit(batch);
    } catch (error) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // The connection is in trouble; the callers' error below says what happened.
      }
      const failure = this.options.batchError(error);
      for (const write of batch) write.reject(failure);
      return null;
    }
  }

  /** Throws when the batch as a whole fails; then nothing of it is committed. */
  private writeAndCommit(batch: PendingWrite[]): Outcome[] {
    if (!this.db.inTransaction) this.begin.run();
    const outcomes: Outcome[] = [];
    for (const write of batch) {
      const outcome = this.runOne(write);
      if (!this.db.inTransaction) {
        // SQLite rolled the whole transaction back (SQLITE_FULL, SQLITE_IOERR, …): the
        // writes before this one are gone too.
        throw outcome.ok ? new Error('The transaction ended before its commit') : outcome.error;
      }
      outcomes.push(outcome);
    }
    this.commit.run();
    this.committed.batches++;
    this.committed.writes += batch.length;
    this.options.onCommit?.();
    return outcomes;
  }

  private runOne(write: PendingWrite): Outcome {
    this.savepoint.run();
    try {
      const value = write.work();
      this.release.run();
      return { ok: true, value };
    } catch (error) {
      if (this.db.inTransaction) {
        this.rollbackTo.run();
        this.release.run();
      }
      return { ok: false, error };
    }
  }
}

function settle(batch: PendingWrite[], outcomes: Outcome[]): void {
  batch.forEach((write, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) write.resolve(outcome.value);
    else write.reject(outcome?.error);
  });
}
