// Data that must come back as it went in, through every path: `media` sent over REST and
// over the socket is in new_message and in the history, identical; `last_message` is the
// last of three messages sent within the same second (servers that order by a
// second-resolution timestamp get it wrong).
import { type Check, defineCheck } from '../context.ts';
import { createConversation, sendRestMessage, setupRoom } from '../fixtures.ts';
import type { TestSocket } from '../socket-client.ts';
import { isObject } from '../spec.ts';

const MEDIA_REST = ['https://example.com/rest-photo.jpg', 'https://example.com/rest-voice.mp3'];
const MEDIA_SOCKET = ['https://example.com/socket-photo.png', 'https://example.com/socket-doc.pdf'];

function mediaOf(payload: unknown): unknown {
  return isObject(payload) && isObject(payload.message) ? payload.message.media : undefined;
}

export function roundTripChecks(): Check[] {
  return [
    defineCheck({
      group: 'socket',
      name: 'send_message.media-round-trip',
      description:
        'media sent over REST and over the socket is in new_message and in the history, identical',
      covers: ['sendMessage', 'listMessages'],
      run: async (t) => {
        const { sid, members } = await setupRoom(t, { members: ['alice', 'bob'] });
        const [alice, bob] = members as [TestSocket, TestSocket];
        const compare = (path: string, where: string, got: unknown, want: string[]) => {
          if (JSON.stringify(got) === JSON.stringify(want)) return;
          const dropped = got === undefined || JSON.stringify(got) === '[]';
          t.fail({
            rule: `media sent over ${path} comes back identical in ${where}`,
            expected: JSON.stringify(want),
            actual: got === undefined ? 'no media' : JSON.stringify(got),
            // One cause per path: dropped (or changed) on the way in shows in every place.
            title: `media sent over ${path} is ${dropped ? 'dropped' : 'changed'}`,
            key: `media:${path}:${dropped ? 'dropped' : 'changed'}`,
            subject: where === 'new_message' ? 'new_message' : 'listMessages',
          });
        };
        // Over the socket.
        let mark = bob.mark();
        t.emit(alice, 'send_message', {
          conversationSid: sid,
          body: 'media over the socket',
          author: alice.identity,
          media: MEDIA_SOCKET,
        });
        const live = await bob.waitFor('new_message', { after: mark });
        compare('the socket', 'new_message', mediaOf(live?.payload), MEDIA_SOCKET);
        // Over REST.
        mark = bob.mark();
        await sendRestMessage(t, sid, alice.identity, 'media over REST', MEDIA_REST);
        const rest = await bob.waitFor('new_message', { after: mark });
        compare('REST', 'new_message', mediaOf(rest?.payload), MEDIA_REST);
        const ex = await t.http.call('listMessages', { params: { convoSid: sid } });
        const body = t.require(ex, 'listMessages', [200], 'the history answers 200', (b) =>
          Array.isArray(b.data),
        );
        const bySocket = body.data.find((m) => m.body === 'media over the socket');
        const byRest = body.data.find((m) => m.body === 'media over REST');
        compare('the socket', 'the history', bySocket?.media, MEDIA_SOCKET);
        compare('REST', 'the history', byRest?.media, MEDIA_REST);
      },
    }),

    defineCheck({
      group: 'rest',
      name: 'flow.last-message-same-second',
      description:
        'after three messages sent within one second, last_message is the third and the history ends with it',
      run: async (t) => {
        const [alice, bob] = [t.id('alice'), t.id('bob')];
        const sid = await createConversation(t, [alice, bob]);
        const sent = [];
        for (const [who, text] of [
          [alice, 'one'],
          [bob, 'two'],
          [alice, 'three'],
        ] as const) {
          sent.push(await sendRestMessage(t, sid, who, text));
        }
        const last = sent[2];
        const list = await t.http.call('listConversations', { query: { userId: alice } });
        const body = t.require(list, 'listConversations', [200], 'listing answers 200', (b) =>
          Array.isArray(b.data),
        );
        const entry = body.data.find((c) => c.sid === sid);
        const got = entry?.last_message ? [entry.last_message.sid, entry.last_message.body] : null;
        const want = [last?.message_sid, last?.body];
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          t.fail({
            rule: 'last_message is the message sent last, even within the same second',
            expected: JSON.stringify(want),
            actual: JSON.stringify(got),
            key: 'last-message:same-second',
            subject: 'listConversations',
          });
        }
        const history = await t.http.call('listMessages', { params: { convoSid: sid } });
        const messages = t.require(history, 'listMessages', [200], 'the history answers 200', (b) =>
          Array.isArray(b.data),
        ).data;
        const order = messages.map((m) => m.body);
        if (JSON.stringify(order) !== JSON.stringify(['one', 'two', 'three'])) {
          t.fail({
            rule: 'the history keeps send order, even within the same second',
            expected: '["one","two","three"]',
            actual: JSON.stringify(order),
            key: 'history:same-second-order',
            subject: 'listMessages',
          });
        }
      },
    }),
  ];
}
