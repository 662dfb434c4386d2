// What two nodes of one cluster share through Redis besides rooms and presence: the
// rate-limit counters (a caller's budget is one budget across the nodes), and in Twilio mode
// the webhook replay protection (an event delivered to one node is refused when replayed to
// another) and the last-message index (every node answers last_message after another
// node's send). Two in-process nodes on the real Redis, under a key prefix of their own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signTwilioRequest } from '../../devtools/twilio-fake/server.ts';
import { type StartedTwilioFake, startTwilioFake } from '../../devtools/twilio-fake/start.ts';
import { type ChatApp, createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { TWILIO_WEBHOOK_PATH } from '../../src/providers/twilio/config.ts';
import { request, TestClient } from '../server/harness.ts';
import { dropPrefix, REDIS_TEST_URL, redisAvailable, uniquePrefix } from './redis-service.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const HAVE_REDIS = await redisAvailable('test/cluster/shared-state');

interface Node {
  app: ChatApp;
  url: string;
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const app = createChatApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTH_REQUIRED: 'false',
      DATA_DIR: ':memory:',
      ...env,
    }),
  );
  const address = await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

describe.skipIf(!HAVE_REDIS)('rate limits on two nodes of one cluster', () => {
  const prefix = uniquePrefix('limits');
  const nodes: Node[] = [];
  beforeAll(async () => {
    const env = {
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_REST_PER_MINUTE: '4',
    };
    nodes.push(await startNode(env), await startNode(env));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.app.close()));
    await dropPrefix(REDIS_TEST_URL, prefix);
  });

  it('counts a caller once across the nodes: the fifth request of four allowed is refused on either', async () => {
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes missing');
    const list = (url: string) => request(url, 'GET', '/api/conversations?identity=limited');
    // Two on each node: within the budget of 4 however it is counted.
    for (const url of [a.url, b.url, a.url, b.url]) expect((await list(url)).status).toBe(200);
    // Per-node counters would allow two more on each node; the shared one allows none.
    const fifthOnA = await list(a.url);
    const fifthOnB = await list(b.url);
    expect(fifthOnA.status).toBe(429);
    expect(fifthOnB.status).toBe(429);
  });
});

describe.skipIf(!HAVE_REDIS)('Twilio mode on two nodes of one cluster', () => {
  const PUBLIC_URL = 'https://chat.example.test';
  const prefix = uniquePrefix('twilio-state');
  const nodes: Node[] = [];
  const clients: TestClient[] = [];
  let twilio: StartedTwilioFake;
  beforeAll(async () => {
    twilio = await startTwilioFake({ webhookBaseUrl: PUBLIC_URL });
    const env = {
      ...twilio.env,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: prefix,
      AUTH_REQUIRED: 'false',
    };
    nodes.push(await startNode(env), await startNode(env));
    twilio.fake.routeWebhooksTo(nodes[0]?.url);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(nodes.map((node) => node.app.close()));
    await twilio?.close();
    await dropPrefix(REDIS_TEST_URL, prefix);
    expect(twilio.violations()).toEqual([]);
  });

  const both = () => {
    const [a, b] = nodes;
    if (!a || !b) throw new Error('nodes missing');
    return [a, b] as const;
  };

  async function createConversation(url: string, ids: string[]): Promise<string> {
    const res = await request(url, 'POST', '/api/conversations/create', {
      json: { participants: ids.map((id) => ({ id, name: id })) },
    });
    expect(res.status).toBe(200);
    return (res.body as { data: { conversation_sid: string } }).data.conversation_sid;
  }

  async function send(url: string, sid: string, body: string): Promise<void> {
    const res = await request(url, 'POST', `/api/conversations/${sid}/send-message`, {
      json: { author: 'alice', body },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** The last message `url` lists for alice's conversation `sid`. */
  async function lastMessageOn(url: string, sid: string): Promise<string | null> {
    const res = await request(url, 'GET', '/api/conversations/alice/conversations');
    expect(res.status).toBe(200);
    const rows = (res.body as { data: Array<{ sid: string; last_message?: { body: string } }> })
      .data;
    const row = rows.find((r) => r.sid === sid);
    if (!row) throw new Error(`${sid} not listed`);
    return row.last_message?.body ?? null;
  }

  /** Posts a webhook the way Twilio does: form parameters signed over the public URL. */
  async function postWebhook(url: string, params: Record<string, string>): Promise<number> {
    const signature = signTwilioRequest(
      twilio.fake.credentials.authToken,
      `${PUBLIC_URL}${TWILIO_WEBHOOK_PATH}`,
      params,
    );
    const res = await fetch(`${url}${TWILIO_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams(params),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('refuses a webhook event replayed to the other node: broadcast once', async () => {
    const [a, b] = both();
    const sid = await createConversation(a.url, ['alice']);
    const web = new TestClient(a.url, { name: 'web' });
    clients.push(web);
    await web.connected;
    await web.join(sid, 'alice');
    const event = {
      EventType: 'onMessageAdded',
      ConversationSid: sid,
      MessageSid: `IM${'d'.repeat(32)}`,
      Author: 'bob',
      Body: 'from a Twilio client',
      Index: '0',
      DateCreated: new Date().toISOString(),
    };
    expect(await postWebhook(a.url, event)).toBe(200);
    await web.next('new_message', (p) => p.message.sid === event.MessageSid);
    // The same signed request again, to the other node: accepted, not broadcast again.
    expect(await postWebhook(b.url, event)).toBe(200);
    // Barrier: a send through node B reaches the client after anything B broadcast before.
    await send(b.url, sid, 'after the replay');
    await web.next('new_message', (p) => p.message.body === 'after the replay');
    expect(web.all('new_message', (p) => p.message.sid === event.MessageSid)).toHaveLength(1);
    expect(TestClient.drain()).toEqual([]);
  });

  it("answers last_message on node B after node A's send", async () => {
    const [a, b] = both();
    const sid = await createConversation(a.url, ['alice']);
    // B learns the conversation while it has no messages...
    expect(await lastMessageOn(b.url, sid)).toBeNull();
    await send(a.url, sid, 'first');
    // ...and a per-node index would keep answering that; the shared one has A's send.
    expect(await lastMessageOn(b.url, sid)).toBe('first');
    await send(a.url, sid, 'second');
    expect(await lastMessageOn(b.url, sid)).toBe('second');
    expect(await lastMessageOn(a.url, sid)).toBe('second');
  });
});
