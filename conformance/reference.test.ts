// The runner passes on the reference server: the full default suite, the fuzz suite, and
// an auth-required server with --auth. Any failure is printed as rule + actual so that a
// regression in the server or a false alarm in the runner is visible at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { allChecks } from './checks/index.ts';
import { runConformance } from './runner.ts';
import { startReference, type TestServer, testOptions } from './test-support/servers.ts';
import type { RunResult } from './types.ts';

// Whole runs against a real server: generous on a loaded machine (never a speed assertion).
vi.setConfig({ testTimeout: 180_000 });

/** Generous waits: on a loaded CI machine a slow answer must not look like a missing one. */
const options = (url: string, extra: Parameters<typeof testOptions>[1] = {}) =>
  testOptions(url, { timeoutMs: 3000, ...extra });

function violations(result: RunResult): string[] {
  return result.checks.flatMap((c) =>
    c.violations.map((v) => `${c.name}: ${v.rule} — ${v.actual}`),
  );
}

describe('against the reference server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference();
  });
  afterAll(() => server.close());

  it('passes every default check and covers every operation and event', async () => {
    const result = await runConformance(options(server.url));
    expect(violations(result)).toEqual([]);
    expect(result.summary.failed).toBe(0);
    expect(result.summary.passed).toBe(allChecks({ fuzzRuns: 0 }).length);
    expect(result.coverage.operations.filter((o) => o.seenStatuses.length === 0)).toEqual([]);
    expect(result.coverage.clientEvents.filter((e) => !e.exercised)).toEqual([]);
    expect(result.coverage.serverEvents.filter((e) => !e.exercised)).toEqual([]);
    expect(result.cleanupProblems).toEqual([]);
  });

  it('passes fuzzing with a fixed seed', async () => {
    const result = await runConformance(
      testOptions(server.url, { fuzzRuns: 40, seed: 7, grep: /^fuzz\./ }),
    );
    expect(violations(result)).toEqual([]);
    expect(result.summary.total).toBeGreaterThanOrEqual(13);
  });

  it('cleans up: a second run finds none of the first run’s conversations left', async () => {
    const before = await fetch(`${server.url}/api/conversations`).then(
      (r) => r.json() as Promise<{ data: unknown[] }>,
    );
    const result = await runConformance(
      testOptions(server.url, { grep: /^rest\.(flow|createConversation)\./ }),
    );
    expect(violations(result)).toEqual([]);
    const after = await fetch(`${server.url}/api/conversations`).then(
      (r) => r.json() as Promise<{ data: unknown[] }>,
    );
    expect(after.data.length).toBe(before.data.length);
  });
});

describe('against a reference server that requires a token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference({ AUTH_REQUIRED: 'true' });
  });
  afterAll(() => server.close());

  it('passes with --auth (one token per identity through generate-token)', async () => {
    const result = await runConformance(options(server.url, { auth: true }));
    expect(violations(result)).toEqual([]);
  });
});

describe('against a reference server that restricts who may mint tokens', () => {
  const key = 'conformance-issuer-key-0123';
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference({ AUTH_REQUIRED: 'true', TOKEN_ISSUER_KEY: key });
  });
  afterAll(() => server.close());

  it('passes with --auth --issuer-key', async () => {
    const result = await runConformance(options(server.url, { auth: true, issuerKey: key }));
    expect(violations(result)).toEqual([]);
  });

  it('cannot start without the key (setup error, exit 2 from the CLI)', async () => {
    await expect(runConformance(options(server.url, { auth: true }))).rejects.toThrow(
      /cannot obtain a token: generate-token answered 401/,
    );
  });
});
