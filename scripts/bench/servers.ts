// Starts bench-server.ts in a child process, so load generator and server do not share
// an event loop, and stops it again. A durable store lives in a fresh directory under
// build/ (on the same file system as the repository, as `./data` would be: a tmpfs /tmp
// would make fsync free and the measurement meaningless) and is removed on stop.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StoreDurability } from '../../src/config.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, 'bench-server.ts');
const BUILD_DIR = path.join(HERE, '..', '..', 'build');

export type Store = 'durable' | 'memory';

/** What bench-server.ts runs; `dataDir` is a path or ':memory:'. */
export type ServerSpec =
  | {
      kind: 'reference';
      dataDir: string;
      durability: StoreDurability;
      validateRequests: boolean;
    }
  | { kind: 'bare-socketio' };

export interface BenchServer {
  url: string;
  /** Resident set size of the server process after a full GC, in bytes. */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

export interface ReferenceOptions {
  store: Store;
  /** Default true; false is the baseline of the validation line. */
  validateRequests?: boolean;
  /** STORE_DURABILITY of a durable store; default `full`, what `npm start` runs. */
  durability?: StoreDurability;
}

export function startReferenceServer(options: ReferenceOptions): Promise<BenchServer> {
  let dataDir = ':memory:';
  if (options.store === 'durable') {
    mkdirSync(BUILD_DIR, { recursive: true });
    dataDir = mkdtempSync(path.join(BUILD_DIR, 'bench-data-'));
  }
  const spec: ServerSpec = {
    kind: 'reference',
    dataDir,
    durability: options.durability ?? 'full',
    validateRequests: options.validateRequests ?? true,
  };
  const cleanup = () => {
    if (dataDir !== ':memory:') rmSync(dataDir, { recursive: true, force: true });
  };
  return spawnServer(spec, cleanup);
}

export function startBareSocketIo(): Promise<BenchServer> {
  return spawnServer({ kind: 'bare-socketio' }, () => {});
}

function spawnServer(spec: ServerSpec, cleanup: () => void): Promise<BenchServer> {
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...extra, '--expose-gc', '--import', 'tsx', ENTRY, JSON.stringify(spec)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  lines.on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const early = () => {
      cleanup();
      reject(new Error(`bench server ${spec.kind} exited before it was ready`));
    };
    child.once('exit', early);
    void nextLine().then((line) => {
      const match = /^READY (\d+)$/.exec(line);
      if (!match) return reject(new Error(`bench server said ${line}`));
      child.off('exit', early);
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        async rss() {
          const answer = nextLine();
          child.stdin.write('rss\n');
          const rss = /^RSS (\d+)$/.exec(await answer);
          if (!rss) throw new Error('bench server did not report its RSS');
          return Number(rss[1]);
        },
        async stop() {
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
          cleanup();
        },
      });
    });
  });
}
