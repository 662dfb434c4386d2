// Stateful REST flows that follow the data from one call to the next: what was sent is in
// the history, in order; the list shows it as last_message and orders conversations by
// activity; an added participant sees the conversation; newconversation finds the same
// conversation again; a deleted conversation is gone (404) everywhere.
import type { BodyOf } from '../assert.ts';
import { serverErrorCause } from '../assert.ts';
import { type Check, type CheckContext, defineCheck, sleep } from '../context.ts';
import { createConversation, sendRestMessage } from '../fixtures.ts';
import { describeRequest } from '../http.ts';
import { isObject } from '../spec.ts';

type ConversationList = BodyOf<'listConversations', 200>['data'];

async function conversationsOf(
  t: CheckContext,
  user: string,
  via: 'query' | 'path',
): Promise<ConversationList> {
  const ex =
    via === 'query'
      ? await t.http.call('listConversations', { query: { userId: user } })
      : await t.http.call('listUserConversations', { params: { userId: user } });
  const op = via === 'query' ? 'listConversations' : 'listUserConversations';
  return t.require(ex, op, [200], 'listing a user’s conversations answers 200').data;
}

async function history(t: CheckContext, sid: string) {
  const ex = await t.http.call('listMessages', { params: { convoSid: sid } });
  return t.require(ex, 'listMessages', [200], 'the history of an existing conversation answers 200')
    .data;
}

/** Rounds × concurrent calls of the newconversation race (a race rarely shows in one round). */
const ROUNDS = 3;
const CONCURRENT = 5;

