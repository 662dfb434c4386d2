// Uploads stream to temp files on disk (never whole into memory): a refused upload leaves no
// file behind, a slow upload is cut off with a 408 and its partial file removed, temp files
// a crash left behind are removed at start-up, and what the local store writes is private
// to the server's user (0600 files, 0700 directories).
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { type ClientRequest, request as httpRequest } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  createConversation,
  expectStatus,
  modes,
  sendRest,
  startServer,
  type TestServer,
  uid,
  useServer,
} from './harness.ts';

const MiB = 1024 * 1024;
const local = modes.filter((m) => m.name === 'local');

function uploadDirOf(server: TestServer): string {
  return path.join(server.config.dataDir, 'uploads');
}

/** Polls until `check` holds (or throws after a generous deadline). */
async function eventually(check: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The status and text of the answer to a request written by hand (in parts, or stalled). */
function answerOf(req: ClientRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function tempFiles(server: TestServer): string[] {
  return readdirSync(uploadDirOf(server)).filter((name) => name.endsWith('.upload'));
}

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

describe.each(local)('uploads stream to disk ($name)', (m) => {
  const ctx = useServer(m, { env: { UPLOAD_TIMEOUT_SECONDS: '2' } });

  it('an accepted upload leaves no temp file once answered', async () => {
    const data = new FormData();
    data.append(
      'image',
      new Blob([new Uint8Array(200_000).fill(7)], { type: 'image/png' }),
      'a.png',
    );
    const res = await ctx.server.request('POST', '/api/upload/image', { body: data });
    expectStatus(res, 'uploadMedia', 200);
    await eventually(() => tempFiles(ctx.server).length === 0, 'temp file removed');
  });

  it('an accepted upload becomes the media file by a rename: its bytes are never read whole', async () => {
    const boundary = 'movedboundary';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="moved.png"\r\n` +
      'Content-Type: image/png\r\n\r\n';
    const tail = `\r\n--${boundary}--\r\n`;
    const first = Buffer.alloc(256 * 1024, 3);
    const rest = Buffer.alloc(256 * 1024, 4);
    const req = httpRequest(`${ctx.server.url}/api/upload/image`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + first.length + rest.length + tail.length),
      },
    });
    const answered = answerOf(req);
    req.write(head);
    req.write(first);
    // The file is arriving on disk: note which file it is, then let the rest through.
    await eventually(() => tempFiles(ctx.server).length === 1, 'temp file created');
    const [temp] = tempFiles(ctx.server);
    const inode = statSync(path.join(uploadDirOf(ctx.server), temp ?? '')).ino;
    req.end(Buffer.concat([rest, Buffer.from(tail)]));
    const { status, body } = await answered;
    expect(status).toBe(200);
    const sid = (JSON.parse(body) as { data: { media_sid: string } }).data.media_sid;
    const media = path.join(ctx.server.config.dataDir, 'media', sid);
    expect(statSync(media).ino).toBe(inode);
    expect(statSync(media).size).toBe(first.length + rest.length);
    const download = await fetch(`${ctx.server.url}/api/media/${sid}`);
    const same = Buffer.from(await download.arrayBuffer()).equals(Buffer.concat([first, rest]));
    expect(same).toBe(true);
    await eventually(() => tempFiles(ctx.server).length === 0, 'temp file gone');
  });

  it('a file over the limit is refused while streaming and leaves no temp file', async () => {
    const data = new FormData();
    data.append(
      'file',
      new Blob([new Uint8Array(11 * MiB)], { type: 'application/pdf' }),
      'big.pdf',
    );
    const res = await ctx.server.request('POST', '/api/upload/file', { body: data });
    expectStatus(res, 'uploadMedia', 413);
    await eventually(() => tempFiles(ctx.server).length === 0, 'temp file removed');
  });

  it('a type the kind does not accept is refused before its bytes are stored', async () => {
    const data = new FormData();
    data.append('image', new Blob([new Uint8Array(4096)], { type: 'image/svg+xml' }), 'x.svg');
    const res = await ctx.server.request('POST', '/api/upload/image', { body: data });
    expectStatus(res, 'uploadMedia', 400);
    expect((res.body as { message: string }).message).toContain('image/svg+xml');
    await eventually(() => tempFiles(ctx.server).length === 0, 'no temp file');
  });

  it('a slow upload is answered 408 and its partial file removed', async () => {
    const boundary = 'slowboundary';
    const req = httpRequest(`${ctx.server.url}/api/upload/image`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(5 * MiB),
      },
    });
    const answered = answerOf(req);
    // The first part and some bytes, then nothing more: a sender that stalls.
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="slow.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    );
    req.write(Buffer.alloc(64 * 1024, 1));
    const { status, body } = await answered;
    expect(status).toBe(408);
    expect(JSON.parse(body)).toEqual({
      status: 408,
      message: expect.stringMatching(/not received within 2 s/),
    });
    await eventually(() => tempFiles(ctx.server).length === 0, 'partial file removed');
  });
});

describe.each(local)('many file parts ($name)', (m) => {
  const ctx = useServer(m);

  it('more file parts than allowed get the 400 envelope, without a listener leak warning', async () => {
    const alice = uid();
    const convo = await createConversation(ctx.server, [alice]);
    // Each part would have added its own 'close' listener to the request: past Node's
    // default of 10 listeners that prints MaxListenersExceededWarning.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const data = new FormData();
      data.append('author', alice);
      for (let i = 0; i < 14; i += 1) {
        data.append(
          'files',
          new Blob([new Uint8Array(64).fill(i)], { type: 'image/png' }),
          `${i}.png`,
        );
      }
      const res = await ctx.server.request(
        'POST',
        `/api/conversations/${convo}/send-message-with-files`,
        { body: data },
      );
      expectStatus(res, 'sendMessageWithFiles', 400);
      expect(res.body).toEqual({ status: 400, message: 'Too many files for this operation' });
      // Warnings are emitted on a later tick: let them through before looking.
      await new Promise((resolve) => setImmediate(resolve));
      const leaks = warnings.filter((w) => w.name === 'MaxListenersExceededWarning');
      expect(leaks.map((w) => w.message)).toEqual([]);
      await eventually(() => tempFiles(ctx.server).length === 0, 'temp files removed');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe.each(local)('interrupted uploads ($name)', (m) => {
  const ctx = useServer(m);

  it('a client that disconnects mid-file leaves no temp file', async () => {
    const boundary = 'goneboundary';
    const req = httpRequest(`${ctx.server.url}/api/upload/image`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(5 * MiB),
      },
    });
    req.on('error', () => undefined);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="gone.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    );
    req.write(Buffer.alloc(256 * 1024, 1));
    // The file has started arriving on disk.
    await eventually(() => tempFiles(ctx.server).length === 1, 'temp file created');
    req.destroy();
    await eventually(() => tempFiles(ctx.server).length === 0, 'partial file removed');
  });
});

describe.each(local)('a client gone while its upload is stored ($name)', (m) => {
  it('the temp file stays until the handler is done with it: the upload is still stored', async () => {
    let entered: () => void = () => undefined;
    const storing = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stored: Promise<unknown> | undefined;
    const server = await startServer(m, {
      wrapProvider: (provider) =>
        new Proxy(provider, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver);
            if (key !== 'storeMedia')
              return typeof value === 'function' ? value.bind(target) : value;
            return (media: Parameters<typeof target.storeMedia>[0]) => {
              entered();
              stored = released.then(() => target.storeMedia(media));
              return stored;
            };
          },
        }),
    });
    try {
      const closed = new Promise<void>((resolve) => {
        server.app.http.once('request', (_req, res) => res.once('close', () => resolve()));
      });
      const boundary = 'leftboundary';
      const body =
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="left.png"\r\n` +
        `Content-Type: image/png\r\n\r\n${'x'.repeat(5000)}\r\n--${boundary}--\r\n`;
      const req = httpRequest(`${server.url}/api/upload/image`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(Buffer.byteLength(body)),
        },
      });
      req.on('error', () => undefined);
      req.end(body);
      await storing;
      // The client leaves while the handler is storing its file.
      req.destroy();
      await closed;
      release();
      const media = (await stored) as { sid: string; size: number };
      expect(media.size).toBe(5000);
      expect(statSync(path.join(server.config.dataDir, 'media', media.sid)).size).toBe(5000);
      await eventually(() => tempFiles(server).length === 0, 'temp file gone');
    } finally {
      release();
      await server.close();
    }
  });
});

