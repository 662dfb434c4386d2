// What two nodes of one cluster share through Redis besides rooms and presence: the
// rate-limit counters (a caller's budget is one budget across the nodes), and in Twilio mode
// the webhook replay protection (an event delivered to one node is refused when replayed to
// another) and the last-message index (every node answers last_message after another
// node's send). Two in-process nodes on the real Redis, under a key prefix of their own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ChatApp, createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { request } from '../server/harness.ts';
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
