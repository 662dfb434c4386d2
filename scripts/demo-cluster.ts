// `npm run demo:cluster`: a cluster on this machine. Starts NODES server processes (default
// 3) on consecutive ports from PORT (default 3001), all nodes of one cluster through
// REDIS_URL (default redis://127.0.0.1:6379, keys under a prefix of this run), in local mode
// (one SQLite file in DATA_DIR, default ./data-cluster) or, with DEMO_MODE=twilio, in Twilio
// mode against the local Twilio fake. Prints how to point clients at different nodes.
// Ctrl-C stops every node.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTwilioFake } from '../devtools/twilio-fake/start.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    process.exit(1);
  }
  return value;
}

const count = integer('NODES', 3, 1, 16);
const firstPort = integer('PORT', 3001, 1, 65535 - count + 1);
const mode = process.env.DEMO_MODE ?? 'local';
if (mode !== 'local' && mode !== 'twilio') {
  console.error(`DEMO_MODE must be local or twilio (got "${mode}")`);
  process.exit(1);
}
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const keyPrefix = process.env.REDIS_KEY_PREFIX || `demo-${randomBytes(3).toString('hex')}:`;
const ports = Array.from({ length: count }, (_, i) => firstPort + i);
const urls = ports.map((port) => `http://localhost:${port}`);

const twilio =
  mode === 'twilio'
    ? await startTwilioFake({
        webhookBaseUrl: urls[0] ?? '',
        timeoutMs: 10_000,
        maxRetries: 3,
        retryBaseMs: 200,
      })
    : undefined;
// Twilio posts each webhook to one address (a load balancer in front of the nodes in
// production); here the first node takes them.
twilio?.fake.routeWebhooksTo(`http://127.0.0.1:${firstPort}`);

// Real TWILIO_* settings from the shell must not mix with the fake's.
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('TWILIO_')),
);
const env = {
  LOG_LEVEL: 'warn',
  ...inherited,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: keyPrefix,
  ...(twilio ? twilio.env : { DATA_DIR: process.env.DATA_DIR ?? 'data-cluster' }),
};

const children: ChildProcess[] = [];
let stopping = false;
function stopAll(code: number): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  void Promise.all(children.map((c) => new Promise((r) => c.once('exit', r)))).then(async () => {
    await twilio?.close();
    process.exit(code);
  });
}

for (const [i, port] of ports.entries()) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`node ${i + 1} (port ${port}) stopped (${signal ?? code}); stopping the others`);
    stopAll(1);
  });
}

async function healthy(url: string): Promise<boolean> {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
if (!(await Promise.all(urls.map(healthy))).every(Boolean)) {
  if (!stopping) stopAll(1);
} else {
  const [a, b] = [urls[0], urls[1] ?? urls[0]];
  console.log(`
${count} nodes of one chat server (${mode} mode), Redis ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}, keys under "${keyPrefix}":
${urls.map((url, i) => `  node ${i + 1}: ${url}`).join('\n')}

Connect clients to different nodes, e.g. in two browser consoles or scripts:
  const alice = io('${a}');   // socket.io-client
  const bob   = io('${b}');
Both join the same conversation (create it with POST ${a}/api/conversations/create): a
message sent on one node reaches the room on every node, and presence is the same everywhere.
Check the cluster:  npm run conformance -- --url ${a}${urls
    .slice(1)
    .map((url) => ` --peer-url ${url}`)
    .join('')}
Kill one node (kill -9 <pid>): the others announce its users leaving within 15 s.
Ctrl-C stops every node.
`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopAll(0));
