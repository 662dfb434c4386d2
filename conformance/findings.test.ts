// Proof that a report is a diagnosis: servers that break several rules at once (every POST
// answers 201, user_joined is never sent, join_conversation(null) kills the process) get
// exactly one finding per broken rule and nothing else; checks set up through a deviating
// fixture still run their own assertions; a server that dies leaves the remaining checks
// not run (or, with --continue-after-crash, they run once it is back).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatReport } from './reporters/console.ts';
import { runConformance } from './runner.ts';
import {
  crashOnEvent,
  hookBroadcasts,
  rewriteJson,
  startReference,
  type TestServer,
  testOptions,
} from './test-support/servers.ts';
import type { RunResult } from './types.ts';

// Whole runs against a real server: generous on a loaded machine (never a speed assertion).
vi.setConfig({ testTimeout: 180_000 });

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close().catch(() => undefined);
});

async function start(): Promise<TestServer> {
  const s = await startReference();
  servers.push(s);
  return s;
}

/** Every successful POST answers 201 (a framework default), the body still says 200. */
function postsAnswer201(s: TestServer): void {
  rewriteJson(s.app, ({ method, status }) =>
    method === 'POST' && status === 200 ? { status: 201 } : undefined,
  );
}

function neverSendUserJoined(s: TestServer): void {
  hookBroadcasts(s.app, (event) => event !== 'user_joined');
}

const joinNull = (event: string, args: unknown[]) =>
  event === 'join_conversation' && args.length > 0 && args[0] === null;

function titles(result: RunResult): string[] {
  return result.findings.map((f) => f.title);
}

describe('several rules broken at once', () => {
  it('names each broken rule as its own finding, and nothing else', async () => {
    const s = await start();
    postsAnswer201(s);
    neverSendUserJoined(s);
    crashOnEvent(s, joinNull);
    const result = await runConformance(testOptions(s.url, { timeoutMs: 4000 }));
    if (process.env.SHOW_REPORT) console.log(formatReport(result, (_c, t) => t));

    expect(titles(result)).toHaveLength(3);
    const [posts, joined, crash] = [
      result.findings.find((f) => f.key === 'status:POST:200->201'),
      result.findings.find((f) => f.subjects.includes('user_joined')),
      result.findings.find((f) => f.key === 'server-stopped'),
    ];
    expect(posts?.title).toBe('POST operations answer 201 where the spec declares 200');
    expect(posts?.subjects.length).toBeGreaterThanOrEqual(8);
    expect(posts?.reproduce).toMatch(/^curl -i -X POST '/);
    expect(joined?.rule).toMatch(/^user_joined after join_conversation goes to every socket/);
    expect(joined?.reproduce).toContain("import { io } from 'socket.io-client';");
    expect(joined?.reproduce).toContain('emit("join_conversation"');
    expect(crash?.title).toMatch(
      /^the server stopped answering after alice emits join_conversation\(null\)/,
    );
    expect(result.crash?.check).toBe('socket.join_conversation.invalid-payloads');
    expect(crash?.reproduce).toContain("import { io } from 'socket.io-client';");
    expect(crash?.reproduce).toContain('.emit("join_conversation", null);');

    // Checks set up through the 201 fixtures still ran their own assertions: none blocked.
    expect(result.summary.blocked).toBe(0);
    // Its own rule held: it passes, and the report says which finding its setup met.
    const flow = result.checks.find((c) => c.name === 'rest.flow.history-order');
    expect(flow?.status).toBe('passed');
    expect(flow?.findings).toEqual([posts?.id]);
    expect(flow?.violations.every((v) => v.incidental)).toBe(true);
    // After the crash: not run, not failed.
    const after = result.checks.slice(
      result.checks.findIndex((c) => c.name === result.crash?.check) + 1,
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c.status === 'not-run')).toBe(true);
  });

  it('goes on once the server is back with --continue-after-crash', async () => {
    const s = await start();
    crashOnEvent(s, joinNull, {
      restartAfterMs: 300,
      onRestart: (fresh) => servers.push(fresh),
    });
    const result = await runConformance(
      testOptions(s.url, {
        timeoutMs: 3000,
        grep: /^socket\.(join_conversation\.invalid-payloads|ping\.any-arguments)$/,
        continueAfterCrashMs: 30_000,
      }),
    );
    expect(titles(result)).toEqual([
      'the server stopped answering after alice emits join_conversation(null)',
    ]);
    expect(result.crash?.recovered).toBe(true);
    const status = Object.fromEntries(result.checks.map((c) => [c.name, c.status]));
    expect(status['socket.ping.any-arguments']).toBe('passed');
  });
});
