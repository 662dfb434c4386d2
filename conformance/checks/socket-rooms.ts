// Rooms at their edges: two rooms never hear each other; a disconnect of one of an
// identity's sockets is not that identity leaving; an SMS participant is announced with its
// number; identities of every form the spec allows (auth0|…, e-mail, non-ASCII) work in
// socket events; and above RoomRoster maxItems online identities a room gets deltas only.
import { type Check, type CheckContext, defineCheck } from '../context.ts';
import {
  connectUser,
  createConversation,
  joinRoom,
  sendRestMessage,
  setupRoom,
} from '../fixtures.ts';
import { declaredEffects, marks, verifyRouting } from '../routing.ts';
import type { TestSocket } from '../socket-client.ts';
import { componentSchema, isObject } from '../spec.ts';
import { typed } from './socket-routing.ts';

const INVALID = 'the payload breaks its schema (reported separately)';

/** The largest room that still gets conversation_users (RoomRoster maxItems in the spec). */
function roomListLimit(): number {
  const max = componentSchema('asyncapi.json', 'RoomRoster').maxItems;
  return typeof max === 'number' ? max : 100;
}

function sortedIdentities(list: Array<{ identity: string }> | undefined): string[] {
  return (list ?? []).map((u) => u.identity).sort();
}

/** get_online_users from `asker`; the identities listed, or undefined without an answer. */
async function onlineIdentities(
  t: CheckContext,
  asker: TestSocket,
  sid: string,
): Promise<string[] | undefined> {
  const mark = asker.mark();
  t.emit(asker, 'get_online_users', { conversationSid: sid });
  const answer = await asker.waitFor('online_users', { after: mark });
  const users = typed('online_users', answer?.payload)?.users;
  return users ? sortedIdentities(users) : undefined;
}

