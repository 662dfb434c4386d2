// Knowledge that saves Twilio calls or repeated broadcasts, kept in the back end's shared
// state (src/providers/cross-node-state.ts): this process's memory by default, Redis on a
// cluster node, so every node knows what any node learnt. Losing it costs calls, never
// correctness.
//
// LastMessages: Twilio's Conversation resource has no "last message" field, so listing N
// conversations would cost N extra calls. The index is fed by every node's own writes
// (creates, sends), by post-event webhooks (messages from SMS or Twilio clients) and by
// lookups; a conversation is looked up once (`Messages?Order=desc&PageSize=1`), then served
// from here. Ordering uses Twilio's per-conversation message index, so a late or
// duplicated update never replaces a newer message, whichever node it reaches.
//
// RecentSids: SIDs whose event has been broadcast already: what a node created or deleted
// itself (the REST or socket handler broadcast it) and webhook events delivered before
// (Twilio may deliver one twice, and a replayed request may reach any node). Events about
// them are not broadcast again.

import type { SharedState } from '../cross-node-state.ts';
import type { MessageRecord } from '../provider.ts';

/** How long an index entry lives without a newer write: a day, then one lookup again. */
const LAST_MESSAGE_TTL_SECONDS = 24 * 60 * 60;
/**
 * How long a broadcast SID is remembered: Twilio retries a webhook within minutes; a day
 * covers its retries and a replay of a captured request for as long. A later replay of a
 * message event is refused by the message's age (`tooOld`); one of another event would be
 * broadcast again (it writes nothing). A message created through Twilio's API with a
 * DateCreated over a day old (a history import) is therefore not broadcast either: such
 * messages are history, not news, and a reload shows them.
 */
const SEEN_TTL_SECONDS = 24 * 60 * 60;

type Stored = Omit<MessageRecord, 'dateCreated'> & { dateCreated: string };

function encode(message: MessageRecord | null): string {
  return JSON.stringify(message);
}

function decode(text: string): MessageRecord | null {
  const stored = JSON.parse(text) as Stored | null;
  return stored === null ? null : { ...stored, dateCreated: new Date(stored.dateCreated) };
}

export class LastMessages {
  constructor(private readonly state: SharedState) {}

  private key(conversationSid: string): string {
    return `twilio:last:${conversationSid}`;
  }

  /** undefined = unknown (look it up); null = known to have no messages. */
  async get(conversationSid: string): Promise<MessageRecord | null | undefined> {
    const text = await this.state.get(this.key(conversationSid));
    return text === undefined ? undefined : decode(text);
  }

  /** Records a message unless a newer one (higher index) is already known. */
  note(conversationSid: string, message: MessageRecord | null, index: number): Promise<void> {
    return this.state.putIfNewer(
      this.key(conversationSid),
      index,
      encode(message),
      LAST_MESSAGE_TTL_SECONDS,
    );
  }

  /** A conversation just created: known to be empty (index -1 replaces nothing known). */
  empty(conversationSid: string): Promise<void> {
    return this.note(conversationSid, null, -1);
  }

  forget(conversationSid: string): Promise<void> {
    return this.state.delete(this.key(conversationSid));
  }
}

export class RecentSids {
  constructor(
    private readonly state: SharedState,
    private readonly now: () => number = Date.now,
  ) {}

  /** Marks `sid` as broadcast; false when it already was (by any node). */
  claim(sid: string): Promise<boolean> {
    return this.state.claim(`twilio:seen:${sid}`, SEEN_TTL_SECONDS);
  }

  /**
   * Whether an event about something created at `createdAt` is older than SIDs are
   * remembered: no retry comes that late, so it is a replay, whether or not its SID is
   * still known, and it is neither broadcast nor believed.
   */
  tooOld(createdAt: Date): boolean {
    return this.now() - createdAt.getTime() > SEEN_TTL_SECONDS * 1000;
  }
}

/** Runs at most `limit` tasks at once (bounded fan-out for index lookups). */
export function limiter(limit: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  // A finishing task hands its slot straight to the next waiter, so `active` never
  // exceeds the limit between one task ending and the next starting.
  const release = () => {
    const waiter = queue.shift();
    if (waiter) waiter();
    else active--;
  };
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
