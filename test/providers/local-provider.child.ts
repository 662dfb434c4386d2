// A second process for local-provider.test.ts: the crash test kills it with SIGKILL after a
// send resolves, and the race test runs several of it against one file. Talks over stdio
// in lines so the test can synchronise with it. Not a test file itself.

import { createInterface } from 'node:readline';
import { openLocalProvider } from '../../src/providers/local/local-provider.ts';

const [command, dataDir, ...args] = process.argv.slice(2);

function println(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function sendThenHang(dir: string, conversationSid: string): Promise<void> {
  const provider = openLocalProvider({ dataDir: dir });
  const message = await provider.sendMessage(conversationSid, {
    author: 'crash',
    body: 'acknowledged before the crash',
    media: [],
  });
  println(message.sid);
  // Never close: the test kills this process with SIGKILL while the store is open.
  setInterval(() => {}, 60_000);
}

async function racePrivate(dir: string, rounds: number, ids: string[]): Promise<void> {
  const provider = openLocalProvider({ dataDir: dir });
  println('ready');
  // Start together: wait for the test's "go" so the processes really overlap.
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  const results: { sid: string; existing: boolean }[] = [];
  for (let round = 0; round < rounds; round++) {
    const { conversation, existing } = await provider.findOrCreatePrivateConversation({
      friendlyName: `race ${process.pid}`,
      participants: ids.map((id) => ({ id, name: id })),
    });
    results.push({ sid: conversation.sid, existing });
  }
  await provider.close();
  println(JSON.stringify(results));
  lines.close();
}

if (command === 'send' && dataDir !== undefined && args[0] !== undefined) {
  await sendThenHang(dataDir, args[0]);
} else if (command === 'race' && dataDir !== undefined && args[0] !== undefined) {
  await racePrivate(dataDir, Number(args[0]), args.slice(1));
} else {
  process.stderr.write(
    'usage: send <dataDir> <conversationSid> | race <dataDir> <rounds> <ids…>\n',
  );
  process.exit(2);
}
