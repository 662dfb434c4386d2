// The authorization model (spec: x-access, "Authorization"), with AUTH_REQUIRED=true and an
// issuer key, in both back ends: a user token reaches only the conversations it is in (a
// conversation it is not in answers exactly like an unknown one), lists only its own,
// creates conversations only with itself in them; the issuer key acts for anyone. REST and
// Socket.IO alike.
import { describe, expect, it } from 'vitest';
import {
  expectStatus,
  modes,
  type TestServer,
  UNKNOWN_CONVERSATION,
  uid,
  useServer,
} from './harness.ts';

const KEY = 'issuer-key-authorization-test';

async function tokenFor(server: TestServer, userId: string): Promise<string> {
  const res = await server.request('POST', '/api/conversations/generate-token', {
    json: { user_id: userId },
    headers: { 'x-token-issuer-key': KEY },
  });
  return expectStatus(res, 'generateToken', 200).token;
}

describe.each(modes)('authorization ($name)', (mode) => {
  const ctx = useServer(mode, { env: { AUTH_REQUIRED: 'true', TOKEN_ISSUER_KEY: KEY } });

  /** Alice and Bob share a conversation with one message; Eve is in none of it. */
  async function scene() {
    const [alice, bob, eve] = [uid('alice'), uid('bob'), uid('eve')];
    const [aliceToken, bobToken, eveToken] = await Promise.all(
      [alice, bob, eve].map((id) => tokenFor(ctx.server, id)),
    );
    const created = await ctx.server.request('POST', '/api/conversations/create', {
      token: aliceToken,
      json: {
        participants: [
          { id: alice, name: 'Alice' },
          { id: bob, name: 'Bob' },
        ],
      },
    });
    const sid = expectStatus(created, 'createConversation', 200).data.conversation_sid;
    expectStatus(
      await ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
        token: bobToken,
        json: { body: 'private', author: bob },
      }),
      'sendMessage',
      200,
    );
    return { alice, bob, eve, aliceToken, bobToken, eveToken, sid };
  }

  it('a non-participant token is refused on every conversation operation, as if it did not exist', async () => {
    const s = await scene();
    const as = { token: s.eveToken };
    const notFound = async (
      sid: string,
      attempt: (c: string) => Promise<{ status: number; body: unknown }>,
    ) => {
      const res = await attempt(`/api/conversations/${sid}`);
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body).toEqual({ status: 404, message: `Conversation ${sid} not found` });
    };
    const attempts: Array<(c: string) => Promise<{ status: number; body: unknown }>> = [
      (c) => ctx.server.request('GET', `${c}/messages`, as),
      (c) =>
        ctx.server.request('POST', `${c}/send-message`, {
          ...as,
          json: { body: 'let me in', author: s.eve },
        }),
      (c) => {
        const form = new FormData();
        form.append('author', s.eve);
        form.append('files', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
        return ctx.server.request('POST', `${c}/send-message-with-files`, { ...as, body: form });
      },
      (c) =>
        ctx.server.request('POST', `${c}/add-chat-participant`, {
          ...as,
          json: { identity: s.eve },
        }),
      (c) =>
        ctx.server.request('POST', `${c}/add-sms-participant`, {
          ...as,
          json: { phone_number: '+15005550006' },
        }),
      (c) => ctx.server.request('DELETE', c, as),
    ];
    for (const attempt of attempts) {
      // Exactly the answer an unknown conversation gets: existence does not leak.
      await notFound(s.sid, attempt);
      await notFound(UNKNOWN_CONVERSATION, attempt);
    }
    // Posting as a participant is acting as someone else: 403.
    const spoof = await ctx.server.request('POST', `/api/conversations/${s.sid}/send-message`, {
      ...as,
      json: { body: 'as alice', author: s.alice },
    });
    expectStatus(spoof, 'sendMessage', 403);

    // Nothing happened: the history is Bob's one message, the conversation is still there,
    // and Eve was not added.
    const history = await ctx.server.request('GET', `/api/conversations/${s.sid}/messages`, {
      token: s.aliceToken,
    });
    expect(expectStatus(history, 'listMessages', 200).data.map((m) => m.body)).toEqual(['private']);
    const eves = await ctx.server.request('GET', '/api/conversations', as);
    expect(expectStatus(eves, 'listConversations', 200).data).toEqual([]);
  });

  it('lists hold only the caller’s conversations; another user’s list is 403', async () => {
    const s = await scene();
    const list = await ctx.server.request('GET', '/api/conversations', { token: s.bobToken });
    expect(expectStatus(list, 'listConversations', 200).data.map((c) => c.sid)).toEqual([s.sid]);
    const eveList = await ctx.server.request('GET', '/api/conversations', { token: s.eveToken });
    expect(expectStatus(eveList, 'listConversations', 200).data).toEqual([]);
    expectStatus(
      await ctx.server.request('GET', `/api/conversations?userId=${s.alice}`, {
        token: s.eveToken,
      }),
      'listConversations',
      403,
    );
    expectStatus(
      await ctx.server.request('GET', `/api/conversations/${s.alice}/conversations`, {
        token: s.eveToken,
      }),
      'listUserConversations',
      403,
    );
  });

  it('conversations are created only with the caller in them; newconversation cannot read a pair’s history', async () => {
    const s = await scene();
    const pair = [
      { id: s.alice, name: 'Alice' },
      { id: s.bob, name: 'Bob' },
    ];
    const privateRes = await ctx.server.request('POST', '/api/conversations/newconversation', {
      token: s.eveToken,
      json: { participants: pair },
    });
    expect(expectStatus(privateRes, 'createPrivateConversation', 403).message).toContain(s.eve);
    expect(privateRes.text).not.toContain('private');
    expectStatus(
      await ctx.server.request('POST', '/api/conversations/create', {
        token: s.eveToken,
        json: { participants: pair },
      }),
      'createConversation',
      403,
    );
    // With herself in it, Eve may.
    const own = await ctx.server.request('POST', '/api/conversations/newconversation', {
      token: s.eveToken,
      json: { participants: [...pair.slice(0, 1), { id: s.eve, name: 'Eve' }] },
    });
    expectStatus(own, 'createPrivateConversation', 200);
  });

  it('a participant added by a member gets in; the issuer key acts for any user', async () => {
    const s = await scene();
    const carol = uid('carol');
    const carolToken = await tokenFor(ctx.server, carol);
    const c = `/api/conversations/${s.sid}`;
    expect((await ctx.server.request('GET', `${c}/messages`, { token: carolToken })).status).toBe(
      404,
    );
    expectStatus(
      await ctx.server.request('POST', `${c}/add-chat-participant`, {
        token: s.aliceToken,
        json: { identity: carol },
      }),
      'addChatParticipant',
      200,
    );
    expectStatus(
      await ctx.server.request('GET', `${c}/messages`, { token: carolToken }),
      'listMessages',
      200,
    );
    const service = { headers: { 'x-token-issuer-key': KEY } };
    expectStatus(
      await ctx.server.request('POST', `${c}/send-message`, {
        ...service,
        json: { body: 'from the back end', author: s.alice },
      }),
      'sendMessage',
      200,
    );
    const all = await ctx.server.request('GET', `/api/conversations?userId=${s.bob}`, service);
    expect(expectStatus(all, 'listConversations', 200).data.map((x) => x.sid)).toEqual([s.sid]);
    // A wrong key is refused, not downgraded to anonymous.
    expectStatus(
      await ctx.server.request('GET', `${c}/messages`, {
        headers: { 'x-token-issuer-key': `${KEY}-wrong` },
      }),
      'listMessages',
      401,
    );
  });

  it('sockets: a non-participant cannot join, post or look; the room hears nothing; codes are stable', async () => {
    const s = await scene();
    const member = await ctx.server.client({ token: s.aliceToken, name: 'alice' });
    await member.join(s.sid, s.alice);
    const eve = await ctx.server.client({ token: s.eveToken, name: 'eve' });
    const attempts = [
      ['join_conversation', { conversationSid: s.sid, identity: s.eve }, 'not_found'],
      ['send_message', { conversationSid: s.sid, body: 'hi', author: s.eve }, 'not_found'],
      ['get_online_users', { conversationSid: s.sid }, 'not_found'],
      [
        'join_conversation',
        { conversationSid: UNKNOWN_CONVERSATION, identity: s.eve },
        'not_found',
      ],
      ['send_message', { conversationSid: s.sid, body: 'hi', author: s.alice }, 'forbidden'],
      ['user_connect', { userId: s.alice, identity: s.alice }, 'forbidden'],
    ] as const;
    for (const [event, payload, code] of attempts) {
      const from = eve.mark();
      eve.emitRaw(event, payload);
      const error = await eve.next('message_error', undefined, { from });
      expect(error, event).toMatchObject({ success: false, event, code });
    }
    // The unknown and the foreign conversation get the same words.
    const [foreign, unknown] = eve
      .all('message_error', (p) => p.event === 'join_conversation')
      .map((p) => p.error.replace(/CH[0-9a-f]{32}/, 'CH…'));
    expect(foreign).toBe(unknown);
    await eve.roundTrip();
    await member.roundTrip();
    expect(member.all('new_message')).toEqual([]);
    expect(member.all('user_joined')).toEqual([]);
    expect(eve.all('joined_conversation')).toEqual([]);

    // A service socket may act for anyone.
    const service = await ctx.server.client({ auth: { issuerKey: KEY }, name: 'service' });
    await service.join(s.sid, s.bob);
    service.emit('send_message', { conversationSid: s.sid, body: 'relayed', author: s.bob });
    await service.next('message_sent');
    expect((await member.next('new_message')).message.body).toBe('relayed');
    const wrong = await ctx.server.client({
      auth: { issuerKey: `${KEY}-wrong` },
      expectRefusal: true,
    });
    expect(wrong.connectError?.message).toBe('unauthorized');
  });
});
