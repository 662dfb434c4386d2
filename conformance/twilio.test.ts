// The runner passes on the reference server in Twilio mode: the official SDK against the
// wire-level Twilio fake, which checks every call the server makes against Twilio's OpenAPI
// description. The default suite runs through the command line (exit status 0, as QA runs
// it) and prints its duration; any call that breaks Twilio's contract fails the test too.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { allChecks } from './checks/index.ts';
import { EXIT_PASS, main } from './cli.ts';
import { startReferenceOnTwilio, type TwilioTestServer } from './test-support/servers.ts';
import type { RunResult } from './types.ts';

// Whole runs against a real server: generous on a loaded machine (never a speed assertion).
vi.setConfig({ testTimeout: 180_000 });

/** Runs the CLI with console and JSON reports; the console output explains any failure. */
async function runCli(
  args: string[],
): Promise<{ code: number; output: string; result: RunResult }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cc-twilio-'));
  try {
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
    const file = path.join(dir, 'result.json');
    // Generous waits: on a loaded CI machine a slow answer must not look like a missing one.
    const code = await main(
      [...args, '--timeout', '3000', '--reporter', 'console', '--reporter', `json:${file}`],
      io,
    );
    const json = await readFile(file, 'utf8').catch(() => {
      throw new Error(`no report (exit status ${code}):\n${output}`);
    });
    const result = JSON.parse(json) as RunResult;
    return { code, output, result };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function report(label: string, server: TwilioTestServer, result: RunResult): void {
  const { passed, total } = result.summary;
  console.log(
    `conformance (${label}) against Twilio mode: ${passed}/${total} checks passed in ` +
      `${result.durationMs} ms, ${server.twilioCalls()} Twilio calls`,
  );
}

describe('against the reference server in Twilio mode', () => {
  let server: TwilioTestServer;
  beforeAll(async () => {
    server = await startReferenceOnTwilio();
  });
  afterEach(() => {
    expect(server.violations(), "calls that break Twilio's contract").toEqual([]);
  });
  afterAll(() => server.close());

  it('passes the default suite (exit 0) and covers every operation and event', async () => {
    const { code, output, result } = await runCli(['--url', server.url]);
    report('default', server, result);
    expect(code, output).toBe(EXIT_PASS);
    expect(result.summary.failed).toBe(0);
    // Rules for capabilities this mode does not advertise are skipped, saying why.
    const skipped = result.checks.filter((c) => c.status === 'skipped');
    expect(skipped.map((c) => c.name)).toEqual(['socket.reachability.presence']);
    expect(skipped[0]?.note).toContain('"provider"');
    expect(result.summary.passed + skipped.length).toBe(allChecks({ fuzzRuns: 0 }).length);
    expect(result.coverage.operations.filter((o) => o.seenStatuses.length === 0)).toEqual([]);
    expect(result.coverage.clientEvents.filter((e) => !e.exercised)).toEqual([]);
    expect(result.coverage.serverEvents.filter((e) => !e.exercised)).toEqual([]);
    expect(result.cleanupProblems).toEqual([]);
  });
});

describe('against the reference server in Twilio mode, requiring a token', () => {
  let server: TwilioTestServer;
  beforeAll(async () => {
    server = await startReferenceOnTwilio({ AUTH_REQUIRED: 'true' });
  });
  afterEach(() => {
    expect(server.violations(), "calls that break Twilio's contract").toEqual([]);
  });
  afterAll(() => server.close());

  it('passes with --auth (Twilio access tokens through generate-token)', async () => {
    const { code, output, result } = await runCli(['--url', server.url, '--auth']);
    report('--auth', server, result);
    expect(code, output).toBe(EXIT_PASS);
    expect(result.summary.failed).toBe(0);
  });
});
