// How many Twilio API calls each provider operation costs, counted by the fake (retries and
// next-page requests included), for services holding 1, 25 and 150 conversations of the
// same user. Prints the table and asserts that no operation's count grows with the number
// of conversations: lists read a fixed window of pages, everything else is constant.

import { afterAll, describe, expect, it } from 'vitest';
import { startTwilioFake, twilioConfigFor } from '../../../devtools/twilio-fake/start.ts';
import { mediaFile } from '../../../test/providers/media-file.ts';
import type { ParticipantInfo } from '../provider.ts';
import { LIST_WINDOW } from './conversations.ts';
import { createTwilioTokenService } from './tokens.ts';
import { createTwilioProvider } from './twilio-provider.ts';

const SIZES = [1, 25, 150] as const;
const alice: ParticipantInfo = { id: 'alice', name: 'Alice' };
const bob: ParticipantInfo = { id: 'bob', name: 'Bob' };
const carol: ParticipantInfo = { id: 'carol', name: 'Carol' };

type Table = Map<string, Map<number, number>>;

async function measure(size: number, table: Table): Promise<void> {
  const twilio = await startTwilioFake();
  const config = twilioConfigFor(twilio.env);
  const provider = createTwilioProvider(config);
  const tokens = createTwilioTokenService(config);
  try {
    // `size` conversations of alice's, each with a message, plus her private one with carol.
    let first = '';
    for (let i = 0; i < size - 1; i++) {
      const { sid } = await provider.createConversation({
        friendlyName: `c${i}`,
        participants: [alice, bob],
      });
      await provider.sendMessage(sid, { author: 'bob', body: `hello ${i}`, media: [] });
      first ||= sid;
    }
    const direct = await provider.findOrCreatePrivateConversation({
      friendlyName: 'direct',
      participants: [alice, carol],
    });
    first ||= direct.conversation.sid;
    const stored = await provider.storeMedia({
      contentType: 'text/plain',
      filename: 'a.txt',
      path: mediaFile('a'),
    });

    const count = async (operation: string, work: () => Promise<unknown>) => {
      twilio.fake.resetCalls();
      await work();
      const row = table.get(operation) ?? new Map<number, number>();
      row.set(size, twilio.calls().length);
      table.set(operation, row);
    };

    // A process that has never seen these conversations (restart, another node) looks each
    // listed conversation's last message up once; after that it is served from memory.
    const cold = createTwilioProvider(config);
    await count("list a user's conversations, first time after a restart", () =>
      cold.listConversations({ identity: 'alice', limit: 100 }),
    );
    await count("list a user's conversations, again after a restart", () =>
      cold.listConversations({ identity: 'alice', limit: 100 }),
    );
    await cold.close();
    await count('generate-token', () => tokens.issue('alice'));
    await count("list a user's conversations", () =>
      provider.listConversations({ identity: 'alice', limit: 100 }),
    );
    await count('list all conversations', () => provider.listConversations({ limit: 100 }));
    await count('get conversation (join_conversation)', () => provider.getConversation(first));
    await count('history (last 100)', () => provider.listMessages(first, 100));
    await count('send-message', () =>
      provider.sendMessage(first, { author: 'alice', body: 'hi', media: [] }),
    );
    await count('create', () =>
      provider.createConversation({ friendlyName: 'new', participants: [alice, bob] }),
    );
    await count('newconversation (new)', () =>
      provider.findOrCreatePrivateConversation({ friendlyName: 'd', participants: [alice, bob] }),
    );
    await count('newconversation (existing, with history)', async () => {
      const found = await provider.findOrCreatePrivateConversation({
        friendlyName: 'direct',
        participants: [carol, alice],
      });
      await provider.listMessages(found.conversation.sid, 100);
    });
    await count('add-chat-participant', () => provider.addChatParticipant(first, 'erin'));
    await count('add-chat-participant (already there)', () =>
      provider.addChatParticipant(first, 'erin'),
    );
    await count('add-sms-participant', () => provider.addSmsParticipant(first, '+15550001111'));
    await count('upload media', () =>
      provider.storeMedia({
        contentType: 'text/plain',
        filename: 'b.txt',
        path: mediaFile('b'),
      }),
    );
    await count('media content (describe)', () => provider.getMedia(stored.sid));
    await count('media bytes (download)', () => provider.readMedia(stored.sid));
    await count('enable-reachability', () => provider.enableReachability());
    await count('reachability', () => provider.getUserReachability('alice'));
    await count('healthz (ping)', () => provider.ping());
    await count('delete', () => provider.deleteConversation(first));

    expect(twilio.violations()).toEqual([]);
  } finally {
    await provider.close();
    await twilio.close();
  }
}

describe('Twilio API calls per provider operation', () => {
  const table: Table = new Map();

  afterAll(() => {
    const width = Math.max(...[...table.keys()].map((name) => name.length)) + 2;
    const lines = [
      `Twilio API calls per operation (conversations of the user: ${SIZES.join(' / ')})`,
      `${'operation'.padEnd(width)}${SIZES.map((n) => String(n).padStart(6)).join('')}`,
      ...[...table].map(
        ([name, row]) =>
          `${name.padEnd(width)}${SIZES.map((n) => String(row.get(n) ?? '-').padStart(6)).join('')}`,
      ),
    ];
    console.log(lines.join('\n'));
  });

  it('measures every operation for 1, 25 and 150 conversations', async () => {
    for (const size of SIZES) await measure(size, table);

    const pagesOfUser = (n: number) => Math.ceil(Math.min(n, LIST_WINDOW) / 50);
    for (const [operation, row] of table) {
      const counts = SIZES.map((n) => row.get(n) ?? Number.NaN);
      if (
        operation === "list a user's conversations" ||
        operation.endsWith('again after a restart')
      ) {
        // A fixed window of ParticipantConversations pages (50 each), whatever the count.
        expect(counts).toEqual(SIZES.map(pagesOfUser));
        expect(Math.max(...counts)).toBeLessThanOrEqual(Math.ceil(LIST_WINDOW / 50));
      } else if (operation.endsWith('first time after a restart')) {
        // One lookup per listed conversation, once per process: bounded by the window.
        expect(counts).toEqual(SIZES.map((n) => pagesOfUser(n) + Math.min(n, LIST_WINDOW)));
      } else {
        expect({ operation, counts }).toEqual({ operation, counts: counts.map(() => counts[0]) });
      }
    }
    expect(table.get('generate-token')?.get(1)).toBe(0);
    expect(table.get('list all conversations')?.get(150)).toBe(1);
    expect(table.get('history (last 100)')?.get(150)).toBe(1);
    expect(table.get('send-message')?.get(150)).toBe(1);
    expect(table.get('create')?.get(150)).toBe(1);
    expect(table.get('newconversation (new)')?.get(150)).toBe(2);
  });
});
