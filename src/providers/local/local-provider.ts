// The `local` ConversationProvider: an embedded SQLite file (better-sqlite3, WAL) so the
// server runs with no account and no network and loses nothing on restart. better-sqlite3
// is synchronous: a read does its SQL in one synchronous step and returns a settled promise.
// Writes go through group commit (group-commit.ts): the writes of one event-loop turn share
// one IMMEDIATE transaction and one fsync (run off the event loop, wal-sync.ts), and each
// resolves only once that is durable. Reads wait for an fsync in flight, so they never see
// a write a power loss could still undo. Media go with the last conversation whose messages
// name them; uploads no message names go after `unsentMediaTtlMs` (at open and hourly).

import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError, Errors, UpstreamError } from '../../errors.ts';
import type {
  ConversationProvider,
  ConversationRecord,
  MediaRecord,
  MessageRecord,
  NewMedia,
  NewMessage,
  ParticipantInfo,
  ParticipantRecord,
} from '../provider.ts';
import { Checkpointer, type CheckpointerOptions } from './checkpointer.ts';
import { GroupCommit } from './group-commit.ts';
import {
  moveFileDurably,
  ORPHAN_GRACE_MS,
  prepareStoreFiles,
  removeOrphanMedia,
} from './media-files.ts';
import { exactMediaSids, mentionedMediaSids, parseMediaList } from './media-refs.ts';
import {
  normalizeParticipants,
  toConversation,
  toMedia,
  toMessage,
  toParticipant,
} from './rows.ts';
import { migrate } from './schema.ts';
import { mintSid } from './sids.ts';
import { prepareStatements, type Statements } from './statements.ts';
import { type WalSync, walSync } from './wal-sync.ts';

export { SELECT_CONVERSATION_BY_KEY } from './statements.ts';

export type LocalProviderOptions = ({ dataDir: string } | { memory: true }) & {
  /** Milliseconds since the epoch; injectable so tests can pin time. Defaults to Date.now. */
  clock?: () => number;
  /** How long a write waits for another connection's lock before failing with 503. */
  busyTimeoutMs?: number;
  /** Most writes committed in one transaction (group commit); default 128. */
  maxBatch?: number;
  /** Most batches committed whose fsync is still running (group commit); default 2. */
  maxInFlight?: number;
  /**
   * `full` (default): every commit's WAL is fsynced before its writes are answered, so an
   * acknowledged write survives power loss. `unsafe-on-power-loss`: fsync only at
   * checkpoints and before media files of deleted rows are removed; a process crash loses
   * nothing, a power loss or OS crash can lose the last commits.
   */
  durability?: 'full' | 'unsafe-on-power-loss';
  /**
   * WAL checkpoints of a file store: in a worker thread (default; options in
   * checkpointer.ts) or `inline`, SQLite's own, on the event loop inside a COMMIT.
   */
  checkpoints?: CheckpointerOptions | 'inline';
  /**
   * How long an upload no message names is kept, in ms; 0 or unset: forever. Uploads are not
   * tied to a conversation (spec: uploadMedia), so deleting one cannot take them along:
   * older ones are removed when the store opens and every UNSENT_MEDIA_SWEEP_MS.
   */
  unsentMediaTtlMs?: number;
};

export const DATABASE_FILE = 'chat.sqlite';
const MEDIA_DIR = 'media';
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
// Large enough that the fsync is shared by every request of a busy turn, small enough that
// one batch (tens of microseconds per write) never holds the event loop for long.
const DEFAULT_MAX_BATCH = 128;
// Two: the writes that arrive while one batch's fsync runs commit at once, with an fsync of
// their own, instead of waiting for it to end (group-commit.ts). More would only queue
// fsyncs behind one another on the same file.
const DEFAULT_MAX_IN_FLIGHT = 2;
/** How often uploads no message named within their time are looked for. */
export const UNSENT_MEDIA_SWEEP_MS = 60 * 60 * 1000;
/** Rows removed per transaction, so a backlog never holds the write lock for long. */
const UNSENT_MEDIA_BATCH = 500;

/** The private-conversation key: the id set, order- and duplicate-free, hashed. */
export function privateConversationKey(participantIds: readonly string[]): string {
  // Identities contain no whitespace (spec: Identity), so '\n' cannot occur inside one and the
  // join is unambiguous. Hashing keeps the key fixed-size however many ids there are.
  const ids = [...new Set(participantIds)].sort();
  return createHash('sha256').update(ids.join('\n')).digest('hex');
}

