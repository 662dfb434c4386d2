// Group commit for the local store. Every write of the process goes through one queue;
// the writes queued during an event-loop turn are committed together in one IMMEDIATE
// transaction, so a burst of N concurrent writes costs one fsync instead of N. Each caller's
// promise settles only after the COMMIT that holds its write has returned (with
// synchronous=FULL: after the WAL is fsynced), so nothing is acknowledged before it is
// durable.
//
// better-sqlite3 is synchronous, so a batch runs start to finish without yielding: no other
// code on this connection can see a batch half done, and a read never sees a write that is
// not yet committed.
//
// Each write runs inside its own SAVEPOINT: a write that throws (unknown conversation,
// constraint) is rolled back alone and its caller gets its own error, while the others in
// the batch still commit. Only a failure of the batch as a whole (BEGIN, COMMIT, or an
// error after which SQLite rolled the whole transaction back: disk full, I/O error) fails
// every caller of that batch, with an error that says nothing was saved.

import type Database from 'better-sqlite3';

export interface GroupCommitOptions {
  /** Most writes in one transaction; the rest go to the next one. */
  maxBatch: number;
  /** Turns the error of a failed BEGIN or COMMIT into what each caller of the batch gets. */
  batchError(cause: unknown): Error;
}

interface PendingWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  /** Committed transactions and the writes they held (for tests and diagnostics). */
  readonly committed = { batches: 0, writes: 0 };
  private queue: PendingWrite[] = [];
  private scheduled: NodeJS.Immediate | null = null;
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
  }

  /**
   * Queues `work` (synchronous SQL on this connection; no transaction statements of its
   * own) for the next batch. Resolves with its result once the batch has committed.
   */
  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate runs after the I/O callbacks of this turn: every request already
      // received joins the batch, and a lone write waits for no timer.
      this.scheduled ??= setImmediate(() => this.flushOne());
    });
  }

  /** Commits everything queued, now (before the connection closes). */
  flushAll(): void {
    this.cancelScheduled();
    while (this.queue.length > 0) this.runBatch(this.queue.splice(0, this.options.maxBatch));
  }

  private flushOne(): void {
    this.scheduled = null;
    this.runBatch(this.queue.splice(0, this.options.maxBatch));
    // More than one batch was waiting: let the event loop breathe (answer reads, accept
    // connections) before the next one, which then also takes what arrives meanwhile.
    if (this.queue.length > 0) this.scheduled = setImmediate(() => this.flushOne());
  }

  private cancelScheduled(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
  }

  private runBatch(batch: PendingWrite[]): void {
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.writeAndCommit(batch);
    } catch (error) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // The connection is in trouble; the callers' error below says what happened.
      }
      const failure = this.options.batchError(error);
      for (const write of batch) write.reject(failure);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) write.resolve(outcome.value);
      else write.reject(outcome?.error);
    });
  }

  /** Throws when the batch as a whole fails; then nothing of it is committed. */
  private writeAndCommit(batch: PendingWrite[]): Outcome[] {
    this.begin.run();
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
