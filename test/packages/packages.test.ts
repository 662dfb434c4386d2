// The packages as their users get them: `npm run pack`, then each tarball installed into a
// fresh project in a temporary folder (its peers and dependencies from the npm registry) and
// used there the way a frontend, QA or a backend team would:
//   @chat-contract/client       a TypeScript app compiled with emit under nodenext, node16 and
//                               bundler, run with Node; a Vite app built and run in Chromium;
//   @chat-contract/conformance  `npx chat-contract-conformance --url …`;
//   @chat-contract/server       its bin `chat-contract-server`.
// Both apps talk to the reference server (in-process, port 0). What each install costs
// (tarball size, files, production packages, install time) is printed and written to
// build/packages/install-report.json, never asserted as a duration.
// The Vite app needs Debian's Chromium at /usr/bin/chromium: without it that test is skipped
// with a warning, and fails when CI is set.
import { type ExecFileOptions, execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatApp, createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { CHROMIUM, CHROMIUM_ARGS, IN_CI, NO_CHROMIUM } from '../support/chromium.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'packages', 'fixtures');
const DIST = path.join(ROOT, 'dist', 'packages');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const REPORT = path.join(ROOT, 'build', 'packages', 'install-report.json');

if (NO_CHROMIUM && !IN_CI) {
  console.warn(
    `\n!!! SKIPPING the Vite app in test/packages: ${CHROMIUM} not found (apt-get install -y chromium).\n!!! The client package is NOT being tested in a browser.\n`,
  );
}

// Installs fetch from the registry and compile better-sqlite3: minutes on a loaded machine.
const INSTALL_TIMEOUT = 15 * 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws on a non-zero exit (the caller asserts). */
function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', ...options },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function ok(result: Run, what: string): Run {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

/** A child environment without vitest's NODE_ENV/MODE, so fixtures build as users' would. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_ENV: _nodeEnv, MODE: _mode, VITEST: _vitest, ...rest } = process.env;
  return { ...rest, ...extra };
}

interface InstallMetrics {
  package: string;
  tarballBytes: number;
  files: number;
  productionPackages: number;
  installMs: number;
  note?: string;
}

const metrics: InstallMetrics[] = [];
const workDir = mkdtempSync(path.join(tmpdir(), 'cc-packages-'));
interface Packed {
  name: string;
  filename: string;
  entryCount: number;
}
let tarballs: Record<string, Packed> = {};

/** A fresh project from a fixture folder (or empty), in the temp folder. */
function project(name: string, fixture?: string): string {
  const dir = path.join(workDir, name);
  if (fixture) cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, private: true })}\n`);
  }
  return dir;
}

/**
 * `npm install <tarball>` into a fresh project, measured: install time, and the production
 * packages the project then holds (the package itself included).
 */
async function install(dir: string, pkg: string, extraArgs: string[] = []): Promise<void> {
  const packed = tarballs[pkg];
  if (!packed) throw new Error(`npm run pack made no tarball for ${pkg}`);
  const tarball = path.join(DIST, packed.filename);
  const started = performance.now();
  ok(
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', ...extraArgs, tarball],
      { cwd: dir, env: cleanEnv() },
    ),
    `npm install ${pkg}`,
  );
  const installMs = Math.round(performance.now() - started);
  const listed = ok(
    await run('npm', ['ls', '--all', '--omit=dev', '--parseable'], { cwd: dir, env: cleanEnv() }),
    'npm ls',
  );
  const packages = new Set(listed.stdout.trim().split('\n').slice(1));
  metrics.push({
    package: pkg,
    tarballBytes: statSync(tarball).size,
    files: packed.entryCount,
    productionPackages: packages.size,
    installMs,
    ...(extraArgs.length > 0 ? { note: extraArgs.join(' ') } : {}),
  });
}

function installed(dir: string, pkg: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8'));
}

let server: ChatApp;
let serverUrl: string;

beforeAll(async () => {
  ok(await run('npm', ['run', 'pack'], { cwd: ROOT, env: cleanEnv() }), 'npm run pack');
  const listing = JSON.parse(readFileSync(path.join(DIST, 'packages.json'), 'utf8')) as Packed[];
  tarballs = Object.fromEntries(listing.map((packed) => [packed.name, packed]));
  server = createChatApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', PORT: '0' }));
  const address = await server.listen(0, '127.0.0.1');
  serverUrl = `http://127.0.0.1:${address.port}`;
}, INSTALL_TIMEOUT);