export function restFlowChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'flow.history-order',
      description: 'create → send → the history holds every message, oldest first, as sent',
      run: async (t) => {
        const [alice, bob] = [t.id('alice'), t.id('bob')];
        const sid = await createConversation(t, [alice, bob]);
        const sent = [
          await sendRestMessage(t, sid, alice, 'first'),
          await sendRestMessage(t, sid, bob, 'second'),
          await sendRestMessage(t, sid, alice, 'third', ['https://example.com/third.png']),
        ];
        const messages = await history(t, sid);
        for (const m of messages) {
          // `dateCreated` is described, not declared, in the spec (Message).
          const camel = 'dateCreated' in m ? m.dateCreated : undefined;
          if (camel !== undefined && camel !== m.date_created) {
            t.fail({
              rule: 'a message’s dateCreated, when present, equals its date_created',
              expected: `dateCreated ${m.date_created}`,
              actual: `dateCreated ${String(camel)}`,
            });
          }
        }
        const got = messages.map((m) => [m.sid, m.author, m.body, m.media]);
        const want = sent.map((m) => [m.message_sid, m.author, m.body, m.media]);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          t.fail({
            rule: 'the history lists the messages sent, oldest first, with their author, body and media',
            expected: JSON.stringify(want),
            actual: JSON.stringify(got),
          });
        }
        const dates = messages.map((m) => Date.parse(m.date_created));
        if (dates.some((d, i) => i > 0 && d < (dates[i - 1] as number))) {
          t.fail({
            rule: 'the history is chronological (date_created never decreases)',
            expected: 'non-decreasing date_created',
            actual: JSON.stringify(messages.map((m) => m.date_created)),
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.last-message',
      description:
        'the list shows null before any message, then the latest message as last_message',
      run: async (t) => {
        const alice = t.id('alice');
        const sid = await createConversation(t, [alice]);
        const before = (await conversationsOf(t, alice, 'query')).find((c) => c.sid === sid);
        if (before && before.last_message !== null) {
          t.fail({
            rule: 'last_message is null for a conversation without messages',
            expected: 'last_message: null',
            actual: `last_message: ${JSON.stringify(before.last_message)}`,
          });
        }
        await sendRestMessage(t, sid, alice, 'older');
        const latest = await sendRestMessage(t, sid, alice, 'latest', [
          'https://example.com/latest.png',
        ]);
        const entry = (await conversationsOf(t, alice, 'query')).find((c) => c.sid === sid);
        if (!entry) {
          return t.abort({
            rule: '?userId= lists the conversations that user participates in',
            expected: `a conversation ${sid}`,
            actual: 'not in the list',
          });
        }
        const last = entry.last_message;
        const want = [latest.message_sid, latest.body, latest.author, latest.media];
        const got = last ? [last.sid, last.body, last.author, last.media] : null;
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          t.fail({
            rule: 'the conversation list shows the most recent message as last_message',
            expected: JSON.stringify(want),
            actual: JSON.stringify(got),
          });
        }
        if (Date.parse(entry.date_updated) < Date.parse(latest.date_created)) {
          t.fail({
            rule: 'date_updated includes the last message sent',
            expected: `date_updated ≥ ${latest.date_created}`,
            actual: `date_updated = ${entry.date_updated}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.conversation-order',
      description: 'conversations are listed most recently updated first',
      run: async (t) => {
        const alice = t.id('alice');
        const older = await createConversation(t, [alice], 'older');
        await sleep(5);
        const newer = await createConversation(t, [alice], 'newer');
        await sleep(5);
        await sendRestMessage(t, older, alice, 'wake the older one up');
        const list = await conversationsOf(t, alice, 'query');
        const dates = list.map((c) => Date.parse(c.date_updated));
        if (dates.some((d, i) => i > 0 && d > (dates[i - 1] as number))) {
          t.fail({
            rule: 'conversations are ordered by date_updated, most recent first',
            expected: 'non-increasing date_updated',
            actual: JSON.stringify(list.map((c) => [c.sid, c.date_updated])),
          });
        }
        const olderEntry = list.find((c) => c.sid === older);
        const newerEntry = list.find((c) => c.sid === newer);
        if (!olderEntry || !newerEntry) {
          return t.abort({
            rule: '?userId= lists the conversations that user participates in',
            expected: `${older} and ${newer}`,
            actual: `sids ${JSON.stringify(list.map((c) => c.sid))}`,
          });
        }
        // Timestamps may be whole seconds (Twilio's are): the message must not make the
        // conversation older, and only a strictly later date_updated fixes the order.
        const [o, n] = [Date.parse(olderEntry.date_updated), Date.parse(newerEntry.date_updated)];
        if (o < n) {
          t.fail({
            rule: 'sending a message updates the conversation’s date_updated',
            expected: `date_updated of ${older} (just messaged) ≥ that of ${newer}`,
            actual: `${olderEntry.date_updated} < ${newerEntry.date_updated}`,
          });
        } else if (o > n && list.indexOf(olderEntry) > list.indexOf(newerEntry)) {
          t.fail({
            rule: 'conversations are ordered by date_updated, most recent first',
            expected: `${older} (just messaged) before ${newer}`,
            actual: 'after it',
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.add-participant',
      description: 'add-chat-participant → that user’s conversations include it',
      run: async (t) => {
        const [alice, carol] = [t.id('alice'), t.id('carol')];
        const sid = await createConversation(t, [alice]);
        if ((await conversationsOf(t, carol, 'path')).some((c) => c.sid === sid)) {
          t.fail({
            rule: 'a user’s list holds only conversations the user participates in',
            expected: `no ${sid} for ${carol} before being added`,
            actual: 'listed',
          });
        }
        const ex = await t.http.call('addChatParticipant', {
          params: { convoSid: sid },
          json: { identity: carol },
        });
        t.require(
          ex,
          'addChatParticipant',
          [200],
          'a valid add-chat-participant request answers 200',
        );
        for (const via of ['path', 'query'] as const) {
          const list = await conversationsOf(t, carol, via);
          if (!list.some((c) => c.sid === sid)) {
            t.fail({
              rule: 'an added participant’s conversations include the conversation',
              expected: `${sid} in ${carol}'s conversations (${via === 'path' ? '/{userId}/conversations' : '?userId='})`,
              actual: `sids ${JSON.stringify(list.map((c) => c.sid))}`,
            });
          }
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.private-conversation',
      description:
        'newconversation twice (any order) returns the same SID with existing: true and the messages',
      run: async (t) => {
        const [alice, bob] = [t.id('alice'), t.id('bob')];
        const call = (participants: Array<{ id: string; name: string }>) =>
          t.http.call('createPrivateConversation', { json: { participants } });
        const first = t.require(
          await call([
            { id: alice, name: 'Alice' },
            { id: bob, name: 'Bob' },
          ]),
          'createPrivateConversation',
          [200],
          'a valid newconversation request answers 200',
        ).data;
        if (first.existing !== false) {
          t.fail({
            rule: 'a new private conversation is reported with existing: false',
            expected: 'existing: false',
            actual: `existing: ${first.existing}`,
          });
        }
        const message = await sendRestMessage(t, first.conversation_sid, alice, 'between us');
        const againEx = await call([
          { id: bob, name: 'Robert' },
          { id: alice, name: 'Al' },
        ]);
        const again = t.require(
          againEx,
          'createPrivateConversation',
          [200],
          'newconversation for an existing pair answers 200',
        ).data;
        if (again.conversation_sid !== first.conversation_sid || again.existing !== true) {
          t.abort({
            rule: 'newconversation with the same participant ids (any order, any names) returns the same SID with existing: true',
            expected: `conversation_sid ${first.conversation_sid}, existing: true`,
            actual: `conversation_sid ${again.conversation_sid}, existing: ${again.existing}`,
            request: describeRequest(againEx),
          });
        }
        const messages = 'messages' in again ? again.messages : [];
        if (!messages.some((m) => m.sid === message.message_sid)) {
          t.fail({
            rule: 'an existing private conversation comes back with its last messages',
            expected: `messages containing ${message.message_sid}`,
            actual: `sids ${JSON.stringify(messages.map((m) => m.sid))}`,
          });
        }
        // Another set of ids (one more participant) is another conversation.
        const wider = t.expect(
          await call([
            { id: alice, name: 'Alice' },
            { id: bob, name: 'Bob' },
            { id: t.id('carol'), name: 'Carol' },
          ]),
          'createPrivateConversation',
          [200],
          'a valid newconversation request answers 200',
        );
        if (
          wider &&
          (wider.data.conversation_sid === first.conversation_sid || wider.data.existing !== false)
        ) {
          t.fail({
            rule: 'newconversation with a different set of ids is a different, new conversation',
            expected: `a conversation_sid other than ${first.conversation_sid}, existing: false`,
            actual: `conversation_sid ${wider.data.conversation_sid}, existing: ${wider.data.existing}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'createPrivateConversation.one-user',
      description:
        'newconversation whose ids name one user twice is refused with 400 naming participants; nothing is created',
      run: async (t) => {
        const alice = t.id('alice');
        const ex = await t.http.call('createPrivateConversation', {
          json: {
            participants: [
              { id: alice, name: 'Alice' },
              { id: alice, name: 'Alice again' },
            ],
          },
        });
        if (
          !t.judge(
            ex,
            'createPrivateConversation',
            [400],
            'the ids must name at least two different users (else 400)',
          )
        )
          return;
        const message =
          isObject(ex.json) && typeof ex.json.message === 'string' ? ex.json.message : '';
        if (!message.includes('participants')) {
          t.fail({
            rule: 'a 400 for an invalid field names the field in its message',
            expected: 'message mentioning "participants"',
            actual: `message ${JSON.stringify(message)}`,
          });
        }
        const mine = await conversationsOf(t, alice, 'path');
        if (mine.length > 0) {
          t.fail({
            rule: 'a refused newconversation creates nothing',
            expected: `no conversation for ${alice}`,
            actual: `sids ${JSON.stringify(mine.map((c) => c.sid))}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.rejected-send',
      description: 'a send-message refused with 400 stores nothing',
      run: async (t) => {
        const alice = t.id('alice');
        const sid = await createConversation(t, [alice]);
        for (const json of [{ body: 12345, author: alice }, { body: 'no author' }]) {
          const ex = await t.http.call('sendMessage', { params: { convoSid: sid }, json });
          t.judge(ex, 'sendMessage', [400], 'an invalid send-message is refused with 400');
        }
        const stored = await history(t, sid);
        if (stored.length > 0) {
          t.fail({
            rule: 'nothing is written for a refused send-message',
            expected: 'an empty history',
            actual: `${stored.length} message(s)`,
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.identity-forms',
      description:
        'identities of every form the spec allows (auth0|…, non-ASCII, e-mail, 128 characters) work in every operation that takes one',
      run: async (t) => {
        const long = t.id('x');
        const ids = [
          `auth0|${t.id('a')}`,
          `José-${t.id('b')}`,
          `${t.id('c')}@example.com`,
          // 128 characters, ending in this run's id (the fixture names participants by it).
          `${'y'.repeat(128 - long.length)}${long}`,
        ];
        const rule = 'an identity of any allowed form is stored, listed and echoed as itself';
        const sid = await createConversation(t, ids);
        for (const id of ids) {
          const byPath = await conversationsOf(t, id, 'path');
          const byQuery = await conversationsOf(t, id, 'query');
          for (const [how, list] of [
            ['/{userId}/conversations', byPath],
            ['?userId=', byQuery],
          ] as const) {
            if (!list.some((c) => c.sid === sid)) {
              t.fail({
                rule,
                expected: `${how} for ${id} lists ${sid}`,
                actual: `sids ${JSON.stringify(list.map((c) => c.sid))}`,
              });
            }
          }
          const sent = await sendRestMessage(t, sid, id, `from ${id}`);
          if (sent.author !== id) {
            t.fail({ rule, expected: `author ${id}`, actual: `author ${sent.author}` });
          }
          const reach = t.expect(
            await t.http.call('getUserReachability', { params: { identity: id } }),
            'getUserReachability',
            [200],
            'reachability answers 200',
          );
          if (reach && reach.data.identity !== id) {
            t.fail({ rule, expected: `identity ${id}`, actual: `identity ${reach.data.identity}` });
          }
          t.judge(
            await t.http.call('generateToken', { json: { user_id: id }, auth: false }),
            'generateToken',
            [200],
            'generate-token answers 200 for any allowed identity',
          );
        }
        const authors = (await history(t, sid)).map((m) => m.author);
        if (JSON.stringify(authors) !== JSON.stringify(ids)) {
          t.fail({
            rule,
            expected: `authors ${JSON.stringify(ids)}`,
            actual: `authors ${JSON.stringify(authors)}`,
          });
        }
        const newcomer = `Zoë|${t.id('z')}`;
        const added = t.expect(
          await t.http.call('addChatParticipant', {
            params: { convoSid: sid },
            json: { identity: newcomer },
          }),
          'addChatParticipant',
          [200],
          'a valid add-chat-participant request answers 200',
        );
        if (added && added.data.identity !== newcomer) {
          t.fail({
            rule,
            expected: `identity ${newcomer}`,
            actual: `identity ${added.data.identity}`,
          });
        }
        if (!(await conversationsOf(t, newcomer, 'path')).some((c) => c.sid === sid)) {
          t.fail({
            rule,
            expected: `/{userId}/conversations for ${newcomer} lists ${sid}`,
            actual: 'not listed',
          });
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.private-conversation-concurrent',
      description: `${ROUNDS} rounds of ${CONCURRENT} concurrent first newconversation calls: one conversation per round, no 5xx`,
      run: async (t) => {
        for (let round = 1; round <= ROUNDS; round++) {
          const participants = [
            { id: t.id('alice'), name: 'Alice' },
            { id: t.id('bob'), name: 'Bob' },
          ];
          const calls = await Promise.all(
            Array.from({ length: CONCURRENT }, () =>
              t.http.call('createPrivateConversation', { json: { participants } }),
            ),
          );
          const sids = new Set<string>();
          const failed: number[] = [];
          for (const ex of calls) {
            // Any 2xx with a SID counts (the status itself is the oracles' business).
            const data = isObject(ex.json) && isObject(ex.json.data) ? ex.json.data : undefined;
            if (ex.status < 300 && typeof data?.conversation_sid === 'string') {
              sids.add(data.conversation_sid);
            } else failed.push(ex.status);
          }
          if (failed.length > 0) {
            t.fail({
              rule: 'concurrent newconversation calls for the same pair all succeed',
              expected: `${CONCURRENT} × 2xx with a conversation_sid`,
              actual: `statuses ${JSON.stringify(failed)} in round ${round}`,
              ...(failed.every((s) => s >= 500)
                ? serverErrorCause('createPrivateConversation', failed[0] ?? 500)
                : { key: 'newconversation:concurrent-failures' }),
              subject: 'createPrivateConversation',
            });
          }
          if (sids.size > 1) {
            t.fail({
              rule: 'concurrent first newconversation calls for the same participants create one conversation',
              expected: `1 conversation_sid across ${CONCURRENT} concurrent calls`,
              actual: `${sids.size} in round ${round}: ${JSON.stringify([...sids])}`,
              key: 'newconversation:concurrent-duplicates',
              subject: 'createPrivateConversation',
            });
          }
        }
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.history-limit',
      description:
        'the history and an existing private conversation hold the last 100 messages, oldest first',
      run: async (t) => {
        const alice = t.id('alice');
        const participants = [
          { id: alice, name: 'Alice' },
          { id: t.id('bob'), name: 'Bob' },
        ];
        const ok = 'a valid newconversation request answers 200';
        const created = await t.http.call('createPrivateConversation', { json: { participants } });
        const sid = t.require(created, 'createPrivateConversation', [200], ok).data
          .conversation_sid;
        const sent: string[] = [];
        for (let i = 0; i < 103; i++) {
          sent.push((await sendRestMessage(t, sid, alice, `message ${i}`)).message_sid);
        }
        const want = sent.slice(-100);
        const oldest = sent.slice(0, 100);
        const expected = `the last 100 of 103 sent, oldest first (${sent[3]} … ${sent[102]})`;
        const describe = (sids: string[]) =>
          `${sids.length} messages (${sids[0] ?? '-'} … ${sids[sids.length - 1] ?? '-'})`;
        // Both answers come from the same "last 100" query on a server: keeping the oldest
        // 100 instead is one cause, whichever operation shows it.
        const judge = (got: string[], rule: string, subject: string) => {
          if (JSON.stringify(got) === JSON.stringify(want)) return;
          const keptOldest = JSON.stringify(got) === JSON.stringify(oldest);
          t.fail({
            rule,
            expected,
            actual: keptOldest ? `the first 100 sent: ${describe(got)}` : describe(got),
            ...(keptOldest
              ? {
                  title: 'the history holds the oldest 100 messages instead of the newest 100',
                  key: 'history-limit:oldest-100',
                }
              : {}),
            subject,
          });
        };
        judge(
          (await history(t, sid)).map((m) => m.sid),
          'the history is the last 100 messages, oldest first',
          'listMessages',
        );
        const again = await t.http.call('createPrivateConversation', { json: { participants } });
        const data = t.require(again, 'createPrivateConversation', [200], ok).data;
        judge(
          'messages' in data ? data.messages.map((m) => m.sid) : [],
          'an existing private conversation comes back with its last 100 messages, oldest first',
          'createPrivateConversation',
        );
      },
      roundTrips: 110,
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.delete',
      description:
        'delete → the conversation is gone: 404 for history, send, participants, delete; not listed',
      run: async (t) => {
        const alice = t.id('alice');
        const sid = await createConversation(t, [alice]);
        await sendRestMessage(t, sid, alice, 'soon gone');
        const del = await t.http.call('deleteConversation', { params: { convoSid: sid } });
        t.require(
          del,
          'deleteConversation',
          [200],
          'deleting an existing conversation answers 200',
        );
        const rule = 'a deleted conversation answers 404 with the error envelope';
        const params = { convoSid: sid };
        t.judge(await t.http.call('listMessages', { params }), 'listMessages', [404], rule);
        t.judge(
          await t.http.call('sendMessage', { params, json: { body: 'too late', author: alice } }),
          'sendMessage',
          [404],
          rule,
        );
        t.judge(
          await t.http.call('addChatParticipant', { params, json: { identity: t.id('carol') } }),
          'addChatParticipant',
          [404],
          rule,
        );
        t.judge(
          await t.http.call('deleteConversation', { params }),
          'deleteConversation',
          [404],
          rule,
        );
        if ((await conversationsOf(t, alice, 'query')).some((c) => c.sid === sid)) {
          t.fail({
            rule: 'a deleted conversation is no longer listed',
            expected: `no ${sid}`,
            actual: 'still listed',
          });
        }
      },
    }),
  ];
}