/** Lock contention beyond busy_timeout is a temporary unavailability (503), not a bug (500). */
function isBusy(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'))
  );
}

const BUSY_MESSAGE = 'The store is busy; try again';

/** What every caller of a batch that could not commit gets: nothing of it was saved. */
function batchError(cause: unknown): UpstreamError {
  if (isBusy(cause)) return new UpstreamError(503, BUSY_MESSAGE);
  const code = cause instanceof Database.SqliteError ? ` (${cause.code})` : '';
  const error = new UpstreamError(
    503,
    `The store could not commit this write${code}; nothing of it was saved`,
  );
  error.cause = cause;
  return error;
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

export class LocalProvider implements ConversationProvider {
  readonly kind = 'local' as const;
  readonly sms = true;

  private readonly db: Database.Database;
  private readonly stmt: Statements;
  private readonly writes: GroupCommit;
  /**
   * The WAL's own fsync (a file store; closed with the store): group commit's for every
   * batch under durability `full`, and only before removing files otherwise.
   */
  private readonly wal: WalSync | undefined;
  /** Whether every commit is fsynced before it is answered (durability `full` on a file). */
  private readonly everyCommitDurable: boolean;
  private removalSyncCount = 0;
  /**
   * Set once a removal fsync failed: Linux reports a writeback error once per descriptor,
   * so a later fsync that succeeds proves nothing about the pages dropped before it. From
   * then on files stay (the next start removes those no row names), as `full` mode stops
   * taking writes.
   */
  private removalSyncFailed = false;
  /** Checkpoints off the event loop (a file only; checkpointer.ts); stopped before close. */
  private readonly checkpointer: Checkpointer | undefined;
  private closed = false;
  private readonly clock: () => number;
  /** Null in memory mode: media bytes then live in the media row. */
  private readonly dataDir: string | null;
  private readonly unsentMediaTtlMs: number;
  private readonly sweepTimer: NodeJS.Timeout | undefined;

  constructor(options: LocalProviderOptions) {
    this.clock = options.clock ?? Date.now;
    this.dataDir = 'dataDir' in options ? options.dataDir : null;
    this.unsentMediaTtlMs = Math.max(0, options.unsentMediaTtlMs ?? 0);
    const file = this.dataDir === null ? null : join(this.dataDir, DATABASE_FILE);
    if (this.dataDir !== null && file !== null) {
      prepareStoreFiles(join(this.dataDir, MEDIA_DIR), file);
    }
    this.db = new Database(file ?? ':memory:');
    try {
      this.configure(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      migrate(this.db);
      this.stmt = prepareStatements(this.db);
      this.removeUnsentMediaAtOpen();
      if (this.dataDir !== null) {
        // What a crash (kill -9) stranded between writing a media file and its row.
        removeOrphanMedia(
          join(this.dataDir, MEDIA_DIR),
          (name) => this.stmt.mediaBySid.get(name) !== undefined,
          Date.now() - ORPHAN_GRACE_MS,
        );
      }
      const durability = options.durability ?? 'full';
      const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
      this.wal = file === null ? undefined : walSync(file, durability === 'full' ? maxInFlight : 1);
      this.everyCommitDurable = this.wal !== undefined && durability === 'full';
      const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
      this.writes = new GroupCommit(this.db, {
        maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
        maxInFlight,
        batchError,
        durableSync: this.everyCommitDurable ? this.wal : undefined,
        // Only a file can be shared with another process.
        lockWait: file === null ? undefined : { timeoutMs: busyTimeoutMs, isBusy },
        onCommit: () => this.checkpointer?.committed(),
      });
      if (this.unsentMediaTtlMs > 0) {
        this.sweepTimer = setInterval(() => {
          // A sweep that fails (store busy, closing) is simply done again by the next one.
          this.removeUnsentMedia().catch(() => undefined);
        }, UNSENT_MEDIA_SWEEP_MS);
        // It must not keep the process alive on its own.
        this.sweepTimer.unref();
      }
      const checkpoints = options.checkpoints ?? {};
      this.checkpointer =
        file === null || checkpoints === 'inline'
          ? undefined
          : new Checkpointer(this.db, file, {
              onFailure: (error) =>
                process.emitWarning(
                  `The store's background checkpointer stopped (${error.message}); SQLite now checkpoints inline`,
                ),
              ...checkpoints,
            });
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /**
   * At open, before anything is served: synchronous, in batches. Each commit is FULL (its
   * WAL fsynced) so the rows are gone for good before their files are: a row whose file
   * was removed would read as a damaged store.
   */
  private removeUnsentMediaAtOpen(): void {
    if (this.unsentMediaTtlMs === 0) return;
    const cutoff = this.clock() - this.unsentMediaTtlMs;
    const batch = this.db.transaction(() =>
      this.stmt.deleteUnsentMedia.all(cutoff, UNSENT_MEDIA_BATCH),
    );
    this.db.pragma('synchronous = FULL');
    try {
      for (;;) {
        const paths = batch.immediate();
        for (const path of paths) {
          if (path !== null && this.dataDir !== null) {
            rmSync(join(this.dataDir, path), { force: true });
          }
        }
        if (paths.length < UNSENT_MEDIA_BATCH) return;
      }
    } finally {
      // Back to what configure() chose (see there).
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /**
   * Removes the uploads no message names that are older than `unsentMediaTtlMs` (rows in
   * group commits, then their files); answers how many. Run every UNSENT_MEDIA_SWEEP_MS.
   */
  async removeUnsentMedia(): Promise<number> {
    if (this.unsentMediaTtlMs === 0) return 0;
    const cutoff = this.clock() - this.unsentMediaTtlMs;
    let removed = 0;
    for (;;) {
      const paths = await this.write(() =>
        this.stmt.deleteUnsentMedia.all(cutoff, UNSENT_MEDIA_BATCH),
      );
      removed += paths.length;
      // After the commit, as in deleteConversation: a crash in between leaves files no row
      // names, which the next open removes.
      const dataDir = this.dataDir;
      if (dataDir !== null && paths.some((path) => path !== null)) {
        // Not before the deletion is durable; if it cannot be made so, the files stay (the
        // next open removes those no row names) and the next sweep tries again.
        if (!(await this.removalDurable())) return removed;
        await Promise.all(
          paths.map((path) =>
            path === null ? undefined : rm(join(dataDir, path), { force: true }),
          ),
        );
      }
      if (paths.length < UNSENT_MEDIA_BATCH) return removed;
    }
  }

  private configure(busyTimeoutMs: number): void {
    // First, so that switching to WAL and migrating wait for another process opening the
    // same file instead of failing at once.
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    if (this.dataDir !== null) {
      // WAL: readers never block the writer and a commit appends to one file. The mode is
      // stored in the file; if it cannot be set (e.g. some network file systems) we stop
      // rather than run with a journal we did not choose.
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`Cannot enable WAL on the store (got ${String(mode)})`);
    }
    // NORMAL: in WAL mode a COMMIT then only writes the WAL, and checkpoints still fsync
    // both files before the WAL is reused. What makes an acknowledged write survive a power
    // loss is group commit's own fsync of the WAL, off the event loop (unless durability
    // `unsafe-on-power-loss` was asked for); FULL would do the same fsync inside COMMIT,
    // on the event loop, freezing the server for every batch.
    this.db.pragma('synchronous = NORMAL');
    // Off by default in SQLite; the delete cascade and participant/message integrity need it.
    this.db.pragma('foreign_keys = ON');
  }

  /**
   * Runs `work` in the next group commit (an IMMEDIATE transaction, inside a savepoint of
   * its own): IMMEDIATE takes the write lock before the first read, so a read-then-write
   * cannot be invalidated by another connection (in WAL a deferred transaction that read a
   * stale snapshot fails to upgrade with SQLITE_BUSY_SNAPSHOT, and busy_timeout does not
   * help it). Resolves once the commit holding it has returned.
   */
  private write<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The store is closed'));
    return this.writes.submit(work);
  }

  /** A read: waits for an fsync in flight so it sees only durable writes. */
  private run<T>(work: () => T): Promise<T> {
    const durable = this.writes.durable();
    if (durable !== null) return durable.then(() => this.runNow(work));
    return this.runNow(work);
  }

  private runNow<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (isBusy(error)) return Promise.reject(new UpstreamError(503, BUSY_MESSAGE));
      return Promise.reject(error);
    }
  }

  private requireConversation(conversationSid: string): void {
    if (this.stmt.conversationExists.get(conversationSid) === undefined) {
      throw Errors.conversationNotFound(conversationSid);
    }
  }

  /** Inserts a conversation and one chat participant per distinct id; caller holds the tx. */
  private insertConversation(
    friendlyName: string,
    participants: readonly ParticipantInfo[],
    uniqueKey: string | null,
  ): ConversationRecord {
    const sid = mintSid('conversation');
    const now = this.clock();
    const described = normalizeParticipants(participants);
    this.stmt.insertConversation.run(
      sid,
      friendlyName,
      uniqueKey,
      JSON.stringify(described),
      now,
      now,
    );
    for (const identity of new Set(participants.map((p) => p.id))) {
      this.stmt.insertParticipant.run(mintSid('participant'), sid, identity, null, now);
    }
    return {
      sid,
      friendlyName,
      participants: described,
      dateCreated: new Date(now),
      dateUpdated: new Date(now),
      lastMessage: null,
    };
  }

  async createConversation(input: {
    friendlyName: string;
    participants: ParticipantInfo[];
  }): Promise<ConversationRecord> {
    return this.write(() => this.insertConversation(input.friendlyName, input.participants, null));
  }

  async findOrCreatePrivateConversation(input: {
    friendlyName: string;
    participants: ParticipantInfo[];
  }): Promise<{ conversation: ConversationRecord; existing: boolean }> {
    const key = privateConversationKey(input.participants.map((p) => p.id));
    // Most calls find an existing conversation: answer those without the write lock.
    const found = await this.run(() => this.stmt.conversationByKey.get(key));
    if (found !== undefined) return { conversation: toConversation(found), existing: true };
    return this.write(() => {
      // Look again under the lock: another connection, or an earlier write of the same
      // batch, may have created it meanwhile.
      const created = this.stmt.conversationByKey.get(key);
      if (created !== undefined) return { conversation: toConversation(created), existing: true };
      const conversation = this.insertConversation(input.friendlyName, input.participants, key);
      return { conversation, existing: false };
    });
  }

  async listConversations(query: {
    identity?: string;
    limit: number;
  }): Promise<ConversationRecord[]> {
    const limit = clampLimit(query.limit);
    return this.run(() => {
      const rows =
        query.identity === undefined
          ? this.stmt.listConversations.all(limit)
          : this.stmt.listConversationsOf.all(query.identity, limit);
      return rows.map(toConversation);
    });
  }

  async getConversation(conversationSid: string): Promise<ConversationRecord> {
    return this.run(() => {
      const row = this.stmt.conversationBySid.get(conversationSid);
      if (row === undefined) throw Errors.conversationNotFound(conversationSid);
      return toConversation(row);
    });
  }

  async deleteConversation(conversationSid: string): Promise<void> {
    const files = await this.write(() => {
      // Media its messages carry go with it, unless a message elsewhere names them too.
      const sids = new Set<string>();
      for (const list of this.stmt.mediaListsOf.all(conversationSid)) {
        for (const sid of exactMediaSids(parseMediaList(list))) sids.add(sid);
      }
      // One statement: participants and messages go with it through ON DELETE CASCADE.
      const { changes } = this.stmt.deleteConversation.run(conversationSid);
      if (changes === 0) throw Errors.conversationNotFound(conversationSid);
      const paths: string[] = [];
      for (const sid of sids) {
        if (this.stmt.mediaUsedElsewhere.get(conversationSid, sid) !== undefined) continue;
        const path = this.stmt.deleteMedia.get(sid);
        if (typeof path === 'string') paths.push(path);
      }
      return paths;
    });
    // After the commit: a crash before this leaves files no row names, which the next
    // start removes (removeOrphanMedia). The deletion stands even if it cannot be made
    // durable here: its files then stay until a start finds no row naming them.
    const dataDir = this.dataDir;
    if (dataDir !== null && files.length > 0 && (await this.removalDurable())) {
      await Promise.all(files.map((file) => rm(join(dataDir, file), { force: true })));
    }
  }

  /**
   * Before removing files whose rows a commit just deleted: that commit must be durable, or
   * a power loss could bring back rows whose files are gone (read as a damaged store). Under
   * durability `full` it already is; under `unsafe-on-power-loss` nothing fsynced it, so this
   * does (deletions are rare: the fsync costs nothing that matters). False if it failed.
   */
  private async removalDurable(): Promise<boolean> {
    if (this.wal === undefined || this.everyCommitDurable) return true;
    // Closed already: the files stay for a later start (its orphan sweep) to remove.
    if (this.wal.closed || this.removalSyncFailed) return false;
    try {
      await this.wal.sync();
      this.removalSyncCount++;
      return true;
    } catch (error) {
      this.removalSyncFailed = true;
      process.emitWarning(
        `The store could not fsync a deletion (${(error as Error).message}); media files of deleted rows are kept until the next start`,
      );
      return false;
    }
  }

  async listMessages(conversationSid: string, limit: number): Promise<MessageRecord[]> {
    const count = clampLimit(limit);
    return this.run(() => {
      const rows = this.stmt.lastMessages.all(conversationSid, count);
      // Only an empty answer needs the existence check; a non-empty one proves it exists.
      if (rows.length === 0) this.requireConversation(conversationSid);
      return rows.reverse().map(toMessage);
    });
  }

  private insertMessage(conversationSid: string, message: NewMessage): MessageRecord {
    const now = this.clock();
    const { changes } = this.stmt.touchConversation.run(now, conversationSid);
    if (changes === 0) throw Errors.conversationNotFound(conversationSid);
    const record: MessageRecord = {
      sid: mintSid('message'),
      conversationSid,
      author: message.author,
      body: message.body,
      media: [...message.media],
      dateCreated: new Date(now),
    };
    this.stmt.insertMessage.run(
      record.sid,
      conversationSid,
      record.author,
      record.body,
      JSON.stringify(record.media),
      now,
    );
    // Media a message mentions are no longer unsent uploads (removeUnsentMedia keeps them).
    for (const sid of mentionedMediaSids(record.media)) this.stmt.markMediaSent.run(sid);
    return record;
  }

  async sendMessage(conversationSid: string, message: NewMessage): Promise<MessageRecord> {
    return this.write(() => this.insertMessage(conversationSid, message));
  }

  async isParticipant(conversationSid: string, identity: string): Promise<boolean> {
    // No wait for the fsync in flight: the answer never leaves the server, it only gates
    // what the caller does next, and that is a read (which waits itself) or a write, which
    // commits after the row it relied on, so the WAL can never keep it and lose that row.
    return this.runNow(
      () => this.stmt.participantByIdentity.get(conversationSid, identity) !== undefined,
    );
  }

  private insertChatParticipant(conversationSid: string, identity: string): ParticipantRecord {
    const existing = this.stmt.participantByIdentity.get(conversationSid, identity);
    if (existing !== undefined) return toParticipant(existing);
    this.requireConversation(conversationSid);
    const sid = mintSid('participant');
    this.stmt.insertParticipant.run(sid, conversationSid, identity, null, this.clock());
    return toParticipant({ sid, conversation_sid: conversationSid, identity, phone_number: null });
  }

  async addChatParticipant(conversationSid: string, identity: string): Promise<ParticipantRecord> {
    return this.write(() => this.insertChatParticipant(conversationSid, identity));
  }

  private insertSmsParticipant(conversationSid: string, phoneNumber: string): ParticipantRecord {
    this.requireConversation(conversationSid);
    if (this.stmt.participantByPhone.get(conversationSid, phoneNumber) !== undefined) {
      throw new ConflictError(`${phoneNumber} is already a participant of this conversation`);
    }
    const sid = mintSid('participant');
    this.stmt.insertParticipant.run(sid, conversationSid, null, phoneNumber, this.clock());
    return toParticipant({
      sid,
      conversation_sid: conversationSid,
      identity: null,
      phone_number: phoneNumber,
    });
  }

  async addSmsParticipant(
    conversationSid: string,
    phoneNumber: string,
  ): Promise<ParticipantRecord> {
    return this.write(() => this.insertSmsParticipant(conversationSid, phoneNumber));
  }

  async storeMedia(media: NewMedia): Promise<MediaRecord> {
    const sid = mintSid('media');
    const filename = media.filename ?? null;
    const record = (size: number): MediaRecord => ({
      sid,
      contentType: media.contentType,
      size,
      ...(media.filename === undefined ? {} : { filename: media.filename }),
    });
    if (this.dataDir === null) {
      // In memory the bytes live in the row: the one place they are read whole.
      const bytes = await readFile(media.path);
      return this.write(() => {
        this.stmt.insertMedia.run(
          sid,
          media.contentType,
          bytes.length,
          filename,
          null,
          bytes,
          this.clock(),
        );
        return record(bytes.length);
      });
    }
    // Relative, so a data directory can be moved or restored elsewhere.
    const relative = join(MEDIA_DIR, sid);
    const absolute = join(this.dataDir, relative);
    // The upload's temp file becomes the media file (a rename within the data directory):
    // its bytes are neither read nor copied.
    const size = await moveFileDurably(media.path, absolute);
    try {
      return await this.write(() => {
        this.stmt.insertMedia.run(
          sid,
          media.contentType,
          size,
          filename,
          relative,
          null,
          this.clock(),
        );
        return record(size);
      });
    } catch (error) {
      // No row points at the file: drop it rather than leave an orphan.
      await rm(absolute, { force: true });
      throw error;
    }
  }

  async getMedia(mediaSid: string): Promise<MediaRecord> {
    return this.run(() => {
      const row = this.stmt.mediaBySid.get(mediaSid);
      if (row === undefined) throw Errors.mediaNotFound(mediaSid);
      return toMedia(row);
    });
  }

  async readMedia(mediaSid: string): Promise<{ media: MediaRecord; bytes: Buffer }> {
    const row = await this.run(() => this.stmt.mediaContentBySid.get(mediaSid));
    if (row === undefined) throw Errors.mediaNotFound(mediaSid);
    const media = toMedia(row);
    if (row.bytes !== null) return { media, bytes: row.bytes };
    if (row.path === null || this.dataDir === null) {
      throw new Error(`Media ${mediaSid} has no bytes in this store`);
    }
    try {
      return { media, bytes: await readFile(join(this.dataDir, row.path)) };
    } catch (error) {
      // A delete (of its conversation, or of an unsent upload) removes the file right after
      // its row: a read that raced it finds the row gone now, a 404. The row is committed
      // only after its file is durable, so a file missing under a row that is still there
      // means the data directory was tampered with: that stays a 500.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        const still = await this.run(() => this.stmt.mediaContentBySid.get(mediaSid));
        if (still === undefined) throw Errors.mediaNotFound(mediaSid);
      }
      throw error;
    }
  }

  /** Reachability here is socket presence, always on: there is nothing to switch on. */
  async enableReachability(): Promise<void> {
    if (this.closed) throw new Error('The store is closed');
  }

  async getUserReachability(
    _identity: string,
  ): Promise<{ online: boolean; notReachable: boolean } | null> {
    // The local store has no presence of its own: the server answers from socket presence.
    return null;
  }

  /** Healthy while the connection answers and no fsync has failed. */
  async ping(): Promise<void> {
    const failure = this.writes.failure;
    if (failure) throw failure;
    return this.runNow(() => {
      this.stmt.ping.get();
    });
  }

  /** Group commits so far and the writes they held (diagnostics, tests). */
  get committed(): { batches: number; writes: number } {
    return { ...this.writes.committed };
  }

  /** fsyncs of the WAL made by group commit so far (diagnostics, tests). */
  get walSyncs(): number {
    return this.writes.durableSyncs;
  }

  /** fsyncs made only so that deleted rows are durable before their files go (unsafe mode). */
  get removalSyncs(): number {
    return this.removalSyncCount;
  }

  /** Their summed time in seconds, as the writers waited for them (group-commit.ts). */
  get walSyncSeconds(): number {
    return this.writes.durableSyncSeconds;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    if (!this.db.open) return;
    // Writes already queued were promised a durable commit: make it before closing.
    await this.writes.flushAll();
    // Before the connection closes, so that the last connection to close is this one (it
    // then checkpoints everything and removes the WAL).
    await this.checkpointer?.stop();
    // After any removal's fsync a deletion committed by the flush above started (it waits).
    await this.wal?.close();
    // Closing the last connection checkpoints the WAL into the main file.
    this.db.close();
  }
}

/** Opens (creating if needed) the store in `dataDir`, or a throwaway in-memory one. */
export function openLocalProvider(options: LocalProviderOptions): LocalProvider {
  return new LocalProvider(options);
}
