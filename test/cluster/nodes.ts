// A cluster of real server processes (`node --import tsx src/main.ts`, as `npm start` runs
// it) sharing one Redis under a key prefix of their own, in local mode (one SQLite file,
// several processes) or in Twilio mode (the wire-level fake, served by this process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTwilioFake } from '../../devtools/twilio-fake/start.ts';
import { type Child, freePort, startChild, waitForHealthy } from '../server/process.ts';
import { dropPrefix, uniquePrefix } from './redis-service.ts';

export type ClusterMode = 'local' | 'twilio';

export interface ClusterNode {
  url: string;
  child: Child;
}

export interface Cluster {
  nodes: ClusterNode[];
  prefix: string;
  /** Starts one more node with the cluster's settings. */
  addNode(): Promise<ClusterNode>;
  /** Twilio calls that broke Twilio's contract (Twilio mode). */
  violations(): string[];
  close(): Promise<void>;
}

const TWILIO_PUBLIC_URL = 'https://chat.example.test';

export async function startCluster(
  mode: ClusterMode,
  count: number,
  redisUrl: string,
): Promise<Cluster> {
  const prefix = uniquePrefix(`cluster-${mode}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-cluster-'));
  const twilio =
    mode === 'twilio'
      ? await startTwilioFake({ webhookBaseUrl: TWILIO_PUBLIC_URL, timeoutMs: 5_000 })
      : undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    ...(twilio ? twilio.env : { DATA_DIR: dir }),
  };
  const nodes: ClusterNode[] = [];
  const addNode = async () => {
    const port = await freePort();
    const child = startChild({ ...env, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(child, `${url}/healthz`, 60_000);
    const node = { url, child };
    nodes.push(node);
    // Twilio delivers each webhook to one address; behind a load balancer, any node.
    if (nodes.length === 1) twilio?.fake.routeWebhooksTo(url);
    return node;
  };
  try {
    for (let i = 0; i < count; i++) await addNode();
  } catch (error) {
    for (const node of nodes) node.child.process.kill('SIGKILL');
    await twilio?.close();
    throw error;
  }
  return {
    nodes,
    prefix,
    addNode,
    violations: () =>
      (twilio?.violations() ?? []).map(
        (v) => `${v.operationId} ${v.where}: ${v.errors.join('; ')}`,
      ),
    async close() {
      await Promise.all(
        nodes.map(async (node) => {
          if (node.child.process.exitCode === null && node.child.process.signalCode === null) {
            node.child.process.kill('SIGTERM');
            await node.child.exited;
          }
        }),
      );
      await twilio?.close();
      rmSync(dir, { recursive: true, force: true });
      await dropPrefix(redisUrl, prefix).catch(() => undefined);
    },
  };
}
