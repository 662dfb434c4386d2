// The local provider against real SQLite: on a temp directory (file mode, WAL) and in
// memory. Durability is tested with real processes: one killed with SIGKILL after a send
// resolves, several racing to create the same private conversation on one file.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mediaFile } from '../../../test/providers/media-file.ts';
import {
  describeProviderBehaviour,
  type ManualClock,
} from '../../../test/providers/provider-behaviour.ts';
import { tempDirsRemovedAfterEach } from '../../../test/temp-dirs.ts';
import { ConflictError, UpstreamError } from '../../errors.ts';
import type { ParticipantInfo } from '../provider.ts';
import {
  DATABASE_FILE,
  type LocalProvider,
  type LocalProviderOptions,
  openLocalProvider,
  privateConversationKey,
  SELECT_CONVERSATION_BY_KEY,
  UNSENT_MEDIA_SWEEP_MS,
} from './local-provider.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
import { isSid, mintSid, type SidKind } from './sids.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, '..', '..', '..');
const CHILD = join(REPO_ROOT, 'test', 'providers', 'local-provider.child.ts');

const alice: ParticipantInfo = { id: 'alice', name: 'Alice', image: 'https://example.com/a.png' };
const bob: ParticipantInfo = { id: 'bob', name: 'Bob' };
const carol: ParticipantInfo = { id: 'carol', name: 'Carol' };

/** A clock the test moves by hand, so orderings never depend on timing. */
function manualClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    set: (ms: number) => {
      now = ms;
    },
    advance: (ms = 1) => {
      now += ms;
    },
  };
}

const tempDir = tempDirsRemovedAfterEach('chat-local-');

function runChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the child's stdout lines one at a time, failing if it exits first. */
function lineReader(child: ChildProcess): () => Promise<string> {
  const stdout = child.stdout;
  if (stdout === null) throw new Error('child has no stdout');
  const queue: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let exited = false;
  createInterface({ input: stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (next === undefined) queue.push(line);
    else next.resolve(line);
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const next of waiting.splice(0)) {
      next.reject(new Error(`child exited (${code ?? signal}) before printing`));
    }
  });
  return () => {
    const line = queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (exited) return Promise.reject(new Error('child already exited'));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('sids', () => {
  it.each<[SidKind, string]>([
    ['conversation', 'CH'],
    ['message', 'IM'],
    ['participant', 'MB'],
    ['media', 'ME'],
  ])('mints %s SIDs as %s + 32 lowercase hex digits', (kind, prefix) => {
    // More than two blocks of pooled random bytes: no SID repeats across a refill.
    const sids = Array.from({ length: 600 }, () => mintSid(kind));
    for (const sid of sids) {
      expect(sid).toMatch(new RegExp(`^${prefix}[0-9a-f]{32}$`));
      expect(isSid(kind, sid)).toBe(true);
    }
    expect(new Set(sids).size).toBe(sids.length);
  });
});

describe('privateConversationKey', () => {
  it('ignores order and duplicates but not membership', () => {
    const key = privateConversationKey(['bob', 'alice']);
    expect(privateConversationKey(['alice', 'bob', 'alice'])).toBe(key);
    expect(privateConversationKey(['alice', 'bob', 'carol'])).not.toBe(key);
    expect(privateConversationKey(['alice'])).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});

const modes: [string, () => LocalProviderOptions][] = [
  ['file', () => ({ dataDir: tempDir() })],
  ['memory', () => ({ memory: true })],
];

// The behaviour every provider shares (provider-behaviour.ts), on a file and in memory.
for (const [mode, baseOptions] of modes) {
  describeProviderBehaviour(`local (${mode})`, async (clock: ManualClock) => {
    const provider = openLocalProvider({ ...baseOptions(), clock: clock.now });
    return {
      provider,
      smsNumberInSeveralConversations: true,
      unknownUserReachability: null,
      close: () => provider.close(),
    };
  });
}

describe.each(modes)('LocalProvider specifics (%s)', (_mode, baseOptions) => {
  let provider: LocalProvider;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(() => {
    clock = manualClock();
    provider = openLocalProvider({ ...baseOptions(), clock: clock.now });
    return () => provider.close();
  });

  it('writes nothing when creation fails half way', async () => {
    // An id the database rejects (NULL identity) fails the second participant insert.
    const broken = { id: null, name: 'nobody' } as unknown as ParticipantInfo;
    await expect(
      provider.createConversation({ friendlyName: 'x', participants: [alice, broken] }),
    ).rejects.toThrow();
    expect(await provider.listConversations({ limit: 10 })).toEqual([]);
  });

  it('keeps send order for messages in the same millisecond', async () => {
    const { sid } = await provider.createConversation({ friendlyName: 's', participants: [alice] });
    const one = await provider.sendMessage(sid, { author: 'alice', body: 'one', media: [] });
    const two = await provider.sendMessage(sid, { author: 'alice', body: 'two', media: [] });
    expect(one.dateCreated).toEqual(two.dateCreated);
    expect((await provider.listMessages(sid, 10)).map((m) => m.body)).toEqual(['one', 'two']);
    expect((await provider.getConversation(sid)).lastMessage?.body).toBe('two');
  });

  it('keeps millisecond precision and never moves date_updated backwards', async () => {
    clock.set(Date.UTC(2025, 5, 1, 12, 0, 0, 123));
    const { sid } = await provider.createConversation({ friendlyName: 'p', participants: [alice] });
    clock.set(Date.UTC(2025, 5, 1, 12, 0, 1, 456));
    const sent = await provider.sendMessage(sid, { author: 'alice', body: 'a', media: [] });
    expect(sent.dateCreated.toISOString()).toBe('2025-06-01T12:00:01.456Z');
    clock.set(Date.UTC(2025, 5, 1, 11, 0, 0, 0)); // the wall clock steps back
    await provider.sendMessage(sid, { author: 'alice', body: 'b', media: [] });
    const conversation = await provider.getConversation(sid);
    expect(conversation.dateCreated.toISOString()).toBe('2025-06-01T12:00:00.123Z');
    expect(conversation.dateUpdated.toISOString()).toBe('2025-06-01T12:00:01.456Z');
  });

  it('enables reachability, defers presence to sockets, and answers ping', async () => {
    await provider.enableReachability();
    await provider.enableReachability();
    expect(await provider.getUserReachability('alice')).toBeNull();
    await expect(provider.ping()).resolves.toBeUndefined();
    expect(provider.kind).toBe('local');
  });
});

describe('LocalProvider on disk', () => {
  it('keeps everything across close and reopen', async () => {
    const dataDir = tempDir();
    const first = openLocalProvider({ dataDir });
    const { sid } = await first.createConversation({
      friendlyName: 'p',
      participants: [alice, bob],
    });
    const message = await first.sendMessage(sid, { author: 'bob', body: 'persist me', media: [] });
    const media = await first.storeMedia({
      contentType: 'text/plain',
      path: mediaFile('hello'),
    });
    const direct = await first.findOrCreatePrivateConversation({
      friendlyName: 'd',
      participants: [alice, carol],
    });
    await first.addSmsParticipant(sid, '+15550001111');
    await first.close();

    const reopened = openLocalProvider({ dataDir });
    try {
      expect(await reopened.listMessages(sid, 100)).toEqual([message]);
      expect((await reopened.getConversation(sid)).participants).toEqual([alice, bob]);
      expect((await reopened.readMedia(media.sid)).bytes.toString()).toBe('hello');
      const again = await reopened.findOrCreatePrivateConversation({
        friendlyName: 'd',
        participants: [carol, alice],
      });
      expect(again).toMatchObject({
        existing: true,
        conversation: { sid: direct.conversation.sid },
      });
      await expect(reopened.addSmsParticipant(sid, '+15550001111')).rejects.toBeInstanceOf(
        ConflictError,
      );
    } finally {
      await reopened.close();
    }
  });

  it('commits concurrent writes together; one failing write fails only its caller', async () => {
    const dataDir = tempDir();
    const provider = openLocalProvider({ dataDir });
    try {
      const { sid } = await provider.createConversation({
        friendlyName: 'g',
        participants: [alice],
      });
      const before = provider.committed;
      // Issued in the same turn: one group commit holds them all.
      const [first, missing, sms, duplicateSms, last] = await Promise.allSettled([
        provider.sendMessage(sid, { author: 'alice', body: 'one', media: [] }),
        provider.sendMessage('CH00000000000000000000000000000000', {
          author: 'alice',
          body: 'nowhere',
          media: [],
        }),
        provider.addSmsParticipant(sid, '+15550002222'),
        provider.addSmsParticipant(sid, '+15550002222'),
        provider.sendMessage(sid, { author: 'alice', body: 'two', media: [] }),
      ]);
      expect(first.status).toBe('fulfilled');
      expect(missing).toMatchObject({ status: 'rejected', reason: { status: 404 } });
      expect(sms.status).toBe('fulfilled');
      expect(duplicateSms).toMatchObject({ status: 'rejected', reason: { status: 409 } });
      expect(last.status).toBe('fulfilled');
      expect(provider.committed).toEqual({
        batches: before.batches + 1,
        writes: before.writes + 5,
      });
      const bodies = (await provider.listMessages(sid, 10)).map((m) => m.body);
      expect(bodies).toEqual(['one', 'two']);
    } finally {
      await provider.close();
    }
  });

  it('commits writes still queued when it closes', async () => {
    const dataDir = tempDir();
    const first = openLocalProvider({ dataDir });
    const { sid } = await first.createConversation({ friendlyName: 'q', participants: [alice] });
    const queued = first.sendMessage(sid, { author: 'alice', body: 'queued', media: [] });
    await first.close();
    const message = await queued;
    await expect(
      first.sendMessage(sid, { author: 'alice', body: 'too late', media: [] }),
    ).rejects.toThrow(/closed/);
    const reopened = openLocalProvider({ dataDir });
    try {
      expect(await reopened.listMessages(sid, 10)).toEqual([message]);
    } finally {
      await reopened.close();
    }
  });

  it('creates the file in WAL mode at the current schema version', async () => {
    const dataDir = tempDir();
    await openLocalProvider({ dataDir }).close();
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('fsyncs the WAL of every batch before answering, unless unsafe-on-power-loss is asked for', async () => {
    const full = openLocalProvider({ dataDir: tempDir() });
    const normal = openLocalProvider({ dataDir: tempDir(), durability: 'unsafe-on-power-loss' });
    try {
      for (const provider of [full, normal]) {
        const { sid } = await provider.createConversation({
          friendlyName: 'd',
          participants: [alice],
        });
        await Promise.all([
          provider.sendMessage(sid, { author: 'alice', body: 'one', media: [] }),
          provider.sendMessage(sid, { author: 'alice', body: 'two', media: [] }),
        ]);
      }
      // One fsync per batch: the conversation's, then the two messages' together.
      expect(full.walSyncs).toBe(full.committed.batches);
      expect(full.committed).toMatchObject({ batches: 2, writes: 3 });
      expect(normal.walSyncs).toBe(0);
    } finally {
      await full.close();
      await normal.close();
    }
  });

  it('refuses a file written by a newer schema', () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openLocalProvider({ dataDir })).toThrow(/schema version/);
  });

  it('removes messages and participants rows with their conversation', async () => {
    const dataDir = tempDir();
    const provider = openLocalProvider({ dataDir });
    const { sid } = await provider.createConversation({ friendlyName: 'x', participants: [alice] });
    await provider.sendMessage(sid, { author: 'alice', body: 'a', media: [] });
    await provider.addSmsParticipant(sid, '+15550001111');
    await provider.deleteConversation(sid);
    await provider.close();

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const count = (table: string) =>
        db.prepare(`SELECT count(*) FROM ${table} WHERE conversation_sid = ?`).pluck().get(sid);
      expect(count('messages')).toBe(0);
      expect(count('participants')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('moves the media file to <dataDir>/media/<sid> (a rename, not a copy), 0600', async () => {
    const dataDir = tempDir();
    const provider = openLocalProvider({ dataDir });
    const source = join(dataDir, 'upload.tmp-source');
    writeFileSync(source, 'mp3', { mode: 0o644 });
    const inode = statSync(source).ino;
    const stored = await provider.storeMedia({ contentType: 'audio/mpeg', path: source });
    await provider.close();
    expect(stored.size).toBe(3);
    expect(readdirSync(join(dataDir, 'media'))).toEqual([stored.sid]);
    const moved = statSync(join(dataDir, 'media', stored.sid));
    expect(moved.ino).toBe(inode);
    expect(moved.mode & 0o777).toBe(0o600);
    expect(existsSync(source)).toBe(false);
  });

  it('looks newconversation keys up through the unique index, without a scan', async () => {
    const dataDir = tempDir();
    const provider = openLocalProvider({ dataDir });
    await provider.close();
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const plan = db
        .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${SELECT_CONVERSATION_BY_KEY}`)
        .all('k')
        .map((row) => row.detail);
      expect(plan.some((step) => /conversations_unique_key \(unique_key=\?\)/.test(step))).toBe(
        true,
      );
      expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('answers 503 when another connection holds the write lock too long', async () => {
    const dataDir = tempDir();
    const provider = openLocalProvider({ dataDir, busyTimeoutMs: 50 });
    const { sid } = await provider.createConversation({ friendlyName: 'x', participants: [alice] });
    const blocker = new Database(join(dataDir, DATABASE_FILE));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const sending = provider.sendMessage(sid, { author: 'alice', body: 'blocked', media: [] });
      await expect(sending).rejects.toBeInstanceOf(UpstreamError);
      await expect(sending).rejects.toMatchObject({ status: 503 });
      // Reads are not blocked by a writer in WAL mode.
      expect(await provider.listMessages(sid, 10)).toEqual([]);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await expect(
      provider.sendMessage(sid, { author: 'alice', body: 'now', media: [] }),
    ).resolves.toMatchObject({ body: 'now' });
    await provider.close();
  });

  it('shares one file between two providers: one private conversation, writes visible', async () => {
    const dataDir = tempDir();
    const one = openLocalProvider({ dataDir });
    const two = openLocalProvider({ dataDir });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : two).findOrCreatePrivateConversation({
            friendlyName: 'shared',
            participants: [alice, bob],
          }),
        ),
      );
      expect(new Set(results.map((result) => result.conversation.sid)).size).toBe(1);
      expect(results.filter((result) => !result.existing)).toHaveLength(1);
      const sid = results[0]?.conversation.sid ?? '';
      const sent = await one.sendMessage(sid, { author: 'alice', body: 'from one', media: [] });
      expect(await two.listMessages(sid, 10)).toEqual([sent]);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('creates one private conversation when several processes race for it', async () => {
    const dataDir = tempDir();
    await openLocalProvider({ dataDir }).close(); // create the schema up front
    const rounds = 10;
    const children = Array.from({ length: 4 }, () =>
      runChild(['race', dataDir, String(rounds), 'bob', 'alice']),
    );
    try {
      const readers = children.map(lineReader);
      expect(await Promise.all(readers.map((next) => next()))).toEqual(children.map(() => 'ready'));
      for (const child of children) child.stdin?.write('go\n');
      const outputs = await Promise.all(readers.map((next) => next()));
      const results = outputs.flatMap(
        (line) => JSON.parse(line) as { sid: string; existing: boolean }[],
      );
      expect(results).toHaveLength(children.length * rounds);
      expect(new Set(results.map((result) => result.sid)).size).toBe(1);
      expect(results.filter((result) => !result.existing)).toHaveLength(1);
    } finally {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children.map(exited));
    }
  });

  it('keeps a message acknowledged just before the process is killed', async () => {
    const dataDir = tempDir();
    const setup = openLocalProvider({ dataDir });
    const { sid } = await setup.createConversation({ friendlyName: 'c', participants: [alice] });
    await setup.close();

    const child = runChild(['send', dataDir, sid]);
    let messageSid: string;
    try {
      messageSid = await lineReader(child)();
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    expect(child.signalCode).toBe('SIGKILL');
    expect(isSid('message', messageSid)).toBe(true);
    // Killed, not closed: the WAL was never folded back and removed (the message is in it,
    // and in the database file too if the background checkpointer got to it first).
    expect(existsSync(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(true);

    const reopened = openLocalProvider({ dataDir });
    try {
      const history = await reopened.listMessages(sid, 100);
      expect(history.map((message) => message.sid)).toEqual([messageSid]);
      expect(history[0]?.body).toBe('acknowledged before the crash');
    } finally {
      await reopened.close();
    }
  });
});

describe('deleting media files', () => {
  const TTL = 3_600_000;
  const png = (text: string) => ({ contentType: 'image/png', path: mediaFile(text) });

  /** A conversation of alice's whose one message names an upload; that upload's file. */
  async function conversationWithMedia(provider: LocalProvider, dataDir: string) {
    const { sid } = await provider.createConversation({
      friendlyName: 'm',
      participants: [alice],
    });
    const sent = await provider.storeMedia(png('sent'));
    await provider.sendMessage(sid, { author: 'alice', body: 'see', media: [sent.sid] });
    return { sid, file: join(dataDir, 'media', sent.sid) };
  }

  // A file goes only after the commit that deleted its row is durable: otherwise a power
  // loss could bring the row back without its file. Under `full` every commit already is;
  // under `unsafe-on-power-loss` nothing fsynced it, so the removal fsyncs the WAL first.
  it.each([
    ['unsafe-on-power-loss', 1],
    ['full', 0],
  ] as const)(
    'with durability %s makes the deletion durable first (%i fsync of its own per deletion)',
    async (durability, own) => {
      const clock = manualClock();
      const dataDir = tempDir();
      const provider = openLocalProvider({
        dataDir,
        durability,
        clock: clock.now,
        unsentMediaTtlMs: TTL,
      });
      try {
        const { sid, file } = await conversationWithMedia(provider, dataDir);
        const unsent = await provider.storeMedia(png('unsent'));
        expect(existsSync(file)).toBe(true);
        const synced = provider.walSyncs;
        await provider.deleteConversation(sid);
        expect(existsSync(file)).toBe(false);
        expect(provider.removalSyncs).toBe(own);
        clock.advance(TTL + 1);
        expect(await provider.removeUnsentMedia()).toBe(1);
        expect(existsSync(join(dataDir, 'media', unsent.sid))).toBe(false);
        expect(provider.removalSyncs).toBe(2 * own);
        // Under `full`, group commit fsynced each deleting commit itself.
        expect(provider.walSyncs - synced).toBe(durability === 'full' ? 2 : 0);
      } finally {
        await provider.close();
      }
    },
  );

  it('a deletion racing close() is made durable before its files go, with the WAL still open', async () => {
    const dataDir = tempDir();
    // Inline checkpoints: close() then has no worker to stop, nothing that would let the
    // removal's fsync end before the descriptors close by chance.
    const provider = openLocalProvider({
      dataDir,
      durability: 'unsafe-on-power-loss',
      checkpoints: 'inline',
    });
    const warnings = vi.spyOn(process, 'emitWarning');
    try {
      const { sid, file } = await conversationWithMedia(provider, dataDir);
      // Not awaited: close() flushes the deletion, whose fsync then runs while it closes.
      const deleting = provider.deleteConversation(sid);
      await provider.close();
      // Closed only once that fsync had ended (its descriptor was still open).
      expect(provider.removalSyncs).toBe(1);
      await deleting;
      expect(warnings).not.toHaveBeenCalled();
      expect(existsSync(file)).toBe(false);
    } finally {
      warnings.mockRestore();
      await provider.close();
    }
  });
});

describe.each(modes)('unsent uploads (%s)', (_mode, baseOptions) => {
  const HOUR = 3_600_000;
  const TTL = 24 * HOUR;
  const png = (text: string) => ({ contentType: 'image/png', path: mediaFile(text) });

  it('an upload no message names goes once older than the TTL; sent and younger ones stay', async () => {
    const clock = manualClock();
    const provider = openLocalProvider({
      ...baseOptions(),
      clock: clock.now,
      unsentMediaTtlMs: TTL,
    });
    try {
      const { sid } = await provider.createConversation({
        friendlyName: 'u',
        participants: [alice],
      });
      const unsent = await provider.storeMedia(png('unsent'));
      const byUrl = await provider.storeMedia(png('by url'));
      const bySid = await provider.storeMedia(png('by sid'));
      const withQuery = await provider.storeMedia(png('with a query'));
      // Named in a message by another host's URL, by bare SID, and in a URL with a query
      // string: all count as sent.
      await provider.sendMessage(sid, {
        author: 'alice',
        body: 'look',
        media: [
          `https://elsewhere.example/api/media/${byUrl.sid}`,
          bySid.sid,
          `https://chat.example.com/api/media/${withQuery.sid}?download=1`,
        ],
      });
      clock.advance(TTL - HOUR);
      const younger = await provider.storeMedia(png('younger'));
      clock.advance(HOUR);
      // Exactly TTL old: not yet.
      expect(await provider.removeUnsentMedia()).toBe(0);
      clock.advance(1);
      expect(await provider.removeUnsentMedia()).toBe(1);
      await expect(provider.getMedia(unsent.sid)).rejects.toMatchObject({ status: 404 });
      await expect(provider.readMedia(unsent.sid)).rejects.toMatchObject({ status: 404 });
      for (const kept of [byUrl, bySid, withQuery, younger]) {
        expect(await provider.getMedia(kept.sid)).toEqual(kept);
      }
    } finally {
      await provider.close();
    }
  });

  it('without a TTL nothing is removed', async () => {
    const clock = manualClock();
    const provider = openLocalProvider({ ...baseOptions(), clock: clock.now });
    try {
      const kept = await provider.storeMedia(png('kept'));
      clock.advance(365 * 24 * HOUR);
      expect(await provider.removeUnsentMedia()).toBe(0);
      expect(await provider.getMedia(kept.sid)).toEqual(kept);
    } finally {
      await provider.close();
    }
  });

  it('runs every UNSENT_MEDIA_SWEEP_MS until closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = manualClock();
    const provider = openLocalProvider({
      ...baseOptions(),
      clock: clock.now,
      unsentMediaTtlMs: TTL,
    });
    try {
      const sweep = vi.spyOn(provider, 'removeUnsentMedia');
      const old = await provider.storeMedia(png('old'));
      clock.advance(TTL + 1);
      vi.advanceTimersByTime(UNSENT_MEDIA_SWEEP_MS - 1);
      expect(sweep).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(sweep).toHaveBeenCalledTimes(1);
      expect(await sweep.mock.results[0]?.value).toBe(1);
      await expect(provider.getMedia(old.sid)).rejects.toMatchObject({ status: 404 });
      await provider.close();
      vi.advanceTimersByTime(10 * UNSENT_MEDIA_SWEEP_MS);
      expect(sweep).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
      await provider.close();
    }
  });
});

describe('unsent uploads on disk', () => {
  const HOUR = 3_600_000;
  const TTL = 24 * HOUR;
  const png = (text: string) => ({ contentType: 'image/png', path: mediaFile(text) });

  it('a download that races the removal of its media is a 404; a file gone under its row a 500', async () => {
    const dataDir = tempDir();
    const provider = openLocalProvider({ dataDir });
    try {
      const raced = await provider.storeMedia(png('raced'));
      const tampered = await provider.storeMedia(png('tampered'));
      const other = new Database(join(dataDir, DATABASE_FILE));
      try {
        // The row is read at once; the file and the row go before the file is read.
        const read = provider.readMedia(raced.sid);
        rmSync(join(dataDir, 'media', raced.sid));
        other.prepare('DELETE FROM media WHERE sid = ?').run(raced.sid);
        await expect(read).rejects.toMatchObject({ status: 404 });
        rmSync(join(dataDir, 'media', tampered.sid));
        await expect(provider.readMedia(tampered.sid)).rejects.toMatchObject({ code: 'ENOENT' });
      } finally {
        other.close();
      }
    } finally {
      await provider.close();
    }
  });

  it('are removed at start-up with their files; media a message names stay', async () => {
    const dataDir = tempDir();
    const clock = manualClock();
    const first = openLocalProvider({ dataDir, clock: clock.now, unsentMediaTtlMs: TTL });
    const { sid } = await first.createConversation({ friendlyName: 'u', participants: [alice] });
    const unsent = await first.storeMedia(png('unsent'));
    const sent = await first.storeMedia(png('sent'));
    await first.sendMessage(sid, { author: 'alice', body: '', media: [`/api/media/${sent.sid}`] });
    await first.close();
    const media = join(dataDir, 'media');
    expect(readdirSync(media).sort()).toEqual([unsent.sid, sent.sid].sort());

    clock.advance(TTL + 1);
    const second = openLocalProvider({ dataDir, clock: clock.now, unsentMediaTtlMs: TTL });
    try {
      expect(readdirSync(media)).toEqual([sent.sid]);
      await expect(second.getMedia(unsent.sid)).rejects.toMatchObject({ status: 404 });
      expect((await second.readMedia(sent.sid)).bytes.toString()).toBe('sent');
    } finally {
      await second.close();
    }
  });

  it('a store from before media kept track of being sent counts what its messages name as sent', async () => {
    const dataDir = tempDir();
    const clock = manualClock();
    const file = join(dataDir, DATABASE_FILE);
    const db = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 2)) {
      if (typeof migration !== 'string') throw new Error('V1 and V2 are SQL');
      db.exec(migration);
    }
    db.pragma('user_version = 2');
    const named = `ME${'1'.repeat(32)}`;
    const unnamed = `ME${'2'.repeat(32)}`;
    const inQuery = `ME${'5'.repeat(32)}`;
    const insertMedia = db.prepare(
      `INSERT INTO media (sid, content_type, size, filename, path, bytes, date_created)
       VALUES (?, 'image/png', 1, NULL, NULL, x'00', ?)`,
    );
    insertMedia.run(named, clock.now());
    insertMedia.run(unnamed, clock.now());
    insertMedia.run(inQuery, clock.now());
    db.prepare(
      `INSERT INTO conversations (sid, friendly_name, unique_key, participants, date_created, date_updated)
       VALUES (?, 'old', NULL, '[]', ?, ?)`,
    ).run(`CH${'3'.repeat(32)}`, clock.now(), clock.now());
    db.prepare(
      `INSERT INTO messages (sid, conversation_sid, author, body, media, date_created)
       VALUES (?, ?, 'alice', '', ?, ?)`,
    ).run(
      `IM${'4'.repeat(32)}`,
      `CH${'3'.repeat(32)}`,
      JSON.stringify([
        `https://chat.example.com/api/media/${named}`,
        `https://chat.example.com/api/media/${inQuery}#preview`,
      ]),
      clock.now(),
    );
    db.close();

    clock.advance(TTL + 1);
    const provider = openLocalProvider({ dataDir, clock: clock.now, unsentMediaTtlMs: TTL });
    try {
      expect((await provider.getMedia(named)).sid).toBe(named);
      expect((await provider.getMedia(inQuery)).sid).toBe(inQuery);
      await expect(provider.getMedia(unnamed)).rejects.toMatchObject({ status: 404 });
    } finally {
      await provider.close();
    }
  });
});
