// Starts bench-server.ts in a child process, so load generator and server do not share
// an event loop, and stops it again.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-server.ts');

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
}

export function startBenchServer(mode: string): Promise<BenchServer> {
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', ENTRY, mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`bench server ${mode} exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (!match) return;
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.stdin.end();
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      });
    });
  });
}
