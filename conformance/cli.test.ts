// The command line: option parsing and usage errors (exit 2), the one-line reason for an
// unreachable server (exit 2), exit 1 with a readable report on a violation, exit 0 with
// console + JUnit + JSON written at once, and the bin launcher as a real process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_PASS, EXIT_USAGE, EXIT_VIOLATIONS, main, parseCli } from './cli.ts';
import { rewriteJson, startReference, type TestServer } from './test-support/servers.ts';
import type { RunResult } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
      color: false,
    },
  };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('parseCli', () => {
  it.each([
    [[], 'missing --url'],
    [['--url', 'ftp://x'], '--url must be http:// or https://'],
    [['--url', 'nope'], '--url is not a URL'],
    [['--url', 'http://x', '--only', 'graphql'], '--only must be rest or socket'],
    [['--url', 'http://x', '--timeout', '0'], '--timeout must be an integer ≥ 1'],
    [['--url', 'http://x', '--fuzz', 'many'], '--fuzz must be an integer ≥ 0'],
    [['--url', 'http://x', '--grep', '(['], '--grep is not a valid regular expression'],
    [['--url', 'http://x', '--reporter', 'tap'], 'unknown reporter "tap"'],
    [['--url', 'http://x', '--reporter', 'junit:'], 'needs a file name'],
    [['--url', 'http://x', '--token', 't', '--auth'], 'either --token or --auth'],
    [['--url', 'http://x', '--colour'], "Unknown option '--colour'"],
    [['--url', 'http://x', '--peer-url', 'nope'], '--peer-url is not a URL'],
    [['--url', 'http://x', '--peer-url', 'ws://y'], '--peer-url must be http'],
  ])('%j is a usage error', (argv, message) => {
    const parsed = parseCli(argv);
    expect(typeof parsed).toBe('string');
    expect(parsed).toContain(message);
  });

  it('reads every option', () => {
    const parsed = parseCli([
      '--url',
      'http://host:3001/',
      '--only',
      'socket',
      '--grep',
      'typing',
      '--reporter',
      'console',
      '--reporter',
      'junit:reports/c.xml',
      '--timeout',
      '500',
      '--bail',
      '--token',
      'abc',
      '--fuzz',
      '25',
      '--seed',
      '9',
    ]);
    if (typeof parsed === 'string' || 'help' in parsed) throw new Error(String(parsed));
    expect(parsed.runner).toMatchObject({
      url: 'http://host:3001',
      only: 'socket',
      timeoutMs: 500,
      bail: true,
      token: 'abc',
      fuzzRuns: 25,
      seed: 9,
    });
    expect(parsed.runner.grep?.test('socket.typing.routing')).toBe(true);
    expect(parsed.runner.peerUrls).toEqual([]);
    expect(parsed.runner.settleMs).toBe(40);
    expect(parsed.reporters).toEqual([
      { kind: 'console' },
      { kind: 'junit', file: 'reports/c.xml' },
    ]);
  });

  it('reads the other nodes of a cluster (--peer-url, repeatable) and waits longer for events', () => {
    const parsed = parseCli([
      '--url',
      'http://a:3001',
      '--peer-url',
      'http://b:3002/',
      '--peer-url',
      'http://c:3003',
    ]);
    if (typeof parsed === 'string' || 'help' in parsed) throw new Error(String(parsed));
    expect(parsed.runner.peerUrls).toEqual(['http://b:3002', 'http://c:3003']);
    expect(parsed.runner.settleMs).toBe(250);
  });
});

