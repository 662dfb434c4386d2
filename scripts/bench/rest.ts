// Load driver: closed-loop REST send-message from keep-alive HTTP clients (each sends its
// next request when the previous one is answered), and conversation set-up for the others.
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
