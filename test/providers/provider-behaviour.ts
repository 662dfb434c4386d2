// The ConversationProvider behaviour every provider must show. local-provider.test.ts
// runs it against SQLite (file and memory), twilio-provider.test.ts against Twilio on the
// fake, so both are held to the same expectations.
// Only what Twilio itself makes different is a harness setting: timestamps (Twilio keeps
// whole seconds, so time steps here are whole seconds), SMS numbers (Twilio binds a number
// and proxy into one active conversation at a time) and reachability (local defers to
// socket presence). Not a test file itself: call describeProviderBehaviour() from one.

import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/errors.ts';
import type { ConversationProvider, ParticipantInfo } from '../../src/providers/provider.ts';
import { mediaFile } from './media-file.ts';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2025, 0, 1)): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface ProviderHarness {
  provider: ConversationProvider;
  /** Whether a number already bound in one conversation can join another one. */
  smsNumberInSeveralConversations: boolean;
  /** What getUserReachability answers for a user nobody has seen. */
  unknownUserReachability: { online: boolean; notReachable: boolean } | null;
  close(): Promise<void>;
}

const UNKNOWN_CH = `CH${'0'.repeat(32)}`;
const UNKNOWN_ME = `ME${'0'.repeat(32)}`;
const SECOND = 1000;

const alice: ParticipantInfo = { id: 'alice', name: 'Alice', image: 'https://example.com/a.png' };
const bob: ParticipantInfo = { id: 'bob', name: 'Bob' };
const carol: ParticipantInfo = { id: 'carol', name: 'Carol' };

const sidOf = (kind: 'CH' | 'MB' | 'ME' | 'IM') => new RegExp(`^${kind}[0-9a-f]{32}$`);

