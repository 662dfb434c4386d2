// The reference server's REST surface beyond the contract, over real HTTP: what it
// advertises per back end, hardening headers, the documents and docs it serves, request
// ids, how unexpected failures look (no internals), Twilio-mode reachability, unknown
// routes and the wording of not-found errors; plus the harness's own oracles. The contract
// rules of each operation (statuses, bodies, flows, validation) are conformance checks
// (conformance/checks/rest-*.ts), proven against this server in every mode by
// conformance/reference.test.ts and conformance/twilio.test.ts.
import { describe, expect, it } from 'vitest';
import asyncapi from '../../generated/asyncapi.json' with { type: 'json' };
import openapi from '../../generated/openapi.json' with { type: 'json' };
import {
  type ApiResponse,
  assertNoLeak,
  assertNoProblems,
  createConversation,
  expectStatus,
  modes,
  UNKNOWN_CONVERSATION,
  UNKNOWN_MEDIA,
  uid,
  useServer,
} from './harness.ts';

const sidPath = (sid: string, rest = '') => `/api/conversations/${sid}${rest}`;

describe('harness', () => {
  it('expectStatus fails when a body drifts from the spec', () => {
    const drifted: ApiResponse = {
      method: 'POST',
      url: 'http://127.0.0.1/api/conversations',
      status: 200,
      headers: new Headers({ 'content-type': 'application/json' }),
      body: { status: 200, message: 'ok', data: { success: true, conversation_sid: 'CH1' } },
      text: '',
      bytes: new Uint8Array(),
    };
    expect(() => expectStatus(drifted, 'createConversation', 200)).toThrow(
      /body matches its schema/,
    );
    expect(() => expectStatus({ ...drifted, status: 500 }, 'createConversation', 200)).toThrow(
      /expected HTTP 200/,
    );
  });

  it('assertNoLeak recognises stack traces and error names', () => {
    const stack = 'Error: boom\n    at handler (/srv/app/src/http/router.ts:10:5)';
    expect(() => assertNoLeak(stack, 'x')).toThrow(/leaks/);
    expect(() =>
      assertNoLeak('<pre>TypeError: x<br> &nbsp; &nbsp;at fn (file:///a.js:1:2)', 'x'),
    ).toThrow(/leaks/);
    expect(() => assertNoLeak('{"status":404,"message":"Route not found"}', 'x')).not.toThrow();
  });
});

const twilioMode = modes.find((mode) => mode.name === 'twilio');
describe.runIf(twilioMode)('harness: the Twilio back end', () => {
  it("a call breaking Twilio's contract fails the test, and dispose() when not reported", async () => {
    if (!twilioMode) throw new Error('unreachable');
    const backend = await twilioMode.createBackend();
    const stray = async () => {
      const res = await fetch(`${backend.env.TWILIO_API_BASE_URL}/v1/NoSuchResource`);
      await res.arrayBuffer();
    };
    try {
      expect(() => assertNoProblems(backend)).not.toThrow();
      await stray();
      expect(() => assertNoProblems(backend)).toThrow(/Twilio contract: GET \/v1\/NoSuchResource/);
      expect(() => assertNoProblems(backend)).not.toThrow();
      await stray();
    } catch (error) {
      await backend.dispose().catch(() => undefined);
      throw error;
    }
    await expect(backend.dispose()).rejects.toThrow(/NoSuchResource/);
  });
});