describe('main', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference();
  });
  afterAll(() => server.close());

  it('exits 2 with a one-line reason when the server cannot be reached', async () => {
    const port = await closedPort();
    const { out, io } = capture();
    expect(await main(['--url', `http://127.0.0.1:${port}`], io)).toBe(EXIT_USAGE);
    expect(out.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
    expect(out.stdout).toBe('');
  });

  it('exits 2 when a peer cannot be reached, naming it', async () => {
    const port = await closedPort();
    const { out, io } = capture();
    const argv = ['--url', server.url, '--peer-url', `http://127.0.0.1:${port}`];
    expect(await main(argv, io)).toBe(EXIT_USAGE);
    expect(out.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('prints help and lists checks', async () => {
    const help = capture();
    expect(await main(['--help'], help.io)).toBe(EXIT_PASS);
    expect(help.out.stdout).toContain('Exit status: 0 all selected checks passed');
    const list = capture();
    expect(await main(['--url', server.url, '--list', '--only', 'socket'], list.io)).toBe(
      EXIT_PASS,
    );
    expect(list.out.stdout).toContain('socket.typing.routing');
    expect(list.out.stdout).not.toMatch(/^rest\./m);
  });

  it('exits 2 when nothing matches --grep', async () => {
    const { out, io } = capture();
    expect(await main(['--url', server.url, '--grep', 'no-such-check'], io)).toBe(EXIT_USAGE);
    expect(out.stderr).toContain('no check matches');
  });

  it('exits 0 and writes console, JUnit and JSON reports at once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cc-reports-'));
    const { out, io } = capture();
    const code = await main(
      [
        '--url',
        server.url,
        '--grep',
        '^(rest\\.getHealth\\.valid|socket\\.ping\\.reply)$',
        '--reporter',
        'console',
        '--reporter',
        `junit:${dir}/nested/conformance.xml`,
        '--reporter',
        `json:${dir}/c.json`,
      ],
      io,
    );
    expect(code).toBe(EXIT_PASS);
    expect(out.stdout).toContain('Checks (2/2 passed)');
    expect(out.stdout).toMatch(/PASS 0 findings · 2 checks: 2 passed, 0 failed — \d+/);
    expect(out.stdout).toMatch(/operations\s+1\/\d+ exercised/);
    expect(out.stdout).toMatch(/client events\s+1\/\d+ emitted/);
    const xml = await readFile(`${dir}/nested/conformance.xml`, 'utf8');
    expect(xml).toContain('<testsuite name="rest" tests="1" failures="0"');
    expect(xml).toContain('<testcase classname="socket.ping" name="socket.ping.reply"');
    const json = JSON.parse(await readFile(`${dir}/c.json`, 'utf8')) as RunResult;
    expect(json.summary).toEqual({
      total: 2,
      passed: 2,
      failed: 0,
      blocked: 0,
      notRun: 0,
      skipped: 0,
      findings: 0,
    });
    expect(json.findings).toEqual([]);
    expect(json.coverage.clientEvents.find((e) => e.name === 'ping')?.exercised).toBe(true);
  });

  it('prints a summary on the console even when every reporter writes to a file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cc-reports-'));
    const { out, io } = capture();
    const code = await main(
      [
        '--url',
        server.url,
        '--grep',
        '^rest\\.getHealth\\.valid$',
        '--reporter',
        `json:${dir}/c.json`,
      ],
      io,
    );
    expect(code).toBe(EXIT_PASS);
    expect(out.stdout).toMatch(/^PASS 0 findings · 1 check: 1 passed, 0 failed — /m);
    const toStdout = capture();
    await main(
      ['--url', server.url, '--grep', '^rest\\.getHealth\\.valid$', '--reporter', 'json'],
      toStdout.io,
    );
    expect(JSON.parse(toStdout.out.stdout).summary.passed).toBe(1);
    expect(toStdout.out.stderr).toMatch(/^PASS 0 findings/m);
  });
});

describe('main against a violating server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference();
    rewriteJson(server.app, ({ url }) =>
      url === '/healthz' ? { body: { status: 'fine' } } : undefined,
    );
  });
  afterAll(() => server.close());

  it('exits 1 and explains the violation: rule, expected, actual, path, request', async () => {
    const { out, io } = capture();
    expect(await main(['--url', server.url, '--grep', 'getHealth.valid'], io)).toBe(
      EXIT_VIOLATIONS,
    );
    expect(out.stdout).toContain('✗ rest.getHealth.valid');
    expect(out.stdout).toContain('F1 getHealth 200 body matches its schema in openapi.yaml');
    expect(out.stdout).toContain('actual:   $.status must be one of ["ok"]');
    expect(out.stdout).toContain('at:       $.status');
    expect(out.stdout).toContain(`example:  GET ${server.url}/healthz`);
    expect(out.stdout).toContain(`curl -i '${server.url}/healthz'`);
    expect(out.stdout).toContain('FAIL 1 finding · 1 check: 0 passed, 1 failed');
    // The findings come before the checks.
    expect(out.stdout.indexOf('Findings (1)')).toBeLessThan(out.stdout.indexOf('Checks ('));
  });

  it('stops after the first failure with --bail', async () => {
    const { out, io } = capture();
    const code = await main(
      ['--url', server.url, '--grep', '^rest\\.(getHealth|generateToken)\\.valid$', '--bail'],
      io,
    );
    expect(code).toBe(EXIT_VIOLATIONS);
    expect(out.stdout).toContain('1 failed, 1 skipped');
  });
});

describe('bin launcher', () => {
  it('runs the CLI as a process and exits 2 on an unreachable server', async () => {
    const port = await closedPort();
    const run = promisify(execFile);
    const error = await run(process.execPath, [
      path.join(here, 'bin.js'),
      '--url',
      `http://127.0.0.1:${port}`,
    ]).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });
});
