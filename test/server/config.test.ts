// Configuration: defaults, one clear line per wrong setting, and a process that refuses to
// start on a bad configuration with exit code 1 and no stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { exitWithin, freePort, STACK_FRAME, startChild, waitForHealthy } from './process.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** Settings whose value a problem line must not repeat. */
const SECRETS = ['TOKEN_SECRET', 'TOKEN_ISSUER_KEY', 'REDIS_URL'];

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({}, '/srv/app')).toEqual({
      port: 3001,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/app', 'data'),
      storeDurability: 'full',
      nodeEnv: 'development',
      logLevel: 'info',
      logFormat: 'json',
      corsOrigins: '*',
      authRequired: false,
      tokenSecret: undefined,
      tokenIssuerKey: undefined,
      publicUrl: undefined,
      trustProxy: false,
      uploadTimeoutMs: 120_000,
      unsentMediaTtlMs: 24 * 3_600_000,
      rateLimitRestPerMinute: 6000,
      rateLimitSocketPerMinute: 3000,
      validateResponses: true,
      warnings: [],
    });
  });

  it('production is secure by default: auth on, PUBLIC_URL required, AUTH_REQUIRED=false warned', () => {
    const base = { NODE_ENV: 'production', PUBLIC_URL: 'https://chat.example.com' };
    const strict = loadConfig(base, '/srv/app');
    expect(strict.authRequired).toBe(true);
    const open = loadConfig({ ...base, AUTH_REQUIRED: 'false' }, '/srv/app');
    expect(open.authRequired).toBe(false);
    expect(open.warnings).toEqual([expect.stringMatching(/^AUTH_REQUIRED=false in production/)]);
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^PUBLIC_URL is required in production/),
    ]);
    // Development keeps the frontend guide's open behaviour.
    expect(loadConfig({}, '/srv/app').authRequired).toBe(false);
  });

  it('TRUST_PROXY: off unless set; a hop count or proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }, '/srv/app').trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '/srv/app').trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'false' }, '/srv/app').trustProxy).toBe(false);
    expect(problemsOf({ TRUST_PROXY: 'everyone' })).toEqual([
      expect.stringMatching(/TRUST_PROXY.*"everyone"/),
    ]);
  });

  it('reads every setting', () => {
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: ':memory:',
        STORE_DURABILITY: 'unsafe-on-power-loss',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'pretty',
        CORS_ORIGIN: 'https://a.example.com, http://localhost:5173',
        AUTH_REQUIRED: 'yes',
        TOKEN_SECRET: 's'.repeat(32),
        TOKEN_ISSUER_KEY: 'k'.repeat(16),
        PUBLIC_URL: 'https://chat.example.com/',
        UNSENT_MEDIA_HOURS: '0',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      storeDurability: 'unsafe-on-power-loss',
      nodeEnv: 'production',
      logLevel: 'warn',
      logFormat: 'pretty',
      corsOrigins: ['https://a.example.com', 'http://localhost:5173'],
      authRequired: true,
      tokenSecret: 's'.repeat(32),
      tokenIssuerKey: 'k'.repeat(16),
      publicUrl: 'https://chat.example.com',
      unsentMediaTtlMs: 0,
      validateResponses: false,
    });
    expect(loadConfig({ UNSENT_MEDIA_HOURS: '2' }, '/srv/app').unsentMediaTtlMs).toBe(7_200_000);
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it.each(['true', 'TRUE', '1', 'on', 'yes', 'false', '0', 'off', 'No', ''])(
    'AUTH_REQUIRED=%s is a boolean',
    (value) => {
      expect(problemsOf({ AUTH_REQUIRED: value })).toEqual([]);
    },
  );

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', ''],
    ['LOG_LEVEL', 'loud'],
    ['STORE_DURABILITY', 'normal'],
    ['AUTH_REQUIRED', 'maybe'],
    ['VALIDATE_RESPONSES', 'sometimes'],
    ['NODE_ENV', 'staging'],
    ['CORS_ORIGIN', 'example.com'],
    ['PUBLIC_URL', 'ftp://files.example.com'],
    ['TOKEN_SECRET', 'short'],
    ['TOKEN_ISSUER_KEY', 'short-key-15chr'],
    ['REDIS_URL', 'http://:secret@cache.example.com'],
    ['REDIS_URL', 'redis:///0'],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['UNSENT_MEDIA_HOURS', '1.5'],
  ])('%s=%s → one clear line naming the setting', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    const [line] = problems as [string];
    expect(line).toContain(name);
    expect(line).not.toContain('\n');
    // Secrets are never echoed.
    if (!SECRETS.includes(name)) expect(line).toContain(`"${value}"`);
    else expect(line).not.toContain(value);
  });

  it('TOKEN_ISSUER_KEY of 16 characters or more is accepted; empty means none', () => {
    expect(problemsOf({ TOKEN_ISSUER_KEY: 'k'.repeat(16) })).toEqual([]);
    expect(loadConfig({ TOKEN_ISSUER_KEY: 'k'.repeat(16) }, '/srv/app').tokenIssuerKey).toBe(
      'k'.repeat(16),
    );
    expect(loadConfig({ TOKEN_ISSUER_KEY: '' }, '/srv/app').tokenIssuerKey).toBeUndefined();
    const [line] = problemsOf({ TOKEN_ISSUER_KEY: 'k'.repeat(15) });
    expect(line).toMatch(/TOKEN_ISSUER_KEY.*16/);
  });

  it('REDIS_URL makes the server a cluster node, with keys under REDIS_KEY_PREFIX', () => {
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache:6380/2' }, '/srv/app').redis).toEqual({
      url: 'redis://:pw@cache:6380/2',
      keyPrefix: 'chat:',
    });
    expect(
      loadConfig({ REDIS_URL: 'rediss://cache', REDIS_KEY_PREFIX: 'eu-1:' }, '/srv/app').redis,
    ).toEqual({ url: 'rediss://cache', keyPrefix: 'eu-1:' });
    expect(loadConfig({ REDIS_URL: '' }, '/srv/app').redis).toBeUndefined();
  });

  it('reports every wrong setting at once, one line each', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', AUTH_REQUIRED: 'maybe' });
      expect.unreachable('loadConfig accepted a wrong configuration');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems, message } = error as ConfigError;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/PORT[^\n]*"abc"/);
      expect(problems.join('\n')).toMatch(/LOG_LEVEL[^\n]*"loud"/);
      expect(problems.join('\n')).toMatch(/AUTH_REQUIRED[^\n]*"maybe"/);
      for (const problem of problems) expect(message.split('\n')).toContain(`  - ${problem}`);
    }
  });
});

