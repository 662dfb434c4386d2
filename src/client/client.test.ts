// The typed frontend client against a real reference server: REST through openapi-fetch
// and a socket through socket.io-client, both typed by the generated contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatApp, createChatApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { type ChatSocket, createChatClient } from './index.ts';

describe('createChatClient', () => {
  let app: ChatApp;
  let url: string;
  beforeAll(async () => {
    app = createChatApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:' }));
    const { port } = await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => app.close());

  it('creates, sends over the socket and reads history back through REST', async () => {
    const chat = createChatClient(url);
    const created = await chat.rest.POST('/api/conversations/create', {
      body: { participants: [{ id: 'ana', name: 'Ana' }] },
    });
    expect(created.response.status).toBe(200);
    const convoSid = created.data?.data.conversation_sid ?? '';
    expect(convoSid).toMatch(/^CH[0-9a-f]{32}$/);

    const socket: ChatSocket = chat.connectSocket();
    try {
      const joined = new Promise((resolve) => socket.once('joined_conversation', resolve));
      socket.emit('join_conversation', { conversationSid: convoSid, identity: 'ana' });
      await joined;
      const received = new Promise<string>((resolve) =>
        socket.once('new_message', (payload) => resolve(payload.message.body)),
      );
      socket.emit('send_message', { conversationSid: convoSid, body: 'hi', author: 'ana' });
      expect(await received).toBe('hi');
    } finally {
      socket.disconnect();
    }

    const history = await chat.rest.GET('/api/conversations/{convoSid}/messages', {
      params: { path: { convoSid } },
    });
    expect(history.data?.data.map((m) => m.body)).toEqual(['hi']);
  });

  it('returns the error envelope typed for a declared error status', async () => {
    const chat = createChatClient(url);
    const missing = await chat.rest.GET('/api/conversations/{convoSid}/messages', {
      params: { path: { convoSid: `CH${'0'.repeat(32)}` } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ status: 404, message: expect.any(String) });
  });
});