describe.each(local)('data files are private ($name)', (m) => {
  it('the database, media files and their directories are 0600/0700', async () => {
    const server = await startServer(m);
    try {
      const data = new FormData();
      data.append('image', new Blob([new Uint8Array(1000)], { type: 'image/png' }), 'a.png');
      const body = expectStatus(
        await server.request('POST', '/api/upload/image', { body: data }),
        'uploadMedia',
        200,
      );
      const dir = server.config.dataDir;
      expect(mode(path.join(dir, 'media'))).toBe(0o700);
      expect(mode(path.join(dir, 'uploads'))).toBe(0o700);
      expect(mode(path.join(dir, 'media', body.data.media_sid))).toBe(0o600);
      const dbFiles = readdirSync(dir).filter(
        (name) => name.includes('.sqlite') || name.endsWith('.db'),
      );
      expect(dbFiles.length).toBeGreaterThan(0);
      for (const name of dbFiles) expect(mode(path.join(dir, name)), name).toBe(0o600);
    } finally {
      await server.close();
    }
  });

  it('temp upload files a crash left behind are removed at start-up, fresh ones kept', async () => {
    const first = await startServer(m, { env: { UPLOAD_TIMEOUT_SECONDS: '60' } });
    await first.stop();
    const dir = uploadDirOf(first);
    const orphan = path.join(dir, 'crashed.upload');
    const fresh = path.join(dir, 'in-flight.upload');
    const other = path.join(dir, 'not-ours.txt');
    for (const file of [orphan, fresh, other]) writeFileSync(file, 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(orphan, hourAgo, hourAgo);
    utimesSync(other, hourAgo, hourAgo);
    const second = await startServer(m, {
      backend: first.backend,
      env: { UPLOAD_TIMEOUT_SECONDS: '60' },
    });
    try {
      expect(readdirSync(dir).sort()).toEqual(['in-flight.upload', 'not-ours.txt']);
    } finally {
      await second.close();
    }
  });

  it('media files a crash stranded are removed when the store opens, stored media kept', async () => {
    const first = await startServer(m);
    const data = new FormData();
    data.append('image', new Blob([new Uint8Array(1000)], { type: 'image/png' }), 'a.png');
    const kept = expectStatus(
      await first.request('POST', '/api/upload/image', { body: data }),
      'uploadMedia',
      200,
    ).data.media_sid;
    await first.stop();
    const media = path.join(first.config.dataDir, 'media');
    const noRow = `ME${'a'.repeat(32)}`;
    const tmp = `ME${'b'.repeat(32)}.1234.tmp`;
    const recent = `ME${'c'.repeat(32)}`;
    for (const name of [noRow, tmp, recent]) writeFileSync(path.join(media, name), 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of [noRow, tmp, kept]) {
      utimesSync(path.join(media, name), hourAgo, hourAgo);
    }
    const second = await startServer(m, { backend: first.backend });
    try {
      // A recent file may be another process's write in progress: left alone.
      expect(readdirSync(media).sort()).toEqual([kept, recent].sort());
      const download = await fetch(`${second.url}/api/media/${kept}`);
      expect(download.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('uploads no message names are removed at start-up once older than UNSENT_MEDIA_HOURS', async () => {
    const env = { UNSENT_MEDIA_HOURS: '1' };
    const first = await startServer(m, { env });
    const alice = uid();
    const convo = await createConversation(first, [alice]);
    const upload = async (name: string) => {
      const data = new FormData();
      data.append('image', new Blob([new Uint8Array(100)], { type: 'image/png' }), name);
      return expectStatus(
        await first.request('POST', '/api/upload/image', { body: data }),
        'uploadMedia',
        200,
      ).data;
    };
    const unsent = await upload('unsent.png');
    const sent = await upload('sent.png');
    await sendRest(first, convo, alice, 'with media', [sent.url]);
    await first.stop();
    // Both uploads are made two hours old, as if the server had been down that long.
    const db = new Database(path.join(first.config.dataDir, 'chat.sqlite'));
    try {
      db.prepare('UPDATE media SET date_created = date_created - ?').run(2 * 3_600_000);
    } finally {
      db.close();
    }
    const second = await startServer(m, { backend: first.backend, env });
    try {
      expectStatus(
        await second.request('GET', `/api/media/${unsent.media_sid}`),
        'downloadMedia',
        404,
      );
      expect((await fetch(`${second.url}/api/media/${sent.media_sid}`)).status).toBe(200);
      expect(readdirSync(path.join(second.config.dataDir, 'media'))).toEqual([sent.media_sid]);
    } finally {
      await second.close();
    }
  });

  it('media go with their conversation, unless another conversation still shows them', async () => {
    const server = await startServer(m);
    try {
      const alice = uid();
      const doomed = await createConversation(server, [alice]);
      const other = await createConversation(server, [alice]);
      const data = new FormData();
      data.append('author', alice);
      data.append('files', new Blob([new Uint8Array(500)], { type: 'image/png' }), 'own.png');
      const sent = expectStatus(
        await server.request('POST', `/api/conversations/${doomed}/send-message-with-files`, {
          body: data,
        }),
        'sendMessageWithFiles',
        200,
      );
      const ownUrl = String(sent.data.media[0]);
      const shared = new FormData();
      shared.append('image', new Blob([new Uint8Array(600)], { type: 'image/png' }), 's.png');
      const sharedUrl = expectStatus(
        await server.request('POST', '/api/upload/image', { body: shared }),
        'uploadMedia',
        200,
      ).url;
      await sendRest(server, doomed, alice, 'shared here', [sharedUrl]);
      await sendRest(server, other, alice, 'and here', [sharedUrl]);
      const media = path.join(server.config.dataDir, 'media');
      const ownSid = ownUrl.split('/').pop() ?? '';
      expect(readdirSync(media)).toContain(ownSid);

      expectStatus(
        await server.request('DELETE', `/api/conversations/${doomed}`),
        'deleteConversation',
        200,
      );
      expectStatus(await server.request('GET', `/api/media/${ownSid}`), 'downloadMedia', 404);
      expect(readdirSync(media)).not.toContain(ownSid);
      expect((await fetch(sharedUrl)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