// Local mode only: the configuration is refused before any back end is chosen or reached,
// so there is nothing mode-specific to run (Twilio settings are checked in
// src/providers/twilio/config.test.ts).
describe('the server process with a wrong configuration', () => {
  it('exits 1, printing each problem on its own line and no stack trace', async () => {
    const child = startChild({ PORT: 'abc', LOG_LEVEL: 'loud', AUTH_REQUIRED: 'maybe' });
    const { code } = await exitWithin(child, 60_000);
    expect(code).toBe(1);
    const lines = child.stderr().trim().split('\n');
    expect(lines).toEqual([
      'invalid configuration:',
      expect.stringMatching(/^ {2}- PORT .*"abc"/),
      expect.stringMatching(/^ {2}- LOG_LEVEL .*"loud"/),
      expect.stringMatching(/^ {2}- AUTH_REQUIRED .*"maybe"/),
    ]);
    expect(child.stderr()).not.toMatch(STACK_FRAME);
    expect(child.stdout()).not.toMatch(STACK_FRAME);
  });

  it('with REDIS_URL where no Redis answers: exits 1 with one line naming REDIS_URL, no password', async () => {
    const port = await freePort();
    const child = startChild({
      PORT: '0',
      DATA_DIR: ':memory:',
      REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}`,
    });
    const { code } = await exitWithin(child, 45_000);
    expect(code).toBe(1);
    expect(child.stderr().trim()).toMatch(/^cannot start: Redis at REDIS_URL did not answer/);
    expect(child.stderr().trim().split('\n')).toHaveLength(1);
    expect(child.stderr() + child.stdout()).not.toContain('hunter2-secret');
    expect(child.stderr()).not.toMatch(STACK_FRAME);
  });
});

describe('start-up failures and logs, as a person reads them', () => {
  it('a busy port is one line naming the port and PORT, exit 1', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => {
      blocker.listen(0, '127.0.0.1', () => {
        const address = blocker.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    try {
      const child = startChild({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: ':memory:' });
      const { code } = await exitWithin(child, 60_000);
      expect(code).toBe(1);
      expect(child.stderr().trim().split('\n')).toEqual([
        `cannot start: port ${port} is already in use (127.0.0.1:${port}); stop the other process or set PORT to a free port`,
      ]);
      expect(child.stdout()).toBe('');
    } finally {
      blocker.close();
    }
  });

  it('a data directory that cannot be written is one line naming DATA_DIR, exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-datadir-'));
    try {
      // A file where the directory should be: refused even for root, unlike permissions.
      const notADir = path.join(dir, 'file');
      writeFileSync(notADir, 'x');
      const child = startChild({ PORT: '0', DATA_DIR: notADir });
      const { code } = await exitWithin(child, 60_000);
      expect(code).toBe(1);
      const lines = child.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^cannot start: DATA_DIR ${notADir} is not a writable directory \\(E[A-Z]+ on `),
      );
      expect(child.stderr()).not.toMatch(STACK_FRAME);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(['json', 'pretty'])(
    'LOG_FORMAT=%s: a request is logged at info with method, path, status and duration, no headers',
    async (format) => {
      const port = await freePort();
      const child = startChild({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: ':memory:',
        LOG_FORMAT: format,
      });
      try {
        await waitForHealthy(child, `http://127.0.0.1:${port}/healthz`);
        const issued = await fetch(`http://127.0.0.1:${port}/api/conversations/generate-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user_id: 'logger' }),
        });
        const { token } = (await issued.json()) as { token: string };
        const res = await fetch(`http://127.0.0.1:${port}/api/conversations?userId=logger`, {
          headers: { authorization: `Bearer ${token}`, cookie: 'secret=1' },
        });
        expect(res.status).toBe(200);
        // Logged once the response is finished; the next request is the barrier.
        await fetch(`http://127.0.0.1:${port}/openapi.json`);
        const deadline = Date.now() + 10_000;
        while (!child.stdout().includes('GET /openapi.json') && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const lines = child.stdout().trim().split('\n');
        const line = lines.find((l) => l.includes('/api/conversations?userId=logger'));
        expect(line, child.stdout()).toBeDefined();
        expect(line).not.toMatch(/secret=1|user-agent|headers/i);
        expect(line).not.toContain(token);
        if (format === 'json') {
          const entry = JSON.parse(String(line));
          expect(entry).toMatchObject({
            level: 30,
            msg: expect.stringMatching(/^GET \/api\/conversations\?userId=logger 200 \d+ms$/),
            req: { method: 'GET', url: '/api/conversations?userId=logger' },
            res: { statusCode: 200 },
            responseTime: expect.any(Number),
          });
          expect(Object.keys(entry.req).sort()).toEqual(['id', 'method', 'url']);
        } else {
          expect(line).toMatch(
            /^\d\d:\d\d:\d\d INFO +GET \/api\/conversations\?userId=logger 200 \d+ms/,
          );
          expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO +chat server listening on /);
        }
      } finally {
        child.process.kill('SIGTERM');
        await exitWithin(child, 60_000);
      }
    },
  );
});
