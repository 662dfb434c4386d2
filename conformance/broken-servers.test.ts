// Proof that the runner catches violations: each test starts the reference server with ONE
// rule broken (a response rewritten, a status changed, an event dropped or misrouted),
// runs the checks for that rule, and asserts the runner fails them with a message naming
// the rule, while the untouched checks around it still pass.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { socketValidators } from '../generated/validators.js';
import { formatReport } from './reporters/console.ts';
import { runConformance } from './runner.ts';
import {
  hookBroadcasts,
  hookRequests,
  hookSockets,
  rewriteJson,
  startReference,
  type TestServer,
  testOptions,
} from './test-support/servers.ts';
import type { RunResult } from './types.ts';

// Whole runs against a real server: generous on a loaded machine (never a speed assertion).
vi.setConfig({ testTimeout: 180_000 });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function broken(install: (s: TestServer) => void): Promise<TestServer> {
  server = await startReference();
  install(server);
  return server;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `grep` and returns the run; asserts that exactly the `failing` checks failed. */
async function expectFailures(
  s: TestServer,
  grep: RegExp,
  failing: string[],
  extra = {},
): Promise<RunResult> {
  const result = await runConformance(testOptions(s.url, { grep, ...extra }));
  expect(result.summary.total).toBeGreaterThan(0);
  expect(result.checks.filter((c) => c.status === 'failed').map((c) => c.name)).toEqual(failing);
  return result;
}

/** The concatenated violation texts of one check. */
function text(result: RunResult, check: string): string {
  const found = result.checks.find((c) => c.name === check);
  return (found?.violations ?? [])
    .map((v) => [v.rule, v.expected, v.actual, v.path ?? '', v.request ?? ''].join(' | '))
    .join('\n');
}

describe('REST faults', () => {
  it('a renamed response field fails the schema check with the JSON path', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status, body }) => {
        if (!url.endsWith('/create') || status !== 200 || !isRecord(body) || !isRecord(body.data))
          return undefined;
        const { conversation_sid, ...rest } = body.data;
        return { body: { ...body, data: { ...rest, conversationSid: conversation_sid } } };
      }),
    );
    const result = await expectFailures(s, /^rest\.(createConversation\.valid|getHealth\.valid)$/, [
      'rest.createConversation.valid',
    ]);
    const violation = result.checks.find((c) => c.name === 'rest.createConversation.valid')
      ?.violations[0];
    expect(violation?.rule).toBe('createConversation 200 body matches its schema in openapi.yaml');
    expect(violation?.path).toBe('$.data.conversation_sid');
    expect(violation?.request).toMatch(/^POST http:.*\/api\/conversations\/create \{/);
  });

  it('a status the spec does not declare is reported', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ method, status }) =>
        method === 'DELETE' && status === 200 ? { status: 202 } : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.deleteConversation\.valid$/, [
      'rest.deleteConversation.valid',
    ]);
    expect(text(result, 'rest.deleteConversation.valid')).toMatch(
      /answers only with the statuses openapi\.yaml declares.*\| 202/,
    );
  });

  it('accepting an invalid body (200 without author) fails the negative check', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status, body }) => {
        if (!url.endsWith('/send-message') || status !== 400 || !isRecord(body)) return undefined;
        if (!String(body.message).includes('author')) return undefined;
        const data = {
          success: true,
          message_sid: `IM${'0'.repeat(32)}`,
          body: 'x',
          author: 'ghost',
          date_created: new Date().toISOString(),
          media: [],
        };
        return { status: 200, body: { status: 200, message: 'Message sent successfully', data } };
      }),
    );
    const result = await expectFailures(s, /^rest\.sendMessage\.(invalid-body|valid)$/, [
      'rest.sendMessage.invalid-body',
    ]);
    const all = text(result, 'rest.sendMessage.invalid-body');
    expect(all).toContain(
      'invalid input is rejected with 400 and the error envelope (never 2xx, never 5xx)',
    );
    expect(all).toContain('HTTP 400 for $.author: missing (required) | HTTP 200');
  });

  // Each 400 the malformed-json check provokes, turned into a 500. (`null` is malformed JSON
  // to some parsers, so the invalid-body check would notice the first too.) The second is
  // what the reference server answered before body-parser's untyped zlib errors were read.
  it.each([
    { refusal: 'Malformed JSON body', seen: 'never 5xx) | HTTP 400 for truncated JSON | HTTP 500' },
    {
      refusal: 'Request body incomplete or malformed',
      seen: 'HTTP 400 for a body sent as Content-Encoding gzip that is not compressed | HTTP 500',
    },
  ])('a 500 instead of "$refusal" fails the malformed-json check', async ({ refusal, seen }) => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ body }) =>
        isRecord(body) && body.message === refusal
          ? { status: 500, body: { status: 500, message: 'Internal server error' } }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.createConversation\.(malformed-json|valid)$/, [
      'rest.createConversation.malformed-json',
    ]);
    expect(text(result, 'rest.createConversation.malformed-json')).toContain(seen);
  });

  it('an unknown SID answered 200 instead of 404 fails the unknown-sid check', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status }) =>
        url.endsWith('/messages') && status === 404
          ? {
              status: 200,
              body: { status: 200, message: 'Messages retrieved successfully', data: [] },
            }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.listMessages\.(unknown-sid|valid)$/, [
      'rest.listMessages.unknown-sid',
    ]);
    expect(text(result, 'rest.listMessages.unknown-sid')).toContain(
      'an unknown convoSid answers 404 with the error envelope',
    );
  });

  it('newconversation that never finds the existing conversation fails the flow', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, body }) => {
        if (!url.endsWith('/newconversation') || !isRecord(body) || !isRecord(body.data))
          return undefined;
        if (body.data.existing !== true) return undefined;
        const { messages: _messages, ...data } = body.data;
        return { body: { ...body, data: { ...data, existing: false } } };
      }),
    );
    const result = await expectFailures(s, /^rest\.flow\.(private-conversation|history-order)$/, [
      'rest.flow.private-conversation',
    ]);
    expect(text(result, 'rest.flow.private-conversation')).toContain(
      'returns the same SID with existing: true',
    );
  });

  it('history newest-first fails the order flow', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status, body }) =>
        url.endsWith('/messages') && status === 200 && isRecord(body) && Array.isArray(body.data)
          ? { body: { ...body, data: [...body.data].reverse() } }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.flow\.(history-order|last-message)$/, [
      'rest.flow.history-order',
    ]);
    expect(text(result, 'rest.flow.history-order')).toContain('oldest first');
  });

  it('an upload URL serving other bytes fails the upload round trip', async () => {
    const s = await broken(({ app }) =>
      hookRequests(app, (req, res) => {
        if (req.method !== 'GET' || !req.url?.startsWith('/api/media/')) return false;
        res.writeHead(200, { 'content-type': 'image/png' }).end('not the uploaded bytes');
        return true;
      }),
    );
    const result = await expectFailures(s, /^rest\.uploadMedia\.(valid|content-types)$/, [
      'rest.uploadMedia.valid',
    ]);
    expect(text(result, 'rest.uploadMedia.valid')).toContain('serves the uploaded bytes');
  });

  it('unknown query parameters refused with 400 fail the unknown-query check', async () => {
    const s = await broken(({ app }) =>
      hookRequests(app, (req, res) => {
        if (!req.url?.startsWith('/api/') || !/[?&]_=/.test(req.url)) return false;
        res.writeHead(400, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: 400,
            message: 'request/query must NOT have additional properties (_)',
          }),
        );
        return true;
      }),
    );
    const result = await expectFailures(s, /^rest\.(unknown-query\.ignored|getHealth\.valid)$/, [
      'rest.unknown-query.ignored',
    ]);
    expect(text(result, 'rest.unknown-query.ignored')).toContain(
      'an unknown query parameter is ignored (the request is served)',
    );
  });

  it('a presented token that does not bind the author fails the acts-as-token check', async () => {
    // The server never sees the token on send-message: any author goes through.
    const s = await broken(({ app }) =>
      hookRequests(app, (req) => {
        if (req.url?.endsWith('/send-message')) delete req.headers.authorization;
        return false;
      }),
    );
    const result = await expectFailures(s, /^rest\.auth\.acts-as-token$/, [
      'rest.auth.acts-as-token',
    ]);
    expect(text(result, 'rest.auth.acts-as-token')).toMatch(
      /a request whose body author is not the token's identity answers 403.*POST .*\/send-message/,
    );
  });

  it('a server that lets any token into any conversation fails both non-participant checks', async () => {
    const s = await broken(({ app }) => {
      app.services.provider.isParticipant = async () => true;
    });
    const result = await expectFailures(
      s,
      /^(rest|socket)\.auth\.non-participant$/,
      ['rest.auth.non-participant', 'socket.auth.non-participant'],
      { auth: true },
    );
    expect(text(result, 'rest.auth.non-participant')).toMatch(
      /is not in answers 404.*GET .*\/messages/,
    );
    expect(text(result, 'socket.auth.non-participant')).toMatch(/code not_found/);
  });

  it('a protected operation reachable without a token fails the auth check', async () => {
    server = await startReference({ AUTH_REQUIRED: 'true' });
    const token = await server.app.services.tokens.issue('intruder');
    hookRequests(server.app, (req) => {
      if (req.url?.includes('/messages') && req.headers.authorization === undefined) {
        req.headers.authorization = `Bearer ${token}`;
      }
      return false;
    });
    const result = await expectFailures(
      server,
      /^rest\.auth\.consistent$/,
      ['rest.auth.consistent'],
      { auth: true },
    );
    expect(text(result, 'rest.auth.consistent')).toMatch(
      /answers 401 on every protected operation without one.*GET .*\/messages/,
    );
  });

  it('an invalid token ignored where tokens are optional fails the auth check', async () => {
    server = await startReference({});
    // What the reference server did before the spec said otherwise: a token that does not
    // verify is dropped, and the request served as if it had none.
    hookRequests(server.app, (req) => {
      if (req.url?.includes('/messages') && req.headers.authorization === 'Bearer not.a.token') {
        delete req.headers.authorization;
      }
      return false;
    });
    const result = await expectFailures(server, /^rest\.auth\.consistent$/, [
      'rest.auth.consistent',
    ]);
    expect(text(result, 'rest.auth.consistent')).toMatch(
      /invalid bearer token is answered 401, also where tokens are optional.*GET .*\/messages/,
    );
  });
});