describe.each(modes)('unexpected failures ($name)', (mode) => {
  const SECRET = 'SqliteError: disk I/O error in /var/lib/chat/chat.sqlite';
  const failing = new Set<string>(['listConversations', 'sendMessage', 'listMessages']);
  const ctx = useServer(mode, {
    wrapProvider: (provider) =>
      new Proxy(provider, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (typeof key === 'string' && failing.has(key)) {
            return async () => {
              throw new Error(SECRET);
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
  });

  it('REST answers a bare 500 envelope: no message, stack or path from the error', async () => {
    const res = await ctx.server.request('GET', '/api/conversations');
    const body = expectStatus(res, 'listConversations', 500);
    expect(body).toEqual({ status: 500, message: 'Internal server error' });
    expect(res.text).not.toContain('disk I/O');
    const sid = await createConversation(ctx.server, ['a1']);
    const history = await ctx.server.request('GET', `/api/conversations/${sid}/messages`);
    expectStatus(history, 'listMessages', 500);
    expectStatus(await ctx.server.request('GET', '/healthz'), 'getHealth', 200);
  });

  it('a socket handler failure → message_error without internals; the connection stays up', async () => {
    const sid = await createConversation(ctx.server, ['a1']);
    const client = await ctx.server.client();
    client.emit('send_message', { conversationSid: sid, body: 'hi', author: 'a1' });
    const error = await client.next('message_error');
    expect(error).toMatchObject({ success: false, event: 'send_message', conversationSid: sid });
    expect(error.error).toBe('Internal server error');
    assertNoLeak(JSON.stringify(error), 'message_error');
    await client.roundTrip();
  });
});

describe.each(modes)('REST API ($name)', (mode) => {
  const ctx = useServer(mode);

  describe('server surface', () => {
    it('GET /healthz answers ok', async () => {
      const res = await ctx.server.request('GET', '/healthz');
      const local = mode.name === 'local';
      expect(expectStatus(res, 'getHealth', 200)).toEqual({
        status: 'ok',
        // Local reachability is Socket.IO presence; the Twilio test server has an SMS number.
        capabilities: { reachability: local ? 'presence' : 'provider', sms: true },
      });
    });

    it('every response carries X-Content-Type-Options: nosniff', async () => {
      const sid = await createConversation(ctx.server, [uid('u')]);
      const responses = [
        await ctx.server.request('GET', '/healthz'),
        await ctx.server.request('GET', '/openapi.json'),
        await ctx.server.request('GET', '/api/conversations'),
        await ctx.server.request('GET', sidPath(sid, '/messages')),
        await ctx.server.request('GET', '/api/nope'),
        await ctx.server.request('POST', '/api/conversations/create', { json: {} }),
        await ctx.server.request('GET', sidPath(UNKNOWN_CONVERSATION, '/messages')),
        await ctx.server.request('GET', `/api/media/${UNKNOWN_MEDIA}`),
      ];
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 404, 400, 404, 404]);
      for (const res of responses)
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves /openapi.json and /asyncapi.json (the generated documents)', async () => {
      const rest = await ctx.server.request('GET', '/openapi.json');
      expect(rest.status).toBe(200);
      expect(rest.body).toEqual(openapi);
      const socket = await ctx.server.request('GET', '/asyncapi.json');
      expect(socket.status).toBe(200);
      expect(socket.body).toEqual(asyncapi);
    });

    it('first minute: GET / redirects to the docs, whose links to both documents work', async () => {
      const root = await fetch(new URL('/', ctx.server.url), { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/docs/');
      const page = await ctx.server.request('GET', '/docs/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const links = [...String(page.body).matchAll(/href="([^"#]+\.json)"/g)].map((m) => m[1]);
      expect(links.sort()).toEqual(['asyncapi.json', 'openapi.json']);
      for (const link of links) {
        const res = await ctx.server.request(
          'GET',
          new URL(String(link), `${ctx.server.url}/docs/`).pathname,
        );
        expect(res.status).toBe(200);
        expect(res.body).toEqual(link === 'openapi.json' ? openapi : asyncapi);
      }
    });

    it('echoes a valid X-Request-Id and generates one when absent or unusable', async () => {
      const given = await ctx.server.request('GET', '/healthz', {
        headers: { 'x-request-id': 'req-42.abc_DEF' },
      });
      expect(given.headers.get('x-request-id')).toBe('req-42.abc_DEF');
      const error = await ctx.server.request('GET', '/api/nope', {
        headers: { 'x-request-id': 'on-an-error' },
      });
      expect(error.headers.get('x-request-id')).toBe('on-an-error');

      const first = (await ctx.server.request('GET', '/healthz')).headers.get('x-request-id');
      const second = (await ctx.server.request('GET', '/healthz')).headers.get('x-request-id');
      expect(first).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(second).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(first).not.toBe(second);

      const unusable = await ctx.server.request('GET', '/healthz', {
        headers: { 'x-request-id': 'has spaces and <html>' },
      });
      expect(unusable.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    });
  });

  describe('reachability by back end', () => {
    const reachabilityOf = async (identity: string) =>
      expectStatus(
        await ctx.server.request('GET', `/api/conversations/users/${identity}/reachability`),
        'getUserReachability',
        200,
      ).data;

    // capabilities.reachability: the spec's `online` is a socket that sent user_connect in
    // local mode, a connected Twilio client in Twilio mode. One test per source.
    it.runIf(mode.capabilities.reachability === 'sockets')(
      'reachability follows user_connect and disconnect',
      async () => {
        const u = uid('u');
        const reach = () => reachabilityOf(u);
        expect(await reach()).toEqual({ identity: u, online: false, not_reachable: true });
        const client = await ctx.server.client();
        await client.connectUser(u);
        expect(await reach()).toEqual({ identity: u, online: true, not_reachable: false });
        const gone = client.disconnected();
        client.close();
        await gone;
        // The server sees the disconnect shortly after the client does.
        await expect.poll(reach, { timeout: 2_000, interval: 10 }).toMatchObject({ online: false });
      },
    );

    it.runIf(mode.capabilities.reachability === 'backend')(
      "reachability is the back end's (a connected Twilio client), not Socket.IO presence",
      async () => {
        const setReachability = ctx.server.backend.setReachability;
        if (!setReachability) throw new Error('this back end cannot report reachability');
        const u = uid('u');
        const reach = () => reachabilityOf(u);
        expect(await reach()).toEqual({ identity: u, online: false, not_reachable: true });
        expectStatus(
          await ctx.server.request('POST', '/api/conversations/enable-reachability'),
          'enableReachability',
          200,
        );
        // A socket that sent user_connect does not make the user online here.
        const client = await ctx.server.client();
        await client.connectUser(u);
        expect(await reach()).toEqual({ identity: u, online: false, not_reachable: true });

        setReachability(u, { online: true, notifiable: true });
        expect(await reach()).toEqual({ identity: u, online: true, not_reachable: false });
        // Offline but still notifiable (push): reachable.
        setReachability(u, { online: false, notifiable: true });
        expect(await reach()).toEqual({ identity: u, online: false, not_reachable: false });
        setReachability(u, { online: false, notifiable: false });
        expect(await reach()).toEqual({ identity: u, online: false, not_reachable: true });
        // Online through Twilio, whatever the socket does.
        setReachability(u, { online: true, notifiable: false });
        const gone = client.disconnected();
        client.close();
        await gone;
        expect(await reach()).toEqual({ identity: u, online: true, not_reachable: false });
      },
    );
  });

  describe('errors', () => {
    it('not-found errors name the unknown conversation, on every operation that takes one', async () => {
      const sid = UNKNOWN_CONVERSATION;
      const notFound = (res: ApiResponse) => {
        expect((res.body as { message: string }).message).toContain(sid);
        return res;
      };
      expectStatus(
        notFound(await ctx.server.request('GET', sidPath(sid, '/messages'))),
        'listMessages',
        404,
      );
      expectStatus(
        notFound(
          await ctx.server.request('POST', sidPath(sid, '/send-message'), {
            json: { body: 'hi', author: 'a1' },
          }),
        ),
        'sendMessage',
        404,
      );
      expectStatus(
        notFound(await ctx.server.request('DELETE', sidPath(sid))),
        'deleteConversation',
        404,
      );
      expectStatus(
        notFound(
          await ctx.server.request('POST', sidPath(sid, '/add-chat-participant'), {
            json: { identity: 'a1' },
          }),
        ),
        'addChatParticipant',
        404,
      );
      expectStatus(
        notFound(
          await ctx.server.request('POST', sidPath(sid, '/add-sms-participant'), {
            json: { phone_number: '+1234567890' },
          }),
        ),
        'addSmsParticipant',
        404,
      );
    });

    it.each([
      ['?userId= twice', '/api/conversations?userId=a1&userId=b1'],
      ['?userId= twice next to an unknown parameter', '/api/conversations?userId=a1&_=1&userId=b1'],
      ['an encoded slash in {userId}', '/api/conversations/a%2Fb/conversations'],
    ])('%s → 400 naming userId', async (_label, path) => {
      const res = await ctx.server.request('GET', path);
      expect(res.status).toBe(400);
      expect((res.body as { message: string }).message).toContain('userId');
    });

    it.each([
      ['GET', '/api/nope'],
      ['GET', '/nope'],
      ['POST', '/api/conversations/create/extra'],
      ['PUT', '/api/conversations/create'],
      ['GET', '/api/conversations/create'],
      ['PATCH', `/api/conversations/${UNKNOWN_CONVERSATION}`],
    ])('unknown route %s %s → 404 envelope', async (method, path) => {
      const res = await ctx.server.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, message: expect.stringMatching(/not found/i) });
    });
  });
});
