// Authentication with AUTH_REQUIRED=true: bearer tokens on REST (all but the public
// operations), the handshake token on Socket.IO, and payload identities bound to the token.
// Also: a presented token binds REST identities (message author, userId filters) to itself
// (403), with or without AUTH_REQUIRED, and a broken one is refused (401) either way;
// TOKEN_ISSUER_KEY guards generate-token.
import { describe, expect, it } from 'vitest';
import openapi from '../../generated/openapi.json' with { type: 'json' };
import { restRoutes } from '../../generated/rest-handlers.ts';
import {
  type ApiResponse,
  expectStatus,
  modes,
  type OperationId,
  type TestServer,
  uid,
  useServer,
} from './harness.ts';

const PUBLIC: OperationId[] = ['getHealth', 'generateToken', 'downloadMedia'];

function decodeJwtPart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function tokenFor(server: TestServer, userId: string): Promise<string> {
  const res = await server.request('POST', '/api/conversations/generate-token', {
    json: { user_id: userId },
  });
  return expectStatus(res, 'generateToken', 200).token;
}

/** A valid request for every operation, so that only the token decides the answer. */
function validRequests(ids: { sid: string; mediaSid: string; user: string }) {
  const png = () => {
    const data = new FormData();
    data.append('image', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
    return data;
  };
  const files = () => {
    const data = new FormData();
    data.append('author', ids.user);
    data.append('files', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    return data;
  };
  const c = `/api/conversations/${ids.sid}`;
  const participants = [
    { id: ids.user, name: 'U' },
    { id: `${ids.user}-2`, name: 'V' },
  ];
  return {
    getHealth: { method: 'GET', path: '/healthz' },
    generateToken: {
      method: 'POST',
      path: '/api/conversations/generate-token',
      json: { user_id: ids.user },
    },
    createConversation: {
      method: 'POST',
      path: '/api/conversations/create',
      json: { participants },
    },
    createPrivateConversation: {
      method: 'POST',
      path: '/api/conversations/newconversation',
      json: { participants },
    },
    listConversations: { method: 'GET', path: `/api/conversations?userId=${ids.user}` },
    listUserConversations: { method: 'GET', path: `/api/conversations/${ids.user}/conversations` },
    deleteConversation: { method: 'DELETE', path: c },
    listMessages: { method: 'GET', path: `${c}/messages` },
    sendMessage: {
      method: 'POST',
      path: `${c}/send-message`,
      json: { body: 'hi', author: ids.user },
    },
    sendMessageWithFiles: { method: 'POST', path: `${c}/send-message-with-files`, body: files },
    addChatParticipant: {
      method: 'POST',
      path: `${c}/add-chat-participant`,
      json: { identity: 'x1' },
    },
    addSmsParticipant: {
      method: 'POST',
      path: `${c}/add-sms-participant`,
      json: { phone_number: '+15550001111' },
    },
    getMediaContent: { method: 'GET', path: `/api/conversations/media/${ids.mediaSid}/content` },
    enableReachability: { method: 'POST', path: '/api/conversations/enable-reachability' },
    getUserReachability: {
      method: 'GET',
      path: `/api/conversations/users/${ids.user}/reachability`,
    },
    uploadMedia: { method: 'POST', path: '/api/upload/image', body: png },
    downloadMedia: { method: 'GET', path: `/api/media/${ids.mediaSid}` },
  } satisfies Record<
    OperationId,
    { method: string; path: string; json?: unknown; body?: () => FormData }
  >;
}

describe.each(modes)('authentication ($name)', (mode) => {
  const ctx = useServer(mode, { env: { AUTH_REQUIRED: 'true' } });

  /** A conversation and a media item made with a token, to aim the other requests at. */
  async function fixtures() {
    const user = uid('owner');
    const token = await tokenFor(ctx.server, user);
    const created = await ctx.server.request('POST', '/api/conversations/create', {
      token,
      json: { participants: [{ id: user, name: 'Owner' }] },
    });
    const sid = expectStatus(created, 'createConversation', 200).data.conversation_sid;
    const data = new FormData();
    data.append('image', new Blob([new Uint8Array([9, 8, 7])], { type: 'image/png' }), 'x.png');
    const uploaded = await ctx.server.request('POST', '/api/upload/image', { token, body: data });
    const mediaSid = expectStatus(uploaded, 'uploadMedia', 200).data.media_sid;
    return { user, token, sid, mediaSid };
  }

  it('generate-token issues a JWT naming the user_id (capabilities.tokens), valid for 3600 s', async () => {
    const user = uid('jwt');
    const before = Math.floor(Date.now() / 1000);
    const token = await tokenFor(ctx.server, user);
    const [header, payload, signature] = token.split('.');
    const head = decodeJwtPart(header ?? '');
    expect(head).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwtPart(payload ?? '');
    if (mode.capabilities.tokens === 'jwt') {
      // The server's own token: the identity is the subject.
      expect(claims.sub).toBe(user);
    } else {
      // A Twilio AccessToken, usable with Twilio's client SDKs: issued by the API key for
      // the account, the identity and the service in its grants.
      const twilio = ctx.server.config.twilio;
      if (!twilio) throw new Error('a Twilio AccessToken from a server not in Twilio mode');
      expect(head.cty).toBe('twilio-fpa;v=1');
      expect(claims).toMatchObject({
        iss: twilio.apiKeySid,
        sub: twilio.accountSid,
        grants: { identity: user, chat: { service_sid: twilio.serviceSid } },
      });
    }
    expect(typeof claims.iat).toBe('number');
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(claims.iat as number).toBeGreaterThanOrEqual(before - 1);
    expect(claims.iat as number).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(signature?.length).toBeGreaterThan(0);
  });

  it('the spec requires a bearer token everywhere but getHealth, generateToken and downloadMedia', () => {
    // Public for bearer purposes: the operation's own `security` offers no bearerAuth
    // alternative (`[]`, or generate-token's `[{}, {tokenIssuerKey: []}]`).
    const global = (openapi as { security?: unknown }).security;
    expect(global).toEqual([{}, { bearerAuth: [] }, { tokenIssuerKey: [] }]);
    const open: string[] = [];
    for (const item of Object.values(openapi.paths) as Array<Record<string, unknown>>) {
      for (const op of Object.values(item) as Array<{
        operationId?: string;
        security?: Array<Record<string, unknown>>;
      }>) {
        if (!op?.operationId || !Array.isArray(op.security)) continue;
        if (!op.security.some((requirement) => 'bearerAuth' in requirement)) {
          open.push(op.operationId);
        }
      }
    }
    expect(open.sort()).toEqual([...PUBLIC].sort());
    const generate = openapi.paths['/api/conversations/generate-token'].post as {
      security?: unknown;
      responses: Record<string, unknown>;
    };
    expect(generate.security).toEqual([{}, { tokenIssuerKey: [] }]);
    expect(Object.keys(generate.responses)).toContain('401');
    expect(openapi.components.securitySchemes.tokenIssuerKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Token-Issuer-Key',
    });
  });

  it('every other operation answers 401 without a token, and the public ones do not', async () => {
    const ids = await fixtures();
    const requests = validRequests(ids);
    for (const route of restRoutes) {
      const op = route.operationId;
      const r = requests[op];
      const res = await ctx.server.request(r.method, r.path, {
        ...('json' in r ? { json: r.json } : {}),
        ...('body' in r ? { body: r.body() } : {}),
      });
      if (PUBLIC.includes(op)) {
        expect(res.status, op).toBe(200);
      } else {
        const body = expectStatus(res, op, 401 as never) as { message: string };
        expect(body.message, op).toMatch(/token/i);
      }
    }
    // Nothing was done by the refused calls.
    const history = await ctx.server.request('GET', `/api/conversations/${ids.sid}/messages`, {
      token: ids.token,
    });
    expect(expectStatus(history, 'listMessages', 200).data).toEqual([]);
  });

  it('every operation succeeds with a token from generate-token', async () => {
    const ids = await fixtures();
    const requests = validRequests(ids);
    // Deleting last keeps the conversation for the others.
    const order = restRoutes
      .map((r) => r.operationId)
      .sort((a, b) => Number(a === 'deleteConversation') - Number(b === 'deleteConversation'));
    for (const op of order) {
      const r = requests[op];
      const res: ApiResponse = await ctx.server.request(r.method, r.path, {
        token: ids.token,
        ...('json' in r ? { json: r.json } : {}),
        ...('body' in r ? { body: r.body() } : {}),
      });
      if (op === 'downloadMedia') expect(res.status).toBe(200);
      else expectStatus(res, op, 200 as never);
    }
  });

  it('a malformed, tampered or differently signed token → 401', async () => {
    const token = await tokenFor(ctx.server, uid('u'));
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodeJwtPart(payload);
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const bad = [
      'garbage',
      `${header}.${forged}.${signature}`,
      `${none}.${payload}.`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
    ];
    for (const t of bad) {
      const res = await ctx.server.request('GET', '/api/conversations', { token: t });
      expectStatus(res, 'listConversations', 401);
    }
    const scheme = await ctx.server.request('GET', '/api/conversations', {
      headers: { authorization: `Basic ${token}` },
    });
    expectStatus(scheme, 'listConversations', 401);
  });

  it('media bytes are public (so <img src> works), their description is not', async () => {
    const { mediaSid } = await fixtures();
    const bytes = await fetch(`${ctx.server.url}/api/media/${mediaSid}`);
    expect(bytes.status).toBe(200);
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array([9, 8, 7]));
    const content = await ctx.server.request('GET', `/api/conversations/media/${mediaSid}/content`);
    expectStatus(content, 'getMediaContent', 401);
  });

  it("with a token, a request may only act as the token's identity (author, userId): 403 otherwise", async () => {
    const ids = await fixtures();
    const other = uid('other');
    const c = `/api/conversations/${ids.sid}`;
    const forbidden = <
      O extends
        | 'sendMessage'
        | 'sendMessageWithFiles'
        | 'listConversations'
        | 'listUserConversations',
    >(
      res: ApiResponse,
      op: O,
      field: string,
    ) => {
      const body = expectStatus(res, op, 403 as never) as { status: number; message: string };
      expect(body.status).toBe(403);
      expect(body.message, op).toContain(field);
      expect(body.message, op).toContain(other);
    };
    forbidden(
      await ctx.server.request('POST', `${c}/send-message`, {
        token: ids.token,
        json: { body: 'spoofed', author: other },
      }),
      'sendMessage',
      'author',
    );
    const files = new FormData();
    files.append('author', other);
    files.append('files', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    forbidden(
      await ctx.server.request('POST', `${c}/send-message-with-files`, {
        token: ids.token,
        body: files,
      }),
      'sendMessageWithFiles',
      'author',
    );
    forbidden(
      await ctx.server.request('GET', `/api/conversations?userId=${other}`, { token: ids.token }),
      'listConversations',
      'userId',
    );
    forbidden(
      await ctx.server.request('GET', `/api/conversations/${other}/conversations`, {
        token: ids.token,
      }),
      'listUserConversations',
      'userId',
    );
    // Nothing was stored by the refused sends.
    const history = await ctx.server.request('GET', `${c}/messages`, { token: ids.token });
    expect(expectStatus(history, 'listMessages', 200).data).toEqual([]);

    // As itself, each of them works; so does the other user with its own token.
    const mine = expectStatus(
      await ctx.server.request('GET', `/api/conversations?userId=${ids.user}`, {
        token: ids.token,
      }),
      'listConversations',
      200,
    );
    expect(mine.data.map((conversation) => conversation.sid)).toEqual([ids.sid]);
    expectStatus(
      await ctx.server.request('GET', `/api/conversations/${ids.user}/conversations`, {
        token: ids.token,
      }),
      'listUserConversations',
      200,
    );
    expectStatus(
      await ctx.server.request('POST', `${c}/send-message`, {
        token: ids.token,
        json: { body: 'as myself', author: ids.user },
      }),
      'sendMessage',
      200,
    );
    const otherToken = await tokenFor(ctx.server, other);
    const theirs = expectStatus(
      await ctx.server.request('GET', `/api/conversations/${other}/conversations`, {
        token: otherToken,
      }),
      'listUserConversations',
      200,
    );
    expect(theirs.data).toEqual([]);
    // Listing every conversation (no userId filter) names nobody: allowed with any token.
    expectStatus(
      await ctx.server.request('GET', '/api/conversations', { token: otherToken }),
      'listConversations',
      200,
    );
  });

  it('socket handshake without a token, or with a bad one → connect_error unauthorized', async () => {
    const none = await ctx.server.client({ expectRefusal: true });
    expect(none.connectError?.message).toBe('unauthorized');
    const bad = await ctx.server.client({ token: 'not-a-jwt', expectRefusal: true });
    expect(bad.connectError?.message).toBe('unauthorized');
  });

  it('socket with a token works end to end', async () => {
    const ids = await fixtures();
    const client = await ctx.server.client({ token: ids.token });
    await client.connectUser(ids.user);
    await client.join(ids.sid, ids.user);
    client.emit('send_message', { conversationSid: ids.sid, body: 'signed in', author: ids.user });
    const sent = await client.next('message_sent');
    expect((await client.next('new_message')).message.sid).toBe(sent.messageSid);
  });

  it("a payload identity other than the token's → message_error, nothing done", async () => {
    const ids = await fixtures();
    const client = await ctx.server.client({ token: ids.token });
    const member = await ctx.server.client({ token: ids.token, name: 'member' });
    await member.join(ids.sid, ids.user);
    const other = uid('impostor');
    const attempts = [
      ['user_connect', { userId: other, identity: other }],
      ['join_conversation', { conversationSid: ids.sid, identity: other }],
      ['send_message', { conversationSid: ids.sid, body: 'spoofed', author: other }],
    ] as const;
    for (const [event, payload] of attempts) {
      const from = client.mark();
      client.emitRaw(event, payload);
      expect(await client.next('message_error', undefined, { from })).toMatchObject({
        success: false,
        event,
      });
    }
    await client.join(ids.sid, ids.user);
    for (const event of ['typing_start', 'typing_stop', 'leave_conversation'] as const) {
      const from = client.mark();
      client.emitRaw(event, { conversationSid: ids.sid, identity: other });
      expect(await client.next('message_error', undefined, { from })).toMatchObject({ event });
    }
    await client.roundTrip();
    await member.roundTrip();
    expect(client.all('user_connected')).toEqual([]);
    expect(member.all('user_typing')).toEqual([]);
    expect(member.all('user_left')).toEqual([]);
    expect(member.all('new_message')).toEqual([]);
    const history = await ctx.server.request('GET', `/api/conversations/${ids.sid}/messages`, {
      token: ids.token,
    });
    expect(expectStatus(history, 'listMessages', 200).data).toEqual([]);
  });
});

describe.each(modes)('a token presented without AUTH_REQUIRED ($name)', (mode) => {
  const ctx = useServer(mode);

  it("still binds the request to the token's identity (403), while no token is allowed", async () => {
    const [alice, bob] = [uid('alice'), uid('bob')];
    const created = await ctx.server.request('POST', '/api/conversations/create', {
      json: {
        participants: [
          { id: alice, name: 'Alice' },
          { id: bob, name: 'Bob' },
        ],
      },
    });
    const sid = expectStatus(created, 'createConversation', 200).data.conversation_sid;
    const token = await tokenFor(ctx.server, alice);
    const send = (author: string, withToken: boolean) =>
      ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
        ...(withToken ? { token } : {}),
        json: { body: `from ${author}`, author },
      });
    expect(expectStatus(await send(bob, true), 'sendMessage', 403).message).toContain('author');
    expectStatus(await send(alice, true), 'sendMessage', 200);
    expectStatus(await send(bob, false), 'sendMessage', 200);
    expectStatus(
      await ctx.server.request('GET', `/api/conversations?userId=${bob}`, { token }),
      'listConversations',
      403,
    );
    expectStatus(
      await ctx.server.request('GET', `/api/conversations?userId=${bob}`),
      'listConversations',
      200,
    );
    const history = await ctx.server.request('GET', `/api/conversations/${sid}/messages`);
    expect(expectStatus(history, 'listMessages', 200).data.map((m) => m.author)).toEqual([
      alice,
      bob,
    ]);
  });

  it('refuses a broken token (401) instead of ignoring it; public operations ignore it', async () => {
    const [alice, carol] = [uid('alice'), uid('carol')];
    const created = await ctx.server.request('POST', '/api/conversations/create', {
      json: { participants: [{ id: alice, name: 'Alice' }] },
    });
    const sid = expectStatus(created, 'createConversation', 200).data.conversation_sid;
    const carolToken = await tokenFor(ctx.server, carol);
    // Ignored, each of these would have sent as alice with no check at all, while carol's
    // valid token cannot (403).
    // (`TOKEN x`: the Bearer scheme without exactly one token.)
    for (const token of [`${carolToken}x`, 'garbage', `${carolToken} x`]) {
      const res = await ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
        token,
        json: { body: 'as alice', author: alice },
      });
      expectStatus(res, 'sendMessage', 401);
    }
    const history = await ctx.server.request('GET', `/api/conversations/${sid}/messages`);
    expect(expectStatus(history, 'listMessages', 200).data).toEqual([]);
    // Another scheme is not a token of ours (a proxy's Basic credentials): no token at all.
    const basic = await ctx.server.request('GET', `/api/conversations/${sid}/messages`, {
      headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' },
    });
    expectStatus(basic, 'listMessages', 200);
    // A client renewing its token may still send the old one.
    const renewed = await ctx.server.request('POST', '/api/conversations/generate-token', {
      token: 'garbage',
      json: { user_id: carol },
    });
    expectStatus(renewed, 'generateToken', 200);
    expectStatus(
      await ctx.server.request('GET', '/healthz', { token: 'garbage' }),
      'getHealth',
      200,
    );
  });

  it('refuses a socket handshake with a broken token; without one it connects', async () => {
    const bad = await ctx.server.client({ token: 'not-a-jwt', expectRefusal: true });
    expect(bad.connectError?.message).toBe('unauthorized');
    const none = await ctx.server.client();
    await none.roundTrip();
  });
});

