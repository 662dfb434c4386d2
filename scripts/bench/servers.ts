// Starts bench-server.ts in a child process, so load generator and server do not share
// an event loop, and stops it again. A durable store lives in a fresh directory under
// build/ (on the same file system as the repository, as `./data` would be: a tmpfs /tmp
// would make fsync free and the measurement meaningless) and is removed on stop. Several
// processes may share one store and one Redis (a cluster on one machine: startCluster).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StoreDurability } from '../../src/config.ts';
import type { StoreCounters } from './store-syncs.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, 'bench-server.ts');
/** Where durable stores live: the repository's file system, as `./data` would be. */
export const BUILD_DIR = path.join(HERE, '..', '..', 'build');

export type Store = 'durable' | 'memory';

/** What bench-server.ts runs; `dataDir` is a path or ':memory:'. */
export type ServerSpec =
  | {
      kind: 'reference';
      dataDir: string;
      durability: StoreDurability;
      validateRequests: boolean;
      /** REDIS_URL and REDIS_KEY_PREFIX: the process is a cluster node. */
      redis?: BenchRedis;
    }
  | { kind: 'bare-socketio' };

export interface BenchRedis {
  url: string;
  keyPrefix: string;
}

export interface BenchServer {
  url: string;
  /** The server process, for its CPU time (cpu.ts). */
  pid: number;
  /** Resident set size of the server process after a full GC, in bytes. */
  rss(): Promise<number>;
  /** Its file store's group-commit counters (store-syncs.ts); null without a file store. */
  storeCounters(): Promise<StoreCounters | null>;
  stop(): Promise<void>;
}

export interface ReferenceOptions {
  store: Store;
  /** Default true; false is the baseline of the validation line. */
  validateRequests?: boolean;
  /** STORE_DURABILITY of a durable store; default `full`, what `npm start` runs. */
  durability?: StoreDurability;
  /** Makes the process a cluster node on this Redis. */
  redis?: BenchRedis;
}

function freshDataDir(store: Store): string {
  if (store === 'memory') return ':memory:';
  mkdirSync(BUILD_DIR, { recursive: true });
  return mkdtempSync(path.join(BUILD_DIR, 'bench-data-'));
}

function removeDataDir(dataDir: string): void {
  if (dataDir !== ':memory:') rmSync(dataDir, { recursive: true, force: true });
}

function referenceSpec(options: ReferenceOptions, dataDir: string): ServerSpec {
  return {
    kind: 'reference',
    dataDir,
    durability: options.durability ?? 'full',
    validateRequests: options.validateRequests ?? true,
    ...(options.redis ? { redis: options.redis } : {}),
  };
}

export function startReferenceServer(options: ReferenceOptions): Promise<BenchServer> {
  const dataDir = freshDataDir(options.store);
  return spawnServer(referenceSpec(options, dataDir), () => removeDataDir(dataDir));
}

/**
 * `count` cluster nodes on one Redis (options.redis is required). A durable store is one
 * directory all of them open, as `npm run demo:cluster` runs local mode; an in-memory store
 * would be one per process, so it is refused.
 */
export async function startCluster(
  count: number,
  options: ReferenceOptions,
): Promise<BenchServer[]> {
  if (!options.redis) throw new Error('a cluster needs Redis');
  if (options.store !== 'durable') throw new Error('cluster nodes share a durable store');
  const dataDir = freshDataDir(options.store);
  const spec = referenceSpec(options, dataDir);
  const nodes: BenchServer[] = [];
  try {
    // One after the other: the first creates the schema the others then open.
    for (let i = 0; i < count; i++) nodes.push(await spawnServer(spec, () => {}));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    removeDataDir(dataDir);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  const stopAll = () => {
    stopped ??= Promise.all(nodes.map((node) => node.stop())).then(() => removeDataDir(dataDir));
    return stopped;
  };
  return nodes.map((node) => ({ ...node, stop: stopAll }));
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
  /** One command on the server's stdin, and the line it answers. */
  const ask = (command: string) => {
    const answer = nextLine();
    child.stdin.write(`${command}\n`);
    return answer;
  };
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
        pid: child.pid ?? 0,
        async rss() {
          const rss = /^RSS (\d+)$/.exec(await ask('rss'));
          if (!rss) throw new Error('bench server did not report its RSS');
          return Number(rss[1]);
        },
        async storeCounters() {
          const store = /^STORE (.+)$/.exec(await ask('store'));
          if (!store?.[1]) throw new Error('bench server did not report its store');
          return JSON.parse(store[1]) as StoreCounters | null;
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