describe('Socket.IO faults', () => {
  it('a dropped message_sent fails the reply pair', async () => {
    const s = await broken(({ app }) =>
      hookSockets(
        app,
        () => {},
        (event, args) => (event === 'message_sent' ? null : args),
      ),
    );
    const result = await expectFailures(s, /^socket\.(send_message\.routing|ping\.reply)$/, [
      'socket.send_message.routing',
    ]);
    expect(text(result, 'socket.send_message.routing')).toContain(
      'message_sent after send_message goes to only the socket that caused it (audience: sender) | alice receives message_sent | nothing within',
    );
  });

  it('user_typing echoed to the typist fails the typing check', async () => {
    const s = await broken(({ app }) =>
      hookBroadcasts(app, (event, options) => {
        if (event === 'user_typing') options.except = new Set();
        return true;
      }),
    );
    const result = await expectFailures(s, /^socket\.typing\./, ['socket.typing.routing']);
    expect(text(result, 'socket.typing.routing')).toContain('typing is never echoed to the typist');
  });

  it('message_error for typing outside the room (the former rule) fails the outside-room check', async () => {
    const s = await broken(({ app }) =>
      hookSockets(app, (socket) =>
        socket.use(([event, payload], next) => {
          const room = isRecord(payload) ? payload.conversationSid : undefined;
          if (
            (event === 'typing_start' || event === 'typing_stop') &&
            typeof room === 'string' &&
            !socket.rooms.has(room)
          ) {
            socket.emit('message_error', {
              success: false,
              error: 'join the conversation before typing in it',
              event,
              conversationSid: room,
            });
            return;
          }
          next();
        }),
      ),
    );
    const result = await expectFailures(s, /^socket\.typing\./, ['socket.typing.outside-room']);
    expect(text(result, 'socket.typing.outside-room')).toContain(
      'typing_start/typing_stop from a socket that has not joined the room are ignored (no message_error, no user_typing) | no message_error at carol',
    );
  });

  it('a dropped message_error fails the unknown-conversation and other-identity checks', async () => {
    const s = await broken(({ app }) =>
      hookSockets(
        app,
        () => {},
        (event, args) => (event === 'message_error' ? null : args),
      ),
    );
    const result = await expectFailures(
      s,
      /^socket\.(get_online_users\.(unknown|reply)|join_conversation\.other-identity)$/,
      ['socket.get_online_users.unknown', 'socket.join_conversation.other-identity'],
    );
    expect(text(result, 'socket.get_online_users.unknown')).toContain(
      'message_error after get_online_users goes to only the socket that caused it (audience: sender) | bob receives message_error',
    );
  });

  it('new_message to a socket outside the room fails the routing check', async () => {
    const s = await broken(({ app }) =>
      hookBroadcasts(app, (event, options) => {
        if (event === 'new_message') options.rooms = new Set();
        return true;
      }),
    );
    const result = await expectFailures(s, /^socket\.(send_message\.routing|typing\.routing)$/, [
      'socket.send_message.routing',
    ]);
    expect(text(result, 'socket.send_message.routing')).toContain(
      "a socket outside the room never receives the room's events (new_message) | carol does not receive new_message",
    );
  });

  it('new_message to every socket fails the separate-rooms check', async () => {
    const s = await broken(({ app }) =>
      hookBroadcasts(app, (event, options) => {
        if (event === 'new_message') options.rooms = new Set();
        return true;
      }),
    );
    const result = await expectFailures(s, /^socket\.rooms\.separate$/, ['socket.rooms.separate']);
    expect(text(result, 'socket.rooms.separate')).toContain(
      "a socket outside the room never receives the room's events (new_message)",
    );
  });

  it('no user_left when one of two sockets of an identity disconnects fails the multi-socket check', async () => {
    const s = await broken(({ app }) => hookBroadcasts(app, (event) => event !== 'user_left'));
    const result = await expectFailures(s, /^socket\.disconnect\.multi-socket$/, [
      'socket.disconnect.multi-socket',
    ]);
    expect(text(result, 'socket.disconnect.multi-socket')).toContain(
      'user_left after disconnect goes to every socket in the room except the sender',
    );
  });

  it('?userId= with a forbidden character answered 200 fails the identity-forms check', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, (r) =>
        r.method === 'GET' && r.url.startsWith('/api/conversations?') && r.status === 400
          ? { status: 200, body: { status: 200, message: 'ok', data: [] } }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.identity\.forbidden-forms$/, [
      'rest.identity.forbidden-forms',
    ]);
    expect(text(result, 'rest.identity.forbidden-forms')).toContain(
      'HTTP 400 for ?userId= with a slash | HTTP 200',
    );
  });

  it('online_users with a userId other than the identity for a socket without user_connect fails the user-id check', async () => {
    const s = await broken(({ app }) =>
      hookSockets(
        app,
        () => {},
        (event, args) => {
          const [payload] = args;
          if (event !== 'online_users' || !isRecord(payload) || !Array.isArray(payload.users)) {
            return args;
          }
          const users = payload.users.map((u: Record<string, unknown>) =>
            u.userId === u.identity ? { ...u, userId: `account-${String(u.identity)}` } : u,
          );
          return [{ ...payload, users }];
        },
      ),
    );
    const result = await expectFailures(s, /^socket\.presence\.user-id$/, [
      'socket.presence.user-id',
    ]);
    expect(text(result, 'socket.presence.user-id')).toContain(
      'an online user who never sent user_connect has userId = identity',
    );
  });

  it('message_error without the valid conversationSid of the payload fails the invalid-payloads check', async () => {
    const s = await broken(({ app }) =>
      hookSockets(
        app,
        () => {},
        (event, args) => {
          const [payload] = args;
          if (event !== 'message_error' || !isRecord(payload)) return args;
          const { conversationSid: _dropped, ...rest } = payload;
          return [rest];
        },
      ),
    );
    const result = await expectFailures(s, /^socket\.typing_start\.invalid-payloads$/, [
      'socket.typing_start.invalid-payloads',
    ]);
    expect(text(result, 'socket.typing_start.invalid-payloads')).toContain(
      'message_error carries conversationSid when the failed payload carried a valid one',
    );
  });

  it('conversation_updated without the phone number fails the add-sms-participant check', async () => {
    const s = await broken(({ app }) =>
      hookBroadcasts(app, (event, _options, packet) => {
        const payload = packet.data[1];
        if (event === 'conversation_updated' && isRecord(payload) && isRecord(payload.update)) {
          const { phoneNumber: _dropped, ...update } = payload.update;
          packet.data[1] = { ...payload, update };
        }
        return true;
      }),
    );
    const result = await expectFailures(s, /^socket\.rest\.add-sms-participant$/, [
      'socket.rest.add-sms-participant',
    ]);
    expect(text(result, 'socket.rest.add-sms-participant')).toContain('with phoneNumber');
  });

  it('no user_left after a disconnect without leave fails the disconnect check', async () => {
    const s = await broken(({ app }) =>
      hookSockets(app, (socket) => socket.removeAllListeners('disconnect')),
    );
    const result = await expectFailures(
      s,
      /^socket\.(disconnect\.user_left|leave_conversation\.routing)$/,
      ['socket.disconnect.user_left'],
    );
    expect(text(result, 'socket.disconnect.user_left')).toContain(
      'user_left after disconnect goes to every socket in the room except the sender (audience: others) | alice receives user_left',
    );
  });

  it('a socket that stays in the room after leaving fails the leave check', async () => {
    const s = await broken(({ app }) =>
      hookSockets(app, (socket) =>
        socket.use(([event, payload], next) => {
          next();
          if (
            event === 'leave_conversation' &&
            isRecord(payload) &&
            typeof payload.conversationSid === 'string'
          ) {
            const room = payload.conversationSid;
            setTimeout(() => void socket.join(room), 5);
          }
        }),
      ),
    );
    const result = await expectFailures(s, /^socket\.leave_conversation\.routing$/, [
      'socket.leave_conversation.routing',
    ]);
    expect(text(result, 'socket.leave_conversation.routing')).toContain(
      'a socket that left the room receives none of its events (new_message)',
    );
  });

  it('a connection dropped on an invalid payload fails the robustness check', async () => {
    const s = await broken(({ app }) =>
      hookSockets(app, (socket) =>
        socket.use(([event, payload], next) => {
          if (event === 'send_message' && !socketValidators.send_message(payload))
            socket.disconnect(true);
          else next();
        }),
      ),
    );
    const result = await expectFailures(
      s,
      /^socket\.(send_message|join_conversation)\.invalid-payloads$/,
      ['socket.send_message.invalid-payloads'],
    );
    expect(text(result, 'socket.send_message.invalid-payloads')).toContain(
      'the connection stays open',
    );
  });

  it('an event payload that breaks its schema is reported with the JSON path', async () => {
    const s = await broken(({ app }) =>
      hookSockets(
        app,
        () => {},
        (event, args) => (event === 'pong' ? [{ timestamp: 'just now' }] : args),
      ),
    );
    // Every socket check's barrier pings would notice; the REST check next to it must not.
    const result = await expectFailures(s, /^(socket\.ping\.reply|rest\.getHealth\.valid)$/, [
      'socket.ping.reply',
    ]);
    const violation = result.checks.find((c) => c.name === 'socket.ping.reply')?.violations[0];
    expect(violation?.rule).toBe('pong payload matches its AsyncAPI schema');
    expect(violation?.path).toBe('$.timestamp');
  });
});

