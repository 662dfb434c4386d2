// Shutting down: close() in-process disconnects every client and stops accepting; the
// real process (`npm start`) starts on each mode's back end, names it in its start-up log
// and exits 0 promptly on SIGTERM.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertNoProblems,
  type Backend,
  createConversation,
  modes,
  startServer,
  TestClient,
  tempDir,
  uid,
} from './harness.ts';
import {
  exitWithin,
  freePort,
  REPO_ROOT,
  STACK_FRAME,
  START_ARGS,
  startChild,
  waitForHealthy,
} from './process.ts';

/** Resolves true when a TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

afterEach(() => {
  assertNoProblems();
});

describe.each(modes)('close() ($name)', (mode) => {
  it('disconnects connected clients and stops accepting connections', async () => {
    const server = await startServer(mode);
    try {
      const me = uid('me');
      const sid = await createConversation(server, [me]);
      const joined = await server.client({ name: 'joined' });
      await joined.join(sid, me);
      const idle = await server.client({ name: 'idle' });
      const keepAlive = await fetch(`${server.url}/healthz`);
      expect(keepAlive.status).toBe(200);

      const reasons = Promise.all([joined.disconnected(2_000), idle.disconnected(2_000)]);
      await server.app.close();
      for (const reason of await reasons) {
        expect(['transport close', 'io server disconnect']).toContain(reason);
      }
      expect(await refused(server.port)).toBe(true);
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      // Idempotent.
      await server.app.close();
    } finally {
      await server.close();
    }
  });
});

describe.each(modes)('the server process ($name)', (mode) => {
  const backends: Backend[] = [];
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.dispose();
  });

  it('answers /healthz, then exits 0 within a few seconds of SIGTERM, disconnecting clients', async () => {
    const backend = await mode.createBackend();
    backends.push(backend);
    const port = await freePort();
    const child = startChild({
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...backend.env,
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForHealthy(child, `${url}/healthz`);
      backend.onListen?.(url);
      expect(child.stdout()).toContain(`"provider":"${mode.name}"`);
      const client = new TestClient(url, { name: 'connected' });
      await client.connected;
      await client.connectUser(uid('me'));
      const gone = client.disconnected(30_000);

      child.process.kill('SIGTERM');
      // Generous bound: it only turns "never exits" into a failure, it does not time the drain.
      const { code, signal } = await exitWithin(child, 30_000);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(['transport close', 'io server disconnect']).toContain(await gone);
      client.close();
      expect(await refused(port)).toBe(true);
      expect(child.stdout()).toContain('shutting down');
      const dataDir = backend.env.DATA_DIR;
      if (dataDir !== undefined) {
        // The store was closed before the process ended: the WAL folded back and removed.
        expect(existsSync(path.join(dataDir, 'chat.sqlite-wal'))).toBe(false);
      }
      expect(child.stderr()).not.toMatch(STACK_FRAME);
      // Secret settings (API key secret, auth token) are never logged.
      const output = child.stdout() + child.stderr();
      for (const [name, value] of Object.entries(backend.env)) {
        if (/SECRET|AUTH_TOKEN/.test(name)) expect(output, name).not.toContain(value);
      }
    } finally {
      child.process.kill('SIGKILL');
    }
  });
});

// Not per mode: `npm start` is one command, and a taken port fails start-up before any back
// end is reached (the provider makes no call before listening), so a second mode would add
// only a second process start. These run on the local store.
describe('the server process', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('npm start runs node --import tsx src/main.ts', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`node ${START_ARGS.join(' ')}`);
  });

  it('exits 1 when its port is taken', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const address = holder.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const child = startChild({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
      });
      const { code } = await exitWithin(child, 60_000);
      expect(code).toBe(1);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
