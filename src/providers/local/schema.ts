// The SQLite schema of the local store and its forward-only migrations. The file's
// `user_version` records how many migrations have been applied; opening a file runs the
// missing ones in one IMMEDIATE transaction, so two processes opening a fresh file at the
// same moment cannot both create the tables.

import type { Database } from 'better-sqlite3';
import { mentionedMediaSids, parseMediaList } from './media-refs.ts';

// Dates are integer milliseconds since the epoch (UTC): exact, cheap to compare and index,
// and round-trip through `Date` without string parsing. STRICT makes a type slip (say a
// string in date_updated) fail loudly instead of silently sorting wrong.
const V1 = `
CREATE TABLE conversations (
  sid           TEXT    NOT NULL PRIMARY KEY,
  friendly_name TEXT    NOT NULL,
  -- Only private (newconversation) conversations carry a key: sha256 of their id set.
  unique_key    TEXT,
  -- The participants as the client described them (names, images), JSON.
  participants  TEXT    NOT NULL,
  date_created  INTEGER NOT NULL,
  date_updated  INTEGER NOT NULL
) STRICT;
-- Partial: group conversations (NULL key) cost nothing in it. A lookup on unique_key = ?
-- implies NOT NULL, so SQLite still uses it for newconversation.
CREATE UNIQUE INDEX conversations_unique_key ON conversations (unique_key)
  WHERE unique_key IS NOT NULL;
-- Lets the unfiltered list walk the index in order and stop at LIMIT instead of sorting.
CREATE INDEX conversations_recent ON conversations (date_updated DESC, sid DESC);

CREATE TABLE participants (
  sid              TEXT    NOT NULL PRIMARY KEY,
  conversation_sid TEXT    NOT NULL REFERENCES conversations (sid) ON DELETE CASCADE,
  identity         TEXT,
  phone_number     TEXT,
  date_created     INTEGER NOT NULL,
  CHECK ((identity IS NULL) <> (phone_number IS NULL)),
  UNIQUE (conversation_sid, identity),
  UNIQUE (conversation_sid, phone_number)
) STRICT;
-- A user's conversations; also covering, so the join needs no participant row reads.
CREATE INDEX participants_identity ON participants (identity, conversation_sid)
  WHERE identity IS NOT NULL;

-- seq (the rowid) gives a total order independent of the clock: two messages in the same
-- millisecond still come back in send order. A new rowid is always above every existing
-- one, so seq grows within each conversation even after other conversations are deleted.
-- The SID stays the public key (UNIQUE); seq keeps joins and range scans on integers.
CREATE TABLE messages (
  seq              INTEGER PRIMARY KEY,
  sid              TEXT    NOT NULL UNIQUE,
  conversation_sid TEXT    NOT NULL REFERENCES conversations (sid) ON DELETE CASCADE,
  author           TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  media            TEXT    NOT NULL DEFAULT '[]',
  date_created     INTEGER NOT NULL
) STRICT;
-- History (last N by seq), last_message (one seek per conversation) and the delete cascade.
CREATE INDEX messages_by_conversation ON messages (conversation_sid, seq);

-- Bytes live in a file under <dataDir>/media (path, relative to dataDir) or, for an
-- in-memory store, in the row itself (bytes). Exactly one of the two is set.
CREATE TABLE media (
  sid          TEXT    NOT NULL PRIMARY KEY,
  content_type TEXT    NOT NULL,
  size         INTEGER NOT NULL,
  filename     TEXT,
  path         TEXT,
  bytes        BLOB,
  date_created INTEGER NOT NULL,
  CHECK ((path IS NULL) <> (bytes IS NULL))
) STRICT;

CREATE TABLE settings (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

/** V1 kept a settings table nothing read (reachability is socket presence here). */
const V2 = 'DROP TABLE settings;';

/**
 * Whether a stored message mentions the media: an upload no message mentions is removed
 * once old enough (LocalProviderOptions.unsentMediaTtlMs), found through the partial index.
 * Media of an older file count as sent when any message mentions their SID, by the same
 * rule the store applies to each new message (media-refs.ts), in one pass over the
 * messages that carry media (not media x messages).
 */
function v3(db: Database): void {
  db.exec(`
    ALTER TABLE media ADD COLUMN sent INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1));
    CREATE INDEX media_unsent ON media (date_created) WHERE sent = 0;
  `);
  const markSent = db.prepare<[string]>('UPDATE media SET sent = 1 WHERE sid = ?');
  const lists = db.prepare<[], string>("SELECT media FROM messages WHERE media != '[]'").pluck();
  // Collected first: better-sqlite3 allows no write while a statement is being iterated.
  const mentioned = new Set<string>();
  for (const list of lists.iterate()) {
    for (const sid of mentionedMediaSids(parseMediaList(list))) mentioned.add(sid);
  }
  for (const sid of mentioned) markSent.run(sid);
}

/** A step from one schema version to the next: SQL, or code for what SQL cannot say. */
type Migration = string | ((db: Database) => void);

/** Append only: entry i brings a file from user_version i to i + 1. */
export const MIGRATIONS: readonly Migration[] = [V1, V2, v3];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database): void {
  const apply = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true });
    if (typeof current !== 'number') throw new Error('Cannot read the store schema version');
    if (current > SCHEMA_VERSION) {
      // Opening a newer file with older code would misread it; refuse rather than guess.
      throw new Error(
        `The store has schema version ${current}; this build knows up to ${SCHEMA_VERSION}`,
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version];
      if (typeof step === 'function') step(db);
      else if (step !== undefined) db.exec(step);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}
