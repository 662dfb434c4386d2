// Every SQL statement of the local provider, prepared once per connection. Reads that
// return conversations carry their last message in the same query, so listing costs one
// query whatever the page size.

import type { Database, Statement } from 'better-sqlite3';
import type {
  ConversationRow,
  MediaContentRow,
  MediaRow,
  MessageRow,
  ParticipantRow,
} from './rows.ts';

// A conversation with its last message, for a "page" CTE that yields conversation rows.
// The page is limited before the join so the last-message seek (one step down the
// (conversation_sid, seq) index) runs only for rows that are returned: one query, no N+1.
function withLastMessage(page: string): string {
  return `
    WITH page AS (${page})
    SELECT page.sid, page.friendly_name, page.participants, page.date_created, page.date_updated,
           m.sid AS m_sid, m.author AS m_author, m.body AS m_body, m.media AS m_media,
           m.date_created AS m_date_created
    FROM page
    LEFT JOIN messages AS m ON m.seq = (
      SELECT seq FROM messages WHERE conversation_sid = page.sid ORDER BY seq DESC LIMIT 1
    )
    ORDER BY page.date_updated DESC, page.sid DESC`;
}

const CONVERSATION_COLUMNS =
  'c.sid, c.friendly_name, c.participants, c.date_created, c.date_updated';

/** The statement newconversation looks its key up with; exported so tests can EXPLAIN it. */
export const SELECT_CONVERSATION_BY_KEY = withLastMessage(
  `SELECT ${CONVERSATION_COLUMNS} FROM conversations AS c WHERE c.unique_key = ?`,
);

export function prepareStatements(db: Database) {
  return {
    conversationBySid: db.prepare<[string], ConversationRow>(
      withLastMessage(`SELECT ${CONVERSATION_COLUMNS} FROM conversations AS c WHERE c.sid = ?`),
    ),
    conversationByKey: db.prepare<[string], ConversationRow>(SELECT_CONVERSATION_BY_KEY),
    conversationExists: db
      .prepare<[string], 1>('SELECT 1 FROM conversations WHERE sid = ?')
      .pluck(),
    listConversations: db.prepare<[number], ConversationRow>(
      withLastMessage(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations AS c
         ORDER BY c.date_updated DESC, c.sid DESC LIMIT ?`,
      ),
    ),
    listConversationsOf: db.prepare<[string, number], ConversationRow>(
      withLastMessage(
        `SELECT ${CONVERSATION_COLUMNS}
         FROM participants AS p JOIN conversations AS c ON c.sid = p.conversation_sid
         WHERE p.identity = ?
         ORDER BY c.date_updated DESC, c.sid DESC LIMIT ?`,
      ),
    ),
    insertConversation: db.prepare<[string, string, string | null, string, number, number]>(
      `INSERT INTO conversations
         (sid, friendly_name, unique_key, participants, date_created, date_updated)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    // MAX keeps date_updated from moving backwards if the wall clock steps back.
    touchConversation: db.prepare<[number, string]>(
      'UPDATE conversations SET date_updated = MAX(date_updated, ?) WHERE sid = ?',
    ),
    deleteConversation: db.prepare<[string]>('DELETE FROM conversations WHERE sid = ?'),
    insertMessage: db.prepare<[string, string, string, string, string, number]>(
      `INSERT INTO messages (sid, conversation_sid, author, body, media, date_created)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    lastMessages: db.prepare<[string, number], MessageRow>(
      `SELECT sid, conversation_sid, author, body, media, date_created FROM messages
       WHERE conversation_sid = ? ORDER BY seq DESC LIMIT ?`,
    ),
    insertParticipant: db.prepare<[string, string, string | null, string | null, number]>(
      `INSERT INTO participants (sid, conversation_sid, identity, phone_number, date_created)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    participantByIdentity: db.prepare<[string, string], ParticipantRow>(
      `SELECT sid, conversation_sid, identity, phone_number FROM participants
       WHERE conversation_sid = ? AND identity = ?`,
    ),
    participantByPhone: db.prepare<[string, string], ParticipantRow>(
      `SELECT sid, conversation_sid, identity, phone_number FROM participants
       WHERE conversation_sid = ? AND phone_number = ?`,
    ),
    insertMedia: db.prepare<
      [string, string, number, string | null, string | null, Buffer | null, number]
    >(
      `INSERT INTO media (sid, content_type, size, filename, path, bytes, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    mediaBySid: db.prepare<[string], MediaRow>(
      'SELECT sid, content_type, size, filename FROM media WHERE sid = ?',
    ),
    mediaContentBySid: db.prepare<[string], MediaContentRow>(
      'SELECT sid, content_type, size, filename, path, bytes FROM media WHERE sid = ?',
    ),
    // Media deleted with a conversation: the lists of its messages, whether another
    // conversation's message names a SID too (instr on the JSON text: deletes are rare),
    // and the row itself.
    mediaListsOf: db
      .prepare<[string], string>(
        `SELECT media FROM messages WHERE conversation_sid = ? AND media != '[]'`,
      )
      .pluck(),
    mediaUsedElsewhere: db
      .prepare<[string, string], 1>(
        `SELECT 1 FROM messages
         WHERE conversation_sid != ? AND media != '[]' AND instr(media, ?) > 0 LIMIT 1`,
      )
      .pluck(),
    deleteMedia: db
      .prepare<[string], string | null>('DELETE FROM media WHERE sid = ? RETURNING path')
      .pluck(),
    markMediaSent: db.prepare<[string]>('UPDATE media SET sent = 1 WHERE sid = ? AND sent = 0'),
    // Oldest first, a bounded batch per transaction, so a long backlog never holds the
    // write lock for long; answers the files to remove.
    deleteUnsentMedia: db
      .prepare<[number, number], string | null>(
        `DELETE FROM media WHERE sid IN (
           SELECT sid FROM media WHERE sent = 0 AND date_created < ?
           ORDER BY date_created LIMIT ?)
         RETURNING path`,
      )
      .pluck(),
    ping: db.prepare<[], 1>('SELECT 1').pluck(),
  } satisfies Record<string, Statement<never[]>>;
}

export type Statements = ReturnType<typeof prepareStatements>;
