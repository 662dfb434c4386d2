// `--spec <dir|url>`: a server judged against another version of the contract, compiled at
// run time: a draft spec folder whose health response requires a field the reference server
// does not send, and a server publishing such a contract at /openapi.json. Missing folders,
// unreachable URLs and invalid documents are usage errors (exit 2) said in one line.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_PASS, EXIT_USAGE, EXIT_VIOLATIONS, main } from './cli.ts';
import { contract } from './spec.ts';
import { rewriteJson, startReference, type TestServer } from './test-support/servers.ts';

// Whole runs against a real server: generous on a loaded machine (never a speed assertion).
vi.setConfig({ testTimeout: 120_000 });

const SPEC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'spec');
const HEALTH = ['--grep', '^rest\\.getHealth\\.valid$'];
const MISSING = '$.uptime_seconds is required but missing';

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

/** The health response of an OpenAPI document (YAML text) requires `uptime_seconds` too. */
function requireUptime(yaml: string): string {
  const at = yaml.indexOf('required: [status]', yaml.indexOf('  /healthz:'));
  if (at < 0) throw new Error('spec/openapi.yaml: no health response schema to change');
  return `${yaml.slice(0, at)}required: [status, uptime_seconds]${yaml.slice(at + 18)}`;
}

/** A copy of spec/ with `change` applied to one of its files. */
async function draftSpec(file = 'openapi.yaml', change = requireUptime): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cc-draft-spec-'));
  await cp(SPEC_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  await writeFile(target, change(await readFile(target, 'utf8')));
  return dir;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('--spec <dir>', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference();
  });
  afterAll(() => server.close());

  it('judges the reference server by a draft spec folder: the field it lacks is a finding', async () => {
    const dir = await draftSpec();
    const { out, io } = capture();
    const code = await main(['--url', server.url, '--spec', dir, ...HEALTH], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(EXIT_VIOLATIONS);
    expect(out.stdout).toContain(`→ ${server.url} (contract: ${dir})`);
    expect(out.stdout).toContain('F1 getHealth 200 body matches its schema in openapi.yaml');
    expect(out.stdout).toContain(`actual:   ${MISSING}`);
    expect(out.stdout).toContain('FAIL 1 finding · 1 check: 0 passed, 1 failed');
    // Afterwards the built-in contract is back: the same check passes without --spec.
    expect(contract().source).toBe('built in');
    const again = capture();
    expect(await main(['--url', server.url, ...HEALTH], again.io)).toBe(EXIT_PASS);
  });

  it('passes the reference server against its own spec folder, compiled at run time', async () => {
    const { out, io } = capture();
    const argv = ['--url', server.url, '--spec', SPEC_DIR, '--only', 'rest', '--grep', '\\.valid$'];
    expect(await main(argv, io)).toBe(EXIT_PASS);
    expect(out.stdout).toMatch(/PASS 0 findings · \d+ checks/);
  });

  it('reads a folder of bundled documents (openapi.json + asyncapi.json) too', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cc-bundled-spec-'));
    const generated = path.join(SPEC_DIR, '..', 'generated');
    const openapi = JSON.parse(await readFile(path.join(generated, 'openapi.json'), 'utf8'));
    const health = openapi.paths['/healthz'].get.responses['200'].content['application/json'];
    health.schema.required = ['status', 'uptime_seconds'];
    await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(openapi));
    await cp(path.join(generated, 'asyncapi.json'), path.join(dir, 'asyncapi.json'));
    const { out, io } = capture();
    expect(await main(['--url', server.url, '--spec', dir, ...HEALTH], io)).toBe(EXIT_VIOLATIONS);
    expect(out.stdout).toContain(MISSING);
  });

  it.each([
    ['a folder that does not exist', async () => '/no/such/spec-folder', 'does not exist'],
    ['a file', async () => path.join(SPEC_DIR, 'openapi.yaml'), 'is not a folder'],
    [
      'a folder without the documents',
      async () => mkdtemp(path.join(tmpdir(), 'cc-empty-spec-')),
      'holds neither openapi.yaml + asyncapi.yaml nor openapi.json + asyncapi.json',
    ],
    [
      'YAML that does not parse',
      async () => draftSpec('openapi.yaml', (yaml) => `${yaml}\n  : [unclosed\n`),
      'openapi.yaml',
    ],
    [
      'a document that is not OpenAPI 3',
      async () =>
        draftSpec('openapi.yaml', (yaml) => yaml.replace(/^openapi: 3\.1\.0$/m, 'swagger: "2.0"')),
      'is not OpenAPI 3.x',
    ],
    [
      'an event without its audience',
      async () =>
        draftSpec('asyncapi.yaml', (yaml) =>
          yaml.replace(/x-audience: \w+/, 'x-audience: everyone'),
        ),
      'x-audience must be sender|room|others',
    ],
  ])('%s is a usage error in one line', async (_what, folder, message) => {
    const { out, io } = capture();
    expect(await main(['--url', server.url, '--spec', await folder(), ...HEALTH], io)).toBe(
      EXIT_USAGE,
    );
    expect(out.stderr).toContain('error: --spec: ');
    expect(out.stderr).toContain(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stdout).toBe('');
  });
});

describe('--spec <url>', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startReference();
  });
  afterAll(() => server.close());

  it('judges a server by the contract it publishes at /openapi.json and /asyncapi.json', async () => {
    // This server publishes a contract it does not keep: its health answer lacks a field.
    rewriteJson(server.app, ({ url, body }) => {
      if (url !== '/openapi.json') return undefined;
      const doc = structuredClone(body) as {
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      };
      const ok = doc.paths['/healthz']?.get.responses['200'] as {
        content: { 'application/json': { schema: { required: string[] } } };
      };
      ok.content['application/json'].schema.required.push('uptime_seconds');
      return { body: doc };
    });
    const { out, io } = capture();
    const code = await main(['--url', server.url, '--spec', server.url, ...HEALTH], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(EXIT_VIOLATIONS);
    expect(out.stdout).toContain(`(contract: ${server.url})`);
    expect(out.stdout).toContain(`actual:   ${MISSING}`);
  });

  it('an unreachable URL, a missing document or one that is not JSON is a usage error', async () => {
    const port = await closedPort();
    const unreachable = capture();
    expect(
      await main(['--url', server.url, '--spec', `http://127.0.0.1:${port}`], unreachable.io),
    ).toBe(EXIT_USAGE);
    expect(unreachable.out.stderr).toContain(
      `error: --spec: cannot fetch http://127.0.0.1:${port}/openapi.json: ECONNREFUSED`,
    );
    const missing = capture();
    expect(await main(['--url', server.url, '--spec', `${server.url}/api`], missing.io)).toBe(
      EXIT_USAGE,
    );
    expect(missing.out.stderr).toContain(`${server.url}/api/openapi.json answered 404`);
    // A web server that answers every path with a page, not a document.
    const html = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>hello</p>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
    const notJson = capture();
    try {
      expect(await main(['--url', server.url, '--spec', htmlUrl], notJson.io)).toBe(EXIT_USAGE);
    } finally {
      html.close();
    }
    expect(notJson.out.stderr).toContain(`error: --spec: ${htmlUrl}/openapi.json is not JSON`);
  });

  it('--help documents --spec', async () => {
    const { out, io } = capture();
    expect(await main(['--help'], io)).toBe(EXIT_PASS);
    expect(out.stdout).toContain('--spec <dir|url>');
    expect(out.stdout).toContain('/openapi.json and /asyncapi.json');
  });
});