describe.each(modes)('TOKEN_ISSUER_KEY ($name)', (mode) => {
  const KEY = 'issuer-key-0123456789abcdef';
  const ctx = useServer(mode, { env: { AUTH_REQUIRED: 'true', TOKEN_ISSUER_KEY: KEY } });
  const generate = (json: unknown, headers: Record<string, string> = {}) =>
    ctx.server.request('POST', '/api/conversations/generate-token', { json, headers });

  it('generate-token requires X-Token-Issuer-Key: 401 envelope without it or with a wrong one', async () => {
    const user = uid('u');
    const attempts: Array<Record<string, string>> = [
      {},
      { 'x-token-issuer-key': 'wrong-key-0123456789abcdef' },
      { 'x-token-issuer-key': KEY.slice(0, -1) },
      { 'x-token-issuer-key': `${KEY}x` },
      { authorization: `Bearer ${KEY}` },
    ];
    for (const headers of attempts) {
      const body = expectStatus(await generate({ user_id: user }, headers), 'generateToken', 401);
      expect(body.message).toContain('X-Token-Issuer-Key');
    }
    // Checked before the body: an invalid body without the key is 401 too, not 400.
    expectStatus(await generate({ user_id: 'a b' }), 'generateToken', 401);
    // The other public operations stay public.
    expectStatus(await ctx.server.request('GET', '/healthz'), 'getHealth', 200);
  });

  it('with the key, generate-token issues a token that works on protected operations', async () => {
    const user = uid('u');
    const res = await generate({ user_id: user }, { 'x-token-issuer-key': KEY });
    const { token } = expectStatus(res, 'generateToken', 200);
    expectStatus(
      await ctx.server.request('GET', `/api/conversations?userId=${user}`, { token }),
      'listConversations',
      200,
    );
    expectStatus(await ctx.server.request('GET', '/api/conversations'), 'listConversations', 401);
    // The key still gets validation errors for a bad body.
    expectStatus(
      await generate({ user_id: 'a b' }, { 'x-token-issuer-key': KEY }),
      'generateToken',
      400,
    );
  });
});
