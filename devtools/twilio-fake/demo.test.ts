// `npm run demo:twilio` keeps working: the script starts the fake and the server in Twilio
// mode on PORT, answers a request through the fake, and stops cleanly on SIGTERM.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

it('runs the server in Twilio mode against the fake', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-twilio.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Waits for the demo to print `text`; the bound only turns "never" into a failure.
  const printed = async (text: string) => {
    const deadline = Date.now() + 60_000;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(output);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    await printed('Twilio calls as they happen');
    const res = await fetch(`http://127.0.0.1:${port}/api/conversations/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participants: [{ id: 'alice', name: 'Alice' }] }),
    });
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { data: { conversation_sid: string } }).data.conversation_sid,
    ).toMatch(/^CH[0-9a-f]{32}$/);
    await printed('CreateServiceConversationWithParticipants');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
