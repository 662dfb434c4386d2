// Optional authentication, judged either way: a server that requires a bearer token must
// answer 401 (with the envelope) on every protected operation without one, and never on
// the public ones (generate-token, /healthz, media bytes; generate-token may require its
// own issuer key instead); a server that refuses a socket handshake must say
// `unauthorized`. A token that is sent is checked whether or not tokens are required: a bad
// one is answered 401 on every protected operation and refused at the handshake. Whenever a token is presented, a
// request acting as another identity (message author, userId) is refused with 403, and
// (with --auth, one token per identity) a third identity that is not a participant is
// refused on every conversation operation and event the spec's x-access guards.
import { type Check, type CheckContext, defineCheck } from '../context.ts';
import { connectUser, createConversation, joinRoom, sendRestMessage } from '../fixtures.ts';
import type { HttpCall } from '../http.ts';
import { SocketConnectError, TestSocket } from '../socket-client.ts';
import { isObject, type Operation, operations } from '../spec.ts';
import { validBodyCall, validParam } from './requests.ts';

/** A token for `identity`: the run's (--auth), else straight from generate-token. */
async function tokenOf(t: CheckContext, identity: string): Promise<string | undefined> {
  if (t.options.auth) return t.run.tokenFor(identity);
  const ex = await t.http.call('generateToken', { json: { user_id: identity }, auth: false });
  return ex.status === 200 && isObject(ex.json) && typeof ex.json.token === 'string'
    ? ex.json.token
    : undefined;
}

/**
 * A valid request of `op` that acts as `actor` (its `userId` or body `author`); the
 * conversation it is aimed at (if any) has `members` as participants.
 */
async function callActingAs(
  t: CheckContext,
  op: Operation,
  actor: string,
  members: string[],
): Promise<HttpCall> {
  const where = op.actsAs;
  if (!where) throw new Error(`${op.id} does not act as an identity`);
  const conversation = op.access.participantOf?.replace(/^path\./, '');
  const params: Record<string, string> = {};
  for (const p of op.parameters.filter((q) => q.in === 'path')) {
    params[p.name] =
      where.in === 'path' && p.name === where.name
        ? actor
        : p.name === conversation
          ? await createConversation(t, members)
          : await validParam(t, p);
  }
  const body = validBodyCall(t, op);
  if (where.in === 'body') {
    if (body.form) body.form.set(where.name, actor);
    else body.json = { ...(body.json as Record<string, unknown>), [where.name]: actor };
  }
  return {
    method: op.method.toUpperCase(),
    path: t.http.path(op.id, params),
    ...(where.in === 'query' ? { query: { [where.name]: actor } } : {}),
    ...body,
    operationId: op.id,
  };
}

/**
 * A Socket.IO handshake with `token` (or none): 'connected' (the socket is kept for the
 * run's cleanup), 'unauthorized', or the other connect_error it got.
 */
async function handshake(t: CheckContext, token: string | undefined): Promise<string> {
  try {
    const socket = await TestSocket.connect({
      url: t.options.url,
      token,
      timeoutMs: t.options.timeoutMs,
      transports: ['websocket'],
      coverage: t.run.coverage,
      name: token === undefined ? 'anonymous' : 'forged',
      identity: t.id(token === undefined ? 'anonymous' : 'forged'),
      cause: () =>
        token === undefined ? 'connect without a token' : 'connect with an invalid token',
    });
    t.sockets.push(socket);
    return 'connected';
  } catch (error) {
    if (!(error instanceof SocketConnectError)) throw error;
    return error.message === 'unauthorized' ? 'unauthorized' : `connect_error: ${error.message}`;
  }
}