afterAll(async () => {
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
  if (metrics.length > 0) {
    console.log('\nfresh installs:');
    console.table(metrics);
    mkdirSync(path.dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, `${JSON.stringify(metrics, null, 2)}\n`);
  }
});

it('npm run pack writes one tarball per package to dist/packages/', () => {
  for (const packed of Object.values(tarballs)) {
    expect(existsSync(path.join(DIST, packed.filename)), packed.filename).toBe(true);
  }
  expect(Object.keys(tarballs).sort()).toEqual([
    '@chat-contract/client',
    '@chat-contract/conformance',
    '@chat-contract/server',
  ]);
});

describe('@chat-contract/client in a TypeScript app for Node', () => {
  let dir: string;
  beforeAll(async () => {
    dir = project('node-app', 'node-app');
    await install(dir, '@chat-contract/client');
  }, INSTALL_TIMEOUT);

  it('brings nothing at run time but its two peers', () => {
    const manifest = installed(dir, '@chat-contract/client');
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies as object).sort()).toEqual([
      'openapi-fetch',
      'socket.io-client',
    ]);
    for (const peer of ['openapi-fetch', 'socket.io-client']) {
      expect(existsSync(path.join(dir, 'node_modules', peer, 'package.json')), peer).toBe(true);
    }
  });

  it(
    'compiles with emit under moduleResolution nodenext, node16 and bundler, no special flags',
    async () => {
      ok(
        await run(
          'npm',
          ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', '@types/node@20'],
          {
            cwd: dir,
            env: cleanEnv(),
          },
        ),
        'npm install @types/node',
      );
      for (const mode of ['nodenext', 'node16', 'bundler']) {
        const config = JSON.parse(readFileSync(path.join(dir, `tsconfig.${mode}.json`), 'utf8'));
        expect(config.compilerOptions.moduleResolution).toBe(mode);
        ok(
          await run(process.execPath, [TSC, '-p', `tsconfig.${mode}.json`], { cwd: dir }),
          `tsc (${mode})`,
        );
        expect(existsSync(path.join(dir, `out-${mode}`, 'app.js')), mode).toBe(true);
      }
    },
    INSTALL_TIMEOUT,
  );

  it(
    'every typed-client sample in the docs (each operation and event) compiles against the package',
    async () => {
      const samples: string[] = [];
      for (const page of ['rest.html', 'events.html']) {
        const text = readFileSync(path.join(ROOT, 'generated', 'docs', page), 'utf8');
        for (const match of text.matchAll(/<pre class="sample">([\s\S]*?)<\/pre>/g)) {
          const code = unescapeHtml(match[1] ?? '');
          if (code.includes('@chat-contract/client')) samples.push(code);
        }
      }
      expect(samples.length).toBeGreaterThan(30);
      const sampleDir = path.join(dir, 'samples');
      mkdirSync(path.join(sampleDir, 'src'), { recursive: true });
      samples.forEach((code, index) => {
        // A module each; `file` stands for what the page would take from <input type="file">.
        writeFileSync(
          path.join(sampleDir, 'src', `sample${index}.ts`),
          `declare const file: Blob;\n${code}\nexport {};\n`,
        );
      });
      writeFileSync(
        path.join(sampleDir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module: 'esnext',
            moduleResolution: 'bundler',
            lib: ['es2022', 'dom'],
            strict: true,
            noEmit: true,
            noUnusedLocals: false,
            typeRoots: [],
          },
          include: ['src'],
        }),
      );
      // The samples resolve the package from the app's node_modules one folder up.
      ok(
        await run(process.execPath, [TSC, '-p', 'samples/tsconfig.json'], { cwd: dir }),
        'tsc (docs samples)',
      );
    },
    INSTALL_TIMEOUT,
  );

  it('the nodenext build runs under plain Node against the reference server', async () => {
    const result = ok(
      await run(process.execPath, [path.join('out-nodenext', 'app.js'), serverUrl], {
        cwd: dir,
        timeout: 60_000,
      }),
      'node out-nodenext/app.js',
    );
    expect(JSON.parse(result.stdout.trim())).toEqual({
      sid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
      sentValid: true,
      receivedValid: true,
      body: 'hello',
    });
  });
});

