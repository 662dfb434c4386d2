// A restart on the same back end (`local`: the same DATA_DIR; `twilio`: the same Twilio
// service, a new process that knows nothing of it yet) loses nothing:
// conversations, history, private-conversation identity, media bytes, and the tokens
// issued before the restart still verify.
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertNoProblems,
  expectStatus,
  modes,
  sendRest,
  startServer,
  type TestServer,
  uid,
} from './harness.ts';

describe.each(modes)('persistence across a restart ($name)', (mode) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    // Newest first; close() is idempotent and disposing a back end twice is harmless.
    const started = servers.splice(0).reverse();
    try {
      assertNoProblems(...started.map((server) => server.backend));
    } finally {
      for (const server of started) await server.close();
    }
  });

  it('history, conversations, media and tokens survive close() and a new app on the same data', async () => {
    const first = await startServer(mode, { env: { AUTH_REQUIRED: 'true' } });
    servers.push(first);
    const [alice, bob] = [uid('alice'), uid('bob')];
    const tokenRes = await first.request('POST', '/api/conversations/generate-token', {
      json: { user_id: alice },
    });
    const token = expectStatus(tokenRes, 'generateToken', 200).token;

    const created = await first.request('POST', '/api/conversations/newconversation', {
      token,
      json: {
        participants: [
          { id: alice, name: 'Alice' },
          { id: bob, name: 'Bob' },
        ],
      },
    });
    const sid = expectStatus(created, 'createPrivateConversation', 200).data.conversation_sid;

    const client = await first.client({ token });
    await client.join(sid, alice);
    for (const body of ['first', 'second']) {
      const from = client.mark();
      client.emit('send_message', { conversationSid: sid, body, author: alice });
      await client.next('message_sent', undefined, { from });
    }
    const upload = new FormData();
    const bytes = new Uint8Array([0, 1, 2, 3, 250, 251, 252]);
    upload.append('image', new Blob([bytes], { type: 'image/webp' }), 'kept.webp');
    const uploaded = expectStatus(
      await first.request('POST', '/api/upload/image', { token, body: upload }),
      'uploadMedia',
      200,
    );
    const sent = await first.request('POST', `/api/conversations/${sid}/send-message`, {
      token,
      json: { body: 'third', author: alice, media: [uploaded.url] },
    });
    expectStatus(sent, 'sendMessage', 200);
    const before = expectStatus(
      await first.request('GET', `/api/conversations/${sid}/messages`, { token }),
      'listMessages',
      200,
    ).data;
    expect(before.map((m) => m.body)).toEqual(['first', 'second', 'third']);

    const closing = client.disconnected();
    await first.stop();
    // Disconnected by the server going away, not by the client.
    expect(['transport close', 'io server disconnect']).toContain(await closing);
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();

    const second = await first.restart();
    servers.push(second);

    // The token issued before the restart still verifies, on REST and on the socket.
    const after = expectStatus(
      await second.request('GET', `/api/conversations/${sid}/messages`, { token }),
      'listMessages',
      200,
    ).data;
    expect(after).toEqual(before);

    const list = expectStatus(
      await second.request('GET', `/api/conversations/${alice}/conversations`, { token }),
      'listUserConversations',
      200,
    ).data;
    expect(list.map((c) => c.sid)).toEqual([sid]);
    expect(list[0]?.last_message?.body).toBe('third');

    const again = expectStatus(
      await second.request('POST', '/api/conversations/newconversation', {
        token,
        json: {
          participants: [
            { id: bob, name: 'Bob' },
            { id: alice, name: 'Alice' },
          ],
        },
      }),
      'createPrivateConversation',
      200,
    ).data;
    expect(again.conversation_sid).toBe(sid);
    expect(again.existing).toBe(true);

    // Media: the URL handed out before names the old port; the SID still resolves.
    const mediaSid = uploaded.data.media_sid;
    const download = await fetch(`${second.url}/api/media/${mediaSid}`);
    expect(download.headers.get('content-type')).toBe('image/webp');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

    const socket = await second.client({ token });
    await socket.join(sid, alice);
    socket.emit('send_message', { conversationSid: sid, body: 'after restart', author: alice });
    await socket.next('message_sent');
    const tokenAfter = await second.request('POST', '/api/conversations/generate-token', {
      json: { user_id: bob },
    });
    const bobToken = expectStatus(tokenAfter, 'generateToken', 200).token;
    expect(bobToken).not.toBe(token);
    expectStatus(
      await second.request('GET', '/api/conversations', { token: bobToken }),
      'listConversations',
      200,
    );
  });

  it('a conversation deleted before the restart stays deleted', async () => {
    const first = await startServer(mode);
    servers.push(first);
    const u = uid('u');
    const created = await first.request('POST', '/api/conversations/create', {
      json: { participants: [{ id: u, name: 'U' }] },
    });
    const sid = expectStatus(created, 'createConversation', 200).data.conversation_sid;
    await sendRest(first, sid, u, 'gone soon');
    expectStatus(
      await first.request('DELETE', `/api/conversations/${sid}`),
      'deleteConversation',
      200,
    );
    const second = await first.restart();
    servers.push(second);
    expectStatus(
      await second.request('GET', `/api/conversations/${sid}/messages`),
      'listMessages',
      404,
    );
  });
});