export function socketRoomChecks(): Check[] {
  return [
    defineCheck({
      group: 'socket',
      name: 'rooms.separate',
      description:
        'messages to one conversation (socket or REST) never reach the sockets in another conversation’s room',
      run: async (t) => {
        const first = await setupRoom(t, { members: ['alice', 'bob'] });
        const second = await setupRoom(t, { members: ['carol', 'dave'] });
        const [alice] = first.members as [TestSocket];
        const [, dave] = second.members as [TestSocket, TestSocket];
        let before = marks(t.sockets);
        t.emit(alice, 'send_message', {
          conversationSid: first.sid,
          body: 'one',
          author: alice.identity,
        });
        await verifyRouting(t, before, {
          cause: 'send_message',
          sender: alice,
          room: first.members,
          outsiders: second.members,
          expect: [{ event: 'message_sent' }, { event: 'new_message', once: true }],
        });
        before = marks(t.sockets);
        await sendRestMessage(t, second.sid, dave.identity, 'two');
        await verifyRouting(t, before, {
          cause: 'REST sendMessage',
          room: second.members,
          outsiders: first.members,
          expect: [{ event: 'new_message', once: true }],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'disconnect.multi-socket',
      description:
        'a disconnect of one of an identity’s sockets: user_left and conversation_users (still listing it), no user_status_changed',
      run: async (t) => {
        const [aliceId, bobId] = [t.id('alice'), t.id('bob')];
        const sid = await createConversation(t, [aliceId, bobId]);
        const alice = await connectUser(t, aliceId, 'alice');
        const bob1 = await connectUser(t, bobId, 'bob#1');
        const bob2 = await connectUser(t, bobId, 'bob#2');
        for (const socket of [alice, bob1, bob2]) await joinRoom(t, socket, sid);
        await t.settle();
        const before = marks(t.sockets);
        t.lastAction = `${bob2.name} disconnects without leave_conversation`;
        bob2.close();
        const want = [aliceId, bobId].sort();
        await verifyRouting(t, before, {
          cause: 'disconnect',
          model: 'leave_conversation',
          sender: bob2,
          room: [alice, bob1, bob2],
          outsiders: [],
          expect: declaredEffects(
            'leave_conversation',
            {
              conversation_users: (p) => {
                const c = typed('conversation_users', p);
                if (!c) return INVALID;
                const got = sortedIdentities(c.onlineUsers);
                return JSON.stringify(got) === JSON.stringify(want)
                  ? undefined
                  : `users ${JSON.stringify(got)} instead of ${JSON.stringify(want)} (bob still has a socket in the room)`;
              },
            },
            ['user_status_changed'],
          ),
          mayAlso: [],
          forbid: [
            {
              event: 'user_status_changed',
              rule: 'user_status_changed only when the identity’s last socket leaves or disconnects',
            },
          ],
        });
        const online = await onlineIdentities(t, alice, sid);
        if (JSON.stringify(online) !== JSON.stringify(want)) {
          t.fail({
            rule: 'an identity with a socket left in the room stays online',
            expected: `online users ${JSON.stringify(want)}`,
            actual: online ? `online users ${JSON.stringify(online)}` : 'no online_users',
          });
        }
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'rest.add-sms-participant',
      description:
        'add-sms-participant tells the room with conversation_updated (participant_added) carrying the phone number',
      covers: ['addSmsParticipant'],
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const before = marks(t.sockets);
        const phone = `+1555${String(t.run.randomInt(1e7)).padStart(7, '0')}`;
        const ex = await t.http.call('addSmsParticipant', {
          params: { convoSid: sid },
          json: { phone_number: phone },
        });
        if (ex.status === 400 && isObject(ex.json) && ex.json.code === 'sms_not_configured') {
          t.skip('the server does not add SMS participants (400 sms_not_configured)');
        }
        const added = t.require(
          ex,
          'addSmsParticipant',
          [200],
          'a valid add-sms-participant request answers 200',
        ).data;
        await verifyRouting(t, before, {
          cause: 'REST addSmsParticipant',
          room: members,
          outsiders,
          expect: [
            {
              event: 'conversation_updated',
              check: (p) => {
                const c = typed('conversation_updated', p);
                if (!c) return INVALID;
                const u = c.update;
                return u.type === 'participant_added' &&
                  u.participantSid === added.participant_sid &&
                  u.phoneNumber === phone &&
                  c.conversationSid === sid
                  ? undefined
                  : `update ${JSON.stringify(u)} (expected participant_added ${added.participant_sid} with phoneNumber ${phone})`;
              },
            },
          ],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'presence.identity-forms',
      description:
        'identities of every form the spec allows (auth0|…, non-ASCII, e-mail) join, are listed and author messages',
      run: async (t) => {
        const ids = [`auth0|${t.id('a')}`, `José-${t.id('b')}`, `${t.id('c')}@example.com`];
        const sid = await createConversation(t, ids);
        const sockets: TestSocket[] = [];
        for (const identity of ids) {
          const socket = await connectUser(t, identity, identity.split('-').pop());
          await joinRoom(t, socket, sid);
          sockets.push(socket);
        }
        await t.settle();
        const [first] = sockets as [TestSocket];
        const online = await onlineIdentities(t, first, sid);
        if (JSON.stringify(online) !== JSON.stringify([...ids].sort())) {
          t.fail({
            rule: 'every identity the Identity pattern allows is listed as itself',
            expected: `online users ${JSON.stringify([...ids].sort())}`,
            actual: online ? `online users ${JSON.stringify(online)}` : 'no online_users',
          });
        }
        const before = marks(t.sockets);
        t.emit(first, 'send_message', { conversationSid: sid, body: 'hola', author: ids[0] });
        await verifyRouting(t, before, {
          cause: 'send_message',
          sender: first,
          room: sockets,
          outsiders: [],
          expect: [
            { event: 'message_sent' },
            {
              event: 'new_message',
              once: true,
              check: (p) => {
                const n = typed('new_message', p);
                if (!n) return INVALID;
                return n.message.author === ids[0]
                  ? undefined
                  : `author ${JSON.stringify(n.message.author)} (expected ${ids[0]})`;
              },
            },
          ],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'presence.room-list-limit',
      description:
        'conversation_users goes to rooms of up to RoomRoster maxItems (100) online identities; above that, deltas only',
      roundTrips: 120,
      run: async (t) => {
        const limit = roomListLimit();
        const crowd = Array.from({ length: limit - 1 }, (_, i) => t.id(`crowd${i}`));
        const [aliceId, bobId] = [t.id('alice'), t.id('bob')];
        const sid = await createConversation(t, [aliceId, bobId]);
        // Where a token says who a socket is, only participants may join (auth.non-participant).
        if (t.options.auth) {
          for (let i = 0; i < crowd.length; i += 10) {
            await Promise.all(
              crowd.slice(i, i + 10).map((identity) =>
                t.fixture('add the crowd as participants', async () => {
                  const ex = await t.http.call('addChatParticipant', {
                    params: { convoSid: sid },
                    json: { identity },
                  });
                  t.require(ex, 'addChatParticipant', [200], 'add-chat-participant answers 200');
                }),
              ),
            );
          }
        }
        // The crowd: limit - 1 identities, one socket each, joined in turn.
        // One at a time: on a loaded machine a burst of handshakes could miss the timeout.
        const crowdSockets: TestSocket[] = [];
        for (const identity of crowd) {
          const socket = await t.connect(identity, { name: identity.split('-').pop() });
          await joinRoom(t, socket, sid);
          crowdSockets.push(socket);
        }
        const alice = await t.connect(aliceId, { name: 'alice' });
        const bob = await t.connect(bobId, { name: 'bob' });
        await t.settle();
        // The limit-th identity: the list still goes to the whole room.
        let before = marks(t.sockets);
        t.emit(alice, 'join_conversation', { conversationSid: sid, identity: aliceId });
        const full = [...crowd, aliceId].sort();
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: alice,
          room: [...crowdSockets, alice],
          outsiders: [bob],
          expect: declaredEffects('join_conversation', {
            conversation_users: (p) => {
              const c = typed('conversation_users', p);
              if (!c) return INVALID;
              const got = sortedIdentities(c.onlineUsers);
              return JSON.stringify(got) === JSON.stringify(full)
                ? undefined
                : `${got.length} users listed (expected the ${full.length} in the room)`;
            },
          }),
        });
        // One past the limit: user_joined and user_status_changed, no list to anyone.
        const rule = `no conversation_users in a room of more than ${limit} online identities`;
        before = marks(t.sockets);
        t.emit(bob, 'join_conversation', { conversationSid: sid, identity: bobId });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: bob,
          room: [...crowdSockets, alice, bob],
          outsiders: [],
          expect: declaredEffects('join_conversation', {}, ['conversation_users']),
          forbid: [{ event: 'conversation_users', rule }],
        });
        // Back to the limit: the remaining room gets the list again.
        before = marks(t.sockets);
        t.emit(bob, 'leave_conversation', { conversationSid: sid, identity: bobId });
        await verifyRouting(t, before, {
          cause: 'leave_conversation',
          sender: bob,
          room: [...crowdSockets, alice, bob],
          outsiders: [],
          expect: declaredEffects('leave_conversation', {
            conversation_users: (p) => {
              const c = typed('conversation_users', p);
              if (!c) return INVALID;
              const got = sortedIdentities(c.onlineUsers);
              return JSON.stringify(got) === JSON.stringify(full)
                ? undefined
                : `${got.length} users listed (expected the ${full.length} left in the room)`;
            },
          }),
        });
      },
    }),
  ];
}