describe('fuzz mode', () => {
  it('finds a crash, shrinks it to a small input, and reproduces it with the same seed', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status, body }) =>
        url.endsWith('/create') &&
        status === 200 &&
        isRecord(body) &&
        isRecord(body.data) &&
        Array.isArray(body.data.participants) &&
        body.data.participants.length >= 3
          ? { status: 500, body: { status: 500, message: 'Internal server error' } }
          : undefined,
      ),
    );
    const run = () =>
      expectFailures(s, /^fuzz\.rest\.createConversation$/, ['fuzz.rest.createConversation'], {
        fuzzRuns: 60,
        seed: 4242,
      });
    const first = await run();
    const violation = first.checks[0]?.violations.find(
      (v) => v.rule === 'no input makes the server fail (never 5xx)',
    );
    expect(violation?.actual).toMatch(
      /HTTP 500 \[smallest failing input after \d+ shrinks; reproduce with --fuzz 60 --seed 4242/,
    );
    const sent = JSON.parse(violation?.request?.replace(/^POST \S+ /, '') ?? '{}') as {
      participants?: unknown[];
    };
    expect(sent.participants).toHaveLength(3);
    const again = await run();
    const normalise = (r: RunResult) =>
      r.checks[0]?.violations.map((v) =>
        v.request?.replace(/cc-[0-9a-f]+-f-/g, 'ID-').replace(/^POST \S+/, ''),
      );
    expect(normalise(again)).toEqual(normalise(first));
  });
});

