// Media over real multipart uploads (FormData + Blob): the upload endpoint the frontend
// guide posts to, reading the bytes back, describing them, and messages with files.
import { describe, expect, it } from 'vitest';
import {
  createConversation,
  expectStatus,
  modes,
  type TestServer,
  UNKNOWN_CONVERSATION,
  uid,
  useServer,
} from './harness.ts';

const MiB = 1024 * 1024;

/** Deterministic, non-trivial bytes (every byte value occurs). */
function bytesOf(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

function form(field: string, bytes: Uint8Array, type: string, filename: string): FormData {
  const data = new FormData();
  data.append(field, new Blob([bytes], { type }), filename);
  return data;
}

async function upload(server: TestServer, kind: string, data: FormData) {
  return server.request('POST', `/api/upload/${kind}`, { body: data });
}

/** The media-safety headers of a download (spec: Media safety). */
function expectSafeDownload(headers: Headers, inline: boolean): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
  if (inline) expect(headers.get('content-disposition')).toBeNull();
  else expect(headers.get('content-disposition')).toMatch(/^attachment\b/);
}

async function history(server: TestServer, sid: string) {
  const res = await server.request('GET', `/api/conversations/${sid}/messages`);
  return expectStatus(res, 'listMessages', 200).data;
}

describe.each(modes)('media ($name)', (mode) => {
  const ctx = useServer(mode);

  it.each([
    { kind: 'image', field: 'image', type: 'image/png', filename: 'photo.png', inline: true },
    { kind: 'audio', field: 'audio', type: 'audio/mpeg', filename: 'voice.mp3', inline: true },
    { kind: 'video', field: 'video', type: 'video/mp4', filename: 'clip.mp4', inline: true },
    { kind: 'file', field: 'file', type: 'application/pdf', filename: 'doc.pdf', inline: false },
    { kind: 'file', field: 'file', type: 'text/plain', filename: 'notes.txt', inline: false },
    { kind: 'file', field: 'file', type: 'image/jpeg', filename: 'any.jpg', inline: true },
  ])('upload $kind with field $field ($type): the url serves the same bytes', async (c) => {
    const bytes = bytesOf(4096 + c.filename.length);
    const res = await upload(ctx.server, c.kind, form(c.field, bytes, c.type, c.filename));
    const body = expectStatus(res, 'uploadMedia', 200);
    expect(body.url).toBe(body.data.url);
    expect(body.data).toMatchObject({
      content_type: c.type,
      size: bytes.length,
      filename: c.filename,
    });
    expect(body.url).toBe(`${ctx.server.url}/api/media/${body.data.media_sid}`);

    const download = await fetch(body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')?.split(';')[0]).toBe(c.type);
    expect(Number(download.headers.get('content-length'))).toBe(bytes.length);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    // Served sandboxed, never sniffed; what a browser should not render inline is a download.
    expectSafeDownload(download.headers, c.inline);

    const content = expectStatus(
      await ctx.server.request('GET', `/api/conversations/media/${body.data.media_sid}/content`),
      'getMediaContent',
      200,
    );
    expect(content.data).toEqual({
      content_type: c.type,
      size: bytes.length,
      url: body.url,
      filename: c.filename,
    });
  });

  it.each([
    ['ASCII', `${'n'.repeat(300)}.png`],
    // 255 characters, not 255 UTF-16 units: a pair is never cut in half.
    ['emoji', `${'📷'.repeat(200)}.png`],
  ])('a file name over 255 characters (%s) is stored cut to its first 255', async (_, name) => {
    const res = await upload(ctx.server, 'image', form('image', bytesOf(10), 'image/png', name));
    const body = expectStatus(res, 'uploadMedia', 200);
    const cut = Array.from(name).slice(0, 255).join('');
    expect(body.data.filename).toBe(cut);
    const content = expectStatus(
      await ctx.server.request('GET', `/api/conversations/media/${body.data.media_sid}/content`),
      'getMediaContent',
      200,
    );
    expect(content.data.filename).toBe(cut);
  });

  it('keeps a non-ASCII file name as sent (UTF-8)', async () => {
    const filename = 'façade – 写真.png';
    const res = await upload(
      ctx.server,
      'image',
      form('image', bytesOf(10), 'image/png', filename),
    );
    expect(expectStatus(res, 'uploadMedia', 200).data.filename).toBe(filename);
  });

  it('an uploaded url works as media in send_message, as in the frontend guide', async () => {
    const u = uid('u');
    const sid = await createConversation(ctx.server, [u]);
    const uploaded = expectStatus(
      await upload(ctx.server, 'image', form('image', bytesOf(64), 'image/png', 'a.png')),
      'uploadMedia',
      200,
    );
    const client = await ctx.server.client();
    await client.join(sid, u);
    client.emit('send_message', {
      conversationSid: sid,
      body: '📷 Image',
      author: u,
      media: [uploaded.url],
    });
    const event = await client.next('new_message');
    expect(event.message.media).toEqual([uploaded.url]);
    expect((await history(ctx.server, sid))[0]?.media).toEqual([uploaded.url]);
  });

  describe('send-message-with-files', () => {
    it('stores one message listing both files, broadcast once as new_message', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const member = await ctx.server.client({ name: 'member' });
      await member.join(sid, u);

      const first = bytesOf(1000, 1);
      const second = new TextEncoder().encode('hello, file');
      const data = new FormData();
      data.append('author', u);
      data.append('body', 'two files');
      data.append('files', new Blob([first], { type: 'image/gif' }), 'a.gif');
      data.append('files', new Blob([second], { type: 'text/plain' }), 'b.txt');
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        { body: data },
      );
      const sent = expectStatus(res, 'sendMessageWithFiles', 200).data;
      expect(sent).toMatchObject({ body: 'two files', author: u });
      expect(sent.media).toHaveLength(2);

      const event = await member.next('new_message');
      expect(event.conversationSid).toBe(sid);
      expect(event.message).toMatchObject({ sid: sent.message_sid, media: sent.media });
      await member.roundTrip();
      expect(member.all('new_message')).toHaveLength(1);

      const stored = await history(ctx.server, sid);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.media).toEqual(sent.media);

      const [a, b] = sent.media as [string, string];
      const gotA = await fetch(a);
      expect(gotA.headers.get('content-type')).toBe('image/gif');
      expect(new Uint8Array(await gotA.arrayBuffer())).toEqual(first);
      expectSafeDownload(gotA.headers, true);
      const gotB = await fetch(b);
      expect(gotB.headers.get('content-type')?.split(';')[0]).toBe('text/plain');
      expect(await gotB.text()).toBe('hello, file');
      expectSafeDownload(gotB.headers, false);
    });

    it('accepts a single file', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const data = new FormData();
      data.append('author', u);
      data.append('files', new Blob([bytesOf(10)], { type: 'image/png' }), 'only.png');
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        { body: data },
      );
      const sent = expectStatus(res, 'sendMessageWithFiles', 200).data;
      expect(sent.media).toHaveLength(1);
      expect(sent.body).toBe('');
      expect((await history(ctx.server, sid))[0]?.media).toEqual(sent.media);
    });

    it('rejects a file of a type it does not accept, storing nothing', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const data = new FormData();
      data.append('author', u);
      data.append('files', new Blob([bytesOf(10)], { type: 'image/png' }), 'ok.png');
      data.append('files', new Blob([bytesOf(10)], { type: 'application/zip' }), 'bad.zip');
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        { body: data },
      );
      expect(expectStatus(res, 'sendMessageWithFiles', 400).message).toContain('application/zip');
      expect(await history(ctx.server, sid)).toEqual([]);
    });

    it('400 without author or without files, naming the field', async () => {
      const sid = await createConversation(ctx.server, [uid('u')]);
      const noAuthor = new FormData();
      noAuthor.append('files', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
      noAuthor.append('files', new Blob(['y'], { type: 'text/plain' }), 'b.txt');
      const a = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        {
          body: noAuthor,
        },
      );
      expect(expectStatus(a, 'sendMessageWithFiles', 400).message).toContain('author');
      const noFiles = new FormData();
      noFiles.append('author', 'someone');
      const b = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        {
          body: noFiles,
        },
      );
      expect(expectStatus(b, 'sendMessageWithFiles', 400).message).toContain('files');
      expect(await history(ctx.server, sid)).toEqual([]);
    });

    it('404 for an unknown conversation', async () => {
      const data = new FormData();
      data.append('author', 'someone');
      data.append('files', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
      data.append('files', new Blob(['y'], { type: 'text/plain' }), 'b.txt');
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${UNKNOWN_CONVERSATION}/send-message-with-files`,
        { body: data },
      );
      expectStatus(res, 'sendMessageWithFiles', 404);
    });
  });

  describe('upload errors', () => {
    it('wrong content type for /api/upload/image → 400', async () => {
      const json = await ctx.server.request('POST', '/api/upload/image', { json: { image: 'x' } });
      expectStatus(json, 'uploadMedia', 400);
      const text = await upload(
        ctx.server,
        'image',
        form('image', bytesOf(10), 'text/plain', 'a.txt'),
      );
      expect(expectStatus(text, 'uploadMedia', 400).message).toContain('text/plain');
      const audio = await upload(
        ctx.server,
        'image',
        form('image', bytesOf(10), 'audio/mpeg', 'a.mp3'),
      );
      expectStatus(audio, 'uploadMedia', 400);
      const pdf = await upload(
        ctx.server,
        'audio',
        form('audio', bytesOf(10), 'application/pdf', 'a.pdf'),
      );
      expectStatus(pdf, 'uploadMedia', 400);
      const zip = await upload(
        ctx.server,
        'file',
        form('file', bytesOf(10), 'application/zip', 'a.zip'),
      );
      expectStatus(zip, 'uploadMedia', 400);
    });

    it('SVG (a document that can run script) is refused as an image, a file or an attachment', async () => {
      const svg = new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      );
      for (const kind of ['image', 'file']) {
        const res = await upload(ctx.server, kind, form(kind, svg, 'image/svg+xml', 'x.svg'));
        expect(expectStatus(res, 'uploadMedia', 400).message).toContain('image/svg+xml');
      }
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const data = new FormData();
      data.append('author', u);
      data.append('files', new Blob([bytesOf(10)], { type: 'image/png' }), 'ok.png');
      data.append('files', new Blob([svg], { type: 'image/svg+xml' }), 'x.svg');
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        { body: data },
      );
      expect(expectStatus(res, 'sendMessageWithFiles', 400).message).toContain('image/svg+xml');
      expect(await history(ctx.server, sid)).toEqual([]);
    });

    it('only the file fields the spec declares: an unexpected file field → 400', async () => {
      const png = () => new Blob([bytesOf(10)], { type: 'image/png' });
      const other = new FormData();
      other.append('photo', png(), 'a.png');
      const refused = expectStatus(await upload(ctx.server, 'image', other), 'uploadMedia', 400);
      expect(refused.message).toContain('photo');
      // A second file, even in another of the declared fields.
      const second = new FormData();
      second.append('image', png(), 'a.png');
      second.append('file', png(), 'b.png');
      expectStatus(await upload(ctx.server, 'image', second), 'uploadMedia', 400);

      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const data = new FormData();
      data.append('author', u);
      data.append('files', png(), 'a.png');
      data.append('attachment', png(), 'b.png');
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        { body: data },
      );
      expect(expectStatus(res, 'sendMessageWithFiles', 400).message).toContain('attachment');
      expect(await history(ctx.server, sid)).toEqual([]);
    });

    it('a file part without a filename → 400 saying so (spec: file parts need a filename)', async () => {
      const part = (field: string) =>
        `--XYZ\r\nContent-Disposition: form-data; name="${field}"\r\n` +
        'Content-Type: image/png\r\n\r\nabc\r\n--XYZ--\r\n';
      const headers = { 'content-type': 'multipart/form-data; boundary=XYZ' };
      const res = await ctx.server.request('POST', '/api/upload/file', {
        body: part('file'),
        headers,
      });
      const refused = expectStatus(res, 'uploadMedia', 400);
      expect(refused.message).toBe(
        'file part "file" has no filename: send it as a file (Content-Disposition: form-data; name="file"; filename="...")',
      );
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const withFiles = `--XYZ\r\nContent-Disposition: form-data; name="author"\r\n\r\n${u}\r\n${part('files')}`;
      const sent = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        { body: withFiles, headers },
      );
      expect(expectStatus(sent, 'sendMessageWithFiles', 400).message).toMatch(
        /^file part "files" has no filename/,
      );
      expect(await history(ctx.server, sid)).toEqual([]);
    });

    it('an unknown kind, no file, two files, or an extra field → 400', async () => {
      const png = () => new Blob([bytesOf(10)], { type: 'image/png' });
      expectStatus(
        await upload(ctx.server, 'zip', form('file', bytesOf(10), 'image/png', 'a.png')),
        'uploadMedia',
        400,
      );
      const empty = new FormData();
      empty.append('image', 'not a file');
      expectStatus(await upload(ctx.server, 'image', empty), 'uploadMedia', 400);
      const two = new FormData();
      two.append('image', png(), 'a.png');
      two.append('image', png(), 'b.png');
      expectStatus(await upload(ctx.server, 'image', two), 'uploadMedia', 400);
      const extra = new FormData();
      extra.append('image', png(), 'a.png');
      extra.append('caption', 'hello');
      expectStatus(await upload(ctx.server, 'image', extra), 'uploadMedia', 400);
    });

    it('exactly 10 MiB is accepted; one byte more → 413', async () => {
      const ok = await upload(
        ctx.server,
        'file',
        form('file', new Uint8Array(10 * MiB), 'image/png', 'max.png'),
      );
      expect(expectStatus(ok, 'uploadMedia', 200).data.size).toBe(10 * MiB);
      const big = await upload(
        ctx.server,
        'image',
        form('image', new Uint8Array(10 * MiB + 1), 'image/png', 'big.png'),
      );
      expectStatus(big, 'uploadMedia', 413);
      expectStatus(await ctx.server.request('GET', '/healthz'), 'getHealth', 200);
    });

    it('a malformed or over-limit multipart form → 400, never 500', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const url = `/api/conversations/${sid}/send-message-with-files`;
      const txt = () => new Blob(['abc'], { type: 'text/plain' });
      const forms: Array<[string, () => RequestInit['body'], Record<string, string>?]> = [
        [
          '11 files',
          () => {
            const data = new FormData();
            data.append('author', u);
            for (let i = 0; i < 11; i += 1) data.append('files', txt(), `${i}.txt`);
            return data;
          },
        ],
        [
          'too many fields',
          () => {
            const data = new FormData();
            data.append('author', u);
            data.append('files', txt(), 'a.txt');
            for (let i = 0; i < 50; i += 1) data.append(`field${i}`, 'v');
            return data;
          },
        ],
        [
          'a 200 KB text field',
          () => {
            const data = new FormData();
            data.append('author', u);
            data.append('body', 'x'.repeat(200_000));
            data.append('files', txt(), 'a.txt');
            return data;
          },
        ],
        [
          'a truncated body',
          () =>
            '--XYZ\r\nContent-Disposition: form-data; name="author"\r\n\r\nsomeone\r\n--XYZ\r\n' +
            'Content-Disposition: form-data; name="files"; filename="a.txt"\r\n' +
            'Content-Type: text/plain\r\n\r\nabc',
          { 'content-type': 'multipart/form-data; boundary=XYZ' },
        ],
        ['no boundary', () => 'garbage', { 'content-type': 'multipart/form-data' }],
      ];
      for (const [label, body, headers] of forms) {
        const res = await ctx.server.request('POST', url, { body: body(), headers: headers ?? {} });
        expect(res.status, label).toBe(400);
        expectStatus(res, 'sendMessageWithFiles', 400);
      }
      expect(await history(ctx.server, sid)).toEqual([]);
      expectStatus(await ctx.server.request('GET', '/healthz'), 'getHealth', 200);
    });

    it('a file over 10 MiB in send-message-with-files → 413, storing nothing', async () => {
      const u = uid('u');
      const sid = await createConversation(ctx.server, [u]);
      const data = new FormData();
      data.append('author', u);
      data.append('files', new Blob([bytesOf(10)], { type: 'image/png' }), 'small.png');
      data.append(
        'files',
        new Blob([new Uint8Array(10 * MiB + 1)], { type: 'image/png' }),
        'big.png',
      );
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${sid}/send-message-with-files`,
        {
          body: data,
        },
      );
      expectStatus(res, 'sendMessageWithFiles', 413);
      expect(await history(ctx.server, sid)).toEqual([]);
    });
  });
});
