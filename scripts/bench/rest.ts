// Load driver: closed-loop REST send-message from keep-alive HTTP clients (each sends its
// next request when the previous one is answered), and conversation set-up for the others.
import http from 'node:http';
import { startCpuMeter } from './cpu.ts';
import { type Summary, summarize } from './stats.ts';

interface Target {
  url: string;
  conversationSid: string;
}

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function prepareConversation(base: string): Promise<Target> {
  const res = await fetch(`${base}/api/conversations/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      participants: [
        { id: 'bench-a', name: 'Bench A' },
        { id: 'bench-b', name: 'Bench B' },
      ],
    }),
  });
  if (res.status !== 200) throw new Error(`create conversation answered ${res.status}`);
  const json = (await res.json()) as { data: { conversation_sid: string } };
  return { url: base, conversationSid: json.data.conversation_sid };
}

/** `count` conversations, created `concurrency` at a time. */
export async function prepareConversations(
  base: string,
  count: number,
  concurrency = 16,
): Promise<string[]> {
  const sids: string[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - i) }, () =>
      prepareConversation(base),
    );
    for (const target of await Promise.all(batch)) sids.push(target.conversationSid);
  }
  return sids;
}

/** `target` as one server, or several nodes of a cluster that the clients spread over. */
export async function loadSendMessage(
  target: Target | Target[],
  {
    seconds,
    concurrency,
    serverPids,
  }: {
    seconds: number;
    concurrency: number;
    /** Server processes whose CPU the run is charged with (cpu.ts). */
    serverPids?: readonly number[];
  },
): Promise<Summary> {
  const targets = Array.isArray(target) ? target : [target];
  const body = JSON.stringify({
    body: 'Hello, this is my message!',
    author: 'bench-a',
    media: ['https://example.com/image.jpg'],
  });
  // One keep-alive pool per node; client i talks to node i mod n for the whole run.
  const pools = targets.map((t) => ({
    url: new URL(`${t.url}/api/conversations/${t.conversationSid}/send-message`),
    agent: new http.Agent({
      keepAlive: true,
      maxSockets: Math.ceil(concurrency / targets.length),
    }),
  }));
  const latencies: number[] = [];
  let failures = 0;
  const meter = startCpuMeter(serverPids);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (index: number) => {
    const pool = pools[index % pools.length];
    if (!pool) return;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await post(pool.agent, pool.url, body);
      if (status !== 200) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const summary = meter.attach(summarize(latencies, (performance.now() - started) / 1000));
  for (const pool of pools) pool.agent.destroy();
  if (failures > 0) throw new Error(`${failures} send-message requests failed`);
  return summary;
}