describe('fuzz output by finding', () => {
  it('a fuzz target that only re-finds a known finding says so in one line', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status }) =>
        url.endsWith('/create') && status === 200
          ? { status: 500, body: { status: 500, message: 'Internal server error' } }
          : undefined,
      ),
    );
    const result = await runConformance(
      testOptions(s.url, {
        grep: /^(rest\.createConversation\.valid|fuzz\.rest\.createConversation)$/,
        fuzzRuns: 5,
        seed: 7,
      }),
    );
    expect(result.findings.map((f) => [f.key, f.checks, f.alsoFoundBy])).toEqual([
      [
        '5xx:createConversation:500',
        ['rest.createConversation.valid', 'fuzz.rest.createConversation'],
        ['fuzz.rest.createConversation'],
      ],
    ]);
    const report = formatReport(result, (_code, text) => text);
    expect(report).toContain('  fuzz.rest.createConversation: only re-found F1');
    if (process.env.SHOW_REPORT) console.log(report);
    expect(report).not.toContain('✗ fuzz.rest.createConversation');
  });
});

describe('defects real servers had', () => {
  it('a token whose identity is user_<id> fails the token-identity check', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status, body }) => {
        if (!url.endsWith('/generate-token') || status !== 200 || !isRecord(body)) return undefined;
        const [header, payload] = String(body.token).split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as {
          sub: string;
        };
        const wrong = Buffer.from(JSON.stringify({ ...claims, sub: `user_${claims.sub}` }));
        return { body: { ...body, token: `${header}.${wrong.toString('base64url')}.sig` } };
      }),
    );
    const result = await expectFailures(s, /^rest\.generateToken\.(identity|valid)$/, [
      'rest.generateToken.identity',
    ]);
    expect(text(result, 'rest.generateToken.identity')).toMatch(
      /carries user_id as its identity \| identity "cc-.*-token" \(grants\.identity or sub\) \| identity "user_cc-/,
    );
    expect(result.findings.map((f) => f.key)).toEqual(['token-identity:user_<user_id>']);
  });

  it('a server that serves its own package.json fails the own-files check', async () => {
    const own = await readFile(new URL('../package.json', import.meta.url), 'utf8');
    const s = await broken(({ app }) =>
      hookRequests(app, (req, res) => {
        if (req.url !== '/package.json' && req.url !== '/dist/main.js') return false;
        const js = req.url.endsWith('.js');
        res
          .writeHead(200, { 'content-type': js ? 'text/javascript' : 'application/json' })
          .end(js ? 'const app = require("./app");\nmodule.exports = app;\n' : own);
        return true;
      }),
    );
    const result = await expectFailures(s, /^rest\.(exposure\.own-files|getHealth\.valid)$/, [
      'rest.exposure.own-files',
    ]);
    const [finding] = result.findings;
    expect(result.findings).toHaveLength(1);
    expect(finding?.title).toBe('the server serves its own project files');
    expect(finding?.subjects).toEqual(['/dist/main.js', '/package.json']);
  });
});

