// The whole server in Twilio mode (configuration from TWILIO_* settings, as in production)
// against the fake: the REST API with response validation on, Socket.IO rooms, the
// post-event webhook (signature check, SMS replies reaching web clients, no double
// broadcast), and what clients see when Twilio fails (502/503 envelopes, message_error),
// with the process staying up and no secret in the logs.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { TestSocket } from '../../../conformance/socket-client.ts';
import { CoverageRecorder } from '../../../conformance/spec.ts';
import { signTwilioRequest } from '../../../devtools/twilio-fake/server.ts';
import { type StartedTwilioFake, startTwilioFake } from '../../../devtools/twilio-fake/start.ts';
import { type ChatApp, type ChatAppOverrides, createChatApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { TWILIO_WEBHOOK_PATH } from './config.ts';

const PUBLIC_URL = 'https://chat.example.test';

interface Running {
  twilio: StartedTwilioFake;
  app: ChatApp;
  url: string;
}

const running: Running[] = [];
const sockets: TestSocket[] = [];

afterEach(async () => {
  // Every event any client received is judged by the conformance runner's event oracles
  // (declared, one argument, payload schema); a dropped connection is not a violation here.
  const violations = sockets
    .flatMap((socket) => socket.problems)
    .filter((problem) => !problem.key?.startsWith('dropped:'))
    .map((problem) => `${problem.rule}: expected ${problem.expected}, got ${problem.actual}`);
  for (const socket of sockets.splice(0)) socket.close();
  for (const { app, twilio } of running.splice(0)) {
    await app.close();
    await twilio.close();
    expect(twilio.violations()).toEqual([]);
  }
  expect(violations).toEqual([]);
});

async function start(
  options: { env?: Record<string, string>; smsProxyNumber?: null; timeoutMs?: number } = {},
  overrides: ChatAppOverrides = {},
): Promise<Running> {
  const twilio = await startTwilioFake({
    webhookBaseUrl: PUBLIC_URL,
    ...(options.smsProxyNumber === null ? { smsProxyNumber: null } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    ...twilio.env,
    ...options.env,
  });
  const app = createChatApp(config, overrides);
  const { port } = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  // Twilio signs the public URL; the fake delivers to wherever the server listens.
  twilio.fake.routeWebhooksTo(url);
  const started = { twilio, app, url };
  running.push(started);
  return started;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  url: string,
  method: string,
  path: string,
  json?: unknown,
  token?: string,
): Promise<Reply> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const data = (reply: Reply) => reply.body.data as Record<string, unknown>;

/**
 * A client on the conformance runner's recording socket: every event it receives is kept
 * and judged against the spec; `next` takes events of a kind in the order they arrived.
 */
async function client(url: string, token?: string) {
  const recorder = await TestSocket.connect({
    url,
    token,
    // Generous: the machine running the suite may be loaded; a pass never waits this long.
    timeoutMs: 15_000,
    transports: ['websocket'],
    coverage: new CoverageRecorder(),
    name: 'web',
    identity: 'web',
    cause: () => undefined,
  });
  sockets.push(recorder);
  /** Per event, the position of the last one `next` returned. */
  const taken = new Map<string, number>();
  const next = async (event: string): Promise<Record<string, unknown>> => {
    const received = await recorder.waitFor(event, { after: taken.get(event) ?? 0 });
    if (!received) {
      const seen = recorder.since(0).map((e) => e.event);
      throw new Error(`no ${event} (received: ${seen.join(', ') || 'nothing'})`);
    }
    taken.set(event, received.seq);
    return received.payload as Record<string, unknown>;
  };
  /** How many `event`s arrived that `next` has not returned yet. */
  const count = (event: string) => recorder.since(taken.get(event) ?? 0, event).length;
  const join = async (conversationSid: string, identity: string) => {
    recorder.emit('join_conversation', { conversationSid, identity });
    await next('joined_conversation');
  };
  // Events to one socket arrive in the order the server emitted them, so once the pong of a
  // ping sent now is here, anything the server emitted before answering has arrived too.
  const roundTrip = async () => {
    expect(await recorder.barrier()).toBe(true);
  };
  return { socket: recorder, next, count, join, roundTrip };
}

async function createConversation(url: string, ids: string[]): Promise<string> {
  const reply = await call(url, 'POST', '/api/conversations/create', {
    participants: ids.map((id) => ({ id, name: id.toUpperCase() })),
  });
  expect(reply.status).toBe(200);
  return String(data(reply).conversation_sid);
}

/** Posts a webhook the way Twilio does: form parameters signed over the public URL. */
async function postWebhook(
  { url, twilio }: Running,
  params: Record<string, string>,
  signature?: string,
): Promise<number> {
  const publicUrl = `${PUBLIC_URL}${TWILIO_WEBHOOK_PATH}`;
  const res = await fetch(`${url}${TWILIO_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature':
        signature ?? signTwilioRequest(twilio.fake.credentials.authToken, publicUrl, params),
    },
    body: new URLSearchParams(params),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the server in Twilio mode', () => {
  it('serves the REST API end to end, every response checked against the spec', async () => {
    const { url, twilio } = await start();
    const { accountSid, apiKeySid, serviceSid } = twilio.fake.credentials;

    const token = await call(url, 'POST', '/api/conversations/generate-token', {
      user_id: 'alice',
    });
    expect(token.status).toBe(200);
    const [header, payload] = String(token.body.token)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toMatchObject({
      iss: apiKeySid,
      sub: accountSid,
      grants: { identity: 'alice', chat: { service_sid: serviceSid } },
    });
    expect(payload.exp - payload.iat).toBe(3600);

    const sid = await createConversation(url, ['alice', 'bob']);
    const first = await call(url, 'POST', '/api/conversations/newconversation', {
      participants: [
        { id: 'alice', name: 'A' },
        { id: 'carol', name: 'C' },
      ],
    });
    expect(data(first)).toMatchObject({ existing: false });
    const direct = String(data(first).conversation_sid);
    const sent = await call(url, 'POST', `/api/conversations/${direct}/send-message`, {
      author: 'alice',
      body: 'hello carol',
      media: ['https://example.com/pic.png'],
    });
    expect(data(sent)).toMatchObject({
      body: 'hello carol',
      media: ['https://example.com/pic.png'],
    });
    const again = await call(url, 'POST', '/api/conversations/newconversation', {
      participants: [
        { id: 'carol', name: 'C' },
        { id: 'alice', name: 'A' },
      ],
    });
    expect(data(again)).toMatchObject({ existing: true, conversation_sid: direct });
    expect((data(again).messages as unknown[]).length).toBe(1);

    const history = await call(url, 'GET', `/api/conversations/${direct}/messages`);
    expect((history.body.data as Array<{ body: string }>).map((m) => m.body)).toEqual([
      'hello carol',
    ]);
    const mine = await call(url, 'GET', '/api/conversations/alice/conversations');
    // Both in the same second here (Twilio keeps whole seconds): order is the shared suite's.
    expect((mine.body.data as Array<{ sid: string }>).map((c) => c.sid).sort()).toEqual(
      [direct, sid].sort(),
    );

    const chat = await call(url, 'POST', `/api/conversations/${sid}/add-chat-participant`, {
      identity: 'dave',
    });
    expect(chat.status).toBe(200);
    const sms = await call(url, 'POST', `/api/conversations/${sid}/add-sms-participant`, {
      phone_number: '+15550001111',
    });
    expect(sms.status).toBe(200);
    const dup = await call(url, 'POST', `/api/conversations/${direct}/add-sms-participant`, {
      phone_number: '+15550001111',
    });
    expect(dup.status).toBe(409);

    const form = new FormData();
    form.append('image', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
    const upload = await fetch(`${url}/api/upload/image`, { method: 'POST', body: form });
    const uploaded = (await upload.json()) as { url: string; data: { media_sid: string } };
    expect(upload.status).toBe(200);
    const bytes = await fetch(uploaded.url.replace(/^https?:\/\/[^/]+/, url));
    expect(bytes.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3]);
    const described = await call(
      url,
      'GET',
      `/api/conversations/media/${uploaded.data.media_sid}/content`,
    );
    expect(data(described)).toMatchObject({ content_type: 'image/png', size: 3 });

    expect((await call(url, 'POST', '/api/conversations/enable-reachability')).status).toBe(200);
    const reach = await call(url, 'GET', '/api/conversations/users/alice/reachability');
    expect(data(reach)).toEqual({ identity: 'alice', online: false, not_reachable: true });
    expect((await call(url, 'GET', '/healthz')).status).toBe(200);
    expect((await call(url, 'DELETE', `/api/conversations/${sid}`)).status).toBe(200);
    expect((await call(url, 'GET', `/api/conversations/${sid}/messages`)).status).toBe(404);
  });

  it('accepts its Twilio access tokens when authentication is required', async () => {
    const { url } = await start({ env: { AUTH_REQUIRED: 'true' } });
    const token = String(
      (await call(url, 'POST', '/api/conversations/generate-token', { user_id: 'alice' })).body
        .token,
    );
    expect((await call(url, 'GET', '/api/conversations/alice/conversations')).status).toBe(401);
    const listed = await call(
      url,
      'GET',
      '/api/conversations/alice/conversations',
      undefined,
      token,
    );
    expect(listed.status).toBe(200);
    const socket = await client(url, token);
    socket.socket.emit('user_connect', { userId: 'alice', identity: 'alice' });
    expect(await socket.next('user_connected')).toMatchObject({ identity: 'alice' });
  });

  it('answers 400 for SMS participants when no proxy number is configured', async () => {
    const { url, twilio } = await start({ smsProxyNumber: null });
    const sid = await createConversation(url, ['alice']);
    twilio.fake.resetCalls();
    const reply = await call(url, 'POST', `/api/conversations/${sid}/add-sms-participant`, {
      phone_number: '+15550001111',
    });
    expect(reply).toMatchObject({ status: 400, body: { status: 400, code: 'sms_not_configured' } });
    expect(String(reply.body.message)).toMatch(/proxy number/);
    expect(twilio.calls()).toEqual([]);
  });
});

describe('Twilio post-event webhooks', () => {
  it('delivers an SMS reply to the web clients in the room', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    await call(server.url, 'POST', `/api/conversations/${sid}/add-sms-participant`, {
      phone_number: '+15550002222',
    });
    const web = await client(server.url);
    await web.join(sid, 'alice');

    const proxy = server.twilio.env.TWILIO_SMS_PROXY_NUMBER ?? '';
    const sms = await server.twilio.fake.inboundSms({
      from: '+15550002222',
      to: proxy,
      body: 'on my way',
    });
    expect(sms.webhookStatus).toBe(200);
    const event = await web.next('new_message');
    expect(event).toMatchObject({
      conversationSid: sid,
      message: { sid: sms.messageSid, author: '+15550002222', body: 'on my way', media: [] },
    });
    // The reply is also the conversation's last message, without another Twilio call.
    server.twilio.fake.resetCalls();
    const listed = await call(server.url, 'GET', '/api/conversations/alice/conversations');
    expect(
      (listed.body.data as Array<{ last_message: { body: string } }>)[0]?.last_message.body,
    ).toBe('on my way');
    expect(server.twilio.calls().map((c) => c.operationId)).toEqual([
      'ListServiceParticipantConversation',
    ]);
  });

  it('broadcasts a message the server sent itself exactly once', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice', 'bob']);
    const web = await client(server.url);
    await web.join(sid, 'bob');
    const sent = await call(server.url, 'POST', `/api/conversations/${sid}/send-message`, {
      author: 'alice',
      body: 'once',
    });
    const messageSid = String(data(sent).message_sid);
    expect(await web.next('new_message')).toMatchObject({ message: { sid: messageSid } });
    // The send did not ask Twilio for webhooks; if Twilio reports it anyway, it is dropped.
    await server.twilio.fake.settled();
    expect(server.twilio.fake.webhookDeliveries()).toEqual([]);
    const status = await postWebhook(server, {
      EventType: 'onMessageAdded',
      ConversationSid: sid,
      MessageSid: messageSid,
      Author: 'alice',
      Body: 'once',
      Index: '0',
      DateCreated: new Date().toISOString(),
      Source: 'API',
    });
    expect(status).toBe(200);
    await web.roundTrip();
    expect(web.count('new_message')).toBe(0);
  });

  it('broadcasts an event Twilio delivers twice only once', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    const web = await client(server.url);
    await web.join(sid, 'alice');
    const event = {
      EventType: 'onMessageAdded',
      ConversationSid: sid,
      MessageSid: `IM${'c'.repeat(32)}`,
      Author: 'bob',
      Body: 'from a Twilio client',
      Index: '0',
      DateCreated: new Date().toISOString(),
    };
    expect(await postWebhook(server, event)).toBe(200);
    expect(await postWebhook(server, { ...event, RetryCount: '1' })).toBe(200);
    expect(await web.next('new_message')).toMatchObject({
      message: { body: 'from a Twilio client' },
    });
    await web.roundTrip();
    expect(web.count('new_message')).toBe(0);
    const tooBig = await fetch(`${server.url}${TWILIO_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Body=${'x'.repeat(300 * 1024)}`,
    });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ status: 413, message: 'Unreadable webhook body' });
  });

  it('neither broadcasts nor believes a message event older than replays are remembered (a day)', async () => {
    // A captured, validly signed request replayed later: its SID may be long forgotten, so
    // its age is what refuses it. A fresh event in the same test shows the room listens.
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    const web = await client(server.url);
    await web.join(sid, 'alice');
    const event = (sidChar: string, dateCreated: Date) => ({
      EventType: 'onMessageAdded',
      ConversationSid: sid,
      MessageSid: `IM${sidChar.repeat(32)}`,
      Author: 'bob',
      Body: `sent ${dateCreated.toISOString()}`,
      Index: '0',
      DateCreated: dateCreated.toISOString(),
    });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    // Answered 200 all the same: Twilio must not retry it.
    expect(await postWebhook(server, event('d', twoDaysAgo))).toBe(200);
    await web.roundTrip();
    expect(web.count('new_message')).toBe(0);
    // Nor is it believed: the conversation's last message is not the replayed one.
    const listed = await call(server.url, 'GET', '/api/conversations/alice/conversations');
    const [listedConversation] = listed.body.data as Array<{
      last_message: { body: string } | null;
    }>;
    expect(listedConversation?.last_message?.body).not.toBe(`sent ${twoDaysAgo.toISOString()}`);
    expect(await postWebhook(server, event('e', new Date()))).toBe(200);
    expect(await web.next('new_message')).toMatchObject({
      message: { sid: `IM${'e'.repeat(32)}` },
    });
  });

  it('rejects webhooks without a valid X-Twilio-Signature with 403', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    const web = await client(server.url);
    await web.join(sid, 'alice');
    const params = {
      EventType: 'onMessageAdded',
      ConversationSid: sid,
      MessageSid: `IM${'a'.repeat(32)}`,
      Author: 'mallory',
      Body: 'forged',
      Index: '5',
    };
    const publicUrl = `${PUBLIC_URL}${TWILIO_WEBHOOK_PATH}`;
    const wrongKey = signTwilioRequest('0'.repeat(32), publicUrl, params);
    const otherUrl = signTwilioRequest(
      server.twilio.fake.credentials.authToken,
      'https://attacker.example/hook',
      params,
    );
    expect(await postWebhook(server, params, wrongKey)).toBe(403);
    expect(await postWebhook(server, params, otherUrl)).toBe(403);
    expect(await postWebhook(server, params, '')).toBe(403);
    const signed = signTwilioRequest(server.twilio.fake.credentials.authToken, publicUrl, params);
    expect(await postWebhook(server, { ...params, Body: 'tampered' }, signed)).toBe(403);
    await web.roundTrip();
    expect(web.count('new_message')).toBe(0);
  });

  it('reports participants added and conversations removed outside this server', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    const web = await client(server.url);
    await web.join(sid, 'alice');
    const participantSid = `MB${'b'.repeat(32)}`;
    expect(
      await postWebhook(server, {
        EventType: 'onParticipantAdded',
        ConversationSid: sid,
        ParticipantSid: participantSid,
        Identity: 'erin',
      }),
    ).toBe(200);
    expect(await web.next('conversation_updated')).toMatchObject({
      conversationSid: sid,
      update: { type: 'participant_added', participantSid, identity: 'erin' },
    });
    // An identity the spec does not allow (a control character) is not passed on: the
    // event still reports the participant, without the identity.
    const otherSid = `MB${'c'.repeat(32)}`;
    expect(
      await postWebhook(server, {
        EventType: 'onParticipantAdded',
        ConversationSid: sid,
        ParticipantSid: otherSid,
        Identity: 'eve\u0007',
      }),
    ).toBe(200);
    const update = await web.next('conversation_updated');
    expect(update).toMatchObject({
      update: { type: 'participant_added', participantSid: otherSid },
    });
    expect(update.update).not.toHaveProperty('identity');
    expect(
      await postWebhook(server, { EventType: 'onConversationRemoved', ConversationSid: sid }),
    ).toBe(200);
    expect(await web.next('conversation_updated')).toMatchObject({ update: { type: 'deleted' } });
    expect(
      await postWebhook(server, { EventType: 'onMessageAdded', ConversationSid: 'nope' }),
    ).toBe(400);
  });
});

describe('when Twilio fails', () => {
  it('answers 502 after retries, sends message_error, writes nothing, and keeps running', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    const web = await client(server.url);
    await web.join(sid, 'alice');
    server.twilio.fake.resetCalls();
    server.twilio.inject({
      status: 503,
      times: 100,
      operationId: 'CreateServiceConversationMessage',
    });

    const rest = await call(server.url, 'POST', `/api/conversations/${sid}/send-message`, {
      author: 'alice',
      body: 'lost',
    });
    expect(rest).toMatchObject({ status: 502, body: { status: 502 } });
    expect(String(rest.body.message)).toMatch(/Twilio failed \(HTTP 503\) after retries/);
    // TWILIO_MAX_RETRIES=2 in the fake's env: three attempts, then the answer.
    expect(server.twilio.calls().map((c) => c.status)).toEqual([503, 503, 503]);

    web.socket.emit('send_message', { conversationSid: sid, author: 'alice', body: 'lost' });
    expect(await web.next('message_error')).toMatchObject({
      success: false,
      event: 'send_message',
      conversationSid: sid,
    });
    expect(web.count('new_message')).toBe(0);
    expect(web.count('message_sent')).toBe(0);
    expect(server.twilio.fake.state.conversations.get(sid)?.messages).toEqual([]);

    server.twilio.fake.clearFaults();
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
    const ok = await call(server.url, 'POST', `/api/conversations/${sid}/send-message`, {
      author: 'alice',
      body: 'back',
    });
    expect(ok.status).toBe(200);
  });

  it('retries a 429 and answers as if nothing happened', async () => {
    const server = await start();
    const sid = await createConversation(server.url, ['alice']);
    server.twilio.fake.resetCalls();
    server.twilio.inject({ status: 429, times: 1 });
    const reply = await call(server.url, 'GET', `/api/conversations/${sid}/messages`);
    expect(reply.status).toBe(200);
    expect(server.twilio.calls().map((c) => c.status)).toEqual([429, 200]);
  });

  it('answers 503 when Twilio does not answer in time, and 404 for what Twilio does not know', async () => {
    // Long enough that the calls that do not hang finish in time on a loaded machine.
    const server = await start({ timeoutMs: 3_000 });
    const sid = await createConversation(server.url, ['alice']);
    server.twilio.inject({ hang: true, operationId: 'ListServiceConversationMessage' });
    const reply = await call(server.url, 'GET', `/api/conversations/${sid}/messages`);
    expect(reply).toMatchObject({ status: 503, body: { status: 503 } });
    const unknown = await call(
      server.url,
      'GET',
      `/api/conversations/CH${'0'.repeat(32)}/messages`,
    );
    expect(unknown).toMatchObject({ status: 404, body: { status: 404 } });
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('never logs a credential, even for failed and rejected calls', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const server = await start({ timeoutMs: 3_000 }, { logger });
    const sid = await createConversation(server.url, ['alice']);
    server.twilio.inject({ hang: true, operationId: 'CreateServiceConversationMessage' });
    await call(server.url, 'POST', `/api/conversations/${sid}/send-message`, {
      author: 'alice',
      body: 'x',
    });
    server.twilio.inject({ status: 503, times: 10 });
    await call(server.url, 'GET', `/api/conversations/${sid}/messages`);
    server.twilio.fake.clearFaults();
    await postWebhook(server, { EventType: 'onMessageAdded' }, 'forged');
    const { authToken, apiKeySecret, apiKeySid, accountSid } = server.twilio.fake.credentials;
    const output = lines.join('');
    expect(output).toMatch(/request failed/);
    for (const secret of [
      authToken,
      apiKeySecret,
      Buffer.from(`${apiKeySid}:${apiKeySecret}`).toString('base64'),
      Buffer.from(`${accountSid}:${authToken}`).toString('base64'),
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
