// Durability under group commit: the real server process (`npm start`, local store) is
// killed with SIGKILL while 8 clients (4 over REST, 4 over Socket.IO) send concurrently,
// each to its own conversation, one message in flight at a time. After a restart on the
// same DATA_DIR every acknowledged message is there, none twice, and each conversation
// holds exactly its client's messages in send order: the acknowledged ones, plus at most the
// one that was in flight when the process died (committed, but its answer never arrived).
import { rmSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './harness.ts';
import { type Child, exitWithin, freePort, startChild, waitForHealthy } from './process.ts';

const CLIENTS = 8;
/** Kill once this many sends have been acknowledged in total. */
const KILL_AFTER_ACKS = 120;
/** Below the 100-message history window, so one GET shows a client's whole conversation. */
const MAX_PER_CLIENT = 90;

interface Acked {
  sid: string;
  body: string;
}

/** One client: sends `<name>-0`, `<name>-1`, … to its conversation until it cannot. */
interface Sender {
  name: string;
  conversationSid: string;
  acked: Acked[];
  inFlight: boolean;
  run(onAck: () => void): Promise<void>;
}

async function startServer(dataDir: string): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = startChild({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // As deployed (response validation off), without tokens: auth is not what this tests.
    NODE_ENV: 'production',
    AUTH_REQUIRED: 'false',
    PUBLIC_URL: 'http://127.0.0.1',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(child, `${url}/healthz`, 60_000);
  return { child, url };
}

async function createConversation(url: string, id: string): Promise<string> {
  const res = await fetch(`${url}/api/conversations/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ participants: [{ id, name: id }] }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { conversation_sid: string } }).data.conversation_sid;
}

function restSender(url: string, name: string, conversationSid: string): Sender {
  const sender: Sender = {
    name,
    conversationSid,
    acked: [],
    inFlight: false,
    async run(onAck) {
      for (let n = 0; n < MAX_PER_CLIENT; n++) {
        const body = `${name}-${n}`;
        sender.inFlight = true;
        let sid: string;
        try {
          const res = await fetch(`${url}/api/conversations/${conversationSid}/send-message`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ body, author: name }),
          });
          if (res.status !== 200) throw new Error(`send-message answered ${res.status}`);
          sid = ((await res.json()) as { data: { message_sid: string } }).data.message_sid;
        } catch {
          return; // the server is gone: this send was never acknowledged
        } finally {
          sender.inFlight = false;
        }
        sender.acked.push({ sid, body });
        onAck();
      }
    },
  };
  return sender;
}

async function socketSender(url: string, name: string, conversationSid: string): Promise<Sender> {
  const socket: Socket = io(url, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  /** Resolves with the message SID, or null once the connection is gone. */
  const send = (body: string) =>
    new Promise<string | null>((resolve) => {
      const done = (sid: string | null) => {
        socket.off('message_sent', sent);
        socket.off('message_error', failed);
        socket.off('disconnect', gone);
        resolve(sid);
      };
      const sent = (reply: { messageSid: string }) => done(reply.messageSid);
      const failed = () => done(null);
      const gone = () => done(null);
      socket.on('message_sent', sent);
      socket.on('message_error', failed);
      socket.on('disconnect', gone);
      if (socket.disconnected) return done(null);
      socket.emit('send_message', { conversationSid, body, author: name });
    });
  const sender: Sender = {
    name,
    conversationSid,
    acked: [],
    inFlight: false,
    async run(onAck) {
      try {
        for (let n = 0; n < MAX_PER_CLIENT; n++) {
          const body = `${name}-${n}`;
          sender.inFlight = true;
          const sid = await send(body);
          sender.inFlight = false;
          if (sid === null) return;
          sender.acked.push({ sid, body });
          onAck();
        }
      } finally {
        socket.close();
      }
    },
  };
  return sender;
}

async function history(url: string, conversationSid: string): Promise<Acked[]> {
  const res = await fetch(`${url}/api/conversations/${conversationSid}/messages`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Acked[] }).data.map(({ sid, body }) => ({ sid, body }));
}

describe('kill -9 while 8 clients send (local store, group commit)', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const step of cleanup.splice(0).reverse()) step();
  });

  it.each([1, 2, 3])(
    'run %i: every acknowledged message survives, none twice',
    async () => {
      const dataDir = tempDir('chat-crash-');
      cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const first = await startServer(dataDir);
      cleanup.push(() => first.child.process.kill('SIGKILL'));

      const senders: Sender[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const name = `crash-${i}`;
        const sid = await createConversation(first.url, name);
        senders.push(
          i % 2 === 0 ? restSender(first.url, name, sid) : await socketSender(first.url, name, sid),
        );
      }

      let total = 0;
      let inFlightAtKill = 0;
      const running = senders.map((sender) =>
        sender.run(() => {
          total++;
          if (total !== KILL_AFTER_ACKS) return;
          // Every other client that has not reached its cap has a send outstanding right now.
          inFlightAtKill = senders.filter((s) => s.inFlight).length;
          first.child.process.kill('SIGKILL');
        }),
      );
      await Promise.all(running);
      expect((await exitWithin(first.child, 30_000)).signal).toBe('SIGKILL');
      expect(inFlightAtKill).toBeGreaterThan(0);
      expect(total).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

      const second = await startServer(dataDir);
      cleanup.push(() => second.child.process.kill('SIGKILL'));
      const allSids: string[] = [];
      for (const sender of senders) {
        const stored = await history(second.url, sender.conversationSid);
        allSids.push(...stored.map((m) => m.sid));
        // The acknowledged sends, in order, with the SIDs they were acknowledged with…
        expect(stored.slice(0, sender.acked.length), sender.name).toEqual(sender.acked);
        // …then at most the one in flight at the kill, which may have committed unanswered.
        const extra = stored.slice(sender.acked.length);
        expect(extra.length, sender.name).toBeLessThanOrEqual(1);
        for (const message of extra) {
          expect(message.body, sender.name).toBe(`${sender.name}-${sender.acked.length}`);
        }
      }
      expect(new Set(allSids).size).toBe(allSids.length);
    },
    180_000,
  );
});
