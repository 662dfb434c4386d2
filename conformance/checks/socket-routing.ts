// Socket.IO routing with several real clients at once. Each check builds its own room and
// judges each step with the spec's audiences (routing.ts): replies to the sender only,
// broadcasts to the others or the whole room, never to a socket outside the room or one
// that left; typing never echoed, and ignored outside the room; one identity per socket
// in a room; presence per identity; REST changes reach the room.
import type { ServerEventPayloads } from '../../generated/events.ts';
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
import { componentSchema, payloadValidator, type ServerEventName } from '../spec.ts';
import { randomMatching } from './requests.ts';

/** The payload typed as the spec declares it, or undefined when it breaks the schema. */
export function typed<E extends ServerEventName>(
  event: E,
  payload: unknown,
): ServerEventPayloads[E] | undefined {
  const validate = payloadValidator(event);
  return validate?.(payload) ? (payload as ServerEventPayloads[E]) : undefined;
}

/** A well-formed conversation SID nobody created. */
export function unknownSid(t: CheckContext): string {
  return randomMatching(t, componentSchema('asyncapi.json', 'ConversationSid'));
}

const INVALID = 'the payload breaks its schema (reported separately)';

function identities(list: Array<{ identity: string }>): string[] {
  return list.map((u) => u.identity).sort();
}

/** conversation_users / online_users list exactly these identities, one entry each. */
function listsExactly(expected: TestSocket[]) {
  const want = [...new Set(expected.map((s) => s.identity))].sort();
  return (users: Array<{ identity: string }>): string | undefined => {
    const got = identities(users);
    return JSON.stringify(got) === JSON.stringify(want)
      ? undefined
      : `users ${JSON.stringify(got)} instead of ${JSON.stringify(want)} (one entry per identity)`;
  };
}