export function describeProviderBehaviour(
  name: string,
  open: (clock: ManualClock) => Promise<ProviderHarness>,
): void {
  describe(`${name}: provider behaviour`, () => {
    let harness: ProviderHarness;
    let provider: ConversationProvider;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = manualClock();
      harness = await open(clock);
      provider = harness.provider;
      return () => harness.close();
    });

    describe('conversations', () => {
      it('creates a conversation with the participants as described', async () => {
        const created = await provider.createConversation({
          friendlyName: 'Team',
          participants: [alice, bob],
        });
        expect(created.sid).toMatch(sidOf('CH'));
        expect(created).toMatchObject({ friendlyName: 'Team', participants: [alice, bob] });
        expect(created.lastMessage).toBeNull();
        expect(created.dateCreated.getTime()).toBe(clock.now());
        expect(await provider.getConversation(created.sid)).toEqual(created);
      });

      it('adds every participant as a chat participant at creation', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 'Team',
          participants: [alice, bob, { ...bob, name: 'Bob again' }],
        });
        const first = await provider.addChatParticipant(sid, 'alice');
        const again = await provider.addChatParticipant(sid, 'alice');
        expect(first.sid).toMatch(sidOf('MB'));
        expect(again).toEqual(first);
        expect(await provider.listConversations({ identity: 'bob', limit: 10 })).toHaveLength(1);
      });

      it('lists most recently updated first, each with its last message, within the limit', async () => {
        const a = await provider.createConversation({ friendlyName: 'A', participants: [alice] });
        clock.advance(SECOND);
        const b = await provider.createConversation({ friendlyName: 'B', participants: [bob] });
        clock.advance(SECOND);
        const c = await provider.createConversation({ friendlyName: 'C', participants: [carol] });
        clock.advance(SECOND);
        await provider.sendMessage(a.sid, { author: 'alice', body: 'first', media: [] });
        clock.advance(SECOND);
        const last = await provider.sendMessage(a.sid, {
          author: 'alice',
          body: 'second',
          media: ['https://example.com/x.png', UNKNOWN_ME],
        });

        const listed = await provider.listConversations({ limit: 100 });
        expect(listed.map((conversation) => conversation.friendlyName)).toEqual(['A', 'C', 'B']);
        expect(listed[0]?.lastMessage).toEqual(last);
        expect(listed[0]?.dateUpdated).toEqual(last.dateCreated);
        expect(listed[0]?.dateCreated).toEqual(a.dateCreated);
        expect(listed[1]?.lastMessage).toBeNull();
        expect(listed[1]?.sid).toBe(c.sid);
        expect(listed[2]?.sid).toBe(b.sid);

        const top = await provider.listConversations({ limit: 2 });
        expect(top.map((conversation) => conversation.friendlyName)).toEqual(['A', 'C']);
      });

      it('filters the list by participant identity', async () => {
        const ab = await provider.createConversation({
          friendlyName: 'ab',
          participants: [alice, bob],
        });
        clock.advance(SECOND);
        await provider.createConversation({ friendlyName: 'bc', participants: [bob, carol] });
        clock.advance(SECOND);
        const ac = await provider.createConversation({
          friendlyName: 'ac',
          participants: [alice, carol],
        });
        clock.advance(SECOND);
        const late = await provider.createConversation({
          friendlyName: 'late',
          participants: [bob],
        });
        await provider.addChatParticipant(late.sid, 'alice');

        const ofAlice = await provider.listConversations({ identity: 'alice', limit: 100 });
        expect(ofAlice.map((conversation) => conversation.sid)).toEqual([late.sid, ac.sid, ab.sid]);
        expect(await provider.listConversations({ identity: 'alice', limit: 1 })).toHaveLength(1);
        expect(await provider.listConversations({ identity: 'nobody', limit: 100 })).toEqual([]);
      });

      it('deletes a conversation with its messages and participants', async () => {
        const gone = await provider.createConversation({
          friendlyName: 'x',
          participants: [alice],
        });
        const kept = await provider.createConversation({
          friendlyName: 'y',
          participants: [alice],
        });
        await provider.sendMessage(gone.sid, { author: 'alice', body: 'bye', media: [] });
        await provider.sendMessage(kept.sid, { author: 'alice', body: 'stay', media: [] });

        await provider.deleteConversation(gone.sid);

        await expect(provider.getConversation(gone.sid)).rejects.toBeInstanceOf(NotFoundError);
        await expect(provider.listMessages(gone.sid, 100)).rejects.toBeInstanceOf(NotFoundError);
        await expect(provider.deleteConversation(gone.sid)).rejects.toBeInstanceOf(NotFoundError);
        const ofAlice = await provider.listConversations({ identity: 'alice', limit: 10 });
        expect(ofAlice.map((conversation) => conversation.sid)).toEqual([kept.sid]);
        expect((await provider.listMessages(kept.sid, 10)).map((m) => m.body)).toEqual(['stay']);
      });
    });

    describe('private conversations', () => {
      it('finds the private conversation whatever the order, duplicates or names', async () => {
        const first = await provider.findOrCreatePrivateConversation({
          friendlyName: 'alice+bob',
          participants: [alice, bob],
        });
        expect(first.existing).toBe(false);
        await provider.sendMessage(first.conversation.sid, {
          author: 'bob',
          body: 'hi',
          media: [],
        });

        const again = await provider.findOrCreatePrivateConversation({
          friendlyName: 'other name',
          participants: [{ id: 'bob', name: 'Robert' }, alice, { id: 'bob', name: 'Bobby' }],
        });
        expect(again.existing).toBe(true);
        expect(again.conversation.sid).toBe(first.conversation.sid);
        // The conversation keeps what it was created with.
        expect(again.conversation.friendlyName).toBe('alice+bob');
        expect(again.conversation.participants).toEqual([alice, bob]);
        expect(again.conversation.lastMessage?.body).toBe('hi');

        const other = await provider.findOrCreatePrivateConversation({
          friendlyName: 'trio',
          participants: [alice, bob, carol],
        });
        expect(other.existing).toBe(false);
        expect(other.conversation.sid).not.toBe(first.conversation.sid);
      });

      it('does not confuse a group conversation with a private one', async () => {
        const group = await provider.createConversation({
          friendlyName: 'g',
          participants: [alice, bob],
        });
        const direct = await provider.findOrCreatePrivateConversation({
          friendlyName: 'd',
          participants: [alice, bob],
        });
        expect(direct.existing).toBe(false);
        expect(direct.conversation.sid).not.toBe(group.sid);
      });

      it('creates one private conversation for 20 concurrent calls', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            provider.findOrCreatePrivateConversation({
              friendlyName: `call ${i}`,
              participants: i % 2 === 0 ? [alice, bob] : [bob, alice],
            }),
          ),
        );
        expect(new Set(results.map((result) => result.conversation.sid)).size).toBe(1);
        expect(results.filter((result) => !result.existing)).toHaveLength(1);
        expect(await provider.listConversations({ limit: 100 })).toHaveLength(1);
      });
    });

    describe('messages', () => {
      it('returns the last 100 of 150 messages, oldest first', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 'h',
          participants: [alice],
        });
        const sent = [];
        for (let i = 0; i < 150; i++) {
          // Many share a timestamp: order must come from send order, not from the clock.
          if (i % 7 === 0) clock.advance(SECOND);
          sent.push(await provider.sendMessage(sid, { author: 'alice', body: `m${i}`, media: [] }));
        }
        const history = await provider.listMessages(sid, 100);
        expect(history.map((message) => message.body)).toEqual(sent.slice(50).map((m) => m.body));
        expect(history).toEqual(sent.slice(50));
        expect((await provider.getConversation(sid)).lastMessage).toEqual(sent[149]);
        expect(await provider.listMessages(sid, 3)).toEqual(sent.slice(147));
      });

      it('keeps send order for messages with the same timestamp', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 's',
          participants: [alice],
        });
        const one = await provider.sendMessage(sid, { author: 'alice', body: 'one', media: [] });
        const two = await provider.sendMessage(sid, { author: 'alice', body: 'two', media: [] });
        expect(one.dateCreated).toEqual(two.dateCreated);
        expect((await provider.listMessages(sid, 10)).map((m) => m.body)).toEqual(['one', 'two']);
        expect((await provider.getConversation(sid)).lastMessage?.body).toBe('two');
      });

      it('keeps client media as given, in order, in history and last message', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 'm',
          participants: [alice],
        });
        const media = ['https://example.com/b.mp3', UNKNOWN_ME, 'http://example.org/a.png?x=1'];
        const sent = await provider.sendMessage(sid, { author: 'alice', body: 'look', media });
        expect(sent.media).toEqual(media);
        expect((await provider.listMessages(sid, 10))[0]?.media).toEqual(media);
        expect((await provider.getConversation(sid)).lastMessage?.media).toEqual(media);
      });

      it('returns an empty history for a conversation without messages', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 'e',
          participants: [alice],
        });
        expect(await provider.listMessages(sid, 100)).toEqual([]);
      });
    });

    describe('participants', () => {
      it('adds a chat participant idempotently', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 'c',
          participants: [alice],
        });
        const added = await provider.addChatParticipant(sid, 'dave');
        expect(added).toEqual({ sid: added.sid, conversationSid: sid, identity: 'dave' });
        expect(added.sid).toMatch(sidOf('MB'));
        expect(await provider.addChatParticipant(sid, 'dave')).toEqual(added);
        expect(await provider.listConversations({ identity: 'dave', limit: 10 })).toHaveLength(1);
      });

      it('rejects an SMS number already in the conversation with ConflictError', async () => {
        const { sid } = await provider.createConversation({
          friendlyName: 's',
          participants: [alice],
        });
        const other = await provider.createConversation({
          friendlyName: 't',
          participants: [alice],
        });
        const added = await provider.addSmsParticipant(sid, '+15550001111');
        expect(added).toEqual({
          sid: added.sid,
          conversationSid: sid,
          phoneNumber: '+15550001111',
        });
        await expect(provider.addSmsParticipant(sid, '+15550001111')).rejects.toBeInstanceOf(
          ConflictError,
        );
        const elsewhere = provider.addSmsParticipant(other.sid, '+15550001111');
        if (harness.smsNumberInSeveralConversations) {
          await expect(elsewhere).resolves.toMatchObject({ conversationSid: other.sid });
        } else {
          await expect(elsewhere).rejects.toBeInstanceOf(ConflictError);
        }
      });
    });

    describe('errors, media, reachability, lifecycle', () => {
      it('answers NotFoundError for unknown SIDs', async () => {
        const message = { author: 'alice', body: 'x', media: [] };
        await expect(provider.getConversation(UNKNOWN_CH)).rejects.toBeInstanceOf(NotFoundError);
        await expect(provider.deleteConversation(UNKNOWN_CH)).rejects.toBeInstanceOf(NotFoundError);
        await expect(provider.listMessages(UNKNOWN_CH, 100)).rejects.toBeInstanceOf(NotFoundError);
        await expect(provider.sendMessage(UNKNOWN_CH, message)).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(provider.addChatParticipant(UNKNOWN_CH, 'alice')).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(provider.addSmsParticipant(UNKNOWN_CH, '+15550001111')).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(provider.getMedia(UNKNOWN_ME)).rejects.toBeInstanceOf(NotFoundError);
        await expect(provider.readMedia(UNKNOWN_ME)).rejects.toBeInstanceOf(NotFoundError);
        expect(await provider.listConversations({ limit: 10 })).toEqual([]);
      });

      it('stores media and reads it back', async () => {
        const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
        const stored = await provider.storeMedia({
          contentType: 'image/png',
          filename: 'dot.png',
          path: mediaFile(bytes),
        });
        expect(stored.sid).toMatch(sidOf('ME'));
        expect(stored).toEqual({
          sid: stored.sid,
          contentType: 'image/png',
          size: 8,
          filename: 'dot.png',
        });
        expect(await provider.getMedia(stored.sid)).toEqual(stored);
        const read = await provider.readMedia(stored.sid);
        expect(read.media).toEqual(stored);
        expect(Buffer.compare(read.bytes, bytes)).toBe(0);

        const unnamed = await provider.storeMedia({
          contentType: 'text/plain',
          path: mediaFile(Buffer.alloc(0)),
        });
        expect(unnamed).toMatchObject({ contentType: 'text/plain', size: 0 });
        expect((await provider.readMedia(unnamed.sid)).bytes.length).toBe(0);
      });

      it('enables reachability idempotently and answers ping', async () => {
        await provider.enableReachability();
        await provider.enableReachability();
        expect(await provider.getUserReachability('alice')).toEqual(
          harness.unknownUserReachability,
        );
        await expect(provider.ping()).resolves.toBeUndefined();
      });

      it('rejects calls after close', async () => {
        await provider.close();
        await provider.close();
        await expect(provider.ping()).rejects.toThrow();
      });
    });
  });
}
