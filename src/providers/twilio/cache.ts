// In-process knowledge that saves Twilio calls; losing it costs calls, never correctness.
//
// LastMessages: Twilio's Conversation resource has no "last message" field, so listing N
// conversations would cost N extra calls. The index is fed by this server's own writes
// (creates, sends), by post-event webhooks (messages from SMS or Twilio clients) and by
// lookups; a conversation is looked up once (`Messages?Order=desc&PageSize=1`), then served
// from here. Ordering uses Twilio's per-conversation message index, so a late or
// duplicated update never replaces a newer message.
//
// RecentSids: SIDs whose event has been broadcast already: what this server created or
// deleted itself (the REST or socket handler broadcast it) and webhook events delivered
// before (Twilio may deliver one twice). Events about them are not broadcast again.

import type { MessageRecord } from '../provider.ts';

interface Entry {
  message: MessageRecord | null;
  /** Twilio's message index; -1 for "no messages". */
  index: number;
}

/** A Map kept to `capacity` entries, evicting the least recently used. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  delete(key: K): void {
    this.map.delete(key);
  }
}

export class LastMessages {
  private readonly entries: Lru<string, Entry>;

  constructor(capacity = 10_000) {
    this.entries = new Lru(capacity);
  }

  /** undefined = unknown (look it up); null = known to have no messages. */
  get(conversationSid: string): MessageRecord | null | undefined {
    return this.entries.get(conversationSid)?.message;
  }

  /** Records a message unless a newer one (higher index) is already known. */
  note(conversationSid: string, message: MessageRecord | null, index: number): void {
    const current = this.entries.get(conversationSid);
    if (current !== undefined && current.index >= index) return;
    this.entries.set(conversationSid, { message, index });
  }

  /** A conversation this server just created: known to be empty. */
  empty(conversationSid: string): void {
    if (!this.entries.has(conversationSid)) {
      this.entries.set(conversationSid, { message: null, index: -1 });
    }
  }

  forget(conversationSid: string): void {
    this.entries.delete(conversationSid);
  }
}

export class RecentSids {
  private readonly sids: Lru<string, true>;

  constructor(capacity = 10_000) {
    this.sids = new Lru(capacity);
  }

  add(sid: string): void {
    this.sids.set(sid, true);
  }

  has(sid: string): boolean {
    return this.sids.has(sid);
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