export function socketRoutingChecks(): Check[] {
  return [
    defineCheck({
      group: 'socket',
      name: 'join_conversation.routing',
      description:
        'join: each event join_conversation declares (x-emits) reaches exactly its audience, with the right data',
      run: async (t) => {
        const { sid, sockets } = await setupRoom(t, {
          members: [],
          outsiders: ['alice', 'bob', 'carol'],
        });
        const [alice, bob, carol] = [sockets.alice, sockets.bob, sockets.carol] as [
          TestSocket,
          TestSocket,
          TestSocket,
        ];
        let before = marks(t.sockets);
        t.emit(alice, 'join_conversation', { conversationSid: sid, identity: alice.identity });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: alice,
          room: [alice],
          outsiders: [bob, carol],
          expect: declaredEffects('join_conversation', joinChecks(sid, alice, [alice])),
        });
        before = marks(t.sockets);
        t.emit(bob, 'join_conversation', { conversationSid: sid, identity: bob.identity });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: bob,
          room: [alice, bob],
          outsiders: [carol],
          expect: declaredEffects('join_conversation', joinChecks(sid, bob, [alice, bob])),
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'join_conversation.rejoin',
      description: 'joining a room again only repeats joined_conversation and conversation_users',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice] = members as [TestSocket];
        const before = marks(t.sockets);
        t.emit(alice, 'join_conversation', { conversationSid: sid, identity: alice.identity });
        const rule =
          'joining a room the socket is already in only repeats joined_conversation and conversation_users';
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: alice,
          room: members,
          outsiders,
          expect: declaredEffects('join_conversation', joinChecks(sid, alice, members), [
            'user_joined',
            'user_status_changed',
          ]),
          forbid: [
            { event: 'user_joined', rule },
            { event: 'user_status_changed', rule },
          ],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'send_message.routing',
      description:
        'send_message: message_sent to the sender, new_message once to the whole room with the same SID, nothing outside',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice] = members as [TestSocket];
        const before = marks(t.sockets);
        const payload = {
          conversationSid: sid,
          body: 'Hello room',
          author: alice.identity,
          media: ['https://example.com/image.jpg'],
        };
        t.emit(alice, 'send_message', payload);
        const sentSid = () =>
          typed('message_sent', alice.since(before.get(alice) ?? 0, 'message_sent')[0]?.payload)
            ?.messageSid;
        await verifyRouting(t, before, {
          cause: 'send_message',
          sender: alice,
          room: members,
          outsiders,
          expect: [
            {
              event: 'message_sent',
              check: (p) => {
                const m = typed('message_sent', p);
                return !m
                  ? INVALID
                  : m.conversationSid === sid
                    ? undefined
                    : `conversationSid ${m.conversationSid}`;
              },
            },
            {
              event: 'new_message',
              once: true,
              check: (p) => {
                const n = typed('new_message', p);
                if (!n) return INVALID;
                // `date_created` is described, not declared, in the spec (SocketMessage).
                const { dateCreated } = n.message;
                const snake = 'date_created' in n.message ? n.message.date_created : undefined;
                if (snake !== undefined && snake !== dateCreated) {
                  return `message.date_created ${snake} differs from dateCreated ${dateCreated}`;
                }
                const got = [
                  n.conversationSid,
                  n.message.sid,
                  n.message.body,
                  n.message.author,
                  n.message.media,
                ];
                const want = [sid, sentSid(), payload.body, payload.author, payload.media];
                return JSON.stringify(got) === JSON.stringify(want)
                  ? undefined
                  : `[conversationSid, sid, body, author, media] = ${JSON.stringify(got)}, expected ${JSON.stringify(want)} (sid of message_sent)`;
              },
            },
          ],
        });
        const history = await t.http.call('listMessages', { params: { convoSid: sid } });
        const stored = t.expect(history, 'listMessages', [200], 'the history answers 200');
        const messageSid = sentSid();
        if (stored && messageSid && !stored.data.some((m) => m.sid === messageSid)) {
          t.fail({
            rule: 'a message sent over the socket is stored (REST history has it)',
            expected: `history contains ${messageSid}`,
            actual: `sids ${JSON.stringify(stored.data.map((m) => m.sid))}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'send_message.from-outside',
      description:
        'a sender outside the room gets message_sent; the room gets new_message; the sender does not',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [carol] = outsiders as [TestSocket];
        const before = marks(t.sockets);
        t.emit(carol, 'send_message', {
          conversationSid: sid,
          body: 'from outside',
          author: carol.identity,
        });
        await verifyRouting(t, before, {
          cause: 'send_message',
          sender: carol,
          room: members,
          outsiders: [],
          expect: [{ event: 'message_sent' }, { event: 'new_message', once: true }],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'typing.routing',
      description:
        'typing_start/typing_stop reach the others as user_typing, never the typist or outsiders',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice] = members as [TestSocket];
        for (const [event, isTyping] of [
          ['typing_start', true],
          ['typing_stop', false],
        ] as const) {
          const before = marks(t.sockets);
          t.emit(alice, event, { conversationSid: sid, identity: alice.identity });
          await verifyRouting(t, before, {
            cause: event,
            sender: alice,
            room: members,
            outsiders,
            expect: [
              {
                event: 'user_typing',
                check: (p) => {
                  const u = typed('user_typing', p);
                  if (!u) return INVALID;
                  return u.identity === alice.identity &&
                    u.isTyping === isTyping &&
                    u.conversationSid === sid
                    ? undefined
                    : `identity ${u.identity}, isTyping ${u.isTyping} (expected ${alice.identity}, ${isTyping})`;
                },
              },
            ],
          });
        }
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'typing.outside-room',
      description:
        'typing in a room the socket has not joined is ignored: no message_error, nothing to the room, the connection stays up',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [carol] = outsiders as [TestSocket];
        const rule =
          'typing_start/typing_stop from a socket that has not joined the room are ignored (no message_error, no user_typing)';
        for (const event of ['typing_start', 'typing_stop'] as const) {
          const before = marks(t.sockets);
          t.emit(carol, event, { conversationSid: sid, identity: carol.identity });
          await verifyRouting(t, before, {
            cause: event,
            sender: carol,
            room: members,
            outsiders: [],
            expect: [],
            mayAlso: [],
            forbid: [
              { event: 'message_error', rule },
              { event: 'user_typing', rule },
            ],
          });
          if (!carol.connected) {
            t.fail({
              rule: 'the connection stays open after typing outside a room',
              expected: `${carol.name} still connected`,
              actual: 'disconnected',
            });
          }
        }
        // A room that does not exist is a room the socket has not joined.
        let before = marks(t.sockets);
        t.emit(carol, 'typing_start', { conversationSid: unknownSid(t), identity: carol.identity });
        await verifyRouting(t, before, {
          cause: 'typing_start',
          sender: carol,
          room: members,
          outsiders: [],
          expect: [],
          mayAlso: [],
          forbid: [
            { event: 'message_error', rule },
            { event: 'user_typing', rule },
          ],
        });
        // Validation comes first: a payload that breaks the schema is answered, joined or not.
        for (const event of ['typing_start', 'typing_stop'] as const) {
          before = marks(t.sockets);
          t.emit(carol, event, { conversationSid: sid, identity: carol.identity, isTyping: true });
          await verifyRouting(t, before, {
            cause: event,
            sender: carol,
            room: members,
            outsiders: [],
            expect: [{ event: 'message_error', check: eventNamed(event) }],
            mayAlso: [],
          });
        }
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'join_conversation.other-identity',
      description:
        'a socket in a room under one identity that joins it as another gets message_error, nothing reaches the room; after leaving it may join as the other',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice, bob] = members as [TestSocket, TestSocket];
        const [carol] = outsiders as [TestSocket];
        let before = marks(t.sockets);
        t.emit(alice, 'join_conversation', { conversationSid: sid, identity: carol.identity });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: alice,
          room: members,
          outsiders,
          expect: [{ event: 'message_error', check: eventNamed('join_conversation') }],
          mayAlso: [],
        });
        const mark = bob.mark();
        t.emit(bob, 'get_online_users', { conversationSid: sid });
        const answer = await bob.waitFor('online_users', { after: mark });
        const users = typed('online_users', answer?.payload)?.users;
        const problem = users ? listsExactly(members)(users) : 'no valid online_users';
        if (problem) {
          t.fail({
            rule: 'a refused join changes nobody’s presence',
            expected: `online users ${JSON.stringify(members.map((m) => m.identity).sort())}`,
            actual: problem,
          });
        }
        // With tokens a socket acts as its token's identity only (auth.acts-as-token).
        if (t.options.auth || t.options.token !== undefined) return;
        before = marks(t.sockets);
        t.emit(alice, 'leave_conversation', { conversationSid: sid, identity: alice.identity });
        await verifyRouting(t, before, {
          cause: 'leave_conversation',
          sender: alice,
          room: members,
          outsiders,
          expect: declaredEffects('leave_conversation', leaveChecks(alice, [bob])),
        });
        before = marks(t.sockets);
        t.emit(alice, 'join_conversation', { conversationSid: sid, identity: carol.identity });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: alice,
          room: [alice, bob],
          outsiders,
          expect: declaredEffects('join_conversation', {
            ...joinChecks(sid, carol, [carol, bob]),
            conversation_users: (p) => {
              const c = typed('conversation_users', p);
              if (!c) return INVALID;
              const got = identities(c.onlineUsers);
              const want = [bob.identity, carol.identity].sort();
              return JSON.stringify(got) === JSON.stringify(want)
                ? undefined
                : `users ${JSON.stringify(got)} instead of ${JSON.stringify(want)} (after leave, a socket may join as another identity)`;
            },
          }),
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'leave_conversation.routing',
      description:
        'leave: each event leave_conversation declares reaches exactly the others; nothing reaches the leaver afterwards',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice, bob] = members as [TestSocket, TestSocket];
        let before = marks(t.sockets);
        t.emit(bob, 'leave_conversation', { conversationSid: sid, identity: bob.identity });
        await verifyRouting(t, before, {
          cause: 'leave_conversation',
          sender: bob,
          room: [alice, bob],
          outsiders,
          expect: declaredEffects('leave_conversation', leaveChecks(bob, [alice])),
        });
        before = marks(t.sockets);
        t.emit(alice, 'send_message', {
          conversationSid: sid,
          body: 'after bob left',
          author: alice.identity,
        });
        await verifyRouting(t, before, {
          cause: 'send_message',
          sender: alice,
          room: [alice],
          outsiders,
          left: [bob],
          expect: [{ event: 'message_sent' }, { event: 'new_message', once: true }],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'leave_conversation.not-in-room',
      description: 'leaving a room the socket is not in does nothing',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [carol] = outsiders as [TestSocket];
        const rule = 'leaving a room the socket is not in does nothing';
        // The room of this conversation, then a room that does not exist.
        for (const conversationSid of [sid, unknownSid(t)]) {
          const before = marks(t.sockets);
          t.emit(carol, 'leave_conversation', { conversationSid, identity: carol.identity });
          await verifyRouting(t, before, {
            cause: 'leave_conversation',
            sender: carol,
            room: members,
            outsiders: [],
            expect: [],
            forbid: (
              ['user_left', 'conversation_users', 'user_status_changed', 'message_error'] as const
            ).map((event) => ({ event, rule })),
          });
        }
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'disconnect.user_left',
      description:
        'a disconnect without leave_conversation tells the others what a leave would (user_left, …)',
      run: async (t) => {
        const { members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice, bob] = members as [TestSocket, TestSocket];
        const before = marks(t.sockets);
        t.lastAction = `${bob.name} disconnects without leave_conversation`;
        bob.close();
        await verifyRouting(t, before, {
          cause: 'disconnect',
          model: 'leave_conversation',
          sender: bob,
          room: [alice, bob],
          outsiders,
          expect: declaredEffects('leave_conversation', leaveChecks(bob, [alice])),
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'presence.multi-socket',
      description:
        'presence is per identity: a second socket of a user joins and leaves without user_status_changed',
      run: async (t) => {
        const [aliceId, bobId] = [t.id('alice'), t.id('bob')];
        const sid = await createConversation(t, [aliceId, bobId]);
        const alice1 = await connectUser(t, aliceId, 'alice#1');
        const alice2 = await connectUser(t, aliceId, 'alice#2');
        const bob = await connectUser(t, bobId, 'bob');
        await joinRoom(t, alice1, sid);
        await joinRoom(t, bob, sid);
        await t.settle();
        const rule =
          'user_status_changed only when the identity’s presence flips (first socket in, last socket out)';
        const forbid = [{ event: 'user_status_changed' as const, rule }];
        let before = marks(t.sockets);
        t.emit(alice2, 'join_conversation', { conversationSid: sid, identity: aliceId });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: alice2,
          room: [alice1, alice2, bob],
          outsiders: [],
          expect: declaredEffects('join_conversation', joinChecks(sid, alice2, [alice1, bob]), [
            'user_status_changed',
          ]),
          forbid,
        });
        before = marks(t.sockets);
        t.emit(alice2, 'leave_conversation', { conversationSid: sid, identity: aliceId });
        await verifyRouting(t, before, {
          cause: 'leave_conversation',
          sender: alice2,
          room: [alice1, alice2, bob],
          outsiders: [],
          expect: declaredEffects('leave_conversation', leaveChecks(alice2, [alice1, bob]), [
            'user_status_changed',
          ]),
          forbid,
        });
        before = marks(t.sockets);
        t.emit(alice1, 'leave_conversation', { conversationSid: sid, identity: aliceId });
        await verifyRouting(t, before, {
          cause: 'leave_conversation',
          sender: alice1,
          room: [alice1, bob],
          outsiders: [],
          left: [alice2],
          expect: declaredEffects('leave_conversation', leaveChecks(alice1, [bob])),
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'presence.user-id',
      description:
        'presence entries carry the userId given in user_connect, the identity when none was given',
      run: async (t) => {
        const [aliceId, bobId, daveId] = [t.id('alice'), t.id('bob'), t.id('dave')];
        const userId = t.id('account-42');
        const sid = await createConversation(t, [aliceId, bobId, daveId]);
        const alice = await t.connect(aliceId);
        let mark = alice.mark();
        t.emit(alice, 'user_connect', { userId, identity: aliceId });
        await alice.waitFor('user_connected', { after: mark });
        await joinRoom(t, alice, sid);
        const bob = await connectUser(t, bobId, 'bob');
        await joinRoom(t, bob, sid);
        mark = bob.mark();
        t.emit(bob, 'get_online_users', { conversationSid: sid });
        const answer = await bob.waitFor('online_users', { after: mark });
        const users = typed('online_users', answer?.payload)?.users;
        const entry = users?.find((u) => u.identity === aliceId);
        if (entry?.userId !== userId) {
          t.fail({
            rule: 'an online user’s userId is the one given in user_connect',
            expected: `userId ${userId} for ${aliceId}`,
            actual: entry
              ? `userId ${entry.userId}`
              : `no entry for ${aliceId}: ${JSON.stringify(users)}`,
          });
        }
        // A socket that never sent user_connect: its userId is its identity (OnlineUser).
        const dave = await t.connect(daveId);
        await joinRoom(t, dave, sid);
        mark = bob.mark();
        t.emit(bob, 'get_online_users', { conversationSid: sid });
        const later = await bob.waitFor('online_users', { after: mark });
        const list = typed('online_users', later?.payload)?.users;
        const daveEntry = list?.find((u) => u.identity === daveId);
        if (daveEntry?.userId !== daveId) {
          t.fail({
            rule: 'an online user who never sent user_connect has userId = identity',
            expected: `userId ${daveId} for ${daveId}`,
            actual: daveEntry
              ? `userId ${daveEntry.userId}`
              : `no entry for ${daveId}: ${JSON.stringify(list)}`,
          });
        }
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'rest.send-message',
      description:
        'a message sent through REST reaches every socket in the room once as new_message',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice] = members as [TestSocket];
        const before = marks(t.sockets);
        const sent = await sendRestMessage(t, sid, alice.identity, 'sent through REST');
        await verifyRouting(t, before, {
          cause: 'REST sendMessage',
          room: members,
          outsiders,
          expect: [
            {
              event: 'new_message',
              once: true,
              check: (p) => {
                const n = typed('new_message', p);
                if (!n) return INVALID;
                return n.message.sid === sent.message_sid &&
                  n.message.body === sent.body &&
                  n.conversationSid === sid
                  ? undefined
                  : `message.sid ${n.message.sid} (expected ${sent.message_sid} from the REST answer)`;
              },
            },
          ],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'rest.add-participant',
      description:
        'add-chat-participant tells the room with conversation_updated (participant_added)',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const before = marks(t.sockets);
        const dave = t.id('dave');
        const ex = await t.http.call('addChatParticipant', {
          params: { convoSid: sid },
          json: { identity: dave },
        });
        const added = t.require(
          ex,
          'addChatParticipant',
          [200],
          'a valid add-chat-participant request answers 200',
        ).data;
        await verifyRouting(t, before, {
          cause: 'REST addChatParticipant',
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
                  c.conversationSid === sid
                  ? undefined
                  : `update ${JSON.stringify(u)} (expected participant_added ${added.participant_sid})`;
              },
            },
          ],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'rest.delete',
      description:
        'deleting a conversation tells the room (conversation_updated: deleted) and empties the room',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [alice, bob] = members as [TestSocket, TestSocket];
        let before = marks(t.sockets);
        const ex = await t.http.call('deleteConversation', { params: { convoSid: sid } });
        t.require(ex, 'deleteConversation', [200], 'deleting an existing conversation answers 200');
        await verifyRouting(t, before, {
          cause: 'REST deleteConversation',
          room: members,
          outsiders,
          expect: [
            {
              event: 'conversation_updated',
              check: (p) => {
                const c = typed('conversation_updated', p);
                return !c
                  ? INVALID
                  : c.update.type === 'deleted' && c.conversationSid === sid
                    ? undefined
                    : `update ${JSON.stringify(c.update)}`;
              },
            },
          ],
          mayAlso: [],
        });
        // The room is empty now: typing there is typing outside a room, ignored.
        before = marks(t.sockets);
        t.emit(alice, 'typing_start', { conversationSid: sid, identity: alice.identity });
        const rule =
          'after a delete the sockets are out of the room: their typing is ignored (no user_typing, no message_error)';
        await verifyRouting(t, before, {
          cause: 'typing_start',
          sender: alice,
          room: [],
          outsiders,
          left: [bob],
          expect: [],
          mayAlso: [],
          forbid: [
            { event: 'user_typing', rule },
            { event: 'message_error', rule },
          ],
        });
        // The conversation is gone: asking about it or posting to it fails like an unknown one.
        for (const [event, payload] of [
          ['get_online_users', { conversationSid: sid }],
          ['send_message', { conversationSid: sid, body: 'too late', author: alice.identity }],
        ] as const) {
          before = marks(t.sockets);
          t.emit(alice, event, payload);
          await verifyRouting(t, before, {
            cause: event,
            sender: alice,
            room: [],
            outsiders,
            left: [bob],
            expect: [{ event: 'message_error', check: eventNamed(event) }],
            mayAlso: [],
          });
        }
      },
    }),
  ];
}

type Checks = Partial<Record<ServerEventName, (payload: unknown) => string | undefined>>;

/** What each join effect must say when `joiner` joins and `present` are then in the room. */
function joinChecks(sid: string, joiner: TestSocket, present: TestSocket[]): Checks {
  return {
    joined_conversation: (p) => {
      const j = typed('joined_conversation', p);
      return !j
        ? INVALID
        : j.conversationSid === sid
          ? undefined
          : `conversationSid ${j.conversationSid}`;
    },
    conversation_users: (p) => {
      const c = typed('conversation_users', p);
      return c ? listsExactly(present)(c.onlineUsers) : INVALID;
    },
    user_joined: identityIs(joiner),
    user_status_changed: statusIs(joiner, true),
  };
}

/** What each leave effect must say when `leaver` leaves and `remaining` stay. */
function leaveChecks(leaver: TestSocket, remaining: TestSocket[]): Checks {
  return {
    user_left: identityIs(leaver),
    user_status_changed: statusIs(leaver, false),
    conversation_users: (p) => {
      const c = typed('conversation_users', p);
      return c ? listsExactly(remaining)(c.onlineUsers) : INVALID;
    },
  };
}

function identityIs(socket: TestSocket) {
  return (p: unknown) => {
    const identity = (p as { identity?: unknown } | null)?.identity;
    return identity === socket.identity
      ? undefined
      : `identity ${JSON.stringify(identity)} (expected ${socket.identity})`;
  };
}

function statusIs(socket: TestSocket, online: boolean) {
  return (p: unknown) => {
    const u = typed('user_status_changed', p);
    if (!u) return INVALID;
    return u.identity === socket.identity && u.status.online === online
      ? undefined
      : `identity ${u.identity}, online ${u.status.online} (expected ${socket.identity}, ${online})`;
  };
}

/** message_error names the failed client event when it says which one. */
export function eventNamed(event: string) {
  return (p: unknown) => {
    const e = typed('message_error', p);
    if (!e) return INVALID;
    return e.event === undefined || e.event === event
      ? undefined
      : `event ${e.event} (expected ${event})`;
  };
}
