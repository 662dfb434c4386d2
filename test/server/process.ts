// Runs the server the way `npm start` does (`node --import tsx src/main.ts`) as a child
// process, for the tests that need a real process: signals, exit codes, start-up errors.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const START_ARGS = ['--import', 'tsx', 'src/main.ts'];

export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server with exactly these settings (plus PATH/HOME), so nothing from the
 * test runner's environment (vitest sets NODE_ENV and MODE) leaks into the child.
 */
export function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, START_ARGS, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { process: child, stdout: () => out, stderr: () => err, exited };
}

/** Rejects if the process has not exited within `ms`. */
export function exitWithin(child: Child, ms: number) {
  return Promise.race([
    child.exited,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still running after ${ms} ms\n${child.stderr()}`)), ms),
    ),
  ]);
}

/** A port that was free a moment ago (the child is told to listen on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, the child exits, or `ms` passes. */
export async function waitForHealthy(child: Child, url: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `server at ${url} not healthy (${exited ? 'exited' : 'timed out'})\n` +
      `stdout: ${child.stdout()}\nstderr: ${child.stderr()}`,
  );
}

/** A stack frame as Node prints them. */
export const STACK_FRAME = /^\s+at\s/m;
