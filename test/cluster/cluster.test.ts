// Three server processes behind one Redis behave as one chat server, in local mode (one
// SQLite file shared by the processes) and in Twilio mode (the Twilio fake): the conformance
// runner passes with its socket clients spread over the nodes; a node killed with SIGKILL has
// its users' leaves announced by the survivors; a Redis restart loses no new_message for the
// connected clients.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_PASS, main } from '../../conformance/cli.ts';
import { request, TestClient, uid } from '../server/harness.ts';
import { freePort } from '../server/process.ts';
import { type Cluster, startCluster } from './nodes.ts';
import { IN_CI, REDIS_TEST_URL, redisAvailable } from './redis-service.ts';

// Whole processes and whole conformance runs on a loaded machine: generous, never a speed test.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

const HAVE_REDIS = await redisAvailable('test/cluster/cluster');
/** Far above the documented 15 s: the machine may be loaded; this is not a speed test. */
const DEAD_NODE_WAIT_MS = 90_000;

async function createConversation(url: string, ids: string[]): Promise<string> {
  const res = await request(url, 'POST', '/api/conversations/create', {
    json: { participants: ids.map((id) => ({ id, name: id })) },
  });
  expect(res.status).toBe(200);
  return (res.body as { data: { conversation_sid: string } }).data.conversation_sid;
}

async function send(url: string, sid: string, author: string, body: string): Promise<string> {
  const res = await request(url, 'POST', `/api/conversations/${sid}/send-message`, {
    json: { author, body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { data: { message_sid: string } }).data.message_sid;
}

async function clientAt(url: string, name: string): Promise<TestClient> {
  const client = new TestClient(url, { name });
  await client.connected;
  return client;
}

function expectNoSpecViolations(): void {
  expect(TestClient.drain()).toEqual([]);
}

describe.skipIf(!HAVE_REDIS).each(['local', 'twilio'] as const)(
  'a cluster of 3 processes on one Redis (%s mode)',
  (mode) => {
    let cluster: Cluster;
    beforeAll(async () => {
      cluster = await startCluster(mode, 3, REDIS_TEST_URL);
    });
    afterAll(async () => {
      await cluster?.close();
    });

    it('passes the conformance runner with its socket clients spread over the nodes', async () => {
      const [a, b, c] = cluster.nodes.map((n) => n.url);
      let output = '';
      const io = {
        stdout: (text: string) => {
          output += text;
        },
        stderr: (text: string) => {
          output += text;
        },
        color: false,
      };
      const code = await main(
        ['--url', `${a}`, '--peer-url', `${b}`, '--peer-url', `${c}`, '--timeout', '5000'],
        io,
      );
      expect(code, output).toBe(EXIT_PASS);
      expect(cluster.violations()).toEqual([]);
    });

    it('kill -9 of a node: the survivors announce its users leaving, and list them no more', async () => {
      const [a, b, c] = cluster.nodes;
      if (!a || !b || !c) throw new Error('three nodes expected');
      const [alice, bob, carol] = [uid('alice'), uid('bob'), uid('carol')];
      const sid = await createConversation(a.url, [alice, bob, carol]);
      const onA = await clientAt(a.url, 'alice@A');
      const onB = await clientAt(b.url, 'bob@B');
      const onC = await clientAt(c.url, 'carol@C');
      await onA.join(sid, alice);
      await onB.join(sid, bob);
      await onC.connectUser(carol);
      await onC.join(sid, carol);
      // Everyone sees carol (whose socket is on C) in the room.
      await onA.next('conversation_users', (p) => p.onlineUsers.length === 3);

      const killed = c.child.exited;
      c.child.process.kill('SIGKILL');
      await killed;

      for (const survivor of [onA, onB]) {
        await survivor.next('user_left', (p) => p.identity === carol, {
          timeoutMs: DEAD_NODE_WAIT_MS,
        });
        const status = await survivor.next(
          'user_status_changed',
          (p) => p.identity === carol && !p.status.online,
          { timeoutMs: DEAD_NODE_WAIT_MS },
        );
        expect(status.conversationSid).toBe(sid);
      }
      // Every surviving node answers with the same list, without carol.
      for (const client of [onA, onB]) {
        const from = client.mark();
        client.emit('get_online_users', { conversationSid: sid });
        const online = await client.next('online_users', undefined, { from });
        expect(online.users.map((u) => u.identity).sort()).toEqual([alice, bob].sort());
      }
      onA.close();
      onB.close();
      expectNoSpecViolations();
    });
  },
);

// A private Redis on a free port, restarted mid-conversation (the shared one stays up).
const REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;
if (HAVE_REDIS && !REDIS_SERVER) {
  const missing =
    'test/cluster/cluster: redis-server is not installed (apt-get install redis-server)';
  if (IN_CI) throw new Error(`${missing}. CI is set, so this fails instead of skipping.`);
  console.warn(`\n*** SKIPPED: ${missing} ***\n`);
}

function startRedisServer(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    redis.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Ready to accept connections')) resolve(redis);
    });
    redis.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
}

