// `tsx scripts/upload-rss.ts [--root dir] [--count 10] [--mib 95]`: the server's memory
// while uploads stream in. Starts `src/main.ts` of `--root` (default: this checkout) on a
// fresh data directory, reads its RSS, sends `count` concurrent multipart uploads of `mib`
// MiB each (generated as they are sent, so the client holds none of them; above the 10 MiB
// limit they are refused, which is the point: the server must not hold them either), and
// prints RSS before, the peak while they arrive (VmHWM) and after. Linux only (/proc).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: process.cwd() },
    count: { type: 'string', default: '10' },
    mib: { type: 'string', default: '95' },
    port: { type: 'string', default: '3917' },
  },
});
const MiB = 1024 * 1024;
const count = Number(values.count);
const size = Number(values.mib) * MiB;
const port = Number(values.port);

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

function upload(index: number): Promise<number> {
  const boundary = `rss${index}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big${index}.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve) => {
    const req = request(`http://127.0.0.1:${port}/api/upload/file`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', () => resolve(-1));
    const chunk = Buffer.alloc(MiB, 0x25);
    let sent = 0;
    req.write(head);
    const pump = () => {
      while (sent < size) {
        sent += MiB;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end(tail);
    };
    pump();
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'upload-rss-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: values.root,
  env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  for (let i = 0; ; i += 1) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 200) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = server.pid ?? 0;
  const before = memory(pid);
  const statuses = await Promise.all(Array.from({ length: count }, (_, i) => upload(i)));
  const after = memory(pid);
  console.log(
    `${count} concurrent ${values.mib} MiB uploads, statuses ${[...new Set(statuses)].join(',')}: ` +
      `RSS before ${before.rss.toFixed(0)} MiB, peak ${after.peak.toFixed(0)} MiB, after ${after.rss.toFixed(0)} MiB`,
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
