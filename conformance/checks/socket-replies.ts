// Reply pairs and failures: user_connect → user_connected, get_online_users → online_users,
// ping → pong, each to the sender only; an unknown conversation (join, get_online_users,
// send) → message_error to the sender and nothing else; both transports (websocket,
// polling) carry the protocol.
import { type Check, defineCheck } from '../context.ts';
import { setupRoom } from '../fixtures.ts';
import { marks, verifyRouting } from '../routing.ts';
import type { TestSocket } from '../socket-client.ts';
import { eventNamed, typed, unknownSid } from './socket-routing.ts';

const INVALID = 'the payload breaks its schema (reported separately)';

export function socketReplyChecks(): Check[] {
  return [
    defineCheck({
      group: 'socket',
      name: 'user_connect.reply',
      description:
        'user_connect is answered with user_connected (same userId/identity) to the sender only',
      run: async (t) => {
        const [aliceId, bobId] = [t.id('alice'), t.id('bob')];
        const alice = await t.connect(aliceId);
        const bob = await t.connect(bobId);
        const before = marks(t.sockets);
        t.emit(alice, 'user_connect', { userId: aliceId, identity: aliceId });
        await verifyRouting(t, before, {
          cause: 'user_connect',
          sender: alice,
          room: [],
          outsiders: [bob],
          expect: [
            {
              event: 'user_connected',
              check: (p) => {
                const u = typed('user_connected', p);
                if (!u) return INVALID;
                return u.userId === aliceId && u.identity === aliceId
                  ? undefined
                  : `userId ${u.userId}, identity ${u.identity} (expected ${aliceId})`;
              },
            },
          ],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'get_online_users.reply',
      description:
        'get_online_users is answered with online_users to the sender only, one entry per identity in the room',
      run: async (t) => {
        const { sid, members, outsiders } = await setupRoom(t, {
          members: ['alice', 'bob'],
          outsiders: ['carol'],
        });
        const [carol] = outsiders as [TestSocket];
        const before = marks(t.sockets);
        t.emit(carol, 'get_online_users', { conversationSid: sid });
        const want = members.map((m) => m.identity).sort();
        await verifyRouting(t, before, {
          cause: 'get_online_users',
          sender: carol,
          room: members,
          outsiders: [],
          expect: [
            {
              event: 'online_users',
              check: (p) => {
                const o = typed('online_users', p);
                if (!o) return INVALID;
                const got = o.users.map((u) => u.identity).sort();
                return o.conversationSid === sid && JSON.stringify(got) === JSON.stringify(want)
                  ? undefined
                  : `users ${JSON.stringify(got)} (expected ${JSON.stringify(want)}, the sockets in the room)`;
              },
            },
          ],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'ping.reply',
      description: 'ping is answered with pong to the sender only',
      run: async (t) => {
        const alice = await t.connect(t.id('alice'));
        const bob = await t.connect(t.id('bob'));
        const before = marks(t.sockets);
        t.emit(alice, 'ping');
        await verifyRouting(t, before, {
          cause: 'ping',
          sender: alice,
          room: [],
          outsiders: [bob],
          expect: [{ event: 'pong', once: true }],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'join_conversation.unknown',
      description:
        'joining an unknown conversation is answered with message_error to the sender only',
      run: async (t) => {
        const { members, outsiders } = await setupRoom(t, {
          members: ['alice'],
          outsiders: ['bob'],
        });
        const [bob] = outsiders as [TestSocket];
        const sid = unknownSid(t);
        const before = marks(t.sockets);
        t.emit(bob, 'join_conversation', { conversationSid: sid, identity: bob.identity });
        await verifyRouting(t, before, {
          cause: 'join_conversation',
          sender: bob,
          room: [],
          outsiders: members,
          expect: [{ event: 'message_error', check: errorFor('join_conversation', sid) }],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'get_online_users.unknown',
      description:
        'asking who is online in an unknown conversation is answered with message_error to the sender only',
      run: async (t) => {
        const { members, outsiders } = await setupRoom(t, {
          members: ['alice'],
          outsiders: ['bob'],
        });
        const [bob] = outsiders as [TestSocket];
        const sid = unknownSid(t);
        const before = marks(t.sockets);
        t.emit(bob, 'get_online_users', { conversationSid: sid });
        await verifyRouting(t, before, {
          cause: 'get_online_users',
          sender: bob,
          room: [],
          outsiders: members,
          expect: [{ event: 'message_error', check: errorFor('get_online_users', sid) }],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'send_message.unknown',
      description:
        'sending to an unknown conversation is answered with message_error; nothing is sent or broadcast',
      run: async (t) => {
        const { members, outsiders } = await setupRoom(t, {
          members: ['alice'],
          outsiders: ['bob'],
        });
        const [bob] = outsiders as [TestSocket];
        const sid = unknownSid(t);
        const before = marks(t.sockets);
        t.emit(bob, 'send_message', {
          conversationSid: sid,
          body: 'into the void',
          author: bob.identity,
        });
        await verifyRouting(t, before, {
          cause: 'send_message',
          sender: bob,
          room: [],
          outsiders: members,
          expect: [{ event: 'message_error', check: errorFor('send_message', sid) }],
          mayAlso: [],
        });
      },
    }),

    defineCheck({
      group: 'socket',
      name: 'transport.polling',
      description: 'the HTTP long-polling transport works too (user_connect, ping)',
      run: async (t) => {
        const identity = t.id('alice');
        const socket = await t.connect(identity, {
          name: 'alice(polling)',
          transports: ['polling'],
        });
        const mark = socket.mark();
        t.emit(socket, 'user_connect', { userId: identity, identity });
        if (!(await socket.waitFor('user_connected', { after: mark }))) {
          t.fail({
            rule: 'user_connect is answered with user_connected over long-polling',
            expected: 'user_connected',
            actual: `nothing within ${t.options.timeoutMs} ms`,
          });
        }
        if (!(await socket.barrier())) {
          t.fail({
            rule: 'ping is answered with pong over long-polling',
            expected: 'pong',
            actual: `nothing within ${t.options.timeoutMs} ms`,
          });
        }
      },
    }),
  ];
}

/** message_error for `event`, carrying the payload's conversationSid if it carries one. */
function errorFor(event: string, sid: string) {
  const named = eventNamed(event);
  return (p: unknown) => {
    const problem = named(p);
    if (problem) return problem;
    const e = typed('message_error', p);
    return e?.conversationSid === undefined || e.conversationSid === sid
      ? undefined
      : `conversationSid ${e.conversationSid} (expected ${sid}, the one in the payload)`;
  };
}
