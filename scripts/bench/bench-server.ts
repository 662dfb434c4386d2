// A server process for the benchmarks, started by main.ts with one argument:
//   reference            the reference server (in-memory store, request validation on)
//   reference-unvalidated the same server and handlers with request validation off
//   bare-socketio        a bare Socket.IO server that only relays send_message to the room
// It prints `READY <port>` once listening and exits when stdin closes.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createChatApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

const mode = process.argv[2];
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: ':memory:', LOG_LEVEL: 'silent' });

async function start(): Promise<number> {
  if (mode === 'reference' || mode === 'reference-unvalidated') {
    const app = createChatApp(config, { validateRequests: mode === 'reference' });
    return (await app.listen(0, '127.0.0.1')).port;
  }
  if (mode === 'bare-socketio') {
    const http = createServer();
    const io = new Server(http);
    io.on('connection', (socket) => {
      socket.on('join_conversation', (p: { conversationSid: string }) => {
        socket.join(p.conversationSid);
        socket.emit('joined_conversation', { success: true, conversationSid: p.conversationSid });
      });
      socket.on('send_message', (p: { conversationSid: string; body: string; author: string }) => {
        const date = new Date().toISOString();
        socket.emit('message_sent', { success: true, conversationSid: p.conversationSid });
        io.to(p.conversationSid).emit('new_message', {
          conversationSid: p.conversationSid,
          message: { sid: 'IM0', body: p.body, author: p.author, dateCreated: date, media: [] },
          timestamp: date,
        });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    return typeof address === 'object' && address ? address.port : 0;
  }
  throw new Error(`unknown mode ${mode}`);
}

const port = await start();
process.stdout.write(`READY ${port}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