/**
 * `work`, bounded: rejects with "<step>: ..." when it has not settled within `ms` (a hang
 * detector, so a step that never ends names itself instead of running into the test's own
 * timeout; generous on purpose, never a speed test), or when it fails. `detail` adds what
 * helps to read either (the nodes' logs).
 */
async function within<T>(
  ms: number,
  step: string,
  work: Promise<T>,
  detail: () => string = () => '',
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${step}: not done within ${ms} ms\n${detail()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([
      work.catch((error: Error) => {
        const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
        throw new Error(`${step}: ${error.message}${cause}\n${detail()}`);
      }),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines each node logged (LOG_LEVEL=warn), for failure messages. */
function nodeLogs(cluster: Cluster): string {
  return cluster.nodes
    .map((node, i) => {
      const lines = (node.child.stdout() + node.child.stderr()).trim().split('\n');
      return `--- node ${i} (${node.url}), last lines:\n${lines.slice(-20).join('\n')}`;
    })
    .join('\n');
}

/** Bounds for the steps of the restart test: far above what a loaded machine needs. */
const SEND_WAIT_MS = 30_000;
const REDIS_WAIT_MS = 30_000;
const DELIVERY_WAIT_MS = 60_000;

describe.skipIf(!HAVE_REDIS || !REDIS_SERVER)('a cluster whose Redis restarts', () => {
  let cluster: Cluster;
  let redis: ChildProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedisServer(port);
    cluster = await startCluster('local', 2, `redis://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await cluster?.close();
    redis?.kill('SIGKILL');
  });

  it('loses no new_message for the connected clients: before, during and after the restart', async () => {
    const [a, b] = cluster.nodes;
    if (!a || !b) throw new Error('two nodes expected');
    const logs = () => nodeLogs(cluster);
    const [alice, bob] = [uid('alice'), uid('bob')];
    const sid = await createConversation(a.url, [alice, bob]);
    const onA = await clientAt(a.url, 'alice@A');
    const onB = await clientAt(b.url, 'bob@B');
    await onA.join(sid, alice);
    await onB.join(sid, bob);

    /** Message SID -> the step that sent it ("while Redis is down 3"). */
    const sent = new Map<string, string>();
    const sendSome = async (label: string) => {
      for (let i = 0; i < 5; i++) {
        const [node, author] = i % 2 ? [b, bob] : [a, alice];
        const step = `REST send "${label} ${i}" to node ${i % 2}`;
        const messageSid = await within(
          SEND_WAIT_MS,
          step,
          send(node.url, sid, author, `${label} ${i}`),
          logs,
        );
        sent.set(messageSid, `${label} ${i}`);
      }
    };
    await sendSome('before');
    // Redis dies (without persistence, it forgets everything) and comes back.
    const stopped = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGKILL');
    await within(REDIS_WAIT_MS, 'stopping Redis (SIGKILL)', stopped, logs);
    await sendSome('while Redis is down');
    redis = await within(REDIS_WAIT_MS, 'restarting Redis', startRedisServer(port), logs);
    await sendSome('after');

    for (const client of [onA, onB]) {
      const missing = () =>
        [...sent]
          .filter(
            ([messageSid]) =>
              client.all('new_message', (m) => m.message.sid === messageSid).length === 0,
          )
          .map(([messageSid, label]) => `${messageSid} ("${label}")`);
      // Every message arrives: one bound for the lot, naming the ones that never came.
      const deadline = Date.now() + DELIVERY_WAIT_MS;
      for (const messageSid of sent.keys()) {
        await client
          .next('new_message', (m) => m.message.sid === messageSid, {
            timeoutMs: Math.max(0, deadline - Date.now()),
          })
          .catch((error: Error) => {
            throw new Error(
              `${client.name} never got new_message ${missing().join(', ')} (${error.message})\n${logs()}`,
            );
          });
      }
      // At most once each.
      for (const [messageSid, label] of sent) {
        expect(
          client.all('new_message', (m) => m.message.sid === messageSid),
          `${client.name}: new_message "${label}" (${messageSid})`,
        ).toHaveLength(1);
      }
    }
    // Presence healed: both nodes list both users again.
    await expect
      .poll(
        async () => {
          const from = onB.mark();
          onB.emit('get_online_users', { conversationSid: sid });
          const online = await onB.next('online_users', undefined, { from, timeoutMs: 30_000 });
          return online.users.map((u) => u.identity).sort();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual([alice, bob].sort())
      .catch((error: Error) => {
        throw new Error(`presence did not heal: ${error.message}\n${logs()}`);
      });
    onA.close();
    onB.close();
    expectNoSpecViolations();
  });
});
