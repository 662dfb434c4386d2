// Benchmark (a): REST send-message with request validation on vs the same handler with
// validation off. Closed-loop load from keep-alive HTTP clients; both arms get the same
// warm-up, duration and concurrency, and run alternately in one process run.
import http from 'node:http';
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
  const json = (await res.json()) as { data: { conversation_sid: string } };
  return { url: base, conversationSid: json.data.conversation_sid };
}

export async function loadSendMessage(
  target: Target,
  { seconds, concurrency }: { seconds: number; concurrency: number },
): Promise<Summary> {
  const url = new URL(`${target.url}/api/conversations/${target.conversationSid}/send-message`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({
    body: 'Hello, this is my message!',
    author: 'bench-a',
    media: ['https://example.com/image.jpg'],
  });
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await post(agent, url, body);
      if (status !== 200) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  if (failures > 0) throw new Error(`${failures} send-message requests failed`);
  return summarize(latencies, (performance.now() - started) / 1000);
}
