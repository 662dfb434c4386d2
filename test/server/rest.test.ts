// Every REST operation over real HTTP, each response checked against the spec with the
// generated validators (expectStatus), plus the error paths: malformed JSON, schema
// violations naming the field, unknown resources and routes, oversized bodies. Every
// response of the suite is also checked for leaked stack traces (harness `request`).
import { describe, expect, it } from 'vitest';
import asyncapi from '../../generated/asyncapi.json' with { type: 'json' };
import openapi from '../../generated/openapi.json' with { type: 'json' };
import { restRoutes } from '../../generated/rest-handlers.ts';
import { restValidators } from '../../generated/validators.js';
import {
  type ApiResponse,
  assertNoLeak,
  assertNoProblems,
  createConversation,
  expectStatus,
  modes,
  type OperationId,
  sendRest,
  UNKNOWN_CONVERSATION,
  UNKNOWN_MEDIA,
  uid,
  useServer,
} from './harness.ts';

const sidPath = (sid: string, rest = '') => `/api/conversations/${sid}${rest}`;

/** Operations exercised (happy path) in this file or in media.test.ts / auth.test.ts. */
const COVERED: OperationId[] = [
  'getHealth',
  'generateToken',
  'createConversation',
  'createPrivateConversation',
  'listConversations',
  'listUserConversations',
  'deleteConversation',
  'listMessages',
  'sendMessage',
  'sendMessageWithFiles', // media.test.ts
  'addChatParticipant',
  'addSmsParticipant',
  'getMediaContent', // media.test.ts
  'enableReachability',
  'getUserReachability',
  'uploadMedia', // media.test.ts
  'downloadMedia', // media.test.ts
];