export function authChecks(): Check[] {
  return [
    defineCheck({
      group: 'rest',
      name: 'auth.consistent',
      description:
        'every protected operation answers 401 to a bad token, and without one if a token is required; public ones never do',
      async run(t) {
        const probe = await t.http.call('listConversations', {
          query: { userId: t.id('probe') },
          auth: false,
        });
        const required = probe.status === 401;
        for (const op of operations) {
          const params: Record<string, string> = {};
          for (const p of op.parameters.filter((q) => q.in === 'path'))
            params[p.name] = await validParam(t, p);
          if (op.isPublic) {
            const ex = await t.http.call(op.id, { ...validBodyCall(t, op), params, auth: false });
            // Its security may offer another scheme a server can require (generate-token's
            // issuer key): then 401 is declared and allowed.
            const otherScheme = op.otherSchemes.length > 0 && op.statuses.includes(401);
            if (ex.status === 401 && !otherScheme) {
              t.judge(
                ex,
                op.id,
                [200],
                `${op.id} needs no bearer token (its security offers none): it never answers 401`,
              );
            }
            continue;
          }
          const forged = await t.http.send({
            method: op.method.toUpperCase(),
            path: t.http.path(op.id, params),
            ...validBodyCall(t, op),
            operationId: op.id,
            auth: false,
            headers: { authorization: 'Bearer not.a.token' },
          });
          t.judge(
            forged,
            op.id,
            [401],
            'an invalid bearer token is answered 401, also where tokens are optional',
          );
          if (!required) continue;
          const missing = await t.http.call(op.id, {
            ...validBodyCall(t, op),
            params,
            auth: false,
          });
          t.judge(
            missing,
            op.id,
            [401],
            'a server that requires a token answers 401 on every protected operation without one',
          );
        }
      },
    }),
    defineCheck({
      group: 'rest',
      name: 'auth.acts-as-token',
      description:
        "with a token, a request may only act as the token's identity (message author, userId filter): 403 otherwise",
      async run(t) {
        // One fixed token (--token) names an identity the runner does not know.
        if (t.options.token !== undefined) return;
        const [alice, bob] = [t.id('alice'), t.id('bob')];
        const token = await tokenOf(t, alice);
        // A server that does not issue tokens cannot be presented one.
        if (token === undefined) return;
        const authorization = { authorization: `Bearer ${token}` };
        for (const op of operations.filter((o) => o.actsAs)) {
          const as = `${op.actsAs?.in} ${op.actsAs?.name}`;
          const other = await t.http.send({
            ...(await callActingAs(t, op, bob, [alice, bob])),
            auth: false,
            headers: authorization,
          });
          t.judge(
            other,
            op.id,
            [403],
            `a request whose ${as} is not the token's identity answers 403 with the error envelope`,
          );
          const own = await t.http.send({
            ...(await callActingAs(t, op, alice, [alice, bob])),
            auth: false,
            headers: authorization,
          });
          t.judge(own, op.id, [200], `a request whose ${as} is the token's identity is served`);
        }
      },
    }),
    defineCheck({
      group: 'rest',
      name: 'auth.non-participant',
      description:
        'with --auth: a token whose identity is not a participant gets 404 on every conversation operation (as for an unknown SID), 403 creating conversations without itself, and lists without the conversation; nothing is written',
      async run(t) {
        if (!t.options.auth) return;
        const [alice, bob, eve] = [t.id('alice'), t.id('bob'), t.id('eve')];
        const sid = await createConversation(t, [alice, bob]);
        await sendRestMessage(t, sid, alice, 'for members only');
        const eveToken = await t.run.tokenFor(eve);
        if (eveToken === undefined) return;
        const asEve = { auth: false, headers: { authorization: `Bearer ${eveToken}` } };
        // Deleting last, so every other operation meets the conversation still there.
        const guarded = operations
          .filter((o) => o.access.participantOf?.startsWith('path.'))
          .sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
        for (const op of guarded) {
          const convo = op.access.participantOf?.slice('path.'.length);
          const params: Record<string, string> = {};
          for (const p of op.parameters.filter((q) => q.in === 'path')) {
            params[p.name] = p.name === convo ? sid : await validParam(t, p);
          }
          const body = validBodyCall(t, op);
          // Acting as itself, so that only participation decides.
          if (op.actsAs?.in === 'body') {
            if (body.form) body.form.set(op.actsAs.name, eve);
            else body.json = { ...(body.json as Record<string, unknown>), [op.actsAs.name]: eve };
          }
          const ex = await t.http.send({
            method: op.method.toUpperCase(),
            path: t.http.path(op.id, params),
            ...body,
            ...asEve,
            operationId: op.id,
          });
          t.judge(
            ex,
            op.id,
            [404],
            'a conversation the token’s identity is not in answers 404, exactly as an unknown one (x-access participantOf)',
          );
        }
        for (const op of operations.filter(
          (o) => o.access.includesCaller === 'body.participants',
        )) {
          const ex = await t.http.send({
            method: op.method.toUpperCase(),
            path: t.http.path(op.id),
            json: {
              participants: [alice, bob].map((id) => ({
                id,
                name: `Name of ${id.split('-').pop()}`,
              })),
            },
            ...asEve,
            operationId: op.id,
          });
          t.judge(
            ex,
            op.id,
            [403],
            'creating a conversation without the token’s identity in it answers 403 (x-access includesCaller)',
          );
        }
        const list = await t.http.send({
          method: 'GET',
          path: t.http.path('listConversations'),
          ...asEve,
          operationId: 'listConversations',
        });
        const listed = t.expect(
          list,
          'listConversations',
          [200],
          'a list without filter answers 200',
        );
        if (listed?.data.some((c) => c.sid === sid)) {
          t.fail({
            rule: 'a token’s list holds only its identity’s conversations',
            expected: `no ${sid} in ${eve}'s list`,
            actual: `${sid} listed`,
          });
        }
        const history = await t.http.call('listMessages', { params: { convoSid: sid } });
        const kept = t.expect(history, 'listMessages', [200], 'members still read their history');
        if (kept && kept.data.map((m) => m.body).join('|') !== 'for members only') {
          t.fail({
            rule: 'a refused request writes nothing',
            expected: 'the history is the one message the members sent',
            actual: JSON.stringify(kept.data.map((m) => `${m.author}: ${m.body}`)),
          });
        }
      },
    }),
    defineCheck({
      group: 'socket',
      name: 'auth.non-participant',
      description:
        'with --auth: a socket whose identity is not a participant gets message_error code not_found for join_conversation, send_message and get_online_users; the room hears nothing',
      async run(t) {
        if (!t.options.auth) return;
        const [alice, bob, eve] = [t.id('alice'), t.id('bob'), t.id('eve')];
        const sid = await createConversation(t, [alice, bob]);
        const member = await connectUser(t, alice);
        await joinRoom(t, member, sid);
        const outsider = await connectUser(t, eve);
        const attempts: Array<[string, Record<string, unknown>]> = [
          ['join_conversation', { conversationSid: sid, identity: eve }],
          ['send_message', { conversationSid: sid, body: 'let me in', author: eve }],
          ['get_online_users', { conversationSid: sid }],
        ];
        for (const [event, payload] of attempts) {
          const mark = outsider.mark();
          t.emit(outsider, event, payload);
          const error = await outsider.waitFor('message_error', { after: mark });
          const code = isObject(error?.payload) ? error.payload.code : undefined;
          if (code !== 'not_found') {
            t.fail({
              rule: 'a client event on a conversation the identity is not in answers message_error code not_found (x-access participantOf)',
              expected: `message_error {event: ${event}, code: not_found}`,
              actual: error ? `message_error ${JSON.stringify(error.payload)}` : 'nothing',
            });
          }
        }
        const mark = member.mark();
        await t.settle([member, outsider]);
        const heard = member.since(mark).map((e) => e.event);
        if (heard.length > 0) {
          t.fail({
            rule: 'refused events reach nobody in the room',
            expected: `${member.name} hears nothing`,
            actual: heard.join(', '),
          });
        }
        if (outsider.since(0, 'joined_conversation').length > 0) {
          t.fail({
            rule: 'a refused join_conversation is not answered with joined_conversation',
            expected: 'no joined_conversation',
            actual: 'joined_conversation',
          });
        }
      },
    }),
    defineCheck({
      group: 'socket',
      name: 'auth.handshake',
      description:
        'a handshake without a token either succeeds or is refused with connect_error "unauthorized"; one with a bad token is refused',
      async run(t) {
        const forged = await handshake(t, 'not.a.token');
        if (forged !== 'unauthorized') {
          t.fail({
            rule: 'a handshake with an invalid token is refused with connect_error "unauthorized", also where tokens are optional',
            expected: 'connect_error: unauthorized',
            actual: forged,
            request: 'Socket.IO handshake with auth.token "not.a.token"',
          });
        }
        const anonymous = await handshake(t, undefined);
        if (anonymous !== 'connected' && anonymous !== 'unauthorized') {
          t.fail({
            rule: 'a server that requires a token refuses the handshake with connect_error "unauthorized"',
            expected: 'connect_error: unauthorized',
            actual: anonymous,
            request: 'Socket.IO handshake without auth.token',
          });
        }
      },
    }),
  ];
}