describe('@chat-contract/client in a Vite app, in Chromium', () => {
  if (NO_CHROMIUM && IN_CI) {
    it('needs Chromium', () => {
      throw new Error(`${CHROMIUM} not found and CI is set: apt-get install -y chromium`);
    });
    return;
  }
  let dir: string;
  let pages: Server;
  beforeAll(async () => {
    dir = project('vite-app', 'vite-app');
    await install(dir, '@chat-contract/client');
    ok(
      await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', 'vite@7'], {
        cwd: dir,
        env: cleanEnv(),
      }),
      'npm install vite@7',
    );
  }, INSTALL_TIMEOUT);
  afterAll(() => pages?.close());

  it(
    'typechecks (bundler, no special flags), builds with vite, and runs the client in the page',
    async () => {
      ok(await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir }), 'tsc (vite app)');
      const built = ok(
        await run(
          process.execPath,
          [path.join('node_modules', 'vite', 'bin', 'vite.js'), 'build'],
          {
            cwd: dir,
            env: cleanEnv(),
          },
        ),
        'vite build',
      );
      // Vite replaces Node built-ins with empty stubs and says so: none may be needed.
      expect(`${built.stdout}${built.stderr}`).not.toMatch(
        /externalized for browser compatibility/,
      );
      pages = await serveStatic(path.join(dir, 'dist'));
      const pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/?server=${encodeURIComponent(serverUrl)}`;
      if (NO_CHROMIUM) return;
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
        await page.goto(pageUrl);
        await page.waitForSelector('#result[data-done]', { timeout: 30_000 });
        const text = await page.textContent('#result');
        expect(await page.getAttribute('#result', 'data-done'), String(text)).toBe('ok');
        expect(JSON.parse(String(text))).toEqual({
          sid: expect.stringMatching(/^CH[0-9a-f]{32}$/),
          createdValid: true,
          sentValid: true,
          receivedValid: true,
          rejectsBad: true,
          body: 'hello from the browser',
        });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    INSTALL_TIMEOUT,
  );
});

describe('@chat-contract/conformance, as QA runs it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = project('qa');
    await install(dir, '@chat-contract/conformance');
  }, INSTALL_TIMEOUT);

  it('carries the spec it checks', () => {
    const root = path.join(dir, 'node_modules', '@chat-contract', 'conformance', 'spec');
    for (const file of ['openapi.yaml', 'asyncapi.yaml', 'openapi.json', 'asyncapi.json']) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
  });

  it(
    'npx chat-contract-conformance --url … passes against the reference server',
    async () => {
      // Waits raised for a loaded machine (the defaults suit an idle one).
      const result = await run(
        'npx',
        [
          '--no-install',
          'chat-contract-conformance',
          '--url',
          serverUrl,
          '--reporter',
          'json',
          '--timeout',
          '10000',
          '--settle',
          '200',
        ],
        { cwd: dir, env: cleanEnv(), timeout: 10 * 60_000 },
      );
      const report = JSON.parse(result.stdout) as {
        summary: Record<string, number>;
        checks: Array<{ name: string; status: string; violations: unknown[] }>;
      };
      const failed = report.checks
        .filter((check) => check.status === 'failed')
        .map((check) => `${check.name}: ${JSON.stringify(check.violations).slice(0, 600)}`);
      expect(failed).toEqual([]);
      expect(result.code, result.stderr).toBe(0);
      expect(report.summary).toMatchObject({ failed: 0 });
      expect(report.summary.passed).toBeGreaterThan(50);
    },
    INSTALL_TIMEOUT,
  );

  it('exits 2 with one line when the server cannot be reached', async () => {
    const result = await run(
      'npx',
      ['--no-install', 'chat-contract-conformance', '--url', 'http://127.0.0.1:1'],
      {
        cwd: dir,
        env: cleanEnv(),
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: cannot reach/),
    ]);
  });
});

describe('@chat-contract/server, as a backend team runs it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = project('backend');
    // Install scripts are held back here only to spare a loaded machine the one compile
    // (better-sqlite3, a minute or more from source): the test below proves it is the only
    // package that has one, then supplies the binary this repository's own install built for
    // the same version and Node. A user's install runs it (see README: Packages).
    await install(dir, '@chat-contract/server', ['--ignore-scripts']);
    const binding = path.join('node_modules', 'better-sqlite3', 'build', 'Release');
    const version = (name: string) =>
      JSON.parse(
        readFileSync(path.join(name, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'),
      ).version;
    if (version(ROOT) === version(dir)) {
      cpSync(path.join(ROOT, binding), path.join(dir, binding), { recursive: true });
    } else {
      ok(
        await run('npm', ['rebuild', 'better-sqlite3'], { cwd: dir, env: cleanEnv() }),
        'npm rebuild',
      );
    }
  }, INSTALL_TIMEOUT);

  it('compiles nothing but the embedded store, and installs no TypeScript loader or build tool', () => {
    const manifest = installed(dir, '@chat-contract/server');
    const deps = Object.keys(manifest.dependencies as object);
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(deps).not.toContain(tool);
    expect(existsSync(path.join(dir, 'node_modules', 'tsx'))).toBe(false);
    // Every installed package with an install step (what npm would build or download).
    const withInstallStep: string[] = [];
    const visit = (modules: string) => {
      if (!existsSync(modules)) return;
      for (const entry of readdirSync(modules)) {
        if (entry.startsWith('.')) continue;
        if (entry.startsWith('@')) {
          visit(path.join(modules, entry));
          continue;
        }
        const pkgDir = path.join(modules, entry);
        const file = path.join(pkgDir, 'package.json');
        if (!existsSync(file)) continue;
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
          name: string;
          scripts?: Record<string, string>;
        };
        const scripts = pkg.scripts ?? {};
        if (
          scripts.preinstall ||
          scripts.install ||
          scripts.postinstall ||
          existsSync(path.join(pkgDir, 'binding.gyp'))
        ) {
          withInstallStep.push(pkg.name);
        }
        visit(path.join(pkgDir, 'node_modules'));
      }
    };
    visit(path.join(dir, 'node_modules'));
    expect(withInstallStep.sort()).toEqual(['better-sqlite3']);
  });

  it(
    'chat-contract-server (its bin) starts, serves the API and the docs, and stops on SIGTERM',
    async () => {
      const data = path.join(dir, 'data');
      // The bin npx would run, started directly so that SIGTERM reaches the server itself.
      const bin = path.join(dir, 'node_modules', '.bin', 'chat-contract-server');
      const child = execFile(bin, [], {
        cwd: dir,
        env: cleanEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        const port = await new Promise<number>((resolve, reject) => {
          const onData = () => {
            const match = /listening on http:\/\/localhost:(\d+)/.exec(stdout);
            if (match) resolve(Number(match[1]));
          };
          child.stdout?.on('data', onData);
          void exited.then((code) => reject(new Error(`exited ${code}: ${stdout}\n${stderr}`)));
        });
        const base = `http://127.0.0.1:${port}`;
        expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ status: 'ok' });
        const root = await fetch(`${base}/`, { redirect: 'manual' });
        expect(root.headers.get('location')).toBe('/docs/');
        expect((await fetch(`${base}/docs/`)).status).toBe(200);
        expect((await fetch(`${base}/docs/openapi.json`)).status).toBe(200);
        const created = await fetch(`${base}/api/conversations/create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            participants: [
              { id: 'a', name: 'A' },
              { id: 'b', name: 'B' },
            ],
          }),
        });
        expect(created.status).toBe(200);
        // The embedded store (better-sqlite3, compiled at install) keeps it on disk.
        expect(existsSync(path.join(data, 'chat.sqlite'))).toBe(true);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      // The store's checkpointer (a worker thread, its file beside the bundle) ran, and the
      // store was closed before the process ended: its WAL folded back and removed.
      expect(stderr).not.toMatch(/checkpointer stopped/);
      expect(existsSync(path.join(data, 'chat.sqlite-wal'))).toBe(false);
    },
    INSTALL_TIMEOUT,
  );
});

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Serves a built app's files (index.html for `/`). */
function serveStatic(root: string): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