describe('harness', () => {
  it('covers every operation of the spec', () => {
    expect([...COVERED].sort()).toEqual(Object.keys(restValidators).sort());
    expect(restRoutes.map((r) => r.operationId).sort()).toEqual([...COVERED].sort());
  });

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

    it('unknown query parameters are ignored (e.g. cache-busters)', async () => {
      expect(
        expectStatus(await ctx.server.request('GET', '/healthz?x=1'), 'getHealth', 200),
      ).toMatchObject({ status: 'ok' });
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      await sendRest(ctx.server, sid, u, 'hello');
      const plain = expectStatus(
        await ctx.server.request('GET', `/api/conversations?userId=${u}`),
        'listConversations',
        200,
      );
      const busted = expectStatus(
        await ctx.server.request('GET', `/api/conversations?_=123&userId=${u}&page=2`),
        'listConversations',
        200,
      );
      expect(busted.data).toEqual(plain.data);
      expect(busted.data.map((c) => c.sid)).toEqual([sid]);
      expectStatus(
        await ctx.server.request('GET', '/api/conversations?_=123'),
        'listConversations',
        200,
      );
      expectStatus(
        await ctx.server.request('GET', `/api/conversations/${u}/conversations?_=1`),
        'listUserConversations',
        200,
      );
      const history = expectStatus(
        await ctx.server.request('GET', sidPath(sid, '/messages?_=1&limit=5')),
        'listMessages',
        200,
      );
      expect(history.data.map((m) => m.body)).toEqual(['hello']);
      expectStatus(
        await ctx.server.request('POST', sidPath(sid, '/send-message?_=2'), {
          json: { body: 'busted', author: u },
        }),
        'sendMessage',
        200,
      );
      // Known parameters are still checked.
      expectStatus(
        await ctx.server.request('GET', '/api/conversations?_=1&userId=a%20b'),
        'listConversations',
        400,
      );
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

  describe('conversations', () => {
    it('create: names the conversation from its participants, never from images', async () => {
      const [a, b] = [uid('a'), uid('b')];
      const res = await ctx.server.request('POST', '/api/conversations/create', {
        json: {
          participants: [
            { id: a, name: 'John Doe', image: 'https://example.com/a.png' },
            { id: b, name: 'Jane Smith' },
          ],
        },
      });
      const body = expectStatus(res, 'createConversation', 200);
      expect(body.data.friendly_name).toBe(`${a}_John Doe_+${b}_Jane Smith_`);
      expect(body.data.participants.map((p) => p.id)).toEqual([a, b]);
      expect(body.data.participants[0]?.image).toBe('https://example.com/a.png');
    });

    it('create: keeps a given friendly_name, and always creates a new conversation', async () => {
      const a = uid('a');
      const json = { friendly_name: 'Team room', participants: [{ id: a, name: 'A' }] };
      const first = expectStatus(
        await ctx.server.request('POST', '/api/conversations/create', { json }),
        'createConversation',
        200,
      );
      const second = expectStatus(
        await ctx.server.request('POST', '/api/conversations/create', { json }),
        'createConversation',
        200,
      );
      expect(first.data.friendly_name).toBe('Team room');
      expect(second.data.conversation_sid).not.toBe(first.data.conversation_sid);
    });

    it('an empty friendly_name means the default name (create and newconversation)', async () => {
      const [a, b] = [uid('a'), uid('b')];
      const participants = [
        { id: a, name: 'Ann' },
        { id: b, name: 'Bob' },
      ];
      const created = expectStatus(
        await ctx.server.request('POST', '/api/conversations/create', {
          json: { friendly_name: '', participants },
        }),
        'createConversation',
        200,
      );
      expect(created.data.friendly_name).toBe(`${a}_Ann_+${b}_Bob_`);
      const listed = expectStatus(
        await ctx.server.request('GET', `/api/conversations?userId=${a}`),
        'listConversations',
        200,
      );
      expect(listed.data.find((c) => c.sid === created.data.conversation_sid)?.friendly_name).toBe(
        `${a}_Ann_+${b}_Bob_`,
      );
      const private_ = expectStatus(
        await ctx.server.request('POST', '/api/conversations/newconversation', {
          json: { friendly_name: '', participants },
        }),
        'createPrivateConversation',
        200,
      );
      expect(private_.data.friendly_name).toBe(`${a}_Ann_+${b}_Bob_`);
    });

    it('identities may be any id without whitespace or / \\ ? # % (auth0|…, non-ASCII, e-mail)', async () => {
      const suffix = uid('');
      const ids = [`auth0|5f7c${suffix}`, `José${suffix}`, `a@b.c${suffix}`, `x${'y'.repeat(127)}`];
      const created = expectStatus(
        await ctx.server.request('POST', '/api/conversations/create', {
          json: { participants: ids.map((id) => ({ id, name: `Name ${id.slice(0, 10)}` })) },
        }),
        'createConversation',
        200,
      );
      const sid = created.data.conversation_sid;
      expect(created.data.participants.map((p) => p.id)).toEqual(ids);
      for (const id of ids) {
        const byPath = expectStatus(
          await ctx.server.request(
            'GET',
            `/api/conversations/${encodeURIComponent(id)}/conversations`,
          ),
          'listUserConversations',
          200,
        );
        expect(byPath.data.map((c) => c.sid)).toEqual([sid]);
        const byQuery = expectStatus(
          await ctx.server.request('GET', `/api/conversations?userId=${encodeURIComponent(id)}`),
          'listConversations',
          200,
        );
        expect(byQuery.data).toEqual(byPath.data);
        const sent = expectStatus(
          await ctx.server.request('POST', sidPath(sid, '/send-message'), {
            json: { body: `from ${id}`, author: id },
          }),
          'sendMessage',
          200,
        );
        expect(sent.data.author).toBe(id);
        const reach = expectStatus(
          await ctx.server.request(
            'GET',
            `/api/conversations/users/${encodeURIComponent(id)}/reachability`,
          ),
          'getUserReachability',
          200,
        );
        expect(reach.data.identity).toBe(id);
        expectStatus(
          await ctx.server.request('POST', '/api/conversations/generate-token', {
            json: { user_id: id },
          }),
          'generateToken',
          200,
        );
      }
      const history = expectStatus(
        await ctx.server.request('GET', sidPath(sid, '/messages')),
        'listMessages',
        200,
      );
      expect(history.data.map((m) => m.author)).toEqual(ids);

      const newcomer = `Zoë|${suffix}`;
      const added = expectStatus(
        await ctx.server.request('POST', sidPath(sid, '/add-chat-participant'), {
          json: { identity: newcomer },
        }),
        'addChatParticipant',
        200,
      );
      expect(added.data.identity).toBe(newcomer);
      const theirs = expectStatus(
        await ctx.server.request(
          'GET',
          `/api/conversations/${encodeURIComponent(newcomer)}/conversations`,
        ),
        'listUserConversations',
        200,
      );
      expect(theirs.data.map((c) => c.sid)).toEqual([sid]);
    });

    it('newconversation: the same id twice is not a private conversation (400 naming participants)', async () => {
      const a = uid('a');
      const res = await ctx.server.request('POST', '/api/conversations/newconversation', {
        json: {
          participants: [
            { id: a, name: 'A' },
            { id: a, name: 'A again' },
          ],
        },
      });
      expect(expectStatus(res, 'createPrivateConversation', 400).message).toContain('participants');
      const mine = expectStatus(
        await ctx.server.request('GET', `/api/conversations/${a}/conversations`),
        'listUserConversations',
        200,
      );
      expect(mine.data).toEqual([]);
    });

    it('newconversation: same SID whatever the order, existing:true with history the second time', async () => {
      const [a, b] = [uid('a'), uid('b')];
      const first = expectStatus(
        await ctx.server.request('POST', '/api/conversations/newconversation', {
          json: {
            participants: [
              { id: a, name: 'Ann' },
              { id: b, name: 'Bob' },
            ],
          },
        }),
        'createPrivateConversation',
        200,
      );
      expect(first.data.existing).toBe(false);
      expect(first.data).not.toHaveProperty('messages');
      const sid = first.data.conversation_sid;
      for (const text of ['one', 'two', 'three']) {
        await sendRest(ctx.server, sid, text === 'two' ? b : a, text);
      }

      const second = expectStatus(
        await ctx.server.request('POST', '/api/conversations/newconversation', {
          json: {
            participants: [
              { id: b, name: 'Robert' },
              { id: a, name: 'Annie' },
            ],
          },
        }),
        'createPrivateConversation',
        200,
      );
      expect(second.data.conversation_sid).toBe(sid);
      expect(second.data.existing).toBe(true);
      if (!second.data.existing) throw new Error('unreachable');
      expect(second.data.messages.map((m) => m.body)).toEqual(['one', 'two', 'three']);
      expect(second.data.messages.map((m) => m.author)).toEqual([a, b, a]);
      const dates = second.data.messages.map((m) => Date.parse(m.date_created));
      expect([...dates].sort((x, y) => x - y)).toEqual(dates);
    });

    it('newconversation: a different participant set is a different conversation', async () => {
      const [a, b, c] = [uid('a'), uid('b'), uid('c')];
      const call = async (ids: string[]) =>
        expectStatus(
          await ctx.server.request('POST', '/api/conversations/newconversation', {
            json: { participants: ids.map((id) => ({ id, name: id })) },
          }),
          'createPrivateConversation',
          200,
        ).data;
      const ab = await call([a, b]);
      const abc = await call([a, b, c]);
      expect(abc.conversation_sid).not.toBe(ab.conversation_sid);
      expect(abc.existing).toBe(false);
    });

    it('newconversation: concurrent first calls create one conversation', async () => {
      const [a, b] = [uid('a'), uid('b')];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          ctx.server.request('POST', '/api/conversations/newconversation', {
            json: {
              participants:
                i % 2 === 0
                  ? [
                      { id: a, name: 'A' },
                      { id: b, name: 'B' },
                    ]
                  : [
                      { id: b, name: 'B' },
                      { id: a, name: 'A' },
                    ],
            },
          }),
        ),
      );
      const bodies = results.map((r) => expectStatus(r, 'createPrivateConversation', 200).data);
      expect(new Set(bodies.map((d) => d.conversation_sid)).size).toBe(1);
      expect(bodies.filter((d) => !d.existing)).toHaveLength(1);
      const mine = expectStatus(
        await ctx.server.request('GET', `/api/conversations/${a}/conversations`),
        'listUserConversations',
        200,
      );
      expect(mine.data).toHaveLength(1);
    });

    it('list: most recent first, last_message present, userId filter and {userId}/conversations agree', async () => {
      const [u, other] = [uid('u'), uid('other')];
      const first = await createConversation(ctx.server, [u, other]);
      await ctx.server.advanceClock();
      const second = await createConversation(ctx.server, [u]);
      await ctx.server.advanceClock();
      const third = await createConversation(ctx.server, [u, other]);
      await ctx.server.advanceClock();
      const unrelated = await createConversation(ctx.server, [other]);
      await ctx.server.advanceClock();
      const messageSid = await sendRest(ctx.server, first, u, 'latest news');

      const filtered = expectStatus(
        await ctx.server.request('GET', `/api/conversations?userId=${u}`),
        'listConversations',
        200,
      );
      expect(filtered.data.map((c) => c.sid)).toEqual([first, third, second]);
      const [top, ...rest] = filtered.data;
      expect(top?.last_message).toMatchObject({ sid: messageSid, body: 'latest news', author: u });
      for (const c of rest) expect(c.last_message).toBeNull();
      expect(Date.parse(top?.date_updated ?? '')).toBeGreaterThanOrEqual(
        Date.parse(top?.date_created ?? ''),
      );

      const byPath = expectStatus(
        await ctx.server.request('GET', `/api/conversations/${u}/conversations`),
        'listUserConversations',
        200,
      );
      expect(byPath.data).toEqual(filtered.data);

      const all = expectStatus(
        await ctx.server.request('GET', '/api/conversations'),
        'listConversations',
        200,
      );
      const order = all.data
        .map((c) => c.sid)
        .filter((sid) => [first, second, third, unrelated].includes(sid));
      expect(order).toEqual([first, unrelated, third, second]);
    });

    it('list: an unknown user has no conversations (200, empty)', async () => {
      const nobody = uid('nobody');
      const res = await ctx.server.request('GET', `/api/conversations/${nobody}/conversations`);
      expect(expectStatus(res, 'listUserConversations', 200).data).toEqual([]);
      const query = await ctx.server.request('GET', `/api/conversations?userId=${nobody}`);
      expect(expectStatus(query, 'listConversations', 200).data).toEqual([]);
    });

    it('delete: removes the conversation, its history and its listing', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      await sendRest(ctx.server, sid, u, 'soon gone');
      const res = await ctx.server.request('DELETE', sidPath(sid));
      expect(expectStatus(res, 'deleteConversation', 200).data).toEqual({
        success: true,
        message: 'Conversation deleted successfully',
      });
      expectStatus(await ctx.server.request('GET', sidPath(sid, '/messages')), 'listMessages', 404);
      expectStatus(await ctx.server.request('DELETE', sidPath(sid)), 'deleteConversation', 404);
      const list = expectStatus(
        await ctx.server.request('GET', `/api/conversations?userId=${u}`),
        'listConversations',
        200,
      );
      expect(list.data).toEqual([]);
    });
  });

  describe('messages', () => {
    it('send-message stores the message with its media and answers as the spec says', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const media = ['https://example.com/image.jpg', 'https://example.com/audio.mp3'];
      const res = await ctx.server.request('POST', sidPath(sid, '/send-message'), {
        json: { body: 'Hello, this is my message!', author: u, media },
      });
      const sent = expectStatus(res, 'sendMessage', 200).data;
      expect(sent).toMatchObject({
        success: true,
        body: 'Hello, this is my message!',
        author: u,
        media,
      });

      const history = expectStatus(
        await ctx.server.request('GET', sidPath(sid, '/messages')),
        'listMessages',
        200,
      ).data;
      expect(history).toEqual([
        expect.objectContaining({
          sid: sent.message_sid,
          body: sent.body,
          author: u,
          date_created: sent.date_created,
          media,
        }),
      ]);
    });

    it('send-message without media stores an empty media list', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const res = await ctx.server.request('POST', sidPath(sid, '/send-message'), {
        json: { body: 'plain', author: u },
      });
      expect(expectStatus(res, 'sendMessage', 200).data.media).toEqual([]);
    });

    it('history: the last 100 of 150 messages, oldest first', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      for (let i = 0; i < 150; i += 1) await sendRest(ctx.server, sid, u, `m${i}`);
      const history = expectStatus(
        await ctx.server.request('GET', sidPath(sid, '/messages')),
        'listMessages',
        200,
      ).data;
      expect(history.map((m) => m.body)).toEqual(
        Array.from({ length: 100 }, (_, i) => `m${i + 50}`),
      );
      const list = expectStatus(
        await ctx.server.request('GET', `/api/conversations?userId=${u}`),
        'listConversations',
        200,
      );
      expect(list.data[0]?.last_message?.body).toBe('m149');
    });

    it('an empty conversation has an empty history', async () => {
      const sid = await createConversation(ctx.server, [uid('u')]);
      const res = await ctx.server.request('GET', sidPath(sid, '/messages'));
      expect(expectStatus(res, 'listMessages', 200).data).toEqual([]);
    });
  });

  describe('participants and reachability', () => {
    it('add-chat-participant is idempotent and lists the conversation for the new user', async () => {
      const [u, newcomer] = [uid('u'), uid('new')];
      const sid = await createConversation(ctx.server, [u]);
      const add = () =>
        ctx.server.request('POST', sidPath(sid, '/add-chat-participant'), {
          json: { identity: newcomer },
        });
      const first = expectStatus(await add(), 'addChatParticipant', 200).data;
      expect(first.identity).toBe(newcomer);
      const again = expectStatus(await add(), 'addChatParticipant', 200).data;
      expect(again.participant_sid).toBe(first.participant_sid);
      const mine = expectStatus(
        await ctx.server.request('GET', `/api/conversations/${newcomer}/conversations`),
        'listUserConversations',
        200,
      );
      expect(mine.data.map((c) => c.sid)).toEqual([sid]);
    });

    it('add-sms-participant adds a number once; the same number again is 409', async () => {
      const sid = await createConversation(ctx.server, [uid('u')]);
      const add = () =>
        ctx.server.request('POST', sidPath(sid, '/add-sms-participant'), {
          json: { phone_number: '+1234567890' },
        });
      const body = expectStatus(await add(), 'addSmsParticipant', 200);
      expect(body.data.phone_number).toBe('+1234567890');
      expectStatus(await add(), 'addSmsParticipant', 409);
    });

    it('enable-reachability is idempotent', async () => {
      for (let i = 0; i < 2; i += 1) {
        const res = await ctx.server.request('POST', '/api/conversations/enable-reachability');
        expect(expectStatus(res, 'enableReachability', 200).data.success).toBe(true);
      }
    });

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
    it('malformed JSON → 400 envelope', async () => {
      const res = await ctx.server.request('POST', '/api/conversations/create', {
        json: '{"participants": [',
      });
      expect(expectStatus(res, 'createConversation', 400).message).toMatch(/malformed json/i);
      const token = await ctx.server.request('POST', '/api/conversations/generate-token', {
        json: '{user_id: x}',
      });
      expectStatus(token, 'generateToken', 400);
    });

    it('a JSON body that is not an object → 400', async () => {
      for (const json of ['null', '"text"', '42', '[]']) {
        const res = await ctx.server.request('POST', '/api/conversations/create', { json });
        expectStatus(res, 'createConversation', 400);
      }
    });

    it('a body with the wrong content type → 400', async () => {
      const res = await ctx.server.request('POST', '/api/conversations/create', {
        body: 'participants=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectStatus(res, 'createConversation', 400);
    });

    type Case = {
      name: string;
      op: OperationId;
      method: string;
      path: string | ((sid: string) => string);
      json?: unknown;
      field: string;
    };
    const participants = [{ id: 'a1', name: 'A' }];
    const cases: Case[] = [
      {
        name: 'token: user_id missing',
        op: 'generateToken',
        method: 'POST',
        path: '/api/conversations/generate-token',
        json: {},
        field: 'user_id',
      },
      {
        name: 'token: user_id with a space',
        op: 'generateToken',
        method: 'POST',
        path: '/api/conversations/generate-token',
        json: { user_id: 'a b' },
        field: 'user_id',
      },
      {
        name: 'token: user_id a number',
        op: 'generateToken',
        method: 'POST',
        path: '/api/conversations/generate-token',
        json: { user_id: 12 },
        field: 'user_id',
      },
      {
        name: 'token: unknown field',
        op: 'generateToken',
        method: 'POST',
        path: '/api/conversations/generate-token',
        json: { user_id: 'a', admin: true },
        field: 'admin',
      },
      {
        name: 'create: participants missing',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: {},
        field: 'participants',
      },
      {
        name: 'create: participants empty',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [] },
        field: 'participants',
      },
      {
        name: 'create: participants not an array',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: 'a1' },
        field: 'participants',
      },
      {
        name: 'create: 11 participants',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: Array.from({ length: 11 }, (_, i) => ({ id: `p${i}`, name: 'P' })) },
        field: 'participants',
      },
      {
        name: 'create: participant without name',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a1' }] },
        field: 'name',
      },
      {
        name: 'create: participant id with a slash',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a/1', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with a space',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a b', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with a question mark',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a?b', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with a hash',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a#b', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with a percent sign',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a%b', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with a backslash',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a\\b', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with a tab',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a\tb', name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant id with 129 characters',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'x'.repeat(129), name: 'A' }] },
        field: 'id',
      },
      {
        name: 'create: participant unknown field',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a1', name: 'A', role: 'x' }] },
        field: 'role',
      },
      {
        name: 'create: friendly_name too long',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { friendly_name: 'x'.repeat(257), participants },
        field: 'friendly_name',
      },
      {
        name: 'create: image too long',
        op: 'createConversation',
        method: 'POST',
        path: '/api/conversations/create',
        json: { participants: [{ id: 'a1', name: 'A', image: 'x'.repeat(100_001) }] },
        field: 'image',
      },
      {
        name: 'newconversation: one participant',
        op: 'createPrivateConversation',
        method: 'POST',
        path: '/api/conversations/newconversation',
        json: { participants },
        field: 'participants',
      },
      {
        name: 'newconversation: the same id twice',
        op: 'createPrivateConversation',
        method: 'POST',
        path: '/api/conversations/newconversation',
        json: {
          participants: [
            { id: 'dup1', name: 'A' },
            { id: 'dup1', name: 'B' },
          ],
        },
        field: 'participants',
      },
      {
        name: 'send: author with a slash',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: 'hi', author: 'a/1' },
        field: 'author',
      },
      {
        name: 'send: author missing',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: 'hi' },
        field: 'author',
      },
      {
        name: 'send: body missing',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { author: 'a1' },
        field: 'body',
      },
      {
        name: 'send: body empty',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: '', author: 'a1' },
        field: 'body',
      },
      {
        name: 'send: body of 1601 characters',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: 'x'.repeat(1601), author: 'a1' },
        field: 'body',
      },
      {
        name: 'send: body a number',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: 5, author: 'a1' },
        field: 'body',
      },
      {
        name: 'send: media not a list',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: 'hi', author: 'a1', media: 'https://example.com/a.png' },
        field: 'media',
      },
      {
        name: 'send: media item not http(s)',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: { body: 'hi', author: 'a1', media: ['ftp://example.com/a.png'] },
        field: 'media',
      },
      {
        name: 'send: 11 media items',
        op: 'sendMessage',
        method: 'POST',
        path: (sid) => sidPath(sid, '/send-message'),
        json: {
          body: 'hi',
          author: 'a1',
          media: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`),
        },
        field: 'media',
      },
      {
        name: 'send: bad conversation SID',
        op: 'sendMessage',
        method: 'POST',
        path: '/api/conversations/CHnothex/send-message',
        json: { body: 'hi', author: 'a1' },
        field: 'convoSid',
      },
      {
        name: 'messages: uppercase SID',
        op: 'listMessages',
        method: 'GET',
        path: `/api/conversations/CH${'A'.repeat(32)}/messages`,
        field: 'convoSid',
      },
      {
        name: 'delete: bad SID',
        op: 'deleteConversation',
        method: 'DELETE',
        path: '/api/conversations/IM0123456789abcdef0123456789abcdef',
        field: 'convoSid',
      },
      {
        name: 'add chat: identity missing',
        op: 'addChatParticipant',
        method: 'POST',
        path: (sid) => sidPath(sid, '/add-chat-participant'),
        json: {},
        field: 'identity',
      },
      {
        name: 'add chat: identity too long',
        op: 'addChatParticipant',
        method: 'POST',
        path: (sid) => sidPath(sid, '/add-chat-participant'),
        json: { identity: 'x'.repeat(129) },
        field: 'identity',
      },
      {
        name: 'add sms: not E.164',
        op: 'addSmsParticipant',
        method: 'POST',
        path: (sid) => sidPath(sid, '/add-sms-participant'),
        json: { phone_number: '555-1234' },
        field: 'phone_number',
      },
      {
        name: 'list: userId with a space',
        op: 'listConversations',
        method: 'GET',
        path: '/api/conversations?userId=a%20b',
        field: 'userId',
      },
      {
        name: 'list: userId repeated',
        op: 'listConversations',
        method: 'GET',
        path: '/api/conversations?userId=a1&userId=b1',
        field: 'userId',
      },
      {
        name: 'list: userId repeated next to an unknown parameter',
        op: 'listConversations',
        method: 'GET',
        path: '/api/conversations?_=1&userId=a1&userId=b1',
        field: 'userId',
      },
      {
        name: 'list: userId empty',
        op: 'listConversations',
        method: 'GET',
        path: '/api/conversations?userId=',
        field: 'userId',
      },
      {
        name: 'list: userId with a percent sign',
        op: 'listConversations',
        method: 'GET',
        path: '/api/conversations?userId=a%25b',
        field: 'userId',
      },
      {
        name: 'list by path: userId with an encoded slash',
        op: 'listUserConversations',
        method: 'GET',
        path: '/api/conversations/a%2Fb/conversations',
        field: 'userId',
      },
      {
        name: 'media content: bad SID',
        op: 'getMediaContent',
        method: 'GET',
        path: '/api/conversations/media/MEshort/content',
        field: 'mediaSid',
      },
      {
        name: 'reachability: bad identity',
        op: 'getUserReachability',
        method: 'GET',
        path: '/api/conversations/users/a%20b/reachability',
        field: 'identity',
      },
    ];

    it.each(cases)('$name → 400 naming $field', async ({ op, method, path, json, field }) => {
      const sid = await createConversation(ctx.server, ['a1']);
      const url = typeof path === 'function' ? path(sid) : path;
      const res = await ctx.server.request(method, url, json === undefined ? {} : { json });
      const body = expectStatus(res, op, 400 as never) as { message: string };
      expect(body.message).toContain(field);
    });

    it('nothing is stored when a send is rejected', async () => {
      const sid = await createConversation(ctx.server, ['a1']);
      const res = await ctx.server.request('POST', sidPath(sid, '/send-message'), {
        json: { body: 'x'.repeat(1601), author: 'a1' },
      });
      expectStatus(res, 'sendMessage', 400);
      const history = await ctx.server.request('GET', sidPath(sid, '/messages'));
      expect(expectStatus(history, 'listMessages', 200).data).toEqual([]);
    });

    it('unknown conversation → 404 on every operation that takes one', async () => {
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

    it('unknown media → 404', async () => {
      expectStatus(
        await ctx.server.request('GET', `/api/conversations/media/${UNKNOWN_MEDIA}/content`),
        'getMediaContent',
        404,
      );
      expectStatus(
        await ctx.server.request('GET', `/api/media/${UNKNOWN_MEDIA}`),
        'downloadMedia',
        404,
      );
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

    it('a JSON body over 1 MiB → 413', async () => {
      const big = 'x'.repeat(1024 * 1024 + 1024);
      const create = await ctx.server.request('POST', '/api/conversations/create', {
        json: { participants: [{ id: 'a1', name: 'A', image: big }] },
      });
      expectStatus(create, 'createConversation', 413);
      const sid = await createConversation(ctx.server, ['a1']);
      const send = await ctx.server.request('POST', sidPath(sid, '/send-message'), {
        json: { body: big, author: 'a1' },
      });
      expectStatus(send, 'sendMessage', 413);
    });

    it('a JSON body just under 1 MiB is read (and then validated)', async () => {
      const sid = await createConversation(ctx.server, ['a1']);
      const res = await ctx.server.request('POST', sidPath(sid, '/send-message'), {
        json: { body: 'x'.repeat(1000 * 1000), author: 'a1' },
      });
      expect(expectStatus(res, 'sendMessage', 400).message).toContain('body');
    });

    it('the server is still healthy after all of the above', async () => {
      expectStatus(await ctx.server.request('GET', '/healthz'), 'getHealth', 200);
      const sid = await createConversation(ctx.server, ['a1']);
      await sendRest(ctx.server, sid, 'a1', 'still alive');
    });
  });
});
