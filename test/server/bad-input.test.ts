// Malformed requests an attacker (or a broken client) sends get a clear 4xx with the error
// envelope, never a 500: bad percent-encoding in a path, a JSON charset or Content-Encoding
// the server does not read, a compressed body that does not decompress, identities with control characters, URLs that are not http(s),
// and JSON nested deeper than any request of the spec (refused before it is parsed).
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createConversation, expectStatus, modes, uid, useServer } from './harness.ts';

const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\u001b', '\u001f', '\u007f'];

describe.each(modes)('bad input ($name)', (mode) => {
  const ctx = useServer(mode);

  it.each([
    { path: '/api/media/%zz', operationId: 'downloadMedia' },
    { path: '/api/conversations/%zz/messages', operationId: 'listMessages' },
    { path: '/api/conversations/users/%E0%A4%A/reachability', operationId: 'getUserReachability' },
  ] as const)('malformed percent-encoding in $path is a 400', async ({ path, operationId }) => {
    const res = await ctx.server.request('GET', path);
    expectStatus(res, operationId, 400);
    expect((res.body as { message: string }).message).toMatch(/percent-encoding/i);
  });

  it.each([
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset="ISO-8859-1"',
  ])('a JSON body declared as %s is a 415 (JSON bodies are UTF-8)', async (type) => {
    const res = await ctx.server.request('POST', '/api/conversations/create', {
      json: { participants: [{ id: uid(), name: 'A' }] },
      headers: { 'content-type': type },
    });
    expectStatus(res, 'createConversation', 415);
    expect((res.body as { message: string }).message).toMatch(/charset/i);
  });

  it('a JSON body declared as utf-8 (any spelling) is read', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"']) {
      const res = await ctx.server.request('POST', '/api/conversations/create', {
        json: { participants: [{ id: uid(), name: 'A' }] },
        headers: { 'content-type': type },
      });
      expectStatus(res, 'createConversation', 200);
    }
  });

  it.each(['br2', 'identity, foo', 'gzip, gzip'])(
    'Content-Encoding %s on a JSON body is a 415',
    async (encoding) => {
      const res = await ctx.server.request('POST', '/api/conversations/create', {
        json: { participants: [{ id: uid(), name: 'A' }] },
        headers: { 'content-encoding': encoding },
      });
      expectStatus(res, 'createConversation', 415);
      expect((res.body as { message: string }).message).toMatch(/encoding/i);
    },
  );

  const COMPRESS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

  it.each(Object.keys(COMPRESS) as Array<keyof typeof COMPRESS>)(
    'a JSON body sent with Content-Encoding %s is read; corrupt or cut short it is a 400',
    async (encoding) => {
      const json = JSON.stringify({ participants: [{ id: uid(), name: 'A' }] });
      const compressed = COMPRESS[encoding](Buffer.from(json));
      const send = (body: Uint8Array) =>
        ctx.server.request('POST', '/api/conversations/create', {
          body,
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        });
      expectStatus(await send(compressed), 'createConversation', 200);
      // Not compressed at all, then the compressed body cut to its first half.
      for (const bad of [Buffer.from(json), compressed.subarray(0, compressed.length >> 1)]) {
        const res = await send(bad);
        expectStatus(res, 'createConversation', 400);
        expect((res.body as { message: string }).message).toMatch(/incomplete or malformed/);
      }
    },
  );

  it('Content-Encoding on a multipart upload is a 415 (uploads are never encoded)', async () => {
    const data = new FormData();
    data.append('image', new Blob([new Uint8Array(64)], { type: 'image/png' }), 'a.png');
    for (const encoding of ['gzip', 'br2']) {
      const res = await ctx.server.request('POST', '/api/upload/image', {
        body: data,
        headers: { 'content-encoding': encoding },
      });
      expectStatus(res, 'uploadMedia', 415);
    }
  });

  it.each(CONTROL_CHARACTERS.map((c) => ({ c, code: c.charCodeAt(0).toString(16) })))(
    'an identity with U+00$code is refused on every REST way in',
    async ({ c }) => {
      const bad = `${uid()}${c}x`;
      expectStatus(
        await ctx.server.request('POST', '/api/conversations/generate-token', {
          json: { user_id: bad },
        }),
        'generateToken',
        400,
      );
      expectStatus(
        await ctx.server.request('POST', '/api/conversations/create', {
          json: { participants: [{ id: bad, name: 'A' }] },
        }),
        'createConversation',
        400,
      );
      const sid = await createConversation(ctx.server, [uid()]);
      expectStatus(
        await ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
          json: { body: 'hi', author: bad },
        }),
        'sendMessage',
        400,
      );
      expectStatus(
        await ctx.server.request('POST', `/api/conversations/${sid}/add-chat-participant`, {
          json: { identity: bad },
        }),
        'addChatParticipant',
        400,
      );
      expectStatus(
        await ctx.server.request(
          'GET',
          `/api/conversations/users/${encodeURIComponent(bad)}/reachability`,
        ),
        'getUserReachability',
        400,
      );
      expectStatus(
        await ctx.server.request('GET', `/api/conversations?userId=${encodeURIComponent(bad)}`),
        'listConversations',
        400,
      );
    },
  );

  it('an identity with a control character is refused on the socket', async () => {
    const client = await ctx.server.client();
    for (const c of CONTROL_CHARACTERS) {
      const from = client.mark();
      const bad = `${uid()}${c}x`;
      client.emitRaw('user_connect', { userId: bad, identity: bad });
      const error = await client.next('message_error', undefined, { from });
      expect(error).toMatchObject({ success: false, event: 'user_connect' });
      expect(error.error).toMatch(/identity|userId/);
      await client.roundTrip();
      expect(client.eventsSince(from)).toEqual(['message_error']);
    }
  });

  it.each([
    'javascript:alert(1)',
    'javascript://example.com/%0Aalert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'data:image/svg+xml;base64,PHN2Zz4=',
    'ftp://example.com/a.png',
    'vbscript:msgbox',
  ])('a participant image %s is refused', async (image) => {
    const res = await ctx.server.request('POST', '/api/conversations/create', {
      json: { participants: [{ id: uid(), name: 'A', image }] },
    });
    expectStatus(res, 'createConversation', 400);
    expect((res.body as { message: string }).message).toContain('image');
  });

  it('a participant image that is an http(s) URL or a raster data URL is kept', async () => {
    for (const image of [
      'https://example.com/avatar.jpg',
      'http://example.com/a.png',
      'data:image/png;base64,iVBORw0KGgo=',
    ]) {
      const res = await ctx.server.request('POST', '/api/conversations/create', {
        json: { participants: [{ id: uid(), name: 'A', image }] },
      });
      expectStatus(res, 'createConversation', 200);
    }
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>', 'ftp://example.com/a.png'])(
    'a message media URL %s is refused',
    async (url) => {
      const alice = uid();
      const sid = await createConversation(ctx.server, [alice]);
      const res = await ctx.server.request('POST', `/api/conversations/${sid}/send-message`, {
        json: { body: 'x', author: alice, media: [url] },
      });
      expectStatus(res, 'sendMessage', 400);
      expect((res.body as { message: string }).message).toContain('media');
    },
  );

  it('a JSON body nested deeper than any request is refused before parsing', async () => {
    const depth = 400_000;
    const res = await ctx.server.request('POST', '/api/conversations/create', {
      json: `${'['.repeat(depth)}${']'.repeat(depth)}`,
    });
    expectStatus(res, 'createConversation', 400);
    expect((res.body as { message: string }).message).toMatch(/nested deeper than \d+ levels/);
  });

  it('a socket packet nested deeper than any payload closes that connection unparsed; others go on', async () => {
    const bystander = await ctx.server.client({ name: 'bystander' });
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const packet = (body: string) =>
      `2["send_message",{"conversationSid":"CH${'0'.repeat(32)}","author":"a","body":${body}}]`;
    // Raw engine.io messages (Socket.IO event packets, type 2): the Socket.IO client's own encoder would choke on such nesting.
    const shallow = await ctx.server.client({ name: 'shallow' });
    const from = shallow.mark();
    shallow.socket.io.engine.send(packet(nested(20)));
    // Within the bound it is parsed and refused like any payload of the wrong type.
    expect(await shallow.next('message_error', undefined, { from })).toMatchObject({
      code: 'invalid_payload',
      event: 'send_message',
    });
    const deep = await ctx.server.client({ name: 'deep' });
    const fromDeep = deep.mark();
    const closed = deep.disconnected();
    deep.socket.io.engine.send(packet(nested(400_000)));
    expect(await closed).toMatch(/transport close/);
    expect(deep.eventsSince(fromDeep)).toEqual([]);
    await bystander.roundTrip();
    await shallow.roundTrip();
  });

  it('brackets inside strings do not count as nesting', async () => {
    const res = await ctx.server.request('POST', '/api/conversations/create', {
      json: JSON.stringify({
        participants: [{ id: uid(), name: `[{"\\[${'['.repeat(90)}` }],
      }),
    });
    expectStatus(res, 'createConversation', 200);
  });
});