describe('defects real servers had, continued', () => {
  it('reachability that always answers offline fails where presence is advertised', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status, body }) =>
        url.includes('/reachability') && status === 200 && isRecord(body) && isRecord(body.data)
          ? { body: { ...body, data: { ...body.data, online: false, not_reachable: true } } }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^socket\.reachability\.presence$/, [
      'socket.reachability.presence',
    ]);
    expect(result.findings.map((f) => f.title)).toEqual([
      'reachability does not follow presence although the server advertises it',
    ]);
  });

  it('reachability rules are skipped, with the reason, where the server does not advertise presence', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, body }) =>
        url === '/healthz' && isRecord(body) ? { body: { status: 'ok' } } : undefined,
      ),
    );
    const result = await expectFailures(s, /^socket\.reachability\.presence$/, []);
    expect(result.checks[0]?.status).toBe('skipped');
    expect(result.checks[0]?.note).toContain('does not advertise capabilities.reachability');
  });

  it('add-sms-participant refusing the documented body naming another field is one finding', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status }) =>
        url.endsWith('/add-sms-participant') && status === 200
          ? { status: 400, body: { status: 400, message: 'phoneNumber must be a string' } }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.addSmsParticipant\.documented-body$/, [
      'rest.addSmsParticipant.documented-body',
    ]);
    expect(result.findings.map((f) => f.title)).toEqual([
      'add-sms-participant refuses the documented body naming phoneNumber, a field the schema does not have',
    ]);
  });

  it('media dropped from socket messages is one finding (new_message and history)', async () => {
    const s = await broken(({ app }) =>
      hookSockets(app, (socket) =>
        socket.use(([event, payload], next) => {
          if (event === 'send_message' && isRecord(payload)) payload.media = [];
          next();
        }),
      ),
    );
    const result = await expectFailures(s, /^socket\.send_message\.media-round-trip$/, [
      'socket.send_message.media-round-trip',
    ]);
    expect(result.findings.map((f) => [f.title, f.subjects])).toEqual([
      ['media sent over the socket is dropped', ['listMessages', 'new_message']],
    ]);
  });

  it('media dropped from REST messages is one finding (new_message and history)', async () => {
    // The store drops media, except for messages that came in over the socket.
    const s = await broken(({ app }) => {
      const viaSocket = new Set<string>();
      hookSockets(app, (socket) =>
        socket.use(([event, payload], next) => {
          if (event === 'send_message' && isRecord(payload)) viaSocket.add(String(payload.body));
          next();
        }),
      );
      const provider = app.services.provider;
      const send = provider.sendMessage.bind(provider);
      provider.sendMessage = (sid, message) =>
        send(sid, viaSocket.has(message.body) ? message : { ...message, media: [] });
    });
    const result = await expectFailures(s, /^socket\.send_message\.media-round-trip$/, [
      'socket.send_message.media-round-trip',
    ]);
    expect(result.findings.map((f) => [f.title, f.subjects])).toEqual([
      ['media sent over REST is dropped', ['listMessages', 'new_message']],
    ]);
  });

  it('add-sms-participant refusing the documented body without the declared code is one finding', async () => {
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ url, status }) =>
        url.endsWith('/add-sms-participant') && status === 200
          ? { status: 400, body: { status: 400, message: 'SMS is not available' } }
          : undefined,
      ),
    );
    const result = await expectFailures(s, /^rest\.addSmsParticipant\.documented-body$/, [
      'rest.addSmsParticipant.documented-body',
    ]);
    expect(result.findings.map((f) => f.key)).toEqual(['sms:400-without-code']);
  });

  it('last_message taken from the first message of the last second fails the same-second flow', async () => {
    const sent = new Map<string, Array<Record<string, unknown>>>();
    const s = await broken(({ app }) =>
      rewriteJson(app, ({ method, url, status, body }) => {
        if (!isRecord(body) || status !== 200) return undefined;
        const sendTo = /\/api\/conversations\/(CH\w+)\/send-message$/.exec(url)?.[1];
        if (method === 'POST' && sendTo && isRecord(body.data)) {
          sent.set(sendTo, [...(sent.get(sendTo) ?? []), body.data]);
          return undefined;
        }
        if (method !== 'GET' || !url.startsWith('/api/conversations?') || !Array.isArray(body.data))
          return undefined;
        const data = body.data.map((c: unknown) => {
          if (!isRecord(c) || !isRecord(c.last_message)) return c;
          const mine = sent.get(String(c.sid)) ?? [];
          const lastAt = Date.parse(String(c.last_message.date_created));
          const first = mine.find((m) => lastAt - Date.parse(String(m.date_created)) < 1000);
          if (!first) return c;
          const last_message = { ...c.last_message, sid: first.message_sid, body: first.body };
          return { ...c, last_message };
        });
        return { body: { ...body, data } };
      }),
    );
    const result = await expectFailures(s, /^rest\.flow\.last-message-same-second$/, [
      'rest.flow.last-message-same-second',
    ]);
    expect(result.findings.map((f) => f.key)).toEqual(['last-message:same-second']);
  });

  it('a history that keeps the oldest 100 messages is one finding (history and newconversation)', async () => {
    // The store answers "the first 100, oldest first" (ORDER BY date ASC LIMIT 100) once a
    // conversation holds more: what a server that forgets to take the newest gets.
    const s = await broken(({ app }) => {
      const provider = app.services.provider;
      const send = provider.sendMessage.bind(provider);
      const list = provider.listMessages.bind(provider);
      const sent = new Map<string, Awaited<ReturnType<typeof send>>[]>();
      provider.sendMessage = async (sid, message) => {
        const record = await send(sid, message);
        sent.set(sid, [...(sent.get(sid) ?? []), record]);
        return record;
      };
      provider.listMessages = async (sid, limit) => {
        const all = sent.get(sid) ?? [];
        return all.length > limit ? all.slice(0, limit) : list(sid, limit);
      };
    });
    const result = await expectFailures(s, /^rest\.flow\.(history-limit|history-order)$/, [
      'rest.flow.history-limit',
    ]);
    expect(result.findings.map((f) => [f.title, f.subjects])).toEqual([
      [
        'the history holds the oldest 100 messages instead of the newest 100',
        ['createPrivateConversation', 'listMessages'],
      ],
    ]);
  });

  it('concurrent newconversation answering 500 is one finding, caught within the rounds', async () => {
    const s = await broken(({ app }) => {
      let inFlight = 0;
      hookRequests(app, (req, res) => {
        if (!req.url?.endsWith('/newconversation')) return false;
        inFlight += 1;
        res.on('close', () => {
          inFlight -= 1;
        });
        if (inFlight === 1) return false;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 500, message: 'Internal server error' }));
        return true;
      });
    });
    const result = await expectFailures(s, /^rest\.flow\.private-conversation-concurrent$/, [
      'rest.flow.private-conversation-concurrent',
    ]);
    expect(result.findings.map((f) => f.key)).toEqual(['5xx:createPrivateConversation:500']);
  });
});
